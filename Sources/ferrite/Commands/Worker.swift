import ArgumentParser
import FerriteWorker
import Foundation
import HiGHS

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
    let worker = QueueWorker(
      name: name ?? "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)",
      lease: lease, sweep: sweep, exitWhenEmpty: exitWhenEmpty, pauseAfterClaim: pauseAfterClaim,
      solver: HiGHSSolver())
    let done = try await worker.run(url: database)
    FileHandle.standardError.write(Data("\(worker.name): \(done) runs done\n".utf8))
  }
}
