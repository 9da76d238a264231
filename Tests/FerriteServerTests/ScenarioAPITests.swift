import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

@Suite("Scenario and job API over a loopback socket")
struct ScenarioAPITests {
  @Test("upload, list, validate, solve the two-mills case and read its results")
  func uploadSolveAndRead() async throws {
    let harness = try Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let uploaded = try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two-mills.yaml", token: harness.editor)
      #expect(uploaded.status == .created)
      let body = try json(uploaded)
      let scenario = try #require(body["scenario"] as? [String: Any])
      let id = try #require(scenario["id"] as? String)
      #expect(scenario["isValid"] as? Bool == true)
      #expect(scenario["name"] as? String == "two mills")
      #expect(scenario["format"] as? String == "document")

      let list = try jsonArray(try await client.get("/api/scenarios", token: harness.viewer))
      #expect(list.map { $0["id"] as? String } == [id])

      let validation = try json(try await client.post("/api/scenarios/\(id)/validate", token: harness.viewer))
      #expect(validation["valid"] as? Bool == true)

      let network = try json(try await client.get("/api/scenarios/\(id)/network", token: harness.viewer))
      let sites = try #require(network["sites"] as? [[String: Any]])
      #expect(sites.count == 5)
      #expect(sites.first { $0["id"] as? String == "p3" }?["latitude"] as? Double == 25.8)

      let started = try await client.post("/api/scenarios/\(id)/solve", token: harness.editor, body: #"{"timeLimit": 60}"#)
      #expect(started.status == .accepted)
      let jobID = try #require(try json(started)["id"] as? String)
      let status = try await client.waitForJob(jobID, token: harness.viewer)
      #expect(status["state"] as? String == "succeeded")
      #expect(status["progress"] as? Double == 1)

      let plan = try json(try await client.get("/api/jobs/\(jobID)/plan", token: harness.viewer))
      let objective = try #require(plan["objective"] as? Double)
      #expect(abs(objective - 497.5) < 1e-6)

      let tables = try jsonArray(try await client.get("/api/jobs/\(jobID)/tables", token: harness.viewer))
      let flowsSummary = try #require(tables.first { $0["name"] as? String == "flows" })
      let flowRows = try #require(flowsSummary["rows"] as? Int)
      #expect(flowRows >= 4)

      // Pages of two rows cover the table exactly once.
      var seen: [[String]] = []
      var offset = 0
      while offset < flowRows {
        let page = try json(try await client.get("/api/jobs/\(jobID)/tables/flows?offset=\(offset)&limit=2", token: harness.viewer))
        #expect(page["total"] as? Int == flowRows)
        seen += try #require(page["rows"] as? [[String]])
        offset += 2
      }
      #expect(seen.count == flowRows)

      let csv = try await client.get("/api/jobs/\(jobID)/tables/flows/csv", token: harness.viewer)
      #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
      let lines = text(csv).split(separator: "\n")
      #expect(lines.count == flowRows + 1)
      #expect(lines.contains { $0.contains("mill2-p3") && $0.contains(",40") })

      let badPage = try await client.get("/api/jobs/\(jobID)/tables/flows?limit=0", token: harness.viewer)
      #expect(badPage.status == .badRequest)
      let missingTable = try await client.get("/api/jobs/\(jobID)/tables/nope", token: harness.viewer)
      #expect(missingTable.status == .notFound)
      #expect(try json(missingTable)["error"] as? String == "table-not-found")

      let deleted = try await client.execute(uri: "/api/scenarios/\(id)", method: .delete, headers: auth(harness.editor)) { $0 }
      #expect(deleted.status == .noContent)
      let gone = try await client.get("/api/jobs/\(jobID)", token: harness.viewer)
      #expect(gone.status == .notFound)
    }
  }

  @Test("the North America folder uploads as a zip, validates and gives its sites with coordinates")
  func northAmerica() async throws {
    let harness = try Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let uploaded = try await client.upload(try Fixtures.northAmericaZip(), fileName: "north-america.zip", token: harness.editor)
      #expect(uploaded.status == .created)
      let body = try json(uploaded)
      let scenario = try #require(body["scenario"] as? [String: Any])
      #expect(scenario["format"] as? String == "folder")
      #expect(scenario["errorCount"] as? Int == 0)
      let ignored = try #require(body["ignored"] as? [String])
      #expect(ignored.contains("north-america/README.md"))
      let id = try #require(scenario["id"] as? String)
      let network = try json(try await client.get("/api/scenarios/\(id)/network", token: harness.viewer))
      let sites = try #require(network["sites"] as? [[String: Any]])
      // Every site but the merchant-buyer aggregate has coordinates for the map.
      #expect(sites.count > 10)
      #expect(sites.filter { !($0["latitude"] is NSNumber && $0["longitude"] is NSNumber) }.compactMap { $0["id"] as? String } == ["us-merchant"])
    }
  }

  @Test("an invalid scenario is stored with diagnostics naming file, line and column, and cannot be solved")
  func invalidScenario() async throws {
    let harness = try Harness()
    defer { harness.remove() }
    let broken = Fixtures.twoMills.replacingOccurrences(of: "to: p3, mode: rail", with: "to: p9, mode: rail")
    try await harness.live { client in
      let uploaded = try await client.upload(Data(broken.utf8), fileName: "broken.yaml", token: harness.editor)
      #expect(uploaded.status == .created)
      let body = try json(uploaded)
      let scenario = try #require(body["scenario"] as? [String: Any])
      #expect(scenario["isValid"] as? Bool == false)
      let diagnostics = try #require(body["diagnostics"] as? [[String: Any]])
      let unknown = try #require(diagnostics.first { ($0["message"] as? String)?.contains("p9") == true })
      #expect(unknown["severity"] as? String == "error")
      #expect(unknown["file"] as? String == "broken.yaml")
      #expect(unknown["line"] as? Int == 24)
      let id = try #require(scenario["id"] as? String)
      let solve = try await client.post("/api/scenarios/\(id)/solve", token: harness.editor)
      #expect(solve.status == .unprocessableContent)
      #expect(try json(solve)["error"] as? String == "invalid-scenario")
    }
  }

  @Test("a restart keeps scenarios and results and marks unfinished jobs interrupted")
  func restart() async throws {
    let first = try Harness()
    defer { first.remove() }
    let store = first.server.store
    try await first.live { client in
      let uploaded = try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two.yaml", token: first.editor)
      let id = try #require(try json(uploaded)["scenario"].flatMap { $0 as? [String: Any] }?["id"] as? String)
      let job = try json(try await client.post("/api/scenarios/\(id)/solve", token: first.editor))
      _ = try await client.waitForJob(try #require(job["id"] as? String), token: first.viewer)
      // A job that was running when the process died.
      try store.insert(.init(id: "left-running", scenarioId: id, options: Data(), createdAt: Date()))
    }
    let second = try Harness(folder: first.folder)
    #expect(second.server.interruptedJobs == 1)
    try await second.live { client in
      let scenarios = try jsonArray(try await client.get("/api/scenarios", token: second.viewer))
      #expect(scenarios.count == 1)
      let jobs = try jsonArray(try await client.get("/api/jobs", token: second.viewer))
      #expect(Set(jobs.compactMap { $0["state"] as? String }) == ["succeeded", "interrupted"])
      let finished = try #require(jobs.first { $0["state"] as? String == "succeeded" }?["id"] as? String)
      let plan = try await client.get("/api/jobs/\(finished)/plan", token: second.viewer)
      #expect(plan.status == .ok)
      let interrupted = try await client.get("/api/jobs/left-running/plan", token: second.viewer)
      #expect(interrupted.status == .conflict)
    }
  }

  @Test("a cancelled job stays cancelled and keeps no result; a finished one cannot be cancelled")
  func cancel() async throws {
    let harness = try Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let uploaded = try json(try await client.upload(try Fixtures.northAmericaZip(), fileName: "na.zip", token: harness.editor))
      let id = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      // Jobs run one at a time, so the last waits behind the others and is cancelled while queued.
      // Several jobs go first so that, even on an idle machine, the queue cannot drain before the
      // cancel request arrives.
      let first = try #require(try json(try await client.post("/api/scenarios/\(id)/solve", token: harness.editor))["id"] as? String)
      var queuedAhead: [String] = []
      for _ in 0..<4 {
        queuedAhead.append(
          try #require(try json(try await client.post("/api/scenarios/\(id)/solve", token: harness.editor))["id"] as? String))
      }
      let second = try #require(try json(try await client.post("/api/scenarios/\(id)/solve", token: harness.editor))["id"] as? String)
      let viewerCancel = try await client.post("/api/jobs/\(second)/cancel", token: harness.viewer)
      #expect(viewerCancel.status == .forbidden)
      let cancelled = try json(try await client.post("/api/jobs/\(second)/cancel", token: harness.editor))
      #expect(cancelled["state"] as? String == "cancelled")
      let finished = try await client.waitForJob(first, token: harness.viewer)
      #expect(finished["state"] as? String == "succeeded")
      for job in queuedAhead { _ = try await client.waitForJob(job, token: harness.viewer) }
      try await Task.sleep(for: .milliseconds(200))
      let after = try json(try await client.get("/api/jobs/\(second)", token: harness.viewer))
      #expect(after["state"] as? String == "cancelled")
      let noResult = try await client.get("/api/jobs/\(second)/plan", token: harness.viewer)
      #expect(noResult.status == .conflict)
      #expect(try json(noResult)["error"] as? String == "no-result")
      let again = try json(try await client.post("/api/jobs/\(first)/cancel", token: harness.editor))
      #expect(again["state"] as? String == "succeeded")
    }
  }
}
