import FerriteStore
import Foundation
import Testing

/// The PostgreSQL database the queue tests use: scripts/install-postgres starts one and
/// scripts/test exports its URL. Tests that need it are enabled when the URL is set and always in
/// CI (CI=true), where a missing URL fails them; elsewhere the runner reports them skipped.
enum TestDatabase {
  static let url: String? = ProcessInfo.processInfo.environment["FERRITE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  static let isEnabled = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"
  static let skipped: Comment = "FERRITE_TEST_POSTGRES_URL is not set; scripts/test starts PostgreSQL and sets it"

  /// The URL, or a failure saying how to provide it.
  static func requiredURL() throws -> String {
    try #require(url, "FERRITE_TEST_POSTGRES_URL is not set: run the tests through scripts/test, which starts PostgreSQL")
  }

  /// The two-plant case of the scenario tests: 150 t of demand, plants of 100 t at 12 and 15 $/t landed.
  static let scenario = """
    name: two plants
    periods: [2026]
    discount_rate: 0
    products:
      - {id: coil}
    sites:
      - {id: plant-a, country: US, kind: steel-mill}
      - {id: plant-b, country: US, kind: steel-mill}
      - {id: customer, country: US, kind: vehicle-plant}
    processes:
      - {id: plant-a/line, site: plant-a, capacity: 100, variable_cost: 10}
      - {id: plant-b/line, site: plant-b, capacity: 100, variable_cost: 14}
    recipes:
      - {process: plant-a/line, role: output, product: coil, quantity: 1, principal: yes}
      - {process: plant-b/line, role: output, product: coil, quantity: 1, principal: yes}
    lanes:
      - {id: a-c, from: plant-a, to: customer, mode: truck, cost_per_unit: 2}
      - {id: b-c, from: plant-b, to: customer, mode: truck, cost_per_unit: 1}
    demand:
      - {site: customer, product: coil, period: 2026, quantity: 150}

    """

  static func sweep(runs: Int) -> QueuedSweep {
    let values = (0..<runs).map { String(100 + 10 * $0) }.joined(separator: ",")
    return QueuedSweep(
      name: "queue test \(UUID().uuidString.prefix(8))", scenario: scenario, parameters: "demand.quantity=\(values)",
      samples: nil, seed: 1, runCount: runs)
  }

  static func record(_ sweep: Int64, _ index: Int) -> RunRecord {
    RunRecord(
      sweepId: sweep, runIndex: index, inputs: ["x": Double(index)], termination: "optimal", objective: Double(index),
      figures: [:], decisions: [:], regret: nil, inPlace: true, simplexIterations: 0, seconds: 0)
  }

  /// The `ferrite` executable next to the test bundle in the build folder.
  static var ferrite: URL {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/ferrite")
  }

  static func launch(_ arguments: [String], output: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = ferrite
    process.arguments = arguments
    process.standardOutput = output ?? FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits for `process` to exit, at most `seconds`; kills it and fails when it does not.
  static func wait(_ process: Process, seconds: Double) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      Issue.record("\(process.arguments ?? []) did not finish within \(seconds) s")
    }
  }
}

@Suite("Sweep queue (PostgreSQL)", .serialized, .enabled(if: TestDatabase.isEnabled, TestDatabase.skipped))
struct QueueTests {
  @Test("claims skip held runs; an expired lease is claimed again; a late result is not recorded twice")
  func leases() async throws {
    let url = try TestDatabase.requiredURL()
    try await SweepQueue.with(url: url) { queue in
      let id = try await queue.enqueue(TestDatabase.sweep(runs: 2))
      let first = try #require(try await queue.claim(worker: "a", lease: 1, sweep: id))
      let second = try #require(try await queue.claim(worker: "b", lease: 60, sweep: id))
      #expect(first.runIndex == 0 && second.runIndex == 1)
      #expect(try await queue.claim(worker: "c", lease: 60, sweep: id) == nil)
      // a stops heartbeating; after its lease c gets run 0, and a's late result is refused.
      try await Task.sleep(for: .milliseconds(1500))
      let again = try #require(try await queue.claim(worker: "c", lease: 60, sweep: id))
      #expect(again.runIndex == 0 && again.attempt == 2)
      #expect(try await queue.complete(first, worker: "a", record: TestDatabase.record(id, 0)) == false)
      #expect(try await queue.heartbeat(first, worker: "a", lease: 60) == false)
      #expect(try await queue.complete(again, worker: "c", record: TestDatabase.record(id, 0)))
      #expect(try await queue.complete(again, worker: "c", record: TestDatabase.record(id, 0)) == false)
      #expect(try await queue.complete(second, worker: "b", record: TestDatabase.record(id, 1)))
      let ledger = try await queue.ledger(id)
      #expect(ledger.map(\.runIndex) == [0, 1] && ledger.map(\.worker) == ["c", "b"])
      let progress = try await queue.progress(id)
      #expect(progress.total == 2 && progress.done == 2 && progress.pending == 0 && progress.running == 0)
      #expect(try await queue.results(id).map(\.runIndex) == [0, 1])
    }
  }

  @Test("a stopped sweep hands out no runs until resumed")
  func stopAndResume() async throws {
    let url = try TestDatabase.requiredURL()
    try await SweepQueue.with(url: url) { queue in
      let id = try await queue.enqueue(TestDatabase.sweep(runs: 1))
      try await queue.setStopped(id, true)
      #expect(try await queue.claim(worker: "a", lease: 60, sweep: id) == nil)
      #expect(try await queue.remaining(sweep: id) == 0)
      try await queue.setStopped(id, false)
      #expect(try await queue.claim(worker: "a", lease: 60, sweep: id)?.runIndex == 0)
    }
  }

  /// Worker A claims run 0 and is killed with SIGKILL while it holds it (it pauses after claiming);
  /// worker B finishes runs 1 and 2, waits for A's 2-second lease to run out and finishes run 0.
  @Test("a worker killed with SIGKILL mid-run has its run finished by another, recorded exactly once")
  func killedWorker() async throws {
    let url = try TestDatabase.requiredURL()
    let id = try await SweepQueue.with(url: url) { queue in try await queue.enqueue(TestDatabase.sweep(runs: 3)) }
    let common = ["worker", "--database", url, "--sweep", String(id), "--lease", "2", "--exit-when-empty"]
    let a = try TestDatabase.launch(common + ["--name", "a", "--pause-after-claim", "60"])
    try await SweepQueue.with(url: url) { queue in
      let deadline = Date().addingTimeInterval(60)
      while try await queue.progress(id).running == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
      #expect(try await queue.progress(id).running == 1)
    }
    kill(a.processIdentifier, SIGKILL)
    a.waitUntilExit()
    #expect(a.terminationReason == .uncaughtSignal)
    let b = try TestDatabase.launch(common + ["--name", "b"])
    try await TestDatabase.wait(b, seconds: 120)
    #expect(b.terminationStatus == 0)
    try await SweepQueue.with(url: url) { queue in
      let ledger = try await queue.ledger(id)
      #expect(ledger.map(\.runIndex) == [0, 1, 2])
      #expect(ledger.map(\.worker) == ["b", "b", "b"])
      #expect(ledger.first?.attempts == 2)
      let results = try await queue.results(id)
      // 100 t all from plant-a at 12 $/t; 110 and 120 t add 10 and 20 t from plant-b at 15 $/t.
      #expect(results.map(\.objective) == [1200, 1350, 1500])
    }
  }

  /// The coordinator queues a sweep and is killed before any worker runs; a worker then does the
  /// runs, and the coordinator started again with --resume shows all of them.
  @Test("the coordinator can stop and resume; no run is lost")
  func coordinatorResume() async throws {
    let url = try TestDatabase.requiredURL()
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-queue-\(UUID().uuidString).yaml")
    try Data(TestDatabase.scenario.utf8).write(to: base)
    defer { try? FileManager.default.removeItem(at: base) }
    let output = Pipe()
    let coordinator = try TestDatabase.launch(
      ["sweep", base.path, "--grid", "demand.quantity=100,110,120,130", "--database", url, "--name", "resume test \(UUID())"],
      output: output)
    // The first line names the sweep; stop the coordinator right after it.
    var text = ""
    let deadline = Date().addingTimeInterval(60)
    while !text.contains("\n"), Date() < deadline {
      text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    }
    kill(coordinator.processIdentifier, SIGKILL)
    coordinator.waitUntilExit()
    let id = try #require(text.split(separator: " ").dropFirst(2).first.flatMap { Int64($0.trimmingCharacters(in: .punctuationCharacters)) })
    let worker = try TestDatabase.launch(["worker", "--database", url, "--sweep", String(id), "--exit-when-empty"])
    try await TestDatabase.wait(worker, seconds: 120)
    let resumed = Pipe()
    let again = try TestDatabase.launch(["sweep", "--database", url, "--resume", String(id)], output: resumed)
    try await TestDatabase.wait(again, seconds: 120)
    let summary = String(decoding: resumed.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(again.terminationStatus == 0)
    #expect(summary.contains("4 of 4 runs recorded"), "\(summary)")
    let ledger = try await SweepQueue.with(url: url) { queue in try await queue.ledger(id).map(\.runIndex) }
    #expect(ledger == [0, 1, 2, 3])
  }
}
