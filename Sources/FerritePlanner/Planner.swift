import FerriteModel
import Foundation
import LinearProgramming

/// Turns scenarios into plans with a solver:
///
///     let plan = try Planner(solver: HiGHSSolver()).solve(scenario)
///     print(PlanSummary(plan).text(width: 100))
public struct Planner: Sendable {
  public var solver: any Solver

  public init(solver: any Solver) {
    self.solver = solver
  }

  /// Builds, solves and reads back the plan of `scenario`.
  ///
  /// An infeasible scenario is a plan with `infeasibility` set, not an error; errors are scenarios
  /// the planner cannot model and solver failures.
  public func solve(_ scenario: Scenario, options: PlannerOptions = PlannerOptions()) throws(PlanningError) -> Plan {
    let start = Date()
    let formulation = try Formulation(scenario, options: options)
    let program = formulation.program()
    return try solve(formulation, program: program, buildSeconds: Date().timeIntervalSince(start))
  }

  /// Solves a formulation already built (its `program()` passed in so it is built once).
  public func solve(
    _ formulation: Formulation, program: LinearProgram, buildSeconds: Double = 0
  ) throws(PlanningError) -> Plan {
    let options = formulation.options
    let result: SolveResult
    do {
      result = try solver.solve(program, options: options.solve)
    } catch {
      throw PlanningError(error)
    }
    var duals: SolveResult? = nil
    var dualSource = Plan.DualSource.none
    if result.primal == .feasible, !result.columnValues.isEmpty {
      if !program.isMixedInteger {
        if result.dual == .feasible { (duals, dualSource) = (result, .linearProgram) }
      } else if options.dualsForMixedInteger {
        let fixed = Self.fixingIntegers(of: program, at: result.columnValues)
        var lpOptions = options.solve
        lpOptions.warmStartSolution = nil
        lpOptions.computeInfeasibleSubset = false
        if let lp = try? solver.solve(fixed, options: lpOptions), lp.hasOptimalSolution {
          (duals, dualSource) = (lp, .fixedIntegerLP)
        }
      }
    }
    var infeasibility: InfeasibilityExplanation? = nil
    if result.termination == .infeasible || result.termination == .infeasibleOrUnbounded {
      infeasibility = explainInfeasibility(formulation, program: program, result: result)
    }
    return PlanReader(
      formulation: formulation, program: program, result: result, duals: duals, dualSource: dualSource,
      buildSeconds: buildSeconds, infeasibility: infeasibility
    ).plan()
  }

  /// The LP left when every integer column is fixed at its (rounded) value in `values`.
  static func fixingIntegers(of program: LinearProgram, at values: [Double]) -> LinearProgram {
    var fixed = program
    for column in 0..<program.columnCount where program.columnKinds[column] == .integer {
      let value = min(max(values[column].rounded(), program.columnLower[column]), program.columnUpper[column])
      fixed.columnLower[column] = value
      fixed.columnUpper[column] = value
      fixed.columnKinds[column] = .continuous
    }
    return fixed
  }

  /// The explanation from the solver's subset; for a MILP without one, from its LP relaxation.
  private func explainInfeasibility(
    _ formulation: Formulation, program: LinearProgram, result: SolveResult
  ) -> InfeasibilityExplanation {
    if let subset = result.infeasibleSubset { return formulation.explain(subset) }
    if program.isMixedInteger {
      var relaxed = program
      relaxed.columnKinds = Array(repeating: .continuous, count: program.columnCount)
      var options = formulation.options.solve
      options.computeInfeasibleSubset = true
      if let lp = try? solver.solve(relaxed, options: options), let subset = lp.infeasibleSubset {
        return formulation.explain(subset)
      }
      return InfeasibilityExplanation(
        requirements: [], limits: [],
        note: "No feasible plan exists with whole modules and open/closed sites, although one exists "
          + "with fractional ones: check max_modules, module sizes and site statuses.")
    }
    return InfeasibilityExplanation(
      requirements: [], limits: [],
      note: "The scenario has no feasible plan and the solver named no conflicting constraints.")
  }
}
