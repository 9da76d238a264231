import Foundation

/// Solves a program's independent blocks apart, several at once, and answers as if it had
/// solved the program whole.
///
/// A model whose rows fall into groups that share no column (a plan without inventory between
/// periods, for example, is one block per period) is much easier for the simplex method in pieces:
/// each piece is a separate, smaller solver run, and the pieces run on a pool of threads
/// (`SolveOptions.threads`, one solver thread each). The answer is one ``SolveResult`` for the
/// whole program: values, row activities, duals, reduced costs and basis in the program's
/// positions; the objective is the sum of the blocks' plus the program's offset once; iterations
/// and nodes are summed.
///
/// Status, as the whole program's solve would report it: any block infeasible makes the program
/// infeasible (with that block's irreducible infeasible subset); otherwise any block unbounded
/// makes it unbounded; otherwise the program is optimal when every block is. A time limit,
/// deadline or interrupt applies to all the blocks together; a block cut short leaves the program
/// with that termination, with a solution only when every block has one. For a MIP, the bound is
/// the sum of the blocks' bounds and the gap is computed from the two sums.
///
/// Columns in no row are set from their bounds and cost (unbounded when the cost pushes one to an
/// infinite bound); rows without entries have activity zero. `SolveOptions.blocks` decides
/// whether to split at all: `.off` hands the program to the inner solver whole, `.auto` splits only
/// into at least two groups of ``minimumBlockSize``.
public struct BlockSolver: Solver {
  /// Solves each group of blocks; it is called with `blocks` set to `.off`.
  public var solver: any Solver
  /// Blocks smaller than this many rows + columns + nonzeros are packed together, since each
  /// solver run costs a few milliseconds however small the model.
  public var minimumBlockSize: Int

  /// The default smallest block solved on its own (rows + columns + nonzeros).
  public static let defaultMinimumBlockSize = 5_000

  public init(solver: any Solver, minimumBlockSize: Int = BlockSolver.defaultMinimumBlockSize) {
    self.solver = solver
    self.minimumBlockSize = minimumBlockSize
  }

  public func solve(_ program: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
    var whole = options
    whole.blocks = .off
    guard options.blocks != .off, Self.isWellFormed(program) else {
      return try solver.solve(program, options: whole)
    }
    let blocks = ProgramBlocks(program, minimumSize: minimumBlockSize)
    let parts = blocks.groups.count + (blocks.trivialColumns.isEmpty && blocks.emptyRows.isEmpty ? 0 : 1)
    let split = options.blocks == .on ? parts >= 2 : blocks.groups.count >= 2
    guard split else { return try solver.solve(program, options: whole) }
    return try BlockSolve(program: program, blocks: blocks, options: options, solver: solver).run()
  }

  /// Whether the program's arrays agree, so splitting cannot read out of bounds; a malformed
  /// program goes to the inner solver whole, which says what is wrong with it.
  static func isWellFormed(_ program: LinearProgram) -> Bool {
    let matrix = program.matrix
    let columns = program.columnCount
    guard program.columnLower.count == columns, program.columnUpper.count == columns,
      program.columnKinds.count == columns, program.rowUpper.count == program.rowCount,
      matrix.rowCount == program.rowCount, matrix.columnStarts.count == columns + 1,
      matrix.columnStarts.first == 0, matrix.values.count == matrix.rowIndices.count,
      matrix.columnStarts.last.map(Int.init) == matrix.rowIndices.count,
      program.rowCount < Int(Int32.max), columns < Int(Int32.max)
    else { return false }
    var previous: Int32 = 0
    for start in matrix.columnStarts.dropFirst() {
      guard start >= previous else { return false }
      previous = start
    }
    let rows = Int32(truncatingIfNeeded: program.rowCount)
    return matrix.rowIndices.allSatisfy { $0 >= 0 && $0 < rows }
  }
}

/// One block-wise solve: the sub-programs, the workers, and the assembly of the answer.
private struct BlockSolve {
  let program: LinearProgram
  let blocks: ProgramBlocks
  let options: SolveOptions
  let solver: any Solver

  func run() throws(SolverError) -> SolveResult {
    let clock = ContinuousClock()
    let start = clock.now
    var positions = [Int32](repeating: 0, count: program.rowCount)
    for group in blocks.groups {
      for (local, row) in group.rows.enumerated() { positions[Int(row)] = Int32(truncatingIfNeeded: local) }
    }
    let localRow = positions
    let board = ProgressBoard(
      groups: blocks.groups.count, isMixedInteger: program.isMixedInteger, handler: options.progress,
      offset: program.objectiveOffset + trivialObjective())
    let outcomes = Outcomes(count: blocks.groups.count)
    let deadline = blockDeadline(from: start)
    let workers = max(1, min(blocks.groups.count, options.threads ?? ProcessInfo.processInfo.activeProcessorCount))
    let done = DispatchGroup()
    for _ in 0..<workers {
      done.enter()
      // Dedicated threads rather than a shared pool: a solver may keep per-thread state set up
      // with a thread count (HiGHS's scheduler does), and these threads only ever use one.
      let thread = Thread {
        while let index = outcomes.next() {
          outcomes.record(index, solveGroup(index, localRow: localRow, deadline: deadline, board: board))
        }
        done.leave()
      }
      thread.stackSize = 16 << 20
      thread.start()
    }
    done.wait()
    var results: [SolveResult] = []
    for outcome in outcomes.all() {
      switch outcome {
      case .success(let result): results.append(result)
      case .failure(let error): throw error
      case nil: results.append(SolveResult(termination: .interrupted))
      }
    }
    let elapsed = (clock.now - start).components
    return assemble(
      results, interrupted: board.stopped,
      wallSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
  }

  /// Solves group `index` with one solver thread, sharing the deadline and the progress board.
  private func solveGroup(
    _ index: Int, localRow: [Int32], deadline: ContinuousClock.Instant?, board: ProgressBoard
  ) -> Result<SolveResult, SolverError> {
    if board.stopped { return .success(SolveResult(termination: .interrupted)) }
    let group = blocks.groups[index]
    let part = program.subprogram(group, localRow: localRow)
    var sub = options
    sub.blocks = .off
    sub.threads = 1
    // A time limit bounds the whole solve, not each block: every block gets the same deadline.
    sub.timeLimit = nil
    sub.deadline = deadline
    if case .file(let path) = options.log { sub.log = .file("\(path).block\(index + 1)") }
    if let basis = options.warmStartBasis, basis.columns.count == program.columnCount,
      basis.rows.count == program.rowCount
    {
      sub.warmStartBasis = Basis(
        columns: group.columns.map { basis.columns[Int($0)] }, rows: group.rows.map { basis.rows[Int($0)] })
    } else {
      sub.warmStartBasis = nil
    }
    if let solution = options.warmStartSolution, solution.count == program.columnCount {
      sub.warmStartSolution = group.columns.map { solution[Int($0)] }
    } else {
      sub.warmStartSolution = nil
    }
    if options.progress != nil {
      sub.progress = { report in board.report(report, group: index) }
    }
    let result = Result { () throws(SolverError) -> SolveResult in try solver.solve(part, options: sub) }
    if case .success(let solved) = result { board.finish(group: index, solved) }
    return result
  }

  /// The earlier of the options' deadline and the end of their time limit counted from `start`.
  private func blockDeadline(from start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
    let limit = SolveOptions.deadline(afterSeconds: options.timeLimit, from: start)
    switch (options.deadline, limit) {
    case (let a?, let b?): return min(a, b)
    case (let a, let b): return a ?? b
    }
  }

  // MARK: Trivial parts

  /// The value of a column in no row: at the bound its cost points to, rounded into its bounds
  /// when it is integer; nil when the cost pushes it to an infinite bound, `.nan` when its bounds
  /// admit no value.
  private func trivialValue(_ column: Int) -> Double? {
    var lower = program.columnLower[column]
    var upper = program.columnUpper[column]
    if program.columnKinds[column] == .integer {
      lower = lower.rounded(.up)
      upper = upper.rounded(.down)
    }
    guard lower <= upper else { return .nan }
    let cost = program.sense == .minimize ? program.objective[column] : -program.objective[column]
    if cost > 0 { return lower.isFinite ? lower : nil }
    if cost < 0 { return upper.isFinite ? upper : nil }
    if lower.isFinite { return lower }
    if upper.isFinite { return upper }
    return 0
  }

  /// The objective of the trivial columns that have a finite value.
  private func trivialObjective() -> Double {
    var total = 0.0
    for column in blocks.trivialColumns {
      if let value = trivialValue(Int(column)), value.isFinite { total += program.objective[Int(column)] * value }
    }
    return total
  }

  // MARK: Assembly

  private func assemble(_ results: [SolveResult], interrupted: Bool, wallSeconds: Double) -> SolveResult {
    var statistics = SolveStatistics()
    statistics.wallSeconds = wallSeconds
    for result in results {
      statistics.simplexIterations += result.statistics.simplexIterations
      statistics.barrierIterations += result.statistics.barrierIterations
      statistics.nodes += result.statistics.nodes
    }

    // Infeasible first: one infeasible part makes the whole program infeasible, whatever the rest.
    for column in blocks.trivialColumns where trivialValue(Int(column))?.isNaN == true {
      let index = Int(column)
      return SolveResult(
        termination: .infeasible,
        infeasibleSubset: options.computeInfeasibleSubset
          ? IrreducibleInfeasibleSubset(
            rows: [], columns: [index], rowNames: [], columnNames: [program.columnNames[index]]) : nil,
        statistics: statistics)
    }
    for row in blocks.emptyRows where !(program.rowLower[Int(row)] <= 0 && 0 <= program.rowUpper[Int(row)]) {
      let index = Int(row)
      return SolveResult(
        termination: .infeasible,
        infeasibleSubset: options.computeInfeasibleSubset
          ? IrreducibleInfeasibleSubset(rows: [index], columns: [], rowNames: [program.rowNames[index]], columnNames: [])
          : nil,
        statistics: statistics)
    }
    if let (index, result) = results.enumerated().first(where: { $0.element.termination == .infeasible }) {
      return SolveResult(
        termination: .infeasible, dual: result.dual == .feasible ? .feasible : .none,
        infeasibleSubset: result.infeasibleSubset.map { globalSubset($0, group: blocks.groups[index]) },
        statistics: statistics)
    }
    let trivialUnbounded = blocks.trivialColumns.contains { trivialValue(Int($0)) == nil }
    if trivialUnbounded || results.contains(where: { $0.termination == .unbounded }) {
      return SolveResult(termination: .unbounded, statistics: statistics)
    }
    if results.contains(where: { $0.termination == .infeasibleOrUnbounded }) {
      return SolveResult(termination: .infeasibleOrUnbounded, statistics: statistics)
    }

    var answer = SolveResult(termination: termination(of: results, interrupted: interrupted))
    answer.statistics = statistics
    let hasPrimal = zip(blocks.groups, results).allSatisfy { group, result in
      result.primal == .feasible && result.objective != nil && result.columnValues.count == group.columns.count
        && result.rowValues.count == group.rows.count
    }
    guard hasPrimal else {
      answer.primal = results.contains { $0.primal == .infeasible } ? .infeasible : .none
      answer.dualBound = dualBound(results)
      return answer
    }
    let isLP = !program.isMixedInteger
    let hasDuals = isLP && zip(blocks.groups, results).allSatisfy { group, result in
      result.dual == .feasible && result.rowDuals.count == group.rows.count
        && result.reducedCosts.count == group.columns.count
    }
    answer.primal = .feasible
    answer.dual = hasDuals ? .feasible : .none

    var columnValues = [Double](repeating: 0, count: program.columnCount)
    var rowValues = [Double](repeating: 0, count: program.rowCount)
    var reducedCosts = [Double](repeating: 0, count: hasDuals ? program.columnCount : 0)
    var rowDuals = [Double](repeating: 0, count: hasDuals ? program.rowCount : 0)
    let hasBasis = isLP && zip(blocks.groups, results).allSatisfy { group, result in
      result.basis.map { $0.columns.count == group.columns.count && $0.rows.count == group.rows.count } ?? false
    }
    var columnStatus = [BasisStatus](repeating: .lower, count: hasBasis ? program.columnCount : 0)
    var rowStatus = [BasisStatus](repeating: .basic, count: hasBasis ? program.rowCount : 0)
    var objective = program.objectiveOffset
    for (group, result) in zip(blocks.groups, results) {
      objective += result.objective ?? 0
      for (local, column) in group.columns.enumerated() {
        columnValues[Int(column)] = result.columnValues[local]
        if hasDuals { reducedCosts[Int(column)] = result.reducedCosts[local] }
        if hasBasis, let basis = result.basis { columnStatus[Int(column)] = basis.columns[local] }
      }
      for (local, row) in group.rows.enumerated() {
        rowValues[Int(row)] = result.rowValues[local]
        if hasDuals { rowDuals[Int(row)] = result.rowDuals[local] }
        if hasBasis, let basis = result.basis { rowStatus[Int(row)] = basis.rows[local] }
      }
    }
    for column in blocks.trivialColumns {
      let index = Int(column)
      let value = trivialValue(index) ?? 0
      columnValues[index] = value
      objective += program.objective[index] * value
      // With no row, the reduced cost is the cost itself.
      if hasDuals { reducedCosts[index] = program.objective[index] }
      if hasBasis {
        columnStatus[index] =
          value == program.columnLower[index] ? .lower : value == program.columnUpper[index] ? .upper : .zero
      }
    }
    answer.objective = objective
    answer.columnValues = columnValues
    answer.rowValues = rowValues
    answer.reducedCosts = reducedCosts
    answer.rowDuals = rowDuals
    if hasBasis { answer.basis = Basis(columns: columnStatus, rows: rowStatus) }
    if isLP {
      if answer.termination == .optimal { answer.dualBound = objective }
    } else {
      answer.dualBound = dualBound(results)
      if let bound = answer.dualBound { answer.mipGap = Self.gap(objective: objective, bound: bound) }
    }
    return answer
  }

  /// Why the whole solve stopped when no part is infeasible or unbounded: optimal when every part
  /// is; interrupted when the caller stopped it; otherwise the first part's reason for stopping
  /// short (a failure before a limit, a limit before a part never started).
  private func termination(of results: [SolveResult], interrupted: Bool) -> Termination {
    if results.allSatisfy({ $0.termination == .optimal }) { return .optimal }
    if interrupted { return .interrupted }
    let order: [Termination] = [
      .numericalTrouble, .otherError, .timeLimit, .iterationLimit, .nodeLimit, .solutionLimit,
      .objectiveBound, .interrupted, .notSolved,
    ]
    for reason in order where results.contains(where: { $0.termination == reason }) { return reason }
    return .otherError
  }

  /// The sum of the parts' bounds (the offset and trivial columns included); nil unless every part
  /// has one.
  private func dualBound(_ results: [SolveResult]) -> Double? {
    var bound = program.objectiveOffset + trivialObjective()
    for result in results {
      guard let part = result.dualBound ?? (result.termination == .optimal ? result.objective : nil) else {
        return nil
      }
      bound += part
    }
    return bound
  }

  /// The relative gap as HiGHS reports it: |objective - bound| / |objective|.
  static func gap(objective: Double, bound: Double) -> Double {
    let difference = abs(objective - bound)
    if difference == 0 { return 0 }
    return objective == 0 ? .infinity : difference / abs(objective)
  }

  /// A block's subset in the program's positions and names.
  private func globalSubset(
    _ subset: IrreducibleInfeasibleSubset, group: ProgramBlocks.Group
  ) -> IrreducibleInfeasibleSubset {
    let rows = subset.rows.compactMap { $0 < group.rows.count ? Int(group.rows[$0]) : nil }
    let columns = subset.columns.compactMap { $0 < group.columns.count ? Int(group.columns[$0]) : nil }
    return IrreducibleInfeasibleSubset(
      rows: rows, columns: columns, rowNames: rows.map { program.rowNames[$0] },
      columnNames: columns.map { program.columnNames[$0] })
  }
}

/// The groups' results as they come in from the workers, and the next group to solve.
private final class Outcomes: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<SolveResult, SolverError>?]
  private var cursor = 0

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func next() -> Int? {
    lock.withLock {
      guard cursor < results.count else { return nil }
      defer { cursor += 1 }
      return cursor
    }
  }

  func record(_ index: Int, _ result: Result<SolveResult, SolverError>) {
    lock.withLock { results[index] = result }
  }

  func all() -> [Result<SolveResult, SolverError>?] { lock.withLock { results } }
}

/// The latest progress of every group, summed into one report for the caller's handler; once the
/// handler says stop, every group's solver is told to stop and no further group starts.
private final class ProgressBoard: @unchecked Sendable {
  private let lock = NSLock()
  private let handler: (@Sendable (SolveProgress) -> Bool)?
  private let isMixedInteger: Bool
  private let offset: Double
  private let start = ContinuousClock.now
  private var best: [Double?]
  private var bound: [Double?]
  private var nodes: [Int]
  private var stop = false

  init(groups: Int, isMixedInteger: Bool, handler: (@Sendable (SolveProgress) -> Bool)?, offset: Double) {
    self.handler = handler
    self.isMixedInteger = isMixedInteger
    self.offset = offset
    best = Array(repeating: nil, count: groups)
    bound = Array(repeating: nil, count: groups)
    nodes = Array(repeating: 0, count: groups)
  }

  var stopped: Bool { lock.withLock { stop } }

  /// Records a group's report and passes the sum on; returns whether the group's solve goes on.
  func report(_ progress: SolveProgress, group: Int) -> Bool {
    lock.withLock {
      if stop { return false }
      if let value = progress.bestObjective { best[group] = value }
      if let value = progress.bound { bound[group] = value }
      if let value = progress.nodes { nodes[group] = value }
      guard let handler else { return true }
      if !handler(summary()) { stop = true }
      return !stop
    }
  }

  /// Records a finished group's objective and bound, so the sums stay complete.
  func finish(group: Int, _ result: SolveResult) {
    lock.withLock {
      if let objective = result.objective { best[group] = objective }
      bound[group] = result.dualBound ?? (result.termination == .optimal ? result.objective : bound[group])
      nodes[group] = result.statistics.nodes
    }
  }

  /// The whole program's progress: elapsed time, and for a MIP the sums of the groups' best
  /// objectives and bounds once every group has one.
  private func summary() -> SolveProgress {
    let elapsed = (ContinuousClock.now - start).components
    var report = SolveProgress(seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    guard isMixedInteger else { return report }
    report.nodes = nodes.reduce(0, +)
    if best.allSatisfy({ $0 != nil }) { report.bestObjective = best.reduce(offset) { $0 + ($1 ?? 0) } }
    if bound.allSatisfy({ $0 != nil }) { report.bound = bound.reduce(offset) { $0 + ($1 ?? 0) } }
    if let objective = report.bestObjective, let bound = report.bound {
      report.gap = BlockSolve.gap(objective: objective, bound: bound)
    }
    return report
  }
}
