import FerriteModel
import FerritePlanner
import Foundation
import LinearProgramming

/// Runs a sweep: every run of a design on a base scenario, in parallel, one solver session per worker.
///
/// When the formulation can write every parameter into the built model (`Formulation.changes(setting:)`:
/// costs, rates and prices, quantities, capacities, caps, quotas, origin-share thresholds), the
/// model is built once; each run writes its changes into the worker's session and warm-starts from
/// the base solution. Otherwise each run applies its variant and builds its own model. Either way a run starts from
/// the base's basis, never from the previous run's, so results do not depend on the number of
/// workers or the order runs are taken in.
public final class Sweep: @unchecked Sendable {
  public let base: Scenario
  public let design: SweepDesign
  public let options: PlannerOptions
  /// Solves the base and every run; each worker holds one of its sessions.
  public let solver: any SessionSolver
  /// The base's own run (index -1): its figures and decisions, against which regret is measured.
  public private(set) var baseRun: SweepRun
  /// Whether runs change the base model in place.
  public let isInPlace: Bool
  /// Why runs rebuild the model, when they do (the first parameter the model cannot take in place).
  public let rebuildReason: String?

  let formulation: Formulation
  let program: LinearProgram
  let baseTables: ScenarioTables
  let baseResult: SolveResult
  /// The base's integer decisions by meaning, for rebuilt models.
  let baseDecisions: [ColumnMeaning: Double]
  let edits: [[ParameterEdit]]

  /// Builds and solves the base; throws when the base cannot be modelled or solved.
  public init(
    base: Scenario, design: SweepDesign, options: PlannerOptions = PlannerOptions(), solver: any SessionSolver
  ) throws {
    self.base = base
    self.solver = solver
    self.design = design
    var options = options
    options.solve.threads = 1
    options.solve.computeInfeasibleSubset = false
    options.solve.randomSeed = options.solve.randomSeed ?? 0
    self.options = options
    let formulation = try Formulation(base, options: options)
    self.formulation = formulation
    let program = formulation.program()
    self.program = program
    let baseTables = ScenarioTables(base)
    self.baseTables = baseTables
    let result = try solver.solve(program, options: options.solve)
    guard result.primal == .feasible else {
      throw SolverError("The base scenario has no feasible plan (\(result.termination.rawValue)); a sweep needs one.")
    }
    baseResult = result
    var decisions: [ColumnMeaning: Double] = [:]
    for column in 0..<program.columnCount where program.columnKinds[column] == .integer {
      decisions[formulation.columnMeanings[column]] = result.columnValues[column].rounded()
    }
    baseDecisions = decisions
    var edits: [[ParameterEdit]] = []
    var reason: String? = nil
    for parameter in design.parameters {
      switch ParameterEdit.edits(for: parameter, tables: baseTables, formulation: formulation) {
      case .success(let found): edits.append(found)
      case .failure(let why):
        edits.append([])
        reason = reason ?? why.reason
      }
    }
    self.edits = edits
    // Whether the model takes the parameters is the formulation's rule; ask it with run 0's values.
    if reason == nil, !design.runs.isEmpty, case .failure(let change) = formulation.changes(setting: Self.values(edits, design.runs[0])) {
      reason = "\(change)"
    }
    rebuildReason = reason
    isInPlace = reason == nil
    let (figures, kept) = RunFigures(formulation: formulation).figures(result.columnValues, values: [:], quantities: [:])
    baseRun = SweepRun(
      index: -1, inputs: [:], termination: result.termination.rawValue, objective: result.objective, figures: figures,
      decisions: kept, regret: decisions.isEmpty ? nil : 0, inPlace: true,
      simplexIterations: result.statistics.simplexIterations, seconds: result.statistics.wallSeconds)
  }

  /// The scenario numbers of one run: each parameter's value written into the cells it selects.
  static func values(_ edits: [[ParameterEdit]], _ run: [Double]) -> [ScenarioNumber: Double] {
    var values: [ScenarioNumber: Double] = [:]
    for (parameter, value) in zip(edits, run) {
      for edit in parameter { values[edit.number] = edit.cell(value) }
    }
    return values
  }

  /// Runs `indices` of the design on `workers` threads, calling `progress(done)` as runs finish
  /// and `record(run)` for each run (from worker threads, one at a time). Returns runs in index order.
  public func run(
    indices: [Int]? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
    progress: @Sendable (Int) -> Void = { _ in }, record: @Sendable (SweepRun) -> Void = { _ in }
  ) throws -> [SweepRun] {
    let todo = indices ?? Array(design.runs.indices)
    let state = RunState()
    let workerCount = max(1, min(workers, todo.count))
    DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
      var worker: Worker? = nil
      while let position = state.nextPosition(below: todo.count) {
        do {
          if worker == nil { worker = try Worker(self) }
          guard let current = worker else { return }
          let run = try current.run(todo[position])
          progress(state.finish(run, record: record))
        } catch {
          state.fail(error)
          return
        }
      }
    }
    if let failure = state.failure { throw failure }
    return todo.compactMap { state.runs[$0] }
  }

  /// The shared state of a parallel sweep, behind a lock.
  final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var runs: [Int: SweepRun] = [:]
    private(set) var failure: Error?

    /// The next position to run, or nil when all are taken or a run failed.
    func nextPosition(below count: Int) -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard failure == nil, next < count else { return nil }
      next += 1
      return next - 1
    }

    /// Keeps a run, hands it to `record` and returns how many runs are done.
    func finish(_ run: SweepRun, record: (SweepRun) -> Void) -> Int {
      lock.lock()
      defer { lock.unlock() }
      runs[run.index] = run
      record(run)
      return runs.count
    }

    func fail(_ error: Error) {
      lock.lock()
      defer { lock.unlock() }
      failure = failure ?? error
    }
  }

  /// One run on a fresh model, whatever the parameters: apply the variant, build, solve cold.
  public func rebuiltRun(_ index: Int) throws -> SweepRun {
    let clock = ContinuousClock()
    let start = clock.now
    let scenario: Scenario
    let formulation: Formulation
    do {
      scenario = try design.variant(index).apply(to: base)
      formulation = try Formulation(scenario, options: options)
    } catch {
      // A draw can make the scenario invalid (a share above 1, a negative capacity): that run has
      // no plan, the others still count.
      var run = SweepRun(
        index: index, inputs: [:], termination: "invalid", objective: nil, figures: [:], decisions: [:], regret: nil,
        inPlace: false, simplexIterations: 0, seconds: (clock.now - start).seconds)
      run.inputs = Dictionary(uniqueKeysWithValues: zip(design.parameters.map(\.name), design.runs[index]))
      return run
    }
    let program = formulation.program()
    var solveOptions = options.solve
    solveOptions.warmStartBasis = nil
    solveOptions.warmStartSolution = nil
    let session = try solver.makeSession(program, options: solveOptions)
    let result = try session.solve()
    var run = finish(index, result: result, formulation: formulation, values: [:], quantities: [:], inPlace: false)
    if result.primal == .feasible, !baseDecisions.isEmpty,
      keepsBaseDecisions(result.columnValues, formulation: formulation, program: program)
    {
      run.regret = 0
    } else if let objective = result.objective, result.primal == .feasible, !baseDecisions.isEmpty {
      var fixedAny = true
      for (meaning, value) in baseDecisions {
        guard let column = formulation.column(for: meaning) else {
          fixedAny = value == 0
          if !fixedAny { break }
          continue
        }
        try session.changeBounds(ofColumn: column, lower: value, upper: value)
      }
      if fixedAny {
        let fixed = try session.solve()
        run.regret = fixed.primal == .feasible ? fixed.objective.map { regret($0, optimum: objective) } : nil
      }
    }
    run.seconds = (clock.now - start).seconds
    return run
  }

  func finish(
    _ index: Int, result: SolveResult, formulation: Formulation, values: [CostParameter: Double],
    quantities: [Int: Double], inPlace: Bool
  ) -> SweepRun {
    let inputs = Dictionary(uniqueKeysWithValues: zip(design.parameters.map(\.name), design.runs[index]))
    var figures: [String: Double] = [:], decisions: [String: Double] = [:]
    if result.primal == .feasible, !result.columnValues.isEmpty {
      (figures, decisions) = RunFigures(formulation: formulation).figures(result.columnValues, values: values, quantities: quantities)
    }
    return SweepRun(
      index: index, inputs: inputs, termination: result.termination.rawValue,
      objective: result.primal == .feasible ? result.objective : nil, figures: figures, decisions: decisions,
      regret: nil, inPlace: inPlace, simplexIterations: result.statistics.simplexIterations, seconds: 0)
  }

  /// Whether a run's solution makes the base's integer decisions: then the base plan's decisions
  /// are this run's optimal ones, its regret is 0 and the solve that pins them is not needed.
  func keepsBaseDecisions(_ values: [Double], formulation: Formulation, program: LinearProgram) -> Bool {
    var seen = 0
    for column in 0..<program.columnCount where program.columnKinds[column] == .integer {
      guard let decision = baseDecisions[formulation.columnMeanings[column]], values[column].rounded() == decision
      else { return false }
      seen += 1
    }
    // A base decision whose column the run's model lacks must be "never".
    return seen == baseDecisions.count || baseDecisions.allSatisfy { meaning, value in
      value == 0 || formulation.column(for: meaning) != nil
    }
  }

  /// How much worse `objective` is than `optimum`, in the objective's own direction.
  func regret(_ objective: Double, optimum: Double) -> Double {
    max(0, formulation.maximizesProfit ? optimum - objective : objective - optimum)
  }

  /// A worker's session on the base model, changed in place run after run; one per thread.
  public final class Worker {
    let sweep: Sweep
    let session: (any SolverSession)?
    var startOptions: SolveOptions

    /// Loads the base model into a new session (when runs change it in place).
    public init(_ sweep: Sweep) throws {
      self.sweep = sweep
      var options = sweep.options.solve
      if sweep.program.isMixedInteger {
        options.warmStartSolution = sweep.baseResult.columnValues
      } else {
        options.warmStartBasis = sweep.baseResult.basis
      }
      startOptions = options
      session = sweep.isInPlace ? try sweep.solver.makeSession(sweep.program, options: options) : nil
    }

    /// Runs design run `index`: in place when the sweep allows it, rebuilt otherwise.
    public func run(_ index: Int) throws -> SweepRun {
      guard let session else { return try sweep.rebuiltRun(index) }
      let clock = ContinuousClock()
      let start = clock.now
      let program = sweep.program
      let changes = try sweep.formulation.changes(setting: Sweep.values(sweep.edits, sweep.design.runs[index])).get()
      // Every run of a sweep writes the same positions (all those its parameters feed), so the
      // previous run's numbers never leak into this one.
      try session.apply(changes.model)
      try session.warmStart(from: startOptions, for: program)
      let result = try session.solve()
      var run = sweep.finish(
        index, result: result, formulation: sweep.formulation, values: changes.costs,
        quantities: changes.demandQuantities, inPlace: true)
      if result.primal == .feasible, !sweep.baseDecisions.isEmpty,
        sweep.keepsBaseDecisions(result.columnValues, formulation: sweep.formulation, program: program)
      {
        run.regret = 0
      } else if let objective = result.objective, result.primal == .feasible, !sweep.baseDecisions.isEmpty {
        let fixed = sweep.baseDecisions.compactMap { meaning, value in sweep.formulation.column(for: meaning).map { ($0, value) } }
        for (column, value) in fixed { try session.changeBounds(ofColumn: column, lower: value, upper: value) }
        try session.warmStart(from: startOptions, for: program)
        let pinned = try session.solve()
        run.regret = pinned.primal == .feasible ? pinned.objective.map { sweep.regret($0, optimum: objective) } : nil
        run.simplexIterations += pinned.statistics.simplexIterations
        for (column, _) in fixed {
          try session.changeBounds(ofColumn: column, lower: program.columnLower[column], upper: program.columnUpper[column])
        }
      }
      run.seconds = (clock.now - start).seconds
      return run
    }
  }
}

extension Duration {
  var seconds: Double {
    let parts = components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }
}
