import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("Independent blocks solved apart")
struct BlockSolverTests {
  /// Two LPs that share nothing, plus a column in no row, with the objective constant 10.
  ///
  /// Columns x0 x1 x2 x3 x4, interleaved so the blocks are not contiguous:
  ///
  ///     block A: min x0 + 2 x1   s.t. r0: x0 + x1 >= 4,  r2: x0 <= 3
  ///     block B: min 3 x2 + x3   s.t. r1: x2 + x3 >= 2,  r3: x3 <= 1.5
  ///     alone:   min -x4         with 0 <= x4 <= 7
  ///
  /// A: x0 is cheaper, so x0 = 3 (r2 binding) and x1 = 1: cost 5. B: x3 is cheaper, so x3 = 1.5
  /// (r3 binding) and x2 = 0.5: cost 3. x4 = 7: -7. Objective 10 + 5 + 3 - 7 = 11.
  /// Duals: r0 = 2 (x1 basic: 2 - y0 = 0), r2 = 1 - 2 = -1; r1 = 3 (x2 basic), r3 = 1 - 3 = -2.
  /// Reduced costs are zero for the basic x1, x2; x0 and x3 sit on their rows, not their bounds,
  /// so 0 too; x4 keeps its cost, -1.
  static func twoBlocks(secondRowUpper: Double = infinity) -> LinearProgram {
    var program = denseProgram(
      objective: [1, 3, 2, 1, -1],
      rows: [
        [1, 0, 1, 0, 0],  // r0: x0 + x1 >= 4
        [0, 1, 0, 1, 0],  // r1: x2 + x3 >= 2
        [1, 0, 0, 0, 0],  // r2: x0 <= 3
        [0, 0, 0, 1, 0],  // r3: x3 <= 1.5
      ],
      rowLower: [4, 2, -infinity, -infinity], rowUpper: [infinity, secondRowUpper, 3, 1.5],
      columnUpper: [infinity, infinity, infinity, infinity, 7],
      rowNames: ["r0", "r1", "r2", "r3"], columnNames: ["x0", "x2", "x1", "x3", "x4"])
    program.objectiveOffset = 10
    return program
  }

  static let split = SolveOptions.with { $0.blocks = .on }
  static let whole = SolveOptions.with { $0.blocks = .off }

  @Test("Two tiny LPs: objective, values, duals and basis as the whole model's, from two solver runs")
  func twoTinyLPs() throws {
    let program = Self.twoBlocks()
    let counter = CountingSolver()
    let blocks = try BlockSolver(solver: counter, minimumBlockSize: 0).solve(program, options: Self.split)
    let whole = try HiGHSSolver().solve(program, options: Self.whole)
    #expect(counter.calls == 2, "each block is its own solver run; the free column needs none")
    #expect(blocks.hasOptimalSolution && whole.hasOptimalSolution)
    #expect(close(blocks.objective, 11, tolerance: 1e-9) && close(whole.objective, 11, tolerance: 1e-9))
    #expect(close(blocks.dualBound, 11, tolerance: 1e-9))
    #expect(close(blocks.columnValues, [3, 0.5, 1, 1.5, 7]))
    #expect(close(blocks.columnValues, whole.columnValues))
    #expect(close(blocks.rowValues, whole.rowValues))
    #expect(close(blocks.rowDuals, [2, 3, -1, -2]))
    #expect(close(blocks.rowDuals, whole.rowDuals))
    #expect(close(blocks.reducedCosts, [0, 0, 0, 0, -1]))
    #expect(close(blocks.reducedCosts, whole.reducedCosts))
    #expect(blocks.basis == whole.basis)
    #expect(blocks.dual == .feasible)
  }

  @Test("Auto leaves a model of tiny blocks whole; off never splits")
  func autoKeepsTinyModelsWhole() throws {
    let counter = CountingSolver()
    var options = SolveOptions()
    options.blocks = .auto
    let result = try BlockSolver(solver: counter).solve(Self.twoBlocks(), options: options)
    #expect(counter.calls == 1)
    #expect(close(result.objective, 11, tolerance: 1e-9))
    _ = try BlockSolver(solver: counter, minimumBlockSize: 0).solve(Self.twoBlocks(), options: Self.whole)
    #expect(counter.calls == 2)
  }

  @Test("One infeasible block makes the model infeasible, its subset named in the model's positions")
  func infeasibleBlock() throws {
    // Block B needs x2 + x3 >= 2 (r1) with x3 <= 1.5 (r3) and now x2 <= 0.2: at most 1.7.
    var program = Self.twoBlocks()
    program.columnUpper[1] = 0.2
    let blocks = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(program, options: Self.split)
    let whole = try HiGHSSolver().solve(program, options: Self.whole)
    #expect(blocks.termination == .infeasible && whole.termination == .infeasible)
    #expect(blocks.primal == .none && blocks.columnValues.isEmpty)
    // The conflict lies in block B: rows r1 and r3 and the bound of x2, in the model's positions.
    let subset = try #require(blocks.infeasibleSubset)
    #expect(!subset.rows.isEmpty && Set(subset.rows).isSubset(of: [1, 3]))
    #expect(subset.rowNames == subset.rows.map { program.rowNames[$0] })
    #expect(Set(subset.columns).isSubset(of: [1, 3]))
    #expect(subset.columnNames == subset.columns.map { program.columnNames[$0] })
  }

  @Test("A free column whose bounds cross is infeasible on its own")
  func infeasibleTrivialColumn() throws {
    var program = Self.twoBlocks()
    program.columnLower[4] = 8  // above its upper bound 7
    let blocks = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(program, options: Self.split)
    #expect(blocks.termination == .infeasible)
    #expect(blocks.infeasibleSubset?.columnNames == ["x4"])
  }

  @Test("An unbounded block, or a free column pushed to an infinite bound, makes the model unbounded")
  func unbounded() throws {
    // Block B maximizes x2 without limit: min -3 x2 + x3 with only x2 + x3 >= 2 and x3 <= 1.5.
    var program = Self.twoBlocks()
    program.objective[1] = -3
    let blocks = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(program, options: Self.split)
    let whole = try HiGHSSolver().solve(program, options: Self.whole)
    #expect(blocks.termination == .unbounded)
    #expect([.unbounded, .infeasibleOrUnbounded].contains(whole.termination))

    // x4 costs -1 with no upper bound.
    var free = Self.twoBlocks()
    free.columnUpper[4] = infinity
    let trivial = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(free, options: Self.split)
    #expect(trivial.termination == .unbounded)
  }

  /// Two integer programs that share nothing.
  ///
  ///     A: max 5a + 4b  s.t. 6a + 4b <= 24, a + 2b <= 6, a, b >= 0 integer
  ///     B: max 3c + 2d  s.t. c + d <= 4.5, c <= 2.5,    c, d >= 0 integer
  ///
  /// A: (4, 0) gives 20; (3, 1) 19; (2, 2) 18; a = 4 is the most 6a <= 24 allows, and b > 0 with
  /// a = 4 breaks the first row, so 20. B: c <= 2 and c + d <= 4 in integers; c = 2, d = 2 gives
  /// 10 against 9 for (1, 3): 10. Together 30 (the LP relaxation gives 21 + 11 = 32).
  @Test("A MIP in blocks: the same optimum, bound and gap as solved whole")
  func mixedInteger() throws {
    let program = denseProgram(
      .maximize, objective: [5, 3, 4, 2],
      rows: [
        [6, 0, 4, 0],
        [0, 1, 0, 1],
        [1, 0, 2, 0],
        [0, 1, 0, 0],
      ],
      rowLower: [-infinity, -infinity, -infinity, -infinity], rowUpper: [24, 4.5, 6, 2.5],
      integer: [0, 1, 2, 3])
    let counter = CountingSolver()
    let blocks = try BlockSolver(solver: counter, minimumBlockSize: 0).solve(program, options: Self.split)
    let whole = try HiGHSSolver().solve(program, options: Self.whole)
    #expect(counter.calls == 2)
    #expect(blocks.hasOptimalSolution && whole.hasOptimalSolution)
    #expect(close(blocks.objective, 30, tolerance: 1e-9) && close(whole.objective, 30, tolerance: 1e-9))
    #expect(close(blocks.columnValues, [4, 2, 0, 2]))
    #expect(close(blocks.dualBound, 30, tolerance: 1e-6))
    #expect((blocks.mipGap ?? 1) <= 1e-6)
    #expect(blocks.rowDuals.isEmpty && blocks.basis == nil, "a MIP gives no duals, as solved whole")
  }

  @Test("A deadline already past stops the blocks as it stops the whole model")
  func deadlinePassed() throws {
    var options = Self.split
    options.deadline = .now - .seconds(1)
    let blocks = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(Fixtures.knapsackPair, options: options)
    options.blocks = .off
    let whole = try HiGHSSolver().solve(Fixtures.knapsackPair, options: options)
    #expect(blocks.termination == whole.termination)
  }

  @Test("A progress handler that says stop interrupts every block")
  func interrupted() throws {
    var options = Self.split
    options.progress = { _ in false }
    // Many blocks, so the handler is called before the last one starts.
    let pairs = 40
    var program = Fixtures.knapsackPair
    for _ in 1..<pairs { program = Self.sideBySide(program, Fixtures.knapsackPair) }
    let blocks = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(program, options: options)
    #expect(
      blocks.termination == .interrupted || blocks.termination == .optimal,
      "stopped, unless every block finished before its first report")
  }

  /// `a` and `b` in one program that keeps them independent.
  static func sideBySide(_ a: LinearProgram, _ b: LinearProgram) -> LinearProgram {
    let shift = Int32(a.matrix.nonzeroCount)
    let rows = Int32(a.rowCount)
    return LinearProgram(
      sense: a.sense, objectiveOffset: a.objectiveOffset + b.objectiveOffset, objective: a.objective + b.objective,
      columnLower: a.columnLower + b.columnLower, columnUpper: a.columnUpper + b.columnUpper,
      columnKinds: a.columnKinds + b.columnKinds, rowLower: a.rowLower + b.rowLower,
      rowUpper: a.rowUpper + b.rowUpper,
      matrix: SparseMatrix(
        rowCount: a.rowCount + b.rowCount,
        columnStarts: a.matrix.columnStarts + b.matrix.columnStarts.dropFirst().map { $0 + shift },
        rowIndices: a.matrix.rowIndices + b.matrix.rowIndices.map { $0 + rows },
        values: a.matrix.values + b.matrix.values))
  }
}

extension Fixtures {
  /// Two knapsacks side by side (each the ``knapsack(valueScale:)``, optimum 90): 180 together.
  static var knapsackPair: LinearProgram {
    BlockSolverTests.sideBySide(knapsack(), knapsack())
  }
}

extension SolveOptions {
  /// Options with `change` applied.
  static func with(_ change: (inout SolveOptions) -> Void) -> SolveOptions {
    var options = SolveOptions()
    change(&options)
    return options
  }
}

/// HiGHS, counting how often it is called.
final class CountingSolver: Solver, @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var calls: Int { lock.withLock { count } }

  func solve(_ program: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
    lock.withLock { count += 1 }
    return try HiGHSSolver().solve(program, options: options)
  }
}
