import Foundation
import LinearProgramming

/// How a futures study is solved; one definition for the command line and the server.
public enum FuturesMethod: String, Sendable, CaseIterable, Codable {
  /// Every future's program side by side in one program (docs/formulation.md, "Futures").
  case extensive
  /// Benders (L-shaped) decomposition on the decisions taken now, the futures solved apart.
  case benders
  /// Benders when it applies and there are at least ``FuturesMethod/bendersFrom`` futures,
  /// the extensive form otherwise.
  case auto

  /// From this many futures on, `auto` picks Benders. No crossover has been measured yet
  /// (docs/performance.md, "Futures at scale": on the generated network Benders' MILP master
  /// needs many iterations), so `auto` keeps the extensive form until one is.
  public static let bendersFrom = Int.max
}

/// How Benders cuts enter the master problem.
public enum BendersCuts: String, Sendable, CaseIterable, Codable {
  /// One value column and one cut per future and iteration (any risk measure).
  case multi
  /// One value column for the expected loss and one aggregated cut per iteration (expected value only).
  case single
}

/// Benders (L-shaped) decomposition of a futures study (docs/formulation.md, "Futures: Benders").
///
/// The master problem holds the shared first-stage columns, the rows that involve nothing else,
/// and a value column per future (multi-cut) or one for the expected loss (single cut), bounded
/// below by each future's own optimum. Each iteration solves the master MILP, fixes its decisions
/// in every future's LP, solves those in parallel on warm solver sessions (bounds change, the
/// basis stays), and adds an optimality cut from the reduced costs of the fixed columns, or a
/// feasibility cut from an elastic copy of a future that cannot be served. It stops when the best
/// plan found is within the tolerance of the master's bound.
struct Benders {
  /// What the decomposition found.
  struct Outcome {
    /// The best decisions found, by position in `decisions`.
    var values: [Double]
    /// The risk measure of the loss at those decisions (the study's objective, in loss).
    var objective: Double
    /// The master's proven bound on it.
    var bound: Double
    /// The CVaR threshold (value at risk) at the best decisions, for CVaR studies.
    var threshold: Double?
    var iterations: Int
    var cuts: Int
    var masterRows: Int
    var masterColumns: Int
    var masterIntegerColumns: Int
    var masterNonzeros: Int
    /// The largest future's LP.
    var subproblemRows: Int
    var subproblemColumns: Int
  }

  let prepared: [StochasticPlanner.Prepared]
  let risk: FuturesStudy.Risk
  let cuts: BendersCuts
  /// Each future's least loss on its own: the regret reference.
  let ownLoss: [Double]
  /// A proven lower bound on each future's loss whatever is decided now.
  let lowerBounds: [Double]
  let solver: any Solver
  let options: SolveOptions
  var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
  /// Stop when (best - bound) <= tolerance x max(1, |best|).
  var tolerance = 1e-6
  /// Never loop forever: stop with an error after this many iterations.
  var iterationLimit = 500

  /// Why Benders cannot solve the study exactly, or nil when it can: a future that still decides
  /// integers after the decisions taken now (an integer second stage has no LP duals to cut with).
  static func obstacle(_ prepared: [StochasticPlanner.Prepared], risk: FuturesStudy.Risk, cuts: BendersCuts) -> String? {
    if cuts == .single, risk != .expectedValue {
      return "single cuts aggregate the expected loss, so they serve risk: expected-value only (use --cuts multi)"
    }
    for future in prepared {
      let firstStage = Set(future.decisions.values)
      let integers = future.program.columnKinds.indices.filter {
        future.program.columnKinds[$0] == .integer && !firstStage.contains($0)
      }
      if let column = integers.first {
        return "future '\(future.name)' still decides \(integers.count) integer column(s) after the decisions taken now "
          + "(\(future.program.columnNames[column]), a build or opening from decide_by on); Benders needs every integer "
          + "decision in the first stage (drop decide_by, or use --method extensive)"
      }
    }
    return nil
  }

  func solve() throws(FuturesError) -> Outcome {
    // The shared decisions, in one order; master column i is decision i.
    let decisionList = Array(Set(prepared.flatMap(\.decisions.keys))).sorted()
    let position = Dictionary(uniqueKeysWithValues: decisionList.enumerated().map { ($0.element, $0.offset) })
    var master = Model(sense: .minimize)
    var domains = [VariableDomain?](repeating: nil, count: decisionList.count)
    for future in prepared {
      for (decision, column) in future.decisions {
        guard let index = position[decision] else { continue }
        let (lower, upper, kind) = (future.program.columnLower[column], future.program.columnUpper[column], future.program.columnKinds[column])
        if let domain = domains[index] {
          domains[index] = VariableDomain(
            lower: max(domain.lower, lower), upper: min(domain.upper, upper), kind: domain.kind == .integer ? .integer : kind)
        } else {
          domains[index] = VariableDomain(lower: lower, upper: upper, kind: kind)
        }
      }
    }
    for (index, decision) in decisionList.enumerated() {
      master.addVariable("now:\(decision)", domain: domains[index] ?? VariableDomain())
    }
    // Rows of a future that involve decisions taken now only belong to the master as well, so
    // that it never proposes what no future allows (fewer feasibility cuts).
    var seen: Set<String> = []
    for future in prepared {
      var decisionOf: [Int: Int] = [:]
      for (decision, column) in future.decisions { decisionOf[column] = position[decision] }
      for (row, terms) in ExtensiveForm.rows(of: future.program).enumerated() where !terms.isEmpty {
        guard terms.allSatisfy({ decisionOf[$0.0] != nil }) else { continue }
        let mapped = terms.map { (decisionOf[$0.0] ?? 0, $0.1) }
        let key = "\(future.program.rowLower[row]) \(future.program.rowUpper[row]) \(mapped.map { "\($0.0):\($0.1)" })"
        guard seen.insert(key).inserted else { continue }
        master.addConstraint(lower: future.program.rowLower[row], upper: future.program.rowUpper[row], name: "\(future.name):\(future.program.rowNames[row])") { row in
          for (column, value) in mapped { row.add(value, Variable(index: column)) }
        }
      }
    }

    // Value columns and the risk measure over them. Losses enter the master divided by the
    // expected own optimum, so that value columns and cut slopes are near 1 rather than 1e10:
    // HiGHS's MILP bound on the unscaled master was seen above the true optimum.
    let probabilities = prepared.map(\.probability)
    let scale = max(1, abs(zip(probabilities, ownLoss).reduce(0) { $0 + $1.0 * $1.1 }))
    let ownLoss = self.ownLoss.map { $0 / scale }
    let lowerBounds = self.lowerBounds.map { $0 / scale }
    var values: [Variable] = []
    switch cuts {
    case .multi:
      for (index, future) in prepared.enumerated() {
        values.append(master.addVariable("value[\(future.name)]", domain: VariableDomain(lower: lowerBounds[index], upper: .infinity)))
      }
    case .single:
      let bound = zip(probabilities, lowerBounds).reduce(0) { $0 + $1.0 * $1.1 }
      values.append(master.addVariable("value", domain: VariableDomain(lower: bound, upper: .infinity), cost: 1))
    }
    var eta: Variable?
    var excess: [Variable] = []
    var largestRegret: Variable?
    switch (risk, cuts) {
    case (.expectedValue, .multi):
      for (variable, probability) in zip(values, probabilities) { master.setObjective(probability, for: variable) }
    case (.expectedValue, .single): break
    case (.conditionalValueAtRisk(let alpha, let weight), _):
      for (variable, probability) in zip(values, probabilities) { master.setObjective((1 - weight) * probability, for: variable) }
      let threshold = master.addVariable("cvar:threshold", domain: .free, cost: weight)
      eta = threshold
      for (index, future) in prepared.enumerated() {
        let variable = master.addVariable("cvar:excess[\(future.name)]", cost: weight * probabilities[index] / (1 - alpha))
        excess.append(variable)
        master.addConstraint(lower: 0, name: "cvar:excess[\(future.name)]") { row in
          row.add(1, variable)
          row.add(1, threshold)
          row.add(-1, values[index])
        }
      }
    case (.minimaxRegret, _):
      let regret = master.addVariable("regret:largest", domain: .free, cost: 1)
      largestRegret = regret
      for (index, future) in prepared.enumerated() {
        master.addConstraint(lower: -ownLoss[index], name: "regret[\(future.name)]") { row in
          row.add(1, regret)
          row.add(-1, values[index])
        }
      }
    }

    let subproblems = prepared.map { future in
      Subproblem(future: future, positions: future.decisions.map { (position[$0.key] ?? 0, $0.value) }, solver: solver, options: options)
    }
    var masterOptions = options
    masterOptions.relativeMIPGap = tolerance / 10
    masterOptions.computeInfeasibleSubset = false
    var best: (values: [Double], losses: [Double], objective: Double, threshold: Double?)?
    var bound = -Double.infinity
    var cutCount = 0
    var iteration = 0
    func converged() -> Bool {
      guard let best else { return false }
      return best.objective - bound <= tolerance * max(1, abs(best.objective))
    }
    // First the master's LP relaxation: its cuts are valid for whole numbers too and cost an LP
    // each, so the MILP master starts with most of the cuts it needs (docs/formulation.md).
    var relaxed = master.program().isMixedInteger
    var relaxedBound = -Double.infinity
    while !converged() {
      iteration += 1
      guard iteration <= iterationLimit else {
        throw FuturesError([
          "Benders did not converge in \(iterationLimit) iterations (best \(best?.objective ?? .nan), bound \(bound)); use --method extensive"
        ])
      }
      var program = master.program()
      if relaxed { program.columnKinds = [ColumnKind](repeating: .continuous, count: program.columnCount) }
      // Far from converged, a rough master answer serves as well as an exact one: its gap is a
      // tenth of the current one (the bound used is the master's proven bound either way).
      if let best {
        let gap = (best.objective - bound) / max(1, abs(best.objective))
        masterOptions.relativeMIPGap = max(tolerance / 10, min(0.01, gap / 10))
      }
      if !relaxed, let best {
        masterOptions.warmStartSolution = incumbent(
          best, columnCount: program.columnCount, values: values, eta: eta, excess: excess, regret: largestRegret,
          ownLoss: ownLoss)
      }
      let result: SolveResult
      do { result = try solver.solve(program, options: masterOptions) } catch {
        throw FuturesError(["the Benders master problem could not be solved: \(error)"])
      }
      guard result.primal == .feasible, result.columnValues.count == program.columnCount else {
        if result.termination == .infeasible {
          throw FuturesError([
            "no decision taken now leaves every future a feasible plan (the Benders master problem is infeasible); "
              + "solve the futures alone with ferrite solve to see which cannot be served"
          ])
        }
        throw FuturesError(["the Benders master problem stopped without a plan (\(result.termination.rawValue))"])
      }
      let masterBound = result.dualBound ?? result.objective ?? bound
      bound = max(bound, masterBound)
      if converged() { break }
      if relaxed {
        // The relaxation stalls once its bound moves by less than 0.01 % an iteration.
        if masterBound - relaxedBound <= 1e-4 * max(1, abs(masterBound)) {
          relaxed = false
          continue
        }
        relaxedBound = masterBound
      }
      let decisions = decisionList.indices.map { index in
        domains[index]?.kind == .integer && !relaxed ? result.columnValues[index].rounded() : result.columnValues[index]
      }
      let whole = decisionList.indices.allSatisfy { index in
        domains[index]?.kind != .integer || abs(decisions[index] - decisions[index].rounded()) <= 1e-9
      }
      let evaluations = try evaluateAll(subproblems, at: decisions).map { evaluation -> Subproblem.Evaluation in
        switch evaluation {
        case .optimal(let loss, let gradient): return .optimal(loss: loss / scale, gradient: gradient.map { ($0.0, $0.1 / scale) })
        case .infeasible(let violation, let gradient):
          let size = max(1, violation, gradient.map { abs($0.1) }.max() ?? 0)
          return .infeasible(violation: violation / size, gradient: gradient.map { ($0.0, $0.1 / size) })
        }
      }
      var added = 0
      // Feasibility cuts: sum g z <= sum g z_k - violation.
      for evaluation in evaluations {
        guard case .infeasible(let violation, let gradient) = evaluation else { continue }
        let constant = gradient.reduce(0) { $0 + $1.1 * decisions[$1.0] }
        master.addConstraint(upper: constant - violation, name: "feasibility[\(cutCount)]") { row in
          for (index, value) in gradient { row.add(value, Variable(index: index)) }
        }
        cutCount += 1
        added += 1
      }
      let losses = evaluations.compactMap { evaluation -> Double? in
        if case .optimal(let loss, _) = evaluation { return loss } else { return nil }
      }
      if losses.count == evaluations.count, whole {
        let (objective, threshold) = Self.riskValue(losses, probabilities: probabilities, risk: risk, ownLoss: ownLoss)
        if objective < best?.objective ?? .infinity { best = (decisions, losses, objective, threshold) }
      }
      // Optimality cuts: value >= loss_k + g (z - z_k).
      var aggregate: (constant: Double, gradient: [Int: Double]) = (0, [:])
      for (index, evaluation) in evaluations.enumerated() {
        guard case .optimal(let loss, let gradient) = evaluation else { continue }
        let constant = loss - gradient.reduce(0) { $0 + $1.1 * decisions[$1.0] }
        switch cuts {
        case .multi:
          let current = result.columnValues[values[index].index]
          guard current < loss - 1e-9 * max(1, abs(loss)) else { continue }
          master.addConstraint(lower: constant, name: "optimality[\(prepared[index].name),\(iteration)]") { row in
            row.add(1, values[index])
            for (column, value) in gradient { row.add(-value, Variable(index: column)) }
          }
          cutCount += 1
          added += 1
        case .single:
          aggregate.constant += probabilities[index] * constant
          for (column, value) in gradient { aggregate.gradient[column, default: 0] += probabilities[index] * value }
        }
      }
      if cuts == .single, losses.count == evaluations.count {
        let expected = zip(probabilities, losses).reduce(0) { $0 + $1.0 * $1.1 }
        if result.columnValues[values[0].index] < expected - 1e-9 * max(1, abs(expected)) {
          master.addConstraint(lower: aggregate.constant, name: "optimality[\(iteration)]") { row in
            row.add(1, values[0])
            for (column, value) in aggregate.gradient.sorted(by: { $0.key < $1.key }) { row.add(-value, Variable(index: column)) }
          }
          cutCount += 1
          added += 1
        }
      }
      // No cut cuts the master's answer off: it is optimal up to the solvers' tolerances.
      if added == 0 {
        if relaxed {
          relaxed = false
          continue
        }
        break
      }
    }
    guard let best else {
      throw FuturesError(["no decision taken now leaves every future a feasible plan (Benders found none)"])
    }
    let statistics = ModelStatistics(master.program())
    return Outcome(
      values: best.values, objective: best.objective * scale, bound: bound * scale, threshold: best.threshold.map { $0 * scale },
      iterations: iteration,
      cuts: cutCount, masterRows: statistics.rows, masterColumns: statistics.columns,
      masterIntegerColumns: statistics.integerColumns, masterNonzeros: statistics.nonzeros,
      subproblemRows: prepared.map(\.program.rowCount).max() ?? 0,
      subproblemColumns: prepared.map(\.program.columnCount).max() ?? 0)
  }

  /// The master's columns at a plan already evaluated: its decisions, each value column at the
  /// loss it was measured at, and the risk columns at their best, so the MILP starts from it.
  func incumbent(
    _ best: (values: [Double], losses: [Double], objective: Double, threshold: Double?), columnCount: Int,
    values: [Variable], eta: Variable?, excess: [Variable], regret: Variable?, ownLoss: [Double]
  ) -> [Double] {
    var start = [Double](repeating: 0, count: columnCount)
    for (index, value) in best.values.enumerated() { start[index] = value }
    switch cuts {
    case .multi: for (variable, loss) in zip(values, best.losses) { start[variable.index] = loss }
    case .single: start[values[0].index] = zip(prepared, best.losses).reduce(0) { $0 + $1.0.probability * $1.1 }
    }
    if let eta, let threshold = best.threshold {
      start[eta.index] = threshold
      for (variable, loss) in zip(excess, best.losses) { start[variable.index] = max(0, loss - threshold) }
    }
    if let regret { start[regret.index] = zip(best.losses, ownLoss).map { $0 - $1 }.max() ?? 0 }
    return start
  }

  /// The risk measure of the futures' losses, and for CVaR the threshold η that attains it.
  ///
  /// CVaR's minimum over η of η + E[(loss - η)+] / (1 - alpha) is piecewise linear and convex in
  /// η with breakpoints at the losses, so one of them attains it.
  /// - Complexity: O(futures²) for CVaR, O(futures) otherwise.
  static func riskValue(_ losses: [Double], probabilities: [Double], risk: FuturesStudy.Risk, ownLoss: [Double])
    -> (value: Double, threshold: Double?)
  {
    let expected = zip(probabilities, losses).reduce(0) { $0 + $1.0 * $1.1 }
    switch risk {
    case .expectedValue: return (expected, nil)
    case .minimaxRegret: return (zip(losses, ownLoss).map { $0 - $1 }.max() ?? 0, nil)
    case .conditionalValueAtRisk(let alpha, let weight):
      var best = (value: Double.infinity, threshold: 0.0)
      for eta in losses {
        let tail = zip(probabilities, losses).reduce(0) { $0 + $1.0 * max(0, $1.1 - eta) }
        let value = eta + tail / (1 - alpha)
        if value < best.value { best = (value, eta) }
      }
      return ((1 - weight) * expected + weight * best.value, best.threshold)
    }
  }

  /// Every future's LP at `decisions`, in parallel on `workers` threads.
  func evaluateAll(_ subproblems: [Subproblem], at decisions: [Double]) throws(FuturesError) -> [Subproblem.Evaluation] {
    let state = ParallelResults<Subproblem.Evaluation>(count: subproblems.count)
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, subproblems.count))) { _ in
      while let index = state.next() {
        do { state.set(index, try subproblems[index].evaluate(at: decisions)) } catch { state.fail("\(error)") }
      }
    }
    if let failure = state.failure { throw FuturesError([failure]) }
    return state.results.compactMap { $0 }
  }
}

/// One future's LP with the decisions taken now fixed, held in a solver session that keeps its
/// basis from one iteration to the next (only the fixed columns' bounds change).
final class Subproblem: @unchecked Sendable {
  enum Evaluation {
    /// The future's least loss at the decisions and its slope in each decision (master column, value).
    case optimal(loss: Double, gradient: [(Int, Double)])
    /// The future cannot be served at the decisions: the least total row violation and its slope.
    case infeasible(violation: Double, gradient: [(Int, Double)])
  }

  let name: String
  /// The future's program minimizing its loss, every column continuous.
  let program: LinearProgram
  /// (master column, program column) of each decision this future has.
  let positions: [(Int, Int)]
  let solver: any Solver
  let options: SolveOptions
  private var session: (any SolverSession)?
  private var elastic: (program: LinearProgram, session: (any SolverSession)?)?

  init(future: StochasticPlanner.Prepared, positions: [(Int, Int)], solver: any Solver, options: SolveOptions) {
    name = future.name
    var program = future.program
    if future.sign < 0 {
      program.objective = program.objective.map { -$0 }
      program.objectiveOffset = -program.objectiveOffset
    }
    program.sense = .minimize
    program.columnKinds = [ColumnKind](repeating: .continuous, count: program.columnCount)
    self.program = program
    self.positions = positions.sorted { $0.0 < $1.0 }
    self.solver = solver
    var options = options
    options.computeInfeasibleSubset = false
    options.relativeMIPGap = nil
    options.warmStartSolution = nil
    options.warmStartBasis = nil
    options.progress = nil
    self.options = options
  }

  func evaluate(at decisions: [Double]) throws -> Evaluation {
    let result = try solve(program, session: &session, at: decisions)
    switch result.termination {
    case .optimal where result.primal == .feasible:
      return .optimal(loss: result.objective ?? 0, gradient: try gradient(result, columns: program.columnCount))
    case .infeasible, .infeasibleOrUnbounded:
      var held = elastic ?? (Self.elastic(program), nil)
      let relaxed = try solve(held.program, session: &held.session, at: decisions)
      elastic = held
      guard relaxed.hasOptimalSolution, let violation = relaxed.objective, violation > 1e-9 else {
        throw FuturesError([
          "future '\(name)': the solver says \(result.termination.rawValue) at the master's decisions, but no row is violated "
            + "(numerical trouble; use --method extensive)"
        ])
      }
      return .infeasible(violation: violation, gradient: try gradient(relaxed, columns: held.program.columnCount))
    default:
      throw FuturesError(["future '\(name)': its LP stopped (\(result.termination.rawValue)) at the master's decisions"])
    }
  }

  private func solve(_ program: LinearProgram, session: inout (any SolverSession)?, at decisions: [Double]) throws -> SolveResult {
    if let session {
      for (index, column) in positions { try session.changeBounds(ofColumn: column, lower: decisions[index], upper: decisions[index]) }
      return try session.solve()
    }
    var fixed = program
    for (index, column) in positions {
      fixed.columnLower[column] = decisions[index]
      fixed.columnUpper[column] = decisions[index]
    }
    guard let sessions = solver as? any SessionSolver else { return try solver.solve(fixed, options: options) }
    let made = try sessions.makeSession(fixed, options: options)
    session = made
    return try made.solve()
  }

  /// The reduced costs of the fixed columns: the loss's slope in each decision (a subgradient of
  /// the LP's value as a function of the fixed bounds).
  private func gradient(_ result: SolveResult, columns: Int) throws -> [(Int, Double)] {
    guard result.reducedCosts.count == columns else {
      throw FuturesError(["future '\(name)': the solver returned no duals for its LP"])
    }
    return positions.compactMap { index, column in
      let value = result.reducedCosts[column]
      return abs(value) > 1e-12 ? (index, value) : nil
    }
  }

  /// `program` with zero costs and a pair of unit-cost slack columns on every bounded row: its
  /// optimum is the least total violation of the rows at the fixed decisions (0 when feasible).
  static func elastic(_ program: LinearProgram) -> LinearProgram {
    var elastic = program
    elastic.objective = [Double](repeating: 0, count: program.columnCount)
    elastic.objectiveOffset = 0
    var starts = program.matrix.columnStarts, rows = program.matrix.rowIndices, values = program.matrix.values
    for row in 0..<program.rowCount where program.rowLower[row].isFinite || program.rowUpper[row].isFinite {
      for sign in [1.0, -1.0] {
        rows.append(Int32(truncatingIfNeeded: row))
        values.append(sign)
        starts.append(Int32(truncatingIfNeeded: values.count))
        elastic.objective.append(1)
        elastic.columnLower.append(0)
        elastic.columnUpper.append(.infinity)
        elastic.columnKinds.append(.continuous)
      }
    }
    elastic.matrix = SparseMatrix(rowCount: program.rowCount, columnStarts: starts, rowIndices: rows, values: values)
    return elastic
  }
}

/// Results written by several threads, each index by one, behind a lock.
final class ParallelResults<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var position = 0
  private(set) var results: [Value?]
  private(set) var failure: String?

  init(count: Int) { results = [Value?](repeating: nil, count: count) }

  /// The next index to work on, or nil when all are taken or one failed.
  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard failure == nil, position < results.count else { return nil }
    position += 1
    return position - 1
  }

  func set(_ index: Int, _ value: Value) {
    lock.lock()
    defer { lock.unlock() }
    results[index] = value
  }

  func fail(_ message: String) {
    lock.lock()
    defer { lock.unlock() }
    failure = failure ?? message
  }
}
