import FerriteModel
import LinearProgramming

/// How the planner builds and solves a scenario.
public struct PlannerOptions: Sendable {
  /// Passed to the solver (time limit, MIP gap, threads, log).
  public var solve: SolveOptions
  /// Most modules of a capacity option without `max_modules`; the plan warns when one reaches it.
  public var moduleLimit: Int
  /// Candidate or closable sites forced open (`true`) or closed (`false`) in every period.
  public var siteDecisions: [Site.ID: Bool]
  /// For a MILP, re-solve the LP with the integer decisions fixed to get duals (landed costs and
  /// shadow prices); without it a MILP plan has none.
  public var dualsForMixedInteger: Bool
  /// Give every row and column a readable name (`flow[lane,product,2029]`); turn off for very
  /// large models where names cost memory and nobody reads the model file.
  public var namesInModel: Bool
  /// Carbon accounting: the company's point of view, allocation, low-carbon classes. nil takes
  /// what the scenario's `options:` say, so every door that leaves it alone plans alike; the
  /// command line starts from `CarbonOptions(scenario.settings.options)` and applies its flags.
  public var carbon: CarbonOptions?
  /// How candidate and closable sites are linked to their flows; nil takes the scenario's
  /// `options: facility_links` (default disaggregated), so every door builds the same model.
  public var facilityLinks: FacilityLinks?

  public init(
    solve: SolveOptions = SolveOptions(), moduleLimit: Int = 100, siteDecisions: [Site.ID: Bool] = [:],
    dualsForMixedInteger: Bool = true, namesInModel: Bool = true
  ) {
    self.solve = solve
    self.moduleLimit = moduleLimit
    self.siteDecisions = siteDecisions
    self.dualsForMixedInteger = dualsForMixedInteger
    self.namesInModel = namesInModel
  }
}
