import HiGHS
import LinearProgramming
import Testing

@Suite("HiGHS edge cases answer or fail clearly, never crash")
struct EdgeCaseTests {
  let highs = HiGHSSolver()

  /// 2x = 1 with x integer: the LP relaxation (x = 1/2) is feasible, the MIP is not.
  ///
  /// HiGHS 1.15.1 crashed computing this subset when asked for per-column statuses; the only conflict is the
  /// row together with x's integrality.
  @Test("An integer-infeasible MIP is infeasible, with the row in its subset")
  func integerInfeasible() throws {
    let program = denseProgram(
      objective: [1], rows: [[2]], rowLower: [1], rowUpper: [1], integer: [0],
      rowNames: ["half"], columnNames: ["x"])
    let result = try highs.solve(program, options: SolveOptions())
    #expect(result.termination == .infeasible)
    #expect(result.primal == .none)
    #expect(result.infeasibleSubset?.rowNames == ["half"])
  }

  /// need: x + y >= 5 with capX: x <= 1 (a row) and y <= 3 (a column bound): 1 + 3 < 5.
  ///
  /// The conflict is both rows and y's upper bound; x's lower bound plays no part.
  @Test("A column bound in the conflict is listed among the subset's columns")
  func columnBoundInSubset() throws {
    let program = denseProgram(
      objective: [1, 1], rows: [[1, 1], [1, 0]], rowLower: [5, -infinity],
      rowUpper: [infinity, 1], columnUpper: [infinity, 3], rowNames: ["need", "capX"],
      columnNames: ["x", "y"])
    let result = try highs.solve(program, options: SolveOptions())
    #expect(result.termination == .infeasible)
    let subset = try #require(result.infeasibleSubset)
    #expect(subset.rowNames.sorted() == ["capX", "need"])
    #expect(subset.columnNames == ["y"])
  }

  /// Without columns the objective is the offset alone, and every row's activity is zero.
  @Test("A model without columns is solved by its offset, or infeasible by a row excluding zero")
  func emptyModel() throws {
    var program = denseProgram(objective: [], rows: [[], []], rowLower: [-1, 0], rowUpper: [1, 0])
    program.objectiveOffset = 5
    let solved = try highs.solve(program, options: SolveOptions())
    #expect(solved.hasOptimalSolution)
    #expect(solved.objective == 5)
    #expect(solved.rowValues == [0, 0])

    program.rowLower[1] = 2
    program.rowUpper[1] = 3
    let infeasible = try highs.solve(program, options: SolveOptions())
    #expect(infeasible.termination == .infeasible)
    #expect(infeasible.infeasibleSubset?.rows == [1])
  }

  @Test("A NaN coefficient is rejected with its place")
  func notANumber() throws {
    var program = Fixtures.transportation()
    program.matrix.values[3] = .nan
    let error = #expect(throws: SolverError.self) {
      try highs.solve(program, options: SolveOptions())
    }
    // Column 1 holds rows 0 and 3 (entries 2 and 3 of the column-wise matrix).
    #expect(
      error?.message
        == "The model has numbers out of the range HiGHS takes: the coefficient of column c1 in row r3 is NaN "
        + "(not a number).")
  }

  @Test("A row index outside the matrix is HiGHS's error, named by the call")
  func rowIndexOutOfRange() throws {
    var program = Fixtures.transportation()
    program.matrix.rowIndices[0] = 9
    let error = #expect(throws: SolverError.self) {
      try highs.solve(program, options: SolveOptions())
    }
    #expect(error?.message.contains("Highs_passLp") == true)
  }

  @Test("An option HiGHS refuses is an error naming the option and value")
  func refusedOption() throws {
    let error = #expect(throws: SolverError.self) {
      try highs.solve(Fixtures.transportation(), options: SolveOptions(timeLimit: -1))
    }
    #expect(error?.message.contains("time_limit = -1.0") == true)
  }
}
