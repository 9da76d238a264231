import FerriteServer
import FerriteStore
import FerriteWorker
import Foundation
import HiGHS
import Hummingbird
import HummingbirdTesting
import Testing

/// Comparing runs, sweep summaries, the plan workbook and sweeps on `ferrite worker` processes,
/// through the API on the two-mills case whose answers are derived by hand in `Fixtures.twoMills`.
@Suite("Compare and sweep API")
struct CompareSweepAPITests {
  /// Mill 2 with twice its capacity: it serves p3 (4/t) and all of p1 (5.5/t against mill 1's 6),
  /// mill 1 only p2: production 20*2 + 70*1 = 110, transport 40*3 + 30*4.5 + 20*6 = 375, 485 in all.
  static let biggerMill2 = Fixtures.twoMills.replacingOccurrences(of: "capacity: 45, variable_cost: 1", with: "capacity: 90, variable_cost: 1")
    .replacingOccurrences(of: "name: two mills", with: "name: bigger mill 2")
  /// p2 needs 30 instead of 20: mill 1 (spare 15) ships 10 more at 8/t: 497.5 + 80 = 577.5.
  static let moreAtP2 = Fixtures.twoMills.replacingOccurrences(
    of: "{site: p2, product: coil, period: 2026, quantity: 20}", with: "{site: p2, product: coil, period: 2026, quantity: 30}"
  ).replacingOccurrences(of: "name: two mills", with: "name: more at p2")

  /// Uploads and solves a YAML scenario; returns the job id.
  static func solve(_ yaml: String, named name: String, _ client: LiveClient, _ harness: Harness) async throws -> String {
    let uploaded = try json(try await client.upload(Data(yaml.utf8), fileName: "\(name.replacingOccurrences(of: " ", with: "-")).yaml", token: harness.editor))
    let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
    let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
    let status = try await client.waitForJob(job, token: harness.viewer)
    #expect(status["state"] as? String == "succeeded", "\(status)")
    return job
  }

  static func figure(_ name: String, in comparison: [String: Any]) throws -> [String: Any] {
    let figures = try #require(comparison["figures"] as? [[String: Any]])
    return try #require(figures.first { $0["name"] as? String == name }, "no figure \(name)")
  }

  /// (base, value) of the changed flow on `lane` in run `plan`.
  static func flow(_ flows: [[String: Any]], _ plan: Int, _ lane: String) -> (Double, Double)? {
    flows.first { $0["plan"] as? Int == plan && $0["lane"] as? String == lane }
      .map { (($0["base"] as? Double) ?? -1, ($0["value"] as? Double) ?? -1) }
  }

  static func numbers(_ value: Any?) -> [Double?] {
    (value as? [Any] ?? []).map { $0 as? Double ?? ($0 as? NSNumber)?.doubleValue }
  }

  @Test("three runs: key figures, year-by-year deltas, moved flows and delivered cost by customer, derived by hand")
  func compareThree() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let base = try await Self.solve(Fixtures.twoMills, named: "two mills", client, harness)
      let bigger = try await Self.solve(Self.biggerMill2, named: "bigger mill 2", client, harness)
      let more = try await Self.solve(Self.moreAtP2, named: "more at p2", client, harness)
      try Self.checkThree(try json(try await client.get("/api/compare?jobs=\(base),\(bigger),\(more)", token: harness.viewer)))

      // The same scenario run twice is told apart by the time of its run.
      let again = try await Self.solve(Fixtures.twoMills, named: "two mills", client, harness)
      let twice = try json(try await client.get("/api/compare?jobs=\(base),\(again)", token: harness.viewer))
      let labels = (twice["runs"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
      #expect(labels.count == 2 && labels.allSatisfy { $0.hasPrefix("two mills / version 1, run of ") } && Set(labels).count == 2)

      // Refused: one run, seven runs, a run twice, a sweep.
      #expect(try await client.get("/api/compare?jobs=\(base)", token: harness.viewer).status == .badRequest)
      let seven = Array(repeating: base, count: 7).joined(separator: ",")
      #expect(try await client.get("/api/compare?jobs=\(seven)", token: harness.viewer).status == .badRequest)
      #expect(try await client.get("/api/compare?jobs=\(base),\(base)", token: harness.viewer).status == .badRequest)

      // The workbook of a plan is an .xlsx (a zip) with the plan's name.
      let workbook = try await client.get("/api/jobs/\(base)/workbook", token: harness.viewer)
      #expect(workbook.status == .ok)
      #expect(Array((workbook.body ?? ByteBuffer()).readableBytesView.prefix(2)) == Array("PK".utf8))
      #expect(String(describing: workbook.headers).contains("two-mills.xlsx"))
    }
  }

  /// The comparison of the base, `biggerMill2` and `moreAtP2`, checked against the hand-derived answers.
  static func checkThree(_ comparison: [String: Any]) throws {
    let runs = try #require(comparison["runs"] as? [[String: Any]])
    // Scenario / version: each upload is version 1 of its own scenario.
    #expect(runs.map { $0["label"] as? String } == ["two mills / version 1", "bigger mill 2 / version 1", "more at p2 / version 1"])
    // 497.5 (see Fixtures.twoMills), 485 and 577.5 (see above).
    let objective = try Self.figure("objective", in: comparison)
    let values = Self.numbers(objective["values"]), deltas = Self.numbers(objective["deltas"])
    #expect(values.count == 3 && deltas.count == 2)
    #expect(abs((values[0] ?? 0) - 497.5) < 1e-6 && abs((values[1] ?? 0) - 485) < 1e-6 && abs((values[2] ?? 0) - 577.5) < 1e-6)
    #expect(abs((deltas[0] ?? 0) + 12.5) < 1e-6 && abs((deltas[1] ?? 0) - 80) < 1e-6)
    // Production 135 -> 110 (-25) and 155 (+20); the year's total cost moves as the key figure.
    let periods = try #require(comparison["periodFigures"] as? [[String: Any]])
    let total = try #require(periods.first { $0["name"] as? String == "total cost" })
    let yearly = (total["deltas"] as? [[Double]]) ?? []
    #expect(yearly.count == 2 && abs((yearly.first?.first ?? 0) + 12.5) < 1e-6 && abs((yearly.last?.first ?? 0) - 80) < 1e-6)
    #expect(Self.numbers(comparison["periods"]) == [2026])
    // Bigger mill 2 takes p1 over: mill2-p1 5 -> 30, mill1-p1 25 -> 0; more at p2: mill1-p2 20 -> 30.
    let flows = try #require(comparison["flowChanges"] as? [[String: Any]])
    #expect(Self.flow(flows, 1, "mill2-p1").map { abs($0.0 - 5) < 1e-6 && abs($0.1 - 30) < 1e-6 } == true)
    #expect(Self.flow(flows, 1, "mill1-p1").map { abs($0.0 - 25) < 1e-6 && abs($0.1) < 1e-6 } == true)
    #expect(Self.flow(flows, 2, "mill1-p2").map { abs($0.0 - 20) < 1e-6 && abs($0.1 - 30) < 1e-6 } == true)
    #expect(Self.flow(flows, 2, "mill2-p3") == nil, "an unchanged flow is no change")
    // p1's units carry (25 * (2 + 4) + 5 * (1 + 4.5)) / 30 = 5.9167 in the base, 5.5 from mill 2
    // alone; one more unit at p1 costs 6 from mill 1 (mill 2 is full), 5.5 with mill 2's spare.
    let customers = try #require(comparison["customers"] as? [[String: Any]])
    let p1 = try #require(customers.first { $0["site"] as? String == "p1" })
    let delivered = Self.numbers(p1["deliveredCost"]), landed = Self.numbers(p1["landedCost"])
    #expect(abs((delivered[0] ?? 0) - 177.5 / 30) < 1e-6 && abs((delivered[1] ?? 0) - 5.5) < 1e-6)
    #expect(abs((landed[0] ?? 0) - 6) < 1e-6 && abs((landed[1] ?? 0) - 5.5) < 1e-6)
    #expect(Self.numbers(p1["duties"]).allSatisfy { $0 == 0 })
  }

  @Test("a grid sweep says it is a grid: minimum, mean and maximum, each figure against the parameter; compare and the workbook refuse it")
  func gridSweep() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let uploaded = try json(try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two.yaml", token: harness.editor))
      let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let body = #"{"grid": ["processes[id=mill2/caster].capacity=45,90"]}"#
      let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/sweep", token: harness.editor, body: body))["id"] as? String)
      #expect(try await client.waitForJob(job, token: harness.viewer)["state"] as? String == "succeeded")
      let outcome = try json(try await client.get("/api/jobs/\(job)/sweep", token: harness.viewer))
      let summary = try #require(outcome["summary"] as? [String: Any])
      #expect(summary["design"] as? String == "grid")
      #expect(summary["hasPercentiles"] as? Bool == false)
      #expect(outcome["currency"] as? String == "USD")
      let grid = try #require(summary["grid"] as? [String: Any])
      #expect(Self.numbers(grid["xValues"]) == [45, 90])
      let line = try #require((grid["lines"] as? [[String: Any]])?.first)
      // 497.5 with mill 2 at 45 (Fixtures.twoMills), 485 at 90 (biggerMill2).
      let objective = Self.numbers((line["values"] as? [String: Any])?["objective"])
      #expect(objective.count == 2 && abs((objective[0] ?? 0) - 497.5) < 1e-6 && abs((objective[1] ?? 0) - 485) < 1e-6)

      let solve = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
      _ = try await client.waitForJob(solve, token: harness.viewer)
      let refused = try await client.get("/api/compare?jobs=\(solve),\(job)", token: harness.viewer)
      #expect(refused.status == .badRequest && text(refused).contains("sweep"))
      #expect(try await client.get("/api/jobs/\(job)/workbook", token: harness.viewer).status == .conflict)
    }
  }

  @Test("with --sweeps-on-workers on PostgreSQL, a sweep from the API runs on a queue worker and shows its progress",
    .enabled(if: TestPostgres.isEnabled, TestPostgres.skipped))
  func sweepOnWorkers() async throws {
    let url = try TestPostgres.requiredURL()
    let harness = try await Harness(postgresURL: url, sweepsOnWorkers: true)
    try await harness.live { client in
      let uploaded = try json(try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two.yaml", token: harness.editor))
      let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let body = #"{"grid": ["processes[id=mill2/caster].capacity=45,60,90"]}"#
      let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/sweep", token: harness.editor, body: body))["id"] as? String)
      // The job says which queued sweep it follows, and waits there until a worker comes.
      var queued: Int64?
      for _ in 0..<200 where queued == nil {
        let phase = try json(try await client.get("/api/jobs/\(job)", token: harness.viewer))["phase"] as? String ?? ""
        if let range = phase.range(of: #"queued sweep (\d+)"#, options: .regularExpression) {
          queued = Int64(phase[range].split(separator: " ").last ?? "")
          #expect(phase.contains("0 of 3 runs done"), "\(phase)")
        }
        try await Task.sleep(for: .milliseconds(50))
      }
      let sweep = try #require(queued, "the job never named its queued sweep")
      let worker = Task { try await QueueWorker(name: "test-worker-\(UUID().uuidString)", lease: 30, sweep: sweep, exitWhenEmpty: true, solver: HiGHSSolver()).run(url: url) }
      let status = try await client.waitForJob(job, token: harness.viewer)
      #expect(status["state"] as? String == "succeeded", "\(status)")
      #expect(try await worker.value == 3)
      let outcome = try json(try await client.get("/api/jobs/\(job)/sweep", token: harness.viewer))
      let summary = try #require(outcome["summary"] as? [String: Any])
      #expect(summary["solved"] as? Int == 3 && summary["design"] as? String == "grid")
      let line = try #require(((summary["grid"] as? [String: Any])?["lines"] as? [[String: Any]])?.first)
      let objective = Self.numbers((line["values"] as? [String: Any])?["objective"])
      // Mill 2 at 60 also serves 15 more of p1 at 5.5 rather than 6: 497.5 - 15 * 0.5 = 490.
      #expect(objective.count == 3 && abs((objective[0] ?? 0) - 497.5) < 1e-6 && abs((objective[1] ?? 0) - 490) < 1e-6
        && abs((objective[2] ?? 0) - 485) < 1e-6)
    }
    await harness.close()
  }
}
