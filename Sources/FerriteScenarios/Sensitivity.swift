import FerriteModel
import FerritePlanner
import Foundation
import LinearProgramming

/// How far each price and cost, and each capacity and demand, can move before the plan changes:
/// LP ranging from the solver, in the scenario's own terms.
///
/// For a MILP the integer decisions (builds, openings) are fixed at their optimum and the LP that
/// remains is ranged, so ranges hold for the chosen capacity plan.
public struct Sensitivity: Sendable, Codable {
  /// A cost parameter in one period and the range over which the plan stays optimal.
  public struct CostRange: Sendable, Codable, Equatable {
    /// "price of pohang/iron-ore in 2026".
    public var subject: String
    /// The value in the scenario (money of its own period, per unit).
    public var value: Double
    /// Lowest and highest value keeping the current plan optimal (±infinity for no limit).
    public var low: Double
    public var high: Double
    /// Units the plan uses at this cost.
    public var quantity: Double
  }

  /// A capacity or demand and the range over which its shadow price holds.
  public struct BoundRange: Sendable, Codable, Equatable {
    /// "capacity[plant-a/line,2026]".
    public var subject: String
    public var value: Double
    public var low: Double
    public var high: Double
    /// Objective change per unit more, in the money of the first period (discounted).
    public var dual: Double
  }

  public var costs: [CostRange]
  public var bounds: [BoundRange]
  /// Whether the ranging is of the LP with integer decisions fixed.
  public var integersFixed: Bool

  /// Solves `scenario` and ranges its LP (with integer decisions fixed for a MILP).
  public init(_ scenario: Scenario, options: PlannerOptions = PlannerOptions(), solver: any SessionSolver) throws {
    var options = options
    options.solve.computeInfeasibleSubset = false
    let formulation = try Formulation(scenario, options: options)
    var program = formulation.program()
    integersFixed = program.isMixedInteger
    if program.isMixedInteger {
      let solved = try solver.solve(program, options: options.solve)
      guard solved.hasOptimalSolution else {
        throw SolverError("The scenario has no optimal plan (\(solved.termination.rawValue)); nothing to range.")
      }
      for column in 0..<program.columnCount where program.columnKinds[column] == .integer {
        let value = solved.columnValues[column].rounded()
        program.columnLower[column] = value
        program.columnUpper[column] = value
        program.columnKinds[column] = .continuous
      }
    }
    let session = try solver.makeSession(program, options: options.solve)
    let result = try session.solve()
    guard result.hasOptimalSolution else {
      throw SolverError("The scenario has no optimal plan (\(result.termination.rawValue)); nothing to range.")
    }
    let ranging = try session.ranging()
    let sign: Double = formulation.maximizesProfit ? -1 : 1
    var costs: [CostRange] = []
    var termsByColumn: [Int: [(CostTerm, Bool)]] = [:]
    for component in formulation.components {
      for term in component.terms { if let column = term.column { termsByColumn[column, default: []].append((term, component.isRevenue)) } }
    }
    for (column, terms) in termsByColumn.sorted(by: { $0.key < $1.key }) {
      // Only a column priced by one parameter maps its cost range back to that parameter.
      guard terms.count == 1, let (term, isRevenue) = terms.first, term.multiplier > 0 else { continue }
      let quantity = result.columnValues[column]
      guard abs(quantity) > 1e-9 else { continue }
      let direction = isRevenue ? -sign : sign
      let range = ranging.costs[column]
      var low = range.down.value / (direction * term.multiplier)
      var high = range.up.value / (direction * term.multiplier)
      if low > high { swap(&low, &high) }
      costs.append(CostRange(
        subject: Self.describe(term.parameter, period: term.period, in: formulation), value: term.coefficient / term.multiplier,
        low: low, high: high, quantity: quantity))
    }
    var bounds: [BoundRange] = []
    for (row, meaning) in formulation.rowMeanings.enumerated() {
      switch meaning {
      case .processCapacity, .laneCapacity, .siteThroughput, .demand, .moduleLimit: break
      default: continue
      }
      let dual = result.rowDuals.isEmpty ? 0 : result.rowDuals[row]
      let value = program.rowUpper[row].isFinite ? program.rowUpper[row] : program.rowLower[row]
      guard abs(dual) > 1e-9 else { continue }
      let range = ranging.rowBounds[row]
      bounds.append(BoundRange(
        subject: formulation.name(of: meaning), value: value, low: min(range.down.value, range.up.value),
        high: max(range.down.value, range.up.value), dual: dual))
    }
    self.costs = costs
    self.bounds = bounds
  }

  static func describe(_ parameter: CostParameter, period: Int, in formulation: Formulation) -> String {
    let s = formulation.scenario
    let year = formulation.periods[period]
    switch parameter {
    case .purchasePrice(let offer): return "price of \(s.purchases[offer].id) in \(year)"
    case .variableCost(let process): return "variable cost of \(s.processes[process].id) in \(year)"
    case .laneCost(let lane): return "unit cost of lane \(s.lanes[lane].id) in \(year)"
    case .siteFixedCost(let site): return "fixed cost of \(s.sites[site].id) in \(year)"
    case .moduleFixedCost(let option): return "fixed cost of \(s.capacityOptions[option].id) in \(year)"
    case .annualizedCapex(let option): return "annual capex of \(s.capacityOptions[option].id) in \(year)"
    case .penalty(let demand):
      let row = s.demand[demand]
      return "penalty of \(row.site) \(row.product) in \(row.period)"
    case .price(let demand):
      let row = s.demand[demand]
      return "price of \(row.product) at \(row.site) in \(row.period)"
    case .carbonPrice(let price):
      let row = s.policy.carbonPrices[price]
      return "\(row.kind.rawValue) carbon price\(row.jurisdiction.map { " in \($0)" } ?? "") in \(row.period)"
    case .dutyRate(let rule): return "ad valorem rate of tariff rule \(s.policy.tariffRules[rule].id) in \(year)"
    case .dutyPerUnit(let rule): return "specific duty of tariff rule \(s.policy.tariffRules[rule].id) in \(year)"
    case .quotaRate(let quota, let inQuota):
      return "\(inQuota ? "in" : "out-of")-quota rate of \(s.policy.tariffQuotas[quota].id) in \(year)"
    case .incentive(let rule): return "incentive of origin rule \(s.policy.originRules[rule].id) in \(year)"
    }
  }

  /// The narrowest ranges first (relative to the value), at most `limit` of each kind.
  public func text(limit: Int = 20) -> String {
    func slack(_ value: Double, _ low: Double, _ high: Double) -> Double {
      min(abs(value - low), abs(high - value)) / max(abs(value), 1e-9)
    }
    func number(_ value: Double) -> String {
      value.isInfinite ? (value > 0 ? "+inf" : "-inf") : ComparisonReport.number(value, unit: "money")
    }
    var text = integersFixed ? "Ranges with the capacity and site decisions fixed at their optimum.\n\n" : ""
    let costRows = costs.sorted { slack($0.value, $0.low, $0.high) < slack($1.value, $1.low, $1.high) }.prefix(limit)
      .map { [$0.subject, number($0.value), number($0.low), number($0.high)] }
    text += "Costs (the plan stays optimal within the range):\n"
    text += ComparisonReport.aligned([["cost", "value", "low", "high"]] + costRows)
    let boundRows = bounds.sorted { abs($0.dual) > abs($1.dual) }.prefix(limit)
      .map { [$0.subject, number($0.value), number($0.low), number($0.high), number($0.dual)] }
    text += "\nCapacities and demand (the shadow price holds within the range):\n"
    text += ComparisonReport.aligned([["limit", "value", "low", "high", "shadow price"]] + boundRows)
    return text
  }
}
