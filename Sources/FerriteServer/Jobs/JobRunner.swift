import FerriteModel
import FerritePlanner
import FerriteScenarios
import FerriteStore
import FerriteWorker
import Foundation
import LinearProgramming
import Synchronization

/// Runs solves one at a time, recording each phase in the store.
///
/// Building and solving run on a thread of their own, off Swift's cooperative pool, so that a long
/// solve never holds up requests. Cancelling a running job marks it cancelled at once and asks
/// HiGHS to stop at its next progress callback (within about half a second of simplex or branch
/// and bound); whatever the solve returns is thrown away. A queued job never starts. Every write of a job goes through one chain, in the order the runner decided it, so a
/// cancel recorded after a save is the one that stays.
actor JobRunner {
  private let store: any ServerStore
  private let planner: Planner
  /// Solves plans and sweeps; chosen by the composition root (`ferrite serve`).
  private let solver: any SessionSolver
  private let solves = DispatchQueue(label: "ferrite.solves", qos: .userInitiated)
  private var cancelled: Set<String> = []
  /// The stop flag of the job being solved, which the solver's progress callback reads.
  private var stopFlags: [String: StopFlag] = [:]
  /// Jobs whose final state is saved: progress reports that arrive late are dropped.
  private var finished: Set<String> = []
  /// The last job submitted; each job waits for the one before it.
  private var lastJob: Task<Void, Never>?
  /// The last write to the store; each write waits for the one before it.
  private var lastWrite: Task<Void, Never>?

  /// The PostgreSQL queue that sweeps go to for `ferrite worker` processes; nil runs them here.
  private let queueURL: String?

  init(store: any ServerStore, solver: any SessionSolver, queueURL: String? = nil) {
    self.store = store
    self.solver = solver
    self.queueURL = queueURL
    planner = Planner(solver: solver)
  }

  /// Queues `job` to solve `scenario` after the jobs already queued. A sweep that goes to the
  /// workers' queue starts at once: it waits on the workers, not on this server's solves.
  func submit(_ job: StoredJob, scenario: Scenario, request: SolveRequest) {
    if let sweep = request.sweep, let queueURL {
      Task { await runOnWorkers(job, sweep, scenario: scenario, url: queueURL) }
      return
    }
    let previous = lastJob
    lastJob = Task {
      await previous?.value
      await run(job, scenario: scenario, request: request)
    }
  }

  /// Cancels a queued or running job; returns it as it now stands.
  func cancel(_ job: StoredJob) async throws -> StoredJob {
    guard !job.state.isFinished else { return job }
    var job = job
    job.state = .cancelled
    job.message = "cancelled"
    job.finishedAt = Date()
    cancelled.insert(job.id)
    stopFlags[job.id]?.stop()
    let store = self.store
    let saved = job
    try await write { try await store.update(saved) }
    return job
  }

  /// Runs `body` after every write asked for before it.
  private func write(_ body: @escaping @Sendable () async throws -> Void) async throws {
    let previous = lastWrite
    let next = Task { () async -> Result<Void, any Error> in
      await previous?.value
      do { return .success(try await body()) } catch { return .failure(error) }
    }
    lastWrite = Task { _ = await next.value }
    try await next.value.get()
  }

  /// Saves `job` (and its result) unless it was cancelled or already finished.
  private func save(_ job: StoredJob, result: StoredResult? = nil) async {
    guard !cancelled.contains(job.id), !finished.contains(job.id) else { return }
    if job.state.isFinished { finished.insert(job.id) }
    let store = self.store
    try? await write { try await store.finish(job, result: result) }
  }

  private func run(_ queued: StoredJob, scenario: Scenario, request: SolveRequest) async {
    guard !cancelled.contains(queued.id) else { return }
    var job = queued
    job.state = .running
    job.startedAt = Date()
    job.phase = "building"
    job.progress = 0.1
    await save(job)
    var options = PlannerOptions()
    options.solve.timeLimit = request.timeLimit
    options.solve.relativeMIPGap = request.mipGap
    let flag = StopFlag()
    stopFlags[job.id] = flag
    defer { stopFlags[job.id] = nil }
    if let sweep = request.sweep {
      options.solve.progress = { _ in !flag.isStopped }
      return await runSweep(job, sweep, scenario: scenario, options: options)
    }
    if let futures = request.futures {
      options.solve.progress = { _ in !flag.isStopped }
      return await runFutures(job, futures, scenario: scenario, options: options)
    }
    let reporter = ProgressReporter(runner: self, job: job)
    options.solve.progress = { report in
      var phase = String(format: "solving, %.0f s", report.seconds)
      if let gap = report.gap { phase += String(format: ", gap %.2f %%", gap * 100) }
      reporter.report(0.5, phase: phase)
      return !flag.isStopped
    }
    let built = await onSolverThread { [options] () throws -> (Formulation, LinearProgram, Double) in
      let start = Date()
      let formulation = try Formulation(scenario, options: options)
      return (formulation, formulation.program(), Date().timeIntervalSince(start))
    }
    var outcome: Result<(data: Data, solved: Bool, message: String), any Error>
    switch built {
    case .failure(let error): outcome = .failure(error)
    case .success(let (formulation, program, buildSeconds)):
      guard !cancelled.contains(job.id) else { return }
      job.phase = "solving"
      job.progress = 0.3
      await save(job)
      outcome = await onSolverThread { [planner] in
        let plan = try planner.solve(formulation, program: program, buildSeconds: buildSeconds)
        return (try JSONResponse.encoder.encode(plan), plan.hasSolution, Self.outcome(plan))
      }
    }
    guard !cancelled.contains(job.id) else { return }
    job.phase = "done"
    job.progress = 1
    job.finishedAt = Date()
    switch outcome {
    case .success(let solved):
      job.state = solved.solved ? .succeeded : .failed
      job.message = solved.message
      await save(job, result: StoredResult(jobId: job.id, plan: solved.data))
    case .failure(let error):
      job.state = .failed
      job.message = "\(error)"
      await save(job)
    }
  }

  /// Solves the base, then every run of the design (in place and warm-started where the
  /// parameters allow), reporting progress as runs finish.
  private func runSweep(_ started: StoredJob, _ request: SweepRequest, scenario: Scenario, options: PlannerOptions) async {
    let progress = ProgressReporter(runner: self, job: started)
    let outcome = await onSolverThread { [solver] () throws -> Data in
      let design = try request.design().mapError { SweepFailure(message: $0.problems.joined(separator: "; ")) }.get()
      let sweep = try Sweep(base: scenario, design: design, options: options, solver: solver)
      let total = max(1, design.runs.count)
      let runs = try sweep.run(
        workers: max(1, ProcessInfo.processInfo.activeProcessorCount - 1),
        progress: { done in progress.report(0.3 + 0.65 * Double(done) / Double(total), phase: "solving \(done) of \(total)") })
      return try Self.outcome(design, request, currency: scenario.settings.currency, base: sweep.baseRun, runs: runs)
    }
    await finishSweep(started, outcome)
  }

  /// The stored result of a sweep: its runs and their summary, which knows a grid from samples.
  private static func outcome(
    _ design: SweepDesign, _ request: SweepRequest, currency: String, base: SweepRun, runs: [SweepRun]
  ) throws -> Data {
    let parameters = design.parameters.map(\.name)
    let summary = SweepSummary(
      base: base, runs: runs, parameters: parameters, design: request.samples == nil ? .grid : .samples)
    return try JSONResponse.encoder.encode(
      SweepOutcome(parameters: parameters, currency: currency, base: base, runs: runs, summary: summary))
  }

  /// Queues a sweep's runs in PostgreSQL for `ferrite worker` processes, solves the base here
  /// meanwhile (for the summary's base values and regret), follows the queue until every run is
  /// recorded and stores the result as an in-process sweep would. Cancelling stops the queued
  /// sweep (workers finish the runs they hold).
  private func runOnWorkers(_ queued: StoredJob, _ request: SweepRequest, scenario: Scenario, url: String) async {
    guard !cancelled.contains(queued.id) else { return }
    var job = queued
    job.state = .running
    job.startedAt = Date()
    job.phase = "queuing the runs for the workers"
    job.progress = 0.05
    await save(job)
    let design: SweepDesign
    switch request.design() {
    case .success(let value): design = value
    case .failure(let problems):
      return await finishSweep(job, .failure(SweepFailure(message: problems.problems.joined(separator: "; "))))
    }
    let sweepQueued = QueuedSweep(
      name: scenario.settings.name, base: scenario, design: design, samples: request.samples, seed: request.seed ?? 1)
    let flag = StopFlag()
    stopFlags[job.id] = flag
    defer { stopFlags[job.id] = nil }
    var options = PlannerOptions()
    options.solve.progress = { _ in !flag.isStopped }
    let solver = self.solver
    // The base solves on this server's solver thread while the workers take the runs.
    let baseRun = Task { [options] in
      await self.onSolverThread { try Sweep(base: scenario, design: design, options: options, solver: solver).baseRun }
    }
    let outcome: Result<Data, any Error>
    let running = job
    do {
      let records = try await SweepQueue.with(url: url) { queue -> [RunRecord] in
        let id = try await queue.enqueue(sweepQueued)
        while true {
          let progress = try await queue.progress(id)
          if await self.isCancelled(running.id) {
            try await queue.setStopped(id, true)
            return [RunRecord]()
          }
          if progress.done >= progress.total { return try await queue.results(id) }
          let waiting = progress.running == 0 ? "; waiting for a worker (ferrite worker --database ...)" : ""
          await self.advance(
            running, to: 0.1 + 0.85 * Double(progress.done) / Double(max(1, progress.total)),
            phase: "on workers (queued sweep \(id)): \(progress.done) of \(progress.total) runs done, \(progress.running) running\(waiting)")
          try await Task.sleep(for: .seconds(1))
        }
      }
      let base = try await baseRun.value.get()
      outcome = Result {
        try Self.outcome(design, request, currency: scenario.settings.currency, base: base, runs: records.map(SweepRun.init))
      }
    } catch {
      outcome = .failure(error)
    }
    await finishSweep(job, outcome)
  }

  private func isCancelled(_ id: String) -> Bool { cancelled.contains(id) }

  /// Records a sweep's result, or why it failed, unless it was cancelled.
  private func finishSweep(_ started: StoredJob, _ outcome: Result<Data, any Error>) async {
    var job = started
    guard !cancelled.contains(job.id) else { return }
    job.phase = "done"
    job.progress = 1
    job.finishedAt = Date()
    switch outcome {
    case .success(let data):
      job.state = .succeeded
      let summary = try? JSONResponse.decoder.decode(SweepOutcome.self, from: data).summary
      job.message = summary.map { "sweep: \($0.solved) of \($0.runs) runs solved" } ?? "sweep done"
      await save(job, result: StoredResult(jobId: job.id, plan: data))
    case .failure(let error):
      job.state = .failed
      job.message = "\(error)"
      await save(job)
    }
  }

  /// Records the progress of a running job.
  fileprivate func advance(_ job: StoredJob, to progress: Double, phase: String) async {
    var job = job
    job.progress = progress
    job.phase = phase
    await save(job)
  }

  /// Runs `work` on the solver's own thread and waits for it without blocking a Swift thread.
  private func onSolverThread<Value: Sendable>(
    _ work: @escaping @Sendable () throws -> Value
  ) async -> Result<Value, any Error> {
    await withCheckedContinuation { continuation in
      solves.async { continuation.resume(returning: Result { try work() }) }
    }
  }

  static func outcome(_ plan: Plan) -> String {
    if let infeasibility = plan.infeasibility { return "no feasible plan: \(infeasibility)" }
    guard plan.hasSolution, let objective = plan.objective else { return "no plan: \(plan.termination)" }
    return "\(plan.termination): objective \(String(format: "%.0f", objective)) \(plan.currency)"
  }
}

/// Hands progress from the solver's threads to the runner, one report at a time and in order.
private final class ProgressReporter: Sendable {
  private let runner: JobRunner
  private let job: StoredJob
  private let latest = Mutex<Task<Void, Never>?>(nil)

  init(runner: JobRunner, job: StoredJob) {
    self.runner = runner
    self.job = job
  }

  func report(_ progress: Double, phase: String) {
    let (runner, job) = (self.runner, self.job)
    latest.withLock { latest in
      let previous = latest
      latest = Task {
        await previous?.value
        await runner.advance(job, to: progress, phase: phase)
      }
    }
  }
}

/// Why a sweep could not run.
struct SweepFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Set once when a running job is cancelled; read by the solver's progress callback.
final class StopFlag: Sendable {
  private let flag = Mutex(false)
  func stop() { flag.withLock { $0 = true } }
  var isStopped: Bool { flag.withLock { $0 } }
}

extension JobRunner {
  /// Solves a futures study on the scenario (docs/futures.md) and stores its answer as
  /// `ferrite futures --format json` prints it.
  fileprivate func runFutures(_ started: StoredJob, _ request: FuturesRequest, scenario: Scenario, options: PlannerOptions) async {
    var job = started
    job.phase = "solving each future, then the study (\(request.method ?? .auto))"
    job.progress = 0.2
    await save(job)
    let solver = self.solver
    let outcome = await onSolverThread { () throws -> (Data, String) in
      let study = try FuturesReader().parse(request.yaml, file: "futures.yaml", base: scenario)
      let result = try StochasticPlanner(
        solver: solver, options: options, method: request.method ?? .auto, cuts: request.cuts ?? .multi,
        workers: max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
      ).solve(study)
      let objective = result.objective.map { String(format: "%.0f", $0) } ?? "none"
      let message = "futures: \(result.outcomes.count) futures, \(result.statistics.method ?? "extensive"); objective \(objective) \(result.currency)"
      return (try result.json(), message)
    }
    guard !cancelled.contains(job.id) else { return }
    job.phase = "done"
    job.progress = 1
    job.finishedAt = Date()
    switch outcome {
    case .success(let (data, message)):
      job.state = .succeeded
      job.message = message
      await save(job, result: StoredResult(jobId: job.id, plan: data))
    case .failure(let error):
      job.state = .failed
      job.message = "\(error)"
      await save(job)
    }
  }
}
