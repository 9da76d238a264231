import LinearProgramming

/// A scenario the planner cannot turn into a model, or a solve that failed for a reason other than
/// the model itself (an infeasible model is a plan with an explanation, not an error).
public struct PlanningError: Error, Sendable, CustomStringConvertible {
  /// Whose problem it is: the scenario's (fix the input) or the solver's (fix the installation,
  /// or report a bug).
  public enum Cause: String, Sendable {
    case scenario
    case solver
  }

  /// Every problem found, each naming the table row and the fix.
  public var problems: [String]
  public var cause: Cause

  /// Problems in the scenario, each naming the table row and the fix.
  public init(_ problems: [String], cause: Cause = .scenario) {
    self.problems = problems
    self.cause = cause
  }

  public init(_ solverError: SolverError) {
    self.problems = [solverError.description]
    self.cause = .solver
  }

  public var description: String { problems.joined(separator: "\n") }
}

extension Formulation {
  /// The numbers of `program` a solver cannot take, as an error that says which scenario entity
  /// each belongs to; nil when every number is in range.
  func rangeError(in program: LinearProgram, limits: NumericLimits = .standard) -> PlanningError? {
    let maximumCount = 20
    let values = program.valuesOutOfRange(limits: limits, maximumCount: maximumCount)
    guard !values.isEmpty else { return nil }
    var problems = values.map { value in
      "\(describe(value)) \(value.problem)."
    }
    if values.count == maximumCount {
      problems.append("(The first \(maximumCount) are listed; there may be more.)")
    }
    problems.append(
      "These numbers come from the scenario's values (quantities, capacities, prices, costs, duties, carbon "
        + "prices and factors) after discounting; each must stay well below \(limits.cost) "
        + "(bounds below \(limits.infiniteBound)). Fix the scenario value of the entity "
        + "named in brackets (a mistyped exponent such as 1e20 for 1e2 is the usual cause) and run "
        + "`ferrite validate` again.")
    return PlanningError(problems, cause: .scenario)
  }

  /// "the cost per unit of shipments of steel on lane road (mill to plant) in 2026 [flow[road,steel,2026]]".
  private func describe(_ value: OutOfRangeValue) -> String {
    let column = value.column.map { describe(column: $0, name: value.columnName) } ?? ""
    let row = value.row.map { describe(row: $0, name: value.rowName) } ?? ""
    switch value.place {
    case .objective: return "The cost per unit of \(column) (all its costs together, discounted)"
    case .columnLower: return "The lower limit of \(column)"
    case .columnUpper: return "The upper limit of \(column)"
    case .rowLower, .rowUpper: return "The quantity in \(row)"
    case .coefficient: return "The coefficient of \(column) in \(row)"
    case .objectiveOffset: return "The fixed part of the objective"
    }
  }

  /// A column in the scenario's words with its model name: "shipments of steel on lane road
  /// (mill to plant) in 2026 [flow[road,steel,2026]]".
  func describe(column: Int, name: String?) -> String {
    let bracket = name.map { " [\($0)]" } ?? ""
    guard columnMeanings.indices.contains(column) else { return "column \(name ?? String(column))" }
    let s = scenario
    let words: String
    switch columnMeanings[column] {
    case .activity(let process, let period):
      words = "the activity of process \(s.processes[process].id) in \(periods[period])"
    case .purchase(let offer, let period):
      let row = s.purchases[offer]
      words = "purchases of \(row.product) at \(row.site) under offer \(row.id) in \(periods[period])"
    case .flow(let flow):
      let lane = s.lanes[flow.lane]
      words =
        "shipments of \(s.products[flow.product].id) on lane \(lane.id) (\(lane.from) to \(lane.to)) "
        + "in \(periods[flow.period])"
    case .disposal(let site, let product, let period):
      words = "unused \(s.products[product].id) at site \(s.sites[site].id) in \(periods[period])"
    case .served(let demand):
      let row = s.demand[demand]
      words = "deliveries of \(row.product) to \(row.site) in \(row.period)"
    case .unmet(let demand):
      let row = s.demand[demand]
      words = "unmet demand for \(row.product) at \(row.site) in \(row.period)"
    case .build(let option, let period):
      words = "modules of capacity option \(s.capacityOptions[option].id) built in \(periods[period])"
    case .open(let site, let period):
      words = "site \(s.sites[site].id) being open in \(periods[period])"
    case .lowCarbonClaim(let rule, let demand):
      let row = s.demand[demand]
      words =
        "\(carbonOptions.lowCarbonClasses[rule].name) claimed for \(row.product) at \(row.site) in \(row.period)"
    case .trade:
      return "the trade-rule column\(bracket.isEmpty ? " \(column)" : bracket)"
    }
    return words + bracket
  }

  /// A row in the scenario's words with its model name: "the demand for steel at plant in 2026
  /// [demand[plant,steel,2026]]".
  func describe(row: Int, name: String?) -> String {
    guard rowMeanings.indices.contains(row) else { return "row \(name ?? String(row))" }
    let meaning = rowMeanings[row]
    let bracket = " [\(name ?? self.name(of: meaning))]"
    let s = scenario
    switch meaning {
    case .demand(let demand):
      let line = s.demand[demand]
      return "the demand for \(line.product) at \(line.site) in \(line.period)" + bracket
    case .balance(let site, let product, let period):
      return "the balance of \(s.products[product].id) at site \(s.sites[site].id) in \(periods[period])"
        + bracket
    case .processCapacity(let process, let period):
      return "the capacity of process \(s.processes[process].id) in \(periods[period])" + bracket
    case .laneCapacity(let lane, let period):
      return "the capacity of lane \(s.lanes[lane].id) in \(periods[period])" + bracket
    case .siteThroughput(let site, let period):
      return "the throughput of site \(s.sites[site].id) in \(periods[period])" + bracket
    case .siteActivity(let process, let period):
      return "the largest activity of process \(s.processes[process].id) in \(periods[period])" + bracket
    case .facilityLink(let site, let flow):
      return "the flow of \(s.products[flow.product].id) on lane \(s.lanes[flow.lane].id) while site "
        + "\(s.sites[site].id) is open in \(periods[flow.period])" + bracket
    case .moduleLimit(let option):
      return "the module limit of capacity option \(s.capacityOptions[option].id)" + bracket
    case .carbonCap(let cap):
      return "carbon cap \(s.policy.carbonCaps[cap].id)" + bracket
    case .openingOrder, .lowCarbonShare, .lowCarbonSupply, .trade:
      return "row" + bracket
    }
  }
}
