import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("HiGHS solves linear programs")
struct LinearProgramTests {
  let highs = HiGHSSolver()

  @Test("Two mills, three plants: transport optimum derived by hand")
  func transportation() throws {
    let result = try highs.solve(Fixtures.transportation(), options: SolveOptions())
    #expect(result.hasOptimalSolution)
    #expect(close(result.objective, 360))
    #expect(close(result.columnValues, Fixtures.transportationFlows))
    // Supplies used 50 and 40; demands met exactly.
    #expect(close(result.rowValues, [50, 40, 30, 20, 40]))
    #expect(close(result.dualBound, 360))
    #expect(result.mipGap == nil)
    #expect(result.basis?.columns.count == 6)
    #expect(result.basis?.rows.count == 5)
    #expect(result.statistics.wallSeconds > 0)
  }

  /// minimize 2x + 3y + 5z  subject to  r0: x + y + z >= 4,  r1: x <= 3,  x, y, z >= 0.
  ///
  /// x is cheapest, so x = 3 (r1 binds) and y = 1 fills r0: 2*3 + 3*1 = 9.
  /// - Row duals: raising r0's bound to 5 adds one more y: +3. Raising r1's bound to 4 swaps a y
  ///   for an x: 2 - 3 = -1. So duals are (+3, -1).
  /// - Reduced costs: x and y are basic (0). Forcing z up by one displaces a y: 5 - 3 = +2.
  @Test("Minimizing: row duals and reduced costs are objective changes per unit of bound")
  func minimizeSigns() throws {
    let program = denseProgram(
      objective: [2, 3, 5], rows: [[1, 1, 1], [1, 0, 0]], rowLower: [4, -infinity],
      rowUpper: [infinity, 3])
    let result = try highs.solve(program, options: SolveOptions(presolve: false))
    #expect(result.hasOptimalSolution)
    #expect(result.dual == .feasible)
    #expect(close(result.objective, 9))
    #expect(close(result.columnValues, [3, 1, 0]))
    #expect(close(result.rowDuals, [3, -1]))
    #expect(close(result.reducedCosts, [0, 0, 2]))
  }

  /// maximize 3x + 2y + z  subject to  r0: x + y + z <= 4,  r1: x <= 3,  x, y, z >= 0.
  ///
  /// x earns most, so x = 3 (r1 binds) and y = 1 fills r0: 3*3 + 2*1 = 11.
  /// - Row duals: raising r0's bound to 5 adds one more y: +2. Raising r1's bound to 4 swaps a y
  ///   for an x: 3 - 2 = +1. So duals are (+2, +1): maximizing, binding capacities price >= 0.
  /// - Reduced costs: x and y are basic (0). Forcing z up by one displaces a y: 1 - 2 = -1.
  @Test("Maximizing: row duals and reduced costs are objective changes per unit of bound")
  func maximizeSigns() throws {
    let program = denseProgram(
      .maximize, objective: [3, 2, 1], rows: [[1, 1, 1], [1, 0, 0]],
      rowLower: [-infinity, -infinity], rowUpper: [4, 3])
    let result = try highs.solve(program, options: SolveOptions(presolve: false))
    #expect(result.hasOptimalSolution)
    #expect(close(result.objective, 11))
    #expect(close(result.columnValues, [3, 1, 0]))
    #expect(close(result.rowDuals, [2, 1]))
    #expect(close(result.reducedCosts, [0, 0, -1]))
  }

  /// The objective offset is added to the reported objective: 360 + 1000.
  @Test("The objective offset is part of the objective")
  func offset() throws {
    var program = Fixtures.transportation()
    program.objectiveOffset = 1000
    let result = try highs.solve(program, options: SolveOptions())
    #expect(close(result.objective, 1360))
  }

  /// Demand x + y >= 10 cannot be met when plant A makes at most 3 and plant B at most 4.
  ///
  /// The budget row on the unrelated z is not part of the conflict, nor are the bounds x, y >= 0
  /// (the conflict needs only the three rows). Dropping any of the three rows makes it feasible.
  @Test("An infeasible LP answers with the irreducible infeasible subset, by name")
  func infeasibleSubset() throws {
    let program = denseProgram(
      objective: [1, 1, 1],
      rows: [[1, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 1]],
      rowLower: [10, -infinity, -infinity, -infinity], rowUpper: [infinity, 3, 4, 100],
      rowNames: ["demand", "capacityA", "capacityB", "budget"],
      columnNames: ["makeA", "makeB", "spend"])
    let result = try highs.solve(program, options: SolveOptions())
    #expect(result.termination == .infeasible)
    #expect(result.objective == nil)
    let subset = try #require(result.infeasibleSubset)
    #expect(subset.rowNames.sorted() == ["capacityA", "capacityB", "demand"])
    #expect(subset.rows.sorted() == [0, 1, 2])
    #expect(subset.columns.isEmpty)
  }

  @Test("No subset is computed when it is not asked for")
  func infeasibleWithoutSubset() throws {
    let program = denseProgram(
      objective: [1], rows: [[1]], rowLower: [5], rowUpper: [infinity], columnUpper: [2])
    var options = SolveOptions()
    options.computeInfeasibleSubset = false
    let result = try highs.solve(program, options: options)
    #expect(result.termination == .infeasible)
    #expect(result.infeasibleSubset == nil)
  }

  /// maximize x + y subject to x - y <= 1, x, y >= 0: y can grow without limit (x = y + 1), so
  /// the objective is unbounded while (1, 0) shows the model is feasible.
  @Test("An unbounded LP is reported as unbounded with presolve off and on", arguments: [false, true])
  func unbounded(presolve: Bool) throws {
    let program = denseProgram(
      .maximize, objective: [1, 1], rows: [[1, -1]], rowLower: [-infinity], rowUpper: [1])
    let result = try highs.solve(program, options: SolveOptions(presolve: presolve))
    #expect(result.termination == .unbounded)
    #expect(result.dual == .infeasible)
  }

  /// Re-solving the transportation LP from its own optimal basis needs no simplex iteration.
  @Test("An LP warm-started from its optimal basis takes no iterations")
  func warmStartBasis() throws {
    let program = Fixtures.transportation()
    let cold = try highs.solve(program, options: SolveOptions())
    let basis = try #require(cold.basis)
    var options = SolveOptions()
    options.warmStartBasis = basis
    let warm = try highs.solve(program, options: options)
    #expect(warm.hasOptimalSolution)
    #expect(close(warm.objective, 360))
    #expect(warm.statistics.simplexIterations == 0)
  }

  @Test("A basis of the wrong size is a clear error, not a crash")
  func wrongBasis() throws {
    var options = SolveOptions()
    options.warmStartBasis = Basis(columns: [.basic], rows: [])
    let error = #expect(throws: SolverError.self) {
      try highs.solve(Fixtures.transportation(), options: options)
    }
    #expect(error?.message.contains("warm-start basis has 1 columns") == true)
  }

  @Test("A program whose arrays disagree is rejected before HiGHS reads it")
  func malformedProgram() throws {
    var program = Fixtures.transportation()
    program.columnUpper.removeLast()
    let error = #expect(throws: SolverError.self) {
      try highs.solve(program, options: SolveOptions())
    }
    #expect(error?.message.contains("columnUpper has 5 entries for 6 columns") == true)
  }

  @Test("The solver log can go to a file")
  func logFile() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("ferrite-highs-\(UUID().uuidString).log").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try highs.solve(
      Fixtures.transportation(), options: SolveOptions(log: .file(path)))
    #expect(result.hasOptimalSolution)
    let log = try String(contentsOfFile: path, encoding: .utf8)
    #expect(log.contains("HiGHS"))
  }
}
