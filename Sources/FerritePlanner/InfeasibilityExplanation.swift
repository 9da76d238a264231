import FerriteModel
import LinearProgramming

/// Why a scenario has no feasible plan, told with sites, products, periods and capacities.
///
/// Built from the solver's irreducible infeasible subset: the smallest set of requirements and
/// limits that cannot all hold. Each is turned into words through the row and column meanings,
/// so a planner never sees a solver row number.
public struct InfeasibilityExplanation: Sendable, Codable, Equatable, CustomStringConvertible {
  /// The requirements that cannot be met, such as "demand for coil at kia-mexico in 2027 (480)".
  public var requirements: [String]
  /// The limits that stand in the way, such as "posco-mexico/cgl capacity 900 in 2027".
  public var limits: [String]
  /// Set when the solver gave no subset to explain.
  public var note: String?

  public var description: String {
    if let note, requirements.isEmpty, limits.isEmpty { return note }
    var text: String
    if requirements.isEmpty {
      text = "The scenario has no feasible plan"
    } else {
      text =
        requirements.joined(separator: "; ")
        + (requirements.count == 1 ? " cannot be met" : " cannot all be met")
    }
    if limits.isEmpty {
      text += ": nothing can bring the product there (no purchase, process or lane reaches it)."
    } else {
      text += ": " + limits.joined(separator: "; ") + "."
    }
    return text
  }
}

extension Formulation {
  /// Explains the irreducible infeasible subset `subset` of this formulation's program.
  func explain(_ subset: IrreducibleInfeasibleSubset) -> InfeasibilityExplanation {
    var requirements: [String] = []
    var limits: [String] = []
    for column in subset.columns.sorted() where column < columnMeanings.count {
      switch columnMeanings[column] {
      case .served(let demand):
        requirements.append(describeDemand(demand))
      case .purchase(let offer, let period):
        let row = scenario.purchases[offer]
        limits.append(
          "purchases of \(row.product) at \(row.site) limited to \(amount(row.limit ?? 0, of: [row.product])) in \(periods[period])"
            + " (offer \(row.id))")
      case .build(let option, _):
        let row = scenario.capacityOptions[option]
        limits.append("at most \(moduleLimit[option]) modules of \(row.id)")
      case .open(let site, let period):
        // Only a forced decision is a limit worth naming; "at most open" says nothing.
        guard let forced = options.siteDecisions[scenario.sites[site].id] else { continue }
        limits.append(
          "site \(scenario.sites[site].id) forced \(forced ? "open" : "closed") in \(periods[period])")
      case .activity, .flow, .disposal, .unmet, .lowCarbonClaim, .trade:
        continue
      }
    }
    for row in subset.rows.sorted() where row < rowMeanings.count {
      switch rowMeanings[row] {
      case .balance, .openingOrder, .lowCarbonSupply:
        continue
      case .trade(let trade):
        if let limit = describe(trade) { limits.append(limit) }
      case .demand(let demand):
        requirements.append(describeDemand(demand))
      case .processCapacity(let process, let period):
        let row = scenario.processes[process]
        let made = row.principalOutput.map { [$0.product] } ?? []
        var text = "\(row.id) capacity \(amount(row.capacity, of: made)) in \(periods[period])"
        let modules = aliveModules(process: process, period: period)
        if !modules.isEmpty {
          text +=
            " plus \(amount(largestActivity[process] - row.capacity, of: made)) from new modules at most"
        }
        limits.append(text)
      case .laneCapacity(let lane, let period):
        let row = scenario.lanes[lane]
        limits.append(
          "lane \(row.id) (\(row.from) to \(row.to)) capacity \(amount(row.capacity ?? 0, of: row.products)) in \(periods[period])"
        )
      case .siteThroughput(let site, let period):
        let row = scenario.sites[site]
        if let capacity = row.capacity {
          let when = row.status == .existing ? "" : " when open"
          limits.append(
            "site \(row.id) takes in at most \(amount(capacity, of: []))\(when) in \(periods[period])")
        } else {
          limits.append("site \(row.id) takes in nothing while closed in \(periods[period])")
        }
      case .siteActivity(let process, let period):
        let row = scenario.processes[process]
        let made = row.principalOutput.map { [$0.product] } ?? []
        limits.append(
          "\(row.id) makes at most \(amount(largestActivity[process], of: made)) (every module built), "
            + "and only while site \(row.site) is open in \(periods[period])")
      case .facilityLink(let site, let flow):
        let lane = scenario.lanes[flow.lane]
        let product = scenario.products[flow.product].id
        limits.append(
          "lane \(lane.id) (\(lane.from) to \(lane.to)) carries \(product) only while site "
            + "\(scenario.sites[site].id) is open in \(periods[flow.period])")
      case .moduleLimit(let option):
        limits.append("at most \(moduleLimit[option]) modules of \(scenario.capacityOptions[option].id)")
      case .carbonCap(let cap):
        limits.append(describeCap(cap))
      case .lowCarbonShare(let rule, let demand):
        let row = carbonOptions.lowCarbonClasses[rule]
        requirements.append(
          "at least \(NumberText.grouped(row.minimumShare * 100, decimals: 0)) % \(row.name) in the "
            + describeDemand(demand))
      }
    }
    return InfeasibilityExplanation(requirements: unique(requirements), limits: unique(limits), note: nil)
  }

  private func describeDemand(_ demand: Int) -> String {
    let row = scenario.demand[demand]
    return
      "demand for \(row.product) at \(row.site) in \(row.period) (\(amount(row.quantity, of: [row.product])))"
  }

  /// `1,000 t`: the quantity with the unit its products share, or without one when they differ.
  private func amount(_ value: Double, of products: [Product.ID]) -> String {
    let units = Set(
      (products.isEmpty ? scenario.products.map(\.id) : products).compactMap { scenario.product($0)?.unit })
    let text = NumberText.quantity(value)
    guard units.count == 1, let unit = units.first else { return text }
    return "\(text) \(unit.rawValue)"
  }

  private func unique(_ list: [String]) -> [String] {
    var seen = Set<String>()
    return list.filter { seen.insert($0).inserted }
  }
}
