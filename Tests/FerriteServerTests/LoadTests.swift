import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

@Suite("Load on the read endpoints")
struct LoadTests {
  static let clients = 50
  static let requestsPerClient = 100

  @Test("50 concurrent clients x 100 requests on the read endpoints all succeed")
  func fiftyClients() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let port = try #require(client.port)
      let uploaded = try json(try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two.yaml", token: harness.editor))
      let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
      _ = try await client.waitForJob(job, token: harness.viewer)
      let uris = [
        "/api/scenarios", "/api/scenarios/\(scenario)", "/api/jobs/\(job)", "/api/jobs/\(job)/tables",
        "/api/jobs/\(job)/tables/flows?limit=50", "/api/jobs/\(job)/plan", "/api/jobs/\(job)/tables/costs/csv",
        "/api/scenarios/\(scenario)/network",
      ]
      let headers = auth(harness.viewer)
      let start = Date()
      let results = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
        for index in 0..<Self.clients {
          group.addTask {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
              var latencies: [Double] = []
              var failures = 0
              for request in 0..<Self.requestsPerClient {
                let uri = uris[(index + request) % uris.count]
                let began = ContinuousClock.now
                let response = try await connection.get(uri, headers: headers)
                latencies.append((ContinuousClock.now - began) / .milliseconds(1))
                if response.status != .ok { failures += 1 }
              }
              return (latencies, failures)
            }
          }
        }
        var all: [([Double], Int)] = []
        for try await result in group { all.append(result) }
        return all
      }
      let seconds = Date().timeIntervalSince(start)
      let latencies = results.flatMap(\.0).sorted()
      let failures = results.map(\.1).reduce(0, +)
      #expect(latencies.count == Self.clients * Self.requestsPerClient)
      #expect(failures == 0)
      func percentile(_ p: Double) -> Double {
        latencies[min(latencies.count - 1, Int((p / 100 * Double(latencies.count)).rounded(.up)) - 1)]
      }
      let report = String(
        format: "%d clients x %d requests: %d requests in %.1f s (%.0f/s), %d errors; latency ms p50 %.1f, p90 %.1f, p99 %.1f, max %.1f\n",
        Self.clients, Self.requestsPerClient, latencies.count, seconds, Double(latencies.count) / seconds, failures,
        percentile(50), percentile(90), percentile(99), latencies.last ?? 0)
      let output = Fixtures.root.appendingPathComponent("test-output")
      try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
      try Data(report.utf8).write(to: output.appendingPathComponent("load-test.txt"))
      print(report)
    }
  }
}
