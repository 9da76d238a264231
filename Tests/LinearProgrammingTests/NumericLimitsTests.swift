import Testing

@testable import LinearProgramming

@Suite("Numbers out of a solver's range")
struct NumericLimitsTests {
  /// x (column "ship") and y (column "make"): minimize 2x + 3y, row "need": x + y >= 4,
  /// row "cap": x <= 10; every number in range.
  static func program() -> LinearProgram {
    LinearProgram(
      objective: [2, 3], columnLower: [0, 0], columnUpper: [.infinity, 1e30],
      columnKinds: [.continuous, .continuous],
      rowLower: [4, -.infinity], rowUpper: [.infinity, 10],
      matrix: SparseMatrix(rowCount: 2, columnStarts: [0, 2, 3], rowIndices: [0, 1, 0], values: [1, 1, 1]),
      columnNames: Names(prefix: "c", explicit: ["ship", "make"]),
      rowNames: Names(prefix: "r", explicit: ["need", "cap"]))
  }

  @Test("a program in range has nothing to report; infinite and huge upper bounds mean no limit")
  func inRange() {
    #expect(Self.program().valuesOutOfRange().isEmpty)
  }

  @Test("each kind of bad number is named by its row and column")
  func everyPlace() {
    var program = Self.program()
    program.objective[0] = 1e15  // at the limit: out
    program.columnLower[1] = 1e20  // reads as +infinity
    program.rowUpper[1] = -.infinity  // x <= -infinity
    program.matrix.values[1] = .nan  // ship's coefficient in cap
    program.rowLower[0] = .nan
    program.objectiveOffset = .infinity
    let found = program.valuesOutOfRange()
    #expect(
      found.map(\.description) == [
        "the objective offset is infinity",
        "the cost of column ship is 1.0e+15, outside ±1.0e+15",
        "the lower bound of column make is 1.0e+20, which the solver reads as +infinity",
        "the lower bound of row need is NaN (not a number)",
        "the upper bound of row cap is minus infinity",
        "the coefficient of column ship in row cap is NaN (not a number)",
      ])
    #expect(found[5].place == .coefficient(row: 1, column: 0))
    #expect(found[5].row == 1 && found[5].column == 0)
  }

  @Test("just below the limits is in range; the list is capped")
  func limitsAndCap() {
    var program = Self.program()
    program.objective = [9.99e14, -9.99e14]
    program.matrix.values = [-9.99e14, 1, 1]
    program.rowLower[0] = 9.99e19
    #expect(program.valuesOutOfRange().isEmpty)
    program.matrix.values = [.infinity, -.infinity, 2e15]
    // Entries 0 and 1 are column ship's (rows need, cap), entry 2 column make's (row need).
    #expect(
      program.valuesOutOfRange().map(\.place) == [
        .coefficient(row: 0, column: 0), .coefficient(row: 1, column: 0), .coefficient(row: 0, column: 1),
      ])
    #expect(program.valuesOutOfRange(maximumCount: 2).count == 2)
    // Stricter limits of another solver are data, not code.
    #expect(Self.program().valuesOutOfRange(limits: NumericLimits(cost: 2.5)).map(\.column) == [1])
  }

  @Test("a deadline shortens the time limit and reaches zero once passed")
  func deadline() {
    let now = ContinuousClock.now
    var options = SolveOptions(timeLimit: 100)
    #expect(options.secondsAllowed(now: now) == 100)
    options.deadline = SolveOptions.deadline(afterSeconds: 20, from: now)
    #expect(options.secondsAllowed(now: now) == 20)
    #expect(options.secondsAllowed(now: now + .seconds(15)) == 5)
    #expect(options.secondsAllowed(now: now + .seconds(25)) == 0)
    options.timeLimit = nil
    #expect(options.secondsAllowed(now: now) == 20)
    // Nonsense and absurd limits set no deadline rather than trapping in Duration.
    for seconds in [0, -1, .nan, .infinity, 1e300] {
      #expect(SolveOptions.deadline(afterSeconds: seconds) == nil)
    }
    #expect(SolveOptions().secondsAllowed() == nil)
  }
}
