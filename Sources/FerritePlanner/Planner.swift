import FerriteModel
import Foundation
import LinearProgramming

/// Turns scenarios into plans with a solver.
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
  public func solve(_ scenario: Scenario, options: PlannerOptions = PlannerOptions()) throws(PlanningError)
    -> Plan
  {
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
    // The second line of defence behind the scenario's own ranges: a number the solver would
    // misread (or crash on) is reported with the entity it belongs to, before the solver sees it.
    if let error = formulation.rangeError(in: program) { throw error }
    let result: SolveResult
    do {
      result = try solver.solve(program, options: options.solve)
    } catch {
      throw PlanningError(error)
    }
    var duals: SolveResult? = nil
    var dualSource = Plan.DualSource.none
    var dualSolveSeconds = 0.0
    if result.primal == .feasible, !result.columnValues.isEmpty {
      if !program.isMixedInteger {
        if result.dual == .feasible { (duals, dualSource) = (result, .linearProgram) }
      } else if options.dualsForMixedInteger {
        var fixed = Self.fixingIntegers(of: program, at: result.columnValues)
        // With the open decisions fixed, a facility link only repeats a lane, site or balance row;
        // left binding it could take a share of their duals (landed costs, shadow prices).
        for (row, meaning) in formulation.rowMeanings.enumerated() {
          guard case .facilityLink = meaning else { continue }
          fixed.rowLower[row] = -.infinity
          fixed.rowUpper[row] = .infinity
        }
        var lpOptions = options.solve
        lpOptions.warmStartSolution = nil
        lpOptions.computeInfeasibleSubset = false
        let start = Date()
        defer { dualSolveSeconds = Date().timeIntervalSince(start) }
        if let lp = try? solver.solve(fixed, options: lpOptions), lp.hasOptimalSolution {
          (duals, dualSource) = (lp, .fixedIntegerLP)
        }
      }
    }
    var infeasibility: InfeasibilityExplanation? = nil
    if result.termination == .infeasible || result.termination == .infeasibleOrUnbounded {
      infeasibility = explainInfeasibility(formulation, program: program, result: result)
    }
    var plan = PlanReader(
      formulation: formulation, program: program, result: result, duals: duals, dualSource: dualSource,
      buildSeconds: buildSeconds, dualSolveSeconds: dualSolveSeconds, infeasibility: infeasibility
    ).plan()
    if plan.hasSolution {
      plan.carbon = CarbonReader(formulation: formulation, values: result.columnValues, duals: duals).results()
    }
    return plan
  }

  /// The LP left when every integer column is fixed at its (rounded) value in `values`.
  ///
  /// The integer columns are taken out rather than fixed by their bounds: their terms move into
  /// the row bounds and the objective offset. A fixed column left in could sit in the basis at its
  /// bound, and then its cost would set the duals of its rows (a capacity would be "worth" exactly
  /// what a module costs), which says nothing about the network.
  static func fixingIntegers(of program: LinearProgram, at values: [Double]) -> LinearProgram {
    var rowLower = program.rowLower
    var rowUpper = program.rowUpper
    var offset = program.objectiveOffset
    var starts: [Int32] = [0]
    var rowIndices: [Int32] = []
    var entries: [Double] = []
    var kept: [Int] = []
    let matrix = program.matrix
    for column in 0..<program.columnCount {
      let range = Int(matrix.columnStarts[column])..<Int(matrix.columnStarts[column + 1])
      guard program.columnKinds[column] == .integer else {
        kept.append(column)
        rowIndices.append(contentsOf: matrix.rowIndices[range])
        entries.append(contentsOf: matrix.values[range])
        starts.append(Int32(truncatingIfNeeded: entries.count))
        continue
      }
      let value = min(max(values[column].rounded(), program.columnLower[column]), program.columnUpper[column])
      offset += program.objective[column] * value
      for entry in range {
        let row = Int(matrix.rowIndices[entry])
        rowLower[row] -= matrix.values[entry] * value
        rowUpper[row] -= matrix.values[entry] * value
      }
    }
    let names = program.columnNames
    return LinearProgram(
      sense: program.sense, objectiveOffset: offset, objective: kept.map { program.objective[$0] },
      columnLower: kept.map { program.columnLower[$0] }, columnUpper: kept.map { program.columnUpper[$0] },
      columnKinds: Array(repeating: .continuous, count: kept.count), rowLower: rowLower, rowUpper: rowUpper,
      matrix: SparseMatrix(
        rowCount: matrix.rowCount, columnStarts: starts, rowIndices: rowIndices, values: entries),
      columnNames: Names(
        prefix: names.prefix, explicit: names.explicit.isEmpty ? [] : kept.map { names[$0] }),
      rowNames: program.rowNames)
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
