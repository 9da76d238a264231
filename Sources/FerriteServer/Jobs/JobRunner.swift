import FerriteModel
import FerritePlanner
import FerriteStore
import Foundation
import HiGHS
import LinearProgramming
import Synchronization

/// Runs solves one at a time on a thread of its own, recording each phase in the store.
///
/// HiGHS cannot be stopped part way, so cancelling a running job marks it cancelled at once and
/// throws its plan away when the solve returns; a queued job never starts.
final class JobRunner: Sendable {
  private let store: ServerStore
  private let queue = DispatchQueue(label: "ferrite.solves", qos: .userInitiated)
  private let cancelled = Mutex<Set<String>>([])
  private let planner: Planner

  init(store: ServerStore, solver: any Solver = HiGHSSolver()) {
    self.store = store
    planner = Planner(solver: solver)
  }

  /// Queues `job` to solve `scenario`.
  func submit(_ job: StoredJob, scenario: Scenario, request: SolveRequest) {
    queue.async { [self] in run(job, scenario: scenario, request: request) }
  }

  /// Cancels a queued or running job; returns it as it now stands.
  func cancel(_ job: StoredJob) throws -> StoredJob {
    guard !job.state.isFinished else { return job }
    var job = job
    job.state = .cancelled
    job.message = "cancelled"
    job.finishedAt = Date()
    try cancelled.withLock { set in
      set.insert(job.id)
      try store.update(job)
    }
    return job
  }

  private func isCancelled(_ id: String) -> Bool { cancelled.withLock { $0.contains(id) } }

  /// Saves `job` (and its result) unless it was cancelled meanwhile; the lock keeps a cancel and
  /// a save from interleaving.
  private func save(_ job: StoredJob, result: StoredResult? = nil) {
    cancelled.withLock { set in
      guard !set.contains(job.id) else { return }
      try? store.finish(job, result: result)
    }
  }

  private func run(_ queued: StoredJob, scenario: Scenario, request: SolveRequest) {
    guard !isCancelled(queued.id) else { return }
    var job = queued
    job.state = .running
    job.startedAt = Date()
    func advance(_ phase: String, _ progress: Double) {
      job.phase = phase
      job.progress = progress
      save(job)
    }
    advance("building", 0.1)
    var options = PlannerOptions()
    options.solve.timeLimit = request.timeLimit
    options.solve.relativeMIPGap = request.mipGap
    do {
      let start = Date()
      let formulation = try Formulation(scenario, options: options)
      let program = formulation.program()
      let buildSeconds = Date().timeIntervalSince(start)
      guard !isCancelled(job.id) else { return }
      advance("solving", 0.3)
      let plan = try planner.solve(formulation, program: program, buildSeconds: buildSeconds)
      guard !isCancelled(job.id) else { return }
      advance("reporting", 0.9)
      let data = try JSONResponse.encoder.encode(plan)
      job.state = plan.hasSolution ? .succeeded : .failed
      job.phase = "done"
      job.progress = 1
      job.message = Self.outcome(plan)
      job.finishedAt = Date()
      save(job, result: StoredResult(jobId: job.id, plan: data))
    } catch {
      job.state = .failed
      job.phase = "done"
      job.message = "\(error)"
      job.finishedAt = Date()
      save(job)
    }
  }

  static func outcome(_ plan: Plan) -> String {
    if let infeasibility = plan.infeasibility { return "no feasible plan: \(infeasibility)" }
    guard plan.hasSolution, let objective = plan.objective else { return "no plan: \(plan.termination)" }
    return "\(plan.termination): objective \(String(format: "%.0f", objective)) \(plan.currency)"
  }
}
