import ArgumentParser
import FerriteIO
import FerriteModel
import FerriteScenarios
import FerriteStore
import Foundation

/// `ferrite worker --database postgres://...`: runs queued sweep runs until told to stop.
struct WorkerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker",
    abstract: "Run queued sweep runs from a PostgreSQL database; start one on each machine.",
    discussion: """
      The worker claims one run at a time under a lease, renews the lease while it runs, and
      writes the result in one transaction. A run whose worker dies is claimed again once its
      lease runs out. See docs/sweeps.md.
      """)

  @Option(help: "The queue: postgres://user[:password]@host[:port]/database") var database: String
  @Option(help: "Seconds a claim lasts without a heartbeat.") var lease: Double = 60
  @Option(help: "Only runs of this sweep.") var sweep: Int64?
  @Flag(help: "Exit once every queued run is done, instead of waiting for new sweeps.") var exitWhenEmpty = false
  @Option(help: "Name of this worker in the queue (default: host and process id).") var name: String?
  @Option(help: .hidden) var pauseAfterClaim: Double = 0

  func validate() throws {
    if !(lease >= 1) { throw ValidationError("--lease must be at least 1 second.") }
  }

  func run() async throws {
    let worker = name ?? "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)"
    let lease = self.lease, only = self.sweep, exitWhenEmpty = self.exitWhenEmpty, pause = pauseAfterClaim
    let done = try await SweepQueue.with(url: database) { queue in
      var cache = WorkerCache()
      var count = 0
      while !Task.isCancelled {
        guard let claimed = try await queue.claim(worker: worker, lease: lease, sweep: only) else {
          // Runs held by others may still come back when their lease runs out.
          if exitWhenEmpty, try await queue.remaining(sweep: only) == 0 { break }
          try await Task.sleep(for: .seconds(1))
          continue
        }
        let runner = try await cache.runner(for: claimed.sweepID, queue: queue)
        let heartbeat = Task {
          while !Task.isCancelled {
            try await Task.sleep(for: .seconds(lease / 3))
            try await queue.heartbeat(claimed, worker: worker, lease: lease)
          }
        }
        if pause > 0 { try await Task.sleep(for: .seconds(pause)) }
        let run = try await Self.offload { try runner.run(claimed.runIndex) }
        heartbeat.cancel()
        try await queue.complete(claimed, worker: worker, record: SweepCommand.record(run, sweep: claimed.sweepID))
        count += 1
      }
      return count
    }
    FileHandle.standardError.write(Data("\(worker): \(done) runs done\n".utf8))
  }

  /// Runs a blocking solve on its own thread so heartbeats keep going on the async ones.
  static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
  }
}

/// Each sweep's base model, built once per worker.
struct WorkerCache {
  var runners: [Int64: SweepRunner] = [:]

  mutating func runner(for id: Int64, queue: SweepQueue) async throws -> SweepRunner {
    if let runner = runners[id] { return runner }
    guard let queued = try await queue.sweep(id) else { throw QueueError("sweep \(id) is not in the queue") }
    let runner = try SweepRunner(queued)
    runners[id] = runner
    return runner
  }
}

/// A queued sweep made runnable: its base, design and a worker session.
final class SweepRunner: @unchecked Sendable {
  let sweep: Sweep
  let worker: Sweep.Worker
  let lock = NSLock()

  init(_ queued: QueuedSweep) throws {
    let loaded = ScenarioReader().load(document: Data(queued.scenario.utf8), named: queued.name)
    guard let scenario = loaded.scenario, loaded.isValid else {
      throw QueueError("the base scenario of sweep \(queued.id ?? 0) does not read back: "
        + loaded.diagnostics.map(\.description).joined(separator: "; "))
    }
    let design = try SweepCommand.design(parameters: queued.parameters.split(separator: "\n").map(String.init),
      samples: queued.samples, seed: UInt64(bitPattern: queued.seed))
    guard design.runs.count == queued.runCount else {
      throw QueueError("sweep \(queued.id ?? 0) has \(queued.runCount) runs but its design gives \(design.runs.count)")
    }
    sweep = try Sweep(base: scenario, design: design)
    worker = try Sweep.Worker(sweep)
  }

  func run(_ index: Int) throws -> SweepRun {
    lock.lock()
    defer { lock.unlock() }
    return try worker.run(index)
  }
}
