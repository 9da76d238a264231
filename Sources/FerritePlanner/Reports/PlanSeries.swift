import FerriteModel
import LinearProgramming

/// What a plan's answer page and the CLI's `--out` need beyond the plan's own lines: production by
/// site and route, the utilization of every capacity that binds, the delivered cost build-up, and
/// the supply chain (steel, battery materials) each product belongs to.
///
/// Money is in the period's own money; quantities in the products' units.
public struct PlanSeries: Sendable, Codable, Equatable {
  /// Output of one process's principal product in one period.
  public struct Production: Sendable, Codable, Equatable {
    public var period: Year
    public var site: String
    public var process: String
    /// The process's route ("gas-dri-eaf"), or its id when it has none.
    public var route: String
    public var product: String
    public var quantity: Double
    public var capacity: Double
    /// Activity over capacity (0 when the capacity is 0).
    public var utilization: Double
  }

  /// A capacity in one period, listed for every period when it binds in any of them.
  public struct Utilization: Sendable, Codable, Equatable {
    /// "process", "lane" or "site", as `Bottleneck.kind`.
    public var kind: String
    public var subject: String
    public var period: Year
    public var capacity: Double
    public var used: Double
    public var utilization: Double
    /// What one more unit is worth in the period's money; 0 when it does not bind.
    public var shadowPrice: Double
  }

  public var production: [Production]
  public var utilization: [Utilization]
  /// The average cost of each delivery by mass balance over the optimal flows.
  public var deliveredCosts: [DeliveredCostLine]
  /// Product id -> the chain it belongs to: its family for finished products ("steel",
  /// "battery-material"), and for raw materials and intermediates the family of what they are made
  /// into (iron ore -> "steel", spodumene -> "battery-material"); "other" when nothing tells.
  public var chains: [String: String]
}

/// Reads the series of a solved plan through the formulation.
struct PlanSeriesReader {
  let formulation: Formulation
  let program: LinearProgram
  /// The column values (empty without a solution).
  let values: [Double]
  let plan: Plan

  private var scenario: Scenario { formulation.scenario }
  private var periods: [Year] { formulation.periods }

  func series() -> PlanSeries {
    PlanSeries(
      production: production(), utilization: utilization(),
      deliveredCosts: plan.hasSolution
        ? DeliveredCosts(formulation: formulation, values: values).lines(landed: plan.landedCosts) : [],
      chains: chains())
  }

  private func production() -> [PlanSeries.Production] {
    let processes = Dictionary(
      scenario.processes.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
    return plan.production.compactMap { line in
      guard let process = processes[line.process], let principal = process.principalOutput else { return nil }
      return PlanSeries.Production(
        period: line.period, site: line.site, process: line.process, route: process.route ?? line.process,
        product: principal.product.rawValue, quantity: line.outputs[principal.product.rawValue] ?? 0,
        capacity: line.capacity, utilization: line.utilization)
    }
  }

  /// Every period of each process, lane and site capacity that binds in at least one period.
  private func utilization() -> [PlanSeries.Utilization] {
    guard plan.hasSolution, values.count == program.columnCount else { return [] }
    let binding = Set(plan.bottlenecks.map { "\($0.kind)|\($0.subject)" })
    guard !binding.isEmpty else { return [] }
    var price: [String: Double] = [:]
    for line in plan.bottlenecks { price["\(line.kind)|\(line.subject)|\(line.period ?? 0)"] = line.shadowPrice }
    func entry(_ kind: String, _ subject: String, _ period: Year, capacity: Double, used: Double)
      -> PlanSeries.Utilization
    {
      PlanSeries.Utilization(
        kind: kind, subject: subject, period: period, capacity: capacity, used: used,
        utilization: capacity > 0 ? used / capacity : 0, shadowPrice: price["\(kind)|\(subject)|\(period)"] ?? 0)
    }
    var lines: [PlanSeries.Utilization] = []
    for line in plan.production where binding.contains("process|\(line.process)") {
      lines.append(entry("process", line.process, line.period, capacity: line.capacity, used: line.activity))
    }
    // Lanes and sites: the row's activity against its upper bound, as the bottleneck list reads them.
    var activities = [Double](repeating: 0, count: program.rowCount)
    let matrix = program.matrix
    for column in 0..<program.columnCount where values[column] != 0 {
      for entry in Int(matrix.columnStarts[column])..<Int(matrix.columnStarts[column + 1]) {
        activities[Int(matrix.rowIndices[entry])] += matrix.values[entry] * values[column]
      }
    }
    for (row, meaning) in formulation.rowMeanings.enumerated() {
      guard case .laneCapacity(let lane, let period) = meaning else { continue }
      let subject = scenario.lanes[lane].id.rawValue
      guard binding.contains("lane|\(subject)"), program.rowUpper[row].isFinite else { continue }
      lines.append(entry("lane", subject, periods[period], capacity: program.rowUpper[row], used: activities[row]))
    }
    // A site's intake row mixes an open decision into its bound: report the binding periods only.
    for line in plan.bottlenecks where line.kind == "site" {
      if let period = line.period {
        lines.append(entry("site", line.subject, period, capacity: line.capacity, used: line.used))
      }
    }
    return lines.sorted { ($0.kind, $0.subject, $0.period) < ($1.kind, $1.subject, $1.period) }
  }

  private func chains() -> [String: String] {
    let named: Set<Product.Family> = [.steel, .batteryMaterial, .component, .vehicle, .energy]
    var chain: [Int: String] = [:]
    for (position, product) in scenario.products.enumerated() where named.contains(product.family) {
      chain[position] = product.family.rawValue
    }
    let index = formulation.index
    // Raw materials take the chain of what they are made into: repeat until nothing changes (at
    // most one pass per product, since each pass settles at least one more recipe level).
    for _ in scenario.products.indices {
      var changed = false
      for process in scenario.processes.indices {
        guard
          let made = index.processOutputs[process].lazy.compactMap({ chain[$0.product] }).first
        else { continue }
        for input in index.processInputs[process] where chain[input.product] == nil {
          chain[input.product] = made
          changed = true
        }
      }
      if !changed { break }
    }
    var result: [String: String] = [:]
    for (position, product) in scenario.products.enumerated() {
      result[product.id.rawValue] = chain[position] ?? "other"
    }
    return result
  }
}
