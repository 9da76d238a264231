import FerriteModel
import FerritePlanner
import LinearProgramming

/// What one run of a sweep found: its inputs, key figures and capacity decisions.
public struct SweepRun: Sendable, Codable, Equatable {
  /// Position in the sweep's design.
  public var index: Int
  /// Value of each parameter, by parameter name.
  public var inputs: [String: Double]
  /// The solver's verdict, such as "optimal" or "infeasible".
  public var termination: String
  /// The solver's objective (discounted cost, or profit when maximizing).
  public var objective: Double?
  /// Key figures by name: "total cost", each cost component, "revenue", "service level", "unmet units".
  public var figures: [String: Double]
  /// Capacity decisions by name: "OPTION modules", "OPTION first build", "SITE periods open".
  public var decisions: [String: Double]
  /// How much worse the base plan's capacity decisions do under this run's numbers than the run's
  /// own optimum (0 when they are optimal here; nil when they are infeasible here or there are none).
  public var regret: Double?
  /// Whether the run changed the base model in place (true) or rebuilt it.
  public var inPlace: Bool
  public var simplexIterations: Int
  /// Wall-clock seconds of the run; the only field that differs between repeated sweeps.
  public var seconds: Double

  public init(
    index: Int, inputs: [String: Double], termination: String, objective: Double?, figures: [String: Double],
    decisions: [String: Double], regret: Double?, inPlace: Bool, simplexIterations: Int, seconds: Double
  ) {
    self.index = index
    self.inputs = inputs
    self.termination = termination
    self.objective = objective
    self.figures = figures
    self.decisions = decisions
    self.regret = regret
    self.inPlace = inPlace
    self.simplexIterations = simplexIterations
    self.seconds = seconds
  }

  /// The run without its timing and effort, for comparing sweeps.
  public var outcome: SweepRun {
    var copy = self
    copy.seconds = 0
    copy.simplexIterations = 0
    return copy
  }
}

/// Reads a run's key figures and decisions from a solution of a formulation.
struct RunFigures {
  let formulation: Formulation

  /// The run's key figures (`KeyFigures`, as every report defines them) with cost parameters set
  /// to `values` and demand quantities to `quantities` (by demand row): the money and service
  /// figures, and the decisions with 0 standing for "never built".
  func figures(
    _ x: [Double], values: [CostParameter: Double], quantities: [Int: Double]
  ) -> (figures: [String: Double], decisions: [String: Double]) {
    let key = keyFigures(x, values: values, quantities: quantities)
    var figures: [String: Double] = [:]
    for figure in key.figures where figure.name != "objective" { figures[figure.name] = figure.value }
    var decisions: [String: Double] = [:]
    for figure in key.decisions { decisions[figure.name] = figure.value ?? 0 }
    return (figures, decisions)
  }

  func keyFigures(_ x: [Double], values: [CostParameter: Double], quantities: [Int: Double]) -> KeyFigures {
    let components = formulation.components.map { component in
      let total = component.terms.reduce(0.0) { sum, term in
        let coefficient = values[term.parameter].map { $0 * term.multiplier } ?? term.coefficient
        return sum + coefficient * (term.column.map { x[$0] } ?? 1)
      }
      return KeyFigures.Component(id: component.id, isRevenue: component.isRevenue, discounted: total)
    }
    let scenario = formulation.scenario
    var demanded = 0.0, served = 0.0
    for (demand, row) in scenario.demand.enumerated() {
      demanded += max(0, quantities[demand] ?? row.quantity)
      if let column = formulation.column(for: .served(demand: demand)) { served += x[column] }
    }
    let builds = scenario.capacityOptions.enumerated().map { option, row in
      var modules = 0
      var first: Year? = nil
      for (period, year) in formulation.periods.enumerated() {
        guard let column = formulation.column(for: .build(option: option, period: period)) else { continue }
        // Module counts are small integers; the solver's values are within its tolerance of one.
        let built = Int(exactly: x[column].rounded()) ?? 0
        modules += built
        if built > 0, first == nil { first = year }
      }
      return KeyFigures.Build(option: row.id.rawValue, modules: modules, firstYear: first)
    }
    let sites = scenario.sites.enumerated().filter { $0.element.status != .existing }.map { site, row in
      let open = formulation.periods.indices.filter { period in
        formulation.column(for: .open(site: site, period: period)).map { x[$0] > 0.5 } ?? false
      }
      return KeyFigures.OpenSite(site: row.id.rawValue, periodsOpen: open.count)
    }
    return KeyFigures(
      objective: nil, components: components, demanded: demanded, served: served, builds: builds, sites: sites)
  }

  /// The integer columns (builds, openings) and their values in `x`, rounded.
  func decisionColumns(_ x: [Double], program: LinearProgram) -> [Int: Double] {
    var fixed: [Int: Double] = [:]
    for column in 0..<program.columnCount where program.columnKinds[column] == .integer {
      fixed[column] = x[column].rounded()
    }
    return fixed
  }
}
