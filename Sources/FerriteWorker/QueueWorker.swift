import FerriteScenarios
import FerriteStore
import Foundation
import LinearProgramming

/// Runs queued sweep runs from a PostgreSQL queue until told to stop: what `ferrite worker` does
/// on each machine, and what any other front end that wants to work a queue calls.
///
/// The worker claims one run at a time under a lease, renews the lease while it runs, and writes
/// the result in one transaction; a run whose worker dies is claimed again once its lease runs out.
/// Each sweep's base model is built once per worker and changed in place for its runs.
public struct QueueWorker: Sendable {
  /// Name of this worker in the queue's ledger.
  public var name: String
  /// Seconds a claim lasts without a heartbeat.
  public var lease: Double
  /// Only runs of this sweep; nil for any.
  public var sweep: Int64?
  /// Return once every queued run is done instead of waiting for new sweeps.
  public var exitWhenEmpty: Bool
  /// Seconds to wait after each claim (lets tests kill a worker while it holds a run).
  public var pauseAfterClaim: Double
  /// Solves the runs (the composition root chooses the backend).
  public var solver: any SessionSolver

  public init(
    name: String, lease: Double = 60, sweep: Int64? = nil, exitWhenEmpty: Bool = false, pauseAfterClaim: Double = 0,
    solver: any SessionSolver
  ) {
    self.name = name
    self.solver = solver
    self.lease = lease
    self.sweep = sweep
    self.exitWhenEmpty = exitWhenEmpty
    self.pauseAfterClaim = pauseAfterClaim
  }

  /// Works the queue at `url` until the task is cancelled (or, with `exitWhenEmpty`, nothing is
  /// left); returns the number of runs done.
  public func run(url: String) async throws -> Int {
    try await SweepQueue.with(url: url) { queue in try await run(queue) }
  }

  /// Works `queue`; returns the number of runs done.
  public func run(_ queue: SweepQueue) async throws -> Int {
    var runners: [Int64: QueuedSweepRunner] = [:]
    var count = 0
    while !Task.isCancelled {
      guard let claimed = try await queue.claim(worker: name, lease: lease, sweep: sweep) else {
        // Runs held by others may still come back when their lease runs out.
        if exitWhenEmpty, try await queue.remaining(sweep: sweep) == 0 { break }
        try await Task.sleep(for: .seconds(1))
        continue
      }
      let runner: QueuedSweepRunner
      if let cached = runners[claimed.sweepID] {
        runner = cached
      } else {
        guard let queued = try await queue.sweep(claimed.sweepID) else {
          throw QueueError("sweep \(claimed.sweepID) is not in the queue")
        }
        runner = try QueuedSweepRunner(queued, solver: solver)
        runners[claimed.sweepID] = runner
      }
      let (lease, name) = (self.lease, self.name)
      let heartbeat = Task {
        while !Task.isCancelled {
          try await Task.sleep(for: .seconds(lease / 3))
          _ = try await queue.heartbeat(claimed, worker: name, lease: lease)
        }
      }
      defer { heartbeat.cancel() }
      if pauseAfterClaim > 0 { try await Task.sleep(for: .seconds(pauseAfterClaim)) }
      let run = try await Self.offload { try runner.run(claimed.runIndex) }
      heartbeat.cancel()
      _ = try await queue.complete(claimed, worker: name, record: RunRecord(run, sweep: claimed.sweepID))
      count += 1
    }
    return count
  }

  /// Runs a blocking solve on its own thread so heartbeats keep going on the async ones.
  static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
  }
}

/// A queued sweep made runnable: its base read back, its design rebuilt, and a solver session.
final class QueuedSweepRunner: @unchecked Sendable {
  let worker: Sweep.Worker
  // One run at a time per session: the session's model is changed in place.
  let lock = NSLock()

  init(_ queued: QueuedSweep, solver: any SessionSolver) throws {
    let scenario = try queued.base()
    let design = try queued.design()
    guard design.runs.count == queued.runCount else {
      throw QueueError("sweep \(queued.id ?? 0) has \(queued.runCount) runs but its design gives \(design.runs.count)")
    }
    worker = try Sweep.Worker(try Sweep(base: scenario, design: design, solver: solver))
  }

  func run(_ index: Int) throws -> SweepRun {
    lock.lock()
    defer { lock.unlock() }
    return try worker.run(index)
  }
}
