import HiGHS
import LinearProgramming
import Testing

@Suite("A HiGHS session changes a loaded model in place")
struct SessionTests {
  /// minimize 2x + 3y + 5z  subject to  r0: x + y + z >= 4,  r1: x <= 3: optimum 9 at (3, 1, 0)
  /// (derived in LinearProgramTests.minimizeSigns).
  static let program = denseProgram(
    objective: [2, 3, 5], rows: [[1, 1, 1], [1, 0, 0]], rowLower: [4, -infinity],
    rowUpper: [infinity, 3])

  /// Raising x's cost to 4 makes y (3) the cheapest: y = 4, objective 12.
  ///
  /// Then demanding 6
  /// instead of 4 needs two more y: 18. Then doubling x's weight in r0 (2x + y + z >= 6) makes an
  /// x worth two units for 4, i.e. 2 per unit, cheaper than y: x = 3 covers 6, objective 12.
  @Test("Cost, bound and coefficient changes give the hand-derived new optima")
  func changes() throws {
    let session = try HiGHSSession(Self.program)
    #expect(close(try session.solve().objective, 9))

    try session.changeCost(ofColumn: 0, to: 4)
    let costChanged = try session.solve()
    #expect(close(costChanged.objective, 12))
    #expect(close(costChanged.columnValues, [0, 4, 0]))
    #expect(costChanged.statistics.simplexIterations <= 2)

    try session.changeBounds(ofRow: 0, lower: 6, upper: infinity)
    #expect(close(try session.solve().objective, 18))

    try session.changeCoefficient(row: 0, column: 0, to: 2)
    let coefficientChanged = try session.solve()
    #expect(close(coefficientChanged.objective, 12))
    #expect(close(coefficientChanged.columnValues, [3, 0, 0]))
  }

  /// Capping x at 1 leaves y to cover the other 3: 2 + 9 = 11.
  ///
  /// Replacing all costs by (1, 1, 1)
  /// makes every unit cost 1: objective 4.
  @Test("Column bound and bulk cost changes give the hand-derived new optima")
  func boundsAndCosts() throws {
    let session = try HiGHSSession(Self.program)
    try session.changeBounds(ofColumn: 0, lower: 0, upper: 1)
    #expect(close(try session.solve().objective, 11))
    try session.changeCosts([1, 1, 1])
    #expect(close(try session.solve().objective, 4))
  }

  /// A sweep may pass through infeasible points.
  ///
  /// Capping z at 0 and x at 3 with a demand of 10
  /// leaves y <= 5 short (3 + 5 + 0 < 10): infeasible, and the subset is the demand row, x's cap
  /// row and the upper bounds of y and z (relaxing any one of the four restores feasibility). Lowering the demand to 6 afterwards gives x = 3, y = 3: 6 + 9 = 15.
  @Test("A session solves again correctly after an infeasible point and its subset")
  func recoversFromInfeasible() throws {
    let session = try HiGHSSession(Self.program)
    try session.changeBounds(ofColumn: 1, lower: 0, upper: 5)
    try session.changeBounds(ofColumn: 2, lower: 0, upper: 0)
    try session.changeBounds(ofRow: 0, lower: 10, upper: infinity)
    let infeasible = try session.solve()
    #expect(infeasible.termination == .infeasible)
    #expect(infeasible.infeasibleSubset?.rows.sorted() == [0, 1])
    #expect(infeasible.infeasibleSubset?.columns.sorted() == [1, 2])

    try session.changeBounds(ofRow: 0, lower: 6, upper: infinity)
    let feasible = try session.solve()
    #expect(feasible.hasOptimalSolution)
    #expect(close(feasible.objective, 15))
    #expect(close(feasible.columnValues, [3, 3, 0]))
  }

  @Test("An index outside the model is a clear error")
  func outOfRange() throws {
    let session = try HiGHSSession(Self.program)
    let error = #expect(throws: SolverError.self) { try session.changeCost(ofColumn: 3, to: 1) }
    #expect(error?.message == "Column 3 is out of range; the model has 3 columns.")
  }

  /// The same changes through the backend-free protocol: x costs 4, demand 6, x weighs 2 in r0
  /// and the objective gains 100: x = 3 covers 6 at 12, plus 100 = 112. The program with the
  /// changes written in (`applying`) solves cold to the same 112, and holds 2 in r0's x entry.
  @Test("ModelChanges through any SolverSession equal the program with the changes applied")
  func protocolChanges() throws {
    let solver: any SessionSolver = HiGHSSolver()
    let session = try solver.makeSession(Self.program, options: SolveOptions())
    #expect(close(try session.solve().objective, 9))
    var changes = ModelChanges()
    changes.costs[0] = 4
    changes.rowBounds[0] = .init(lower: 6, upper: infinity)
    changes.coefficients[.init(row: 0, column: 0)] = 2
    changes.objectiveOffset = 100
    try session.apply(changes)
    let warm = try session.solve()
    #expect(close(warm.objective, 112))
    let changed = Self.program.applying(changes)
    #expect(changed.matrix.values.first == 2)
    #expect(close(try solver.solve(changed, options: SolveOptions()).objective, 112))
    // Removing x from r0 (a zero coefficient) drops the entry: y covers 6 at 18, plus 100.
    var removal = ModelChanges()
    removal.coefficients[.init(row: 0, column: 0)] = 0
    try session.apply(removal)
    #expect(close(try session.solve().objective, 118))
    #expect(changed.applying(removal).matrix.nonzeroCount == Self.program.matrix.nonzeroCount - 1)
  }
}
