import Foundation
import NIOCore
import Testing

/// A futures study of the North America case through the API and its page in headless Chromium at
/// 1280 and 390 px: no console message, no overlapping or clipped chart label, nothing wider than
/// the window, no NaN; screenshots in test-output/browser/.
@Suite("Futures API and page", .serialized)
struct FuturesBrowserTests {
  static let yaml = """
    name: demand futures
    futures:
      - {name: low, probability: 0.4, variant: {changes: ["demand: quantity * 0.8"]}}
      - {name: high, probability: 0.6, variant: {changes: ["demand: quantity * 1.2"]}}

    """

  @Test("a futures job: bad files refused with their lines, the answer as JSON, the page at 1280 and 390 px",
    .enabled(if: BrowserTests.chromium != nil, "Chromium is not installed (scripts/install-chromium)"))
  func futuresPage() async throws {
    let chromium = try #require(BrowserTests.chromium)
    let harness = try await Harness()
    defer { harness.remove() }
    let output = try BrowserTests.screenshotFolder()
    try await harness.live { client in
      let port = try #require(client.port)
      let uploaded = try json(try await client.upload(try Fixtures.northAmericaZip(), fileName: "na.zip", token: harness.editor))
      let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String, "\(uploaded)")
      // A future whose probability is missing and one with a variant file: both reported at once.
      let bad = #"{"yaml": "futures:\n  - {name: low, variant: {changes: []}}\n  - {name: high, probability: 1, variant: other.yaml}\n"}"#
      let refused = try await client.post("/api/scenarios/\(scenario)/futures", token: harness.editor, body: bad)
      #expect(refused.status == .unprocessableContent)
      let message = try json(refused)["message"] as? String ?? ""
      #expect(message.contains("has no probability") && message.contains("variant files cannot be read here"), "\(message)")

      let body = String(decoding: try JSONSerialization.data(withJSONObject: ["yaml": Self.yaml, "method": "extensive"]), as: UTF8.self)
      let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/futures", token: harness.editor, body: body))["id"] as? String)
      let finished = try await client.waitForJob(job, token: harness.viewer)
      #expect(finished["state"] as? String == "succeeded", "\(finished)")
      #expect(finished["kind"] as? String == "futures")
      let answer = try json(try await client.get("/api/jobs/\(job)/futures", token: harness.viewer))
      #expect((answer["outcomes"] as? [Any])?.count == 2)
      #expect((answer["measures"] as? [[String: Any]])?.contains { $0["name"] as? String == "EVPI" } == true)

      let root = "http://127.0.0.1:\(port)/"
      let pages: [(name: String, hash: String, ready: String, marks: [String])] = [
        ("futures-answer", "#/job/\(job)", "results",
          ["id=\"futures-decision\"", "id=\"futures-table\"", "id=\"futures-measures\"", "id=\"futures-robustness\"", "EVPI", "low", "high"]),
        ("futures-form", "#/futures/\(scenario)", "futures", ["id=\"futures-yaml\"", "Find the plan for every future"]),
      ]
      for width in [1280, 390] {
        for page in pages {
          let url = root + page.hash + "?token=\(harness.viewer)&width=\(width)"
          let name = "\(page.name)-\(width)"
          let dom = try await BrowserTests.run(chromium, ["--dump-dom", url], width: width)
          #expect(dom.console.isEmpty, "console output on \(name): \(dom.console)")
          #expect(dom.stdout.contains("data-ready=\"\(page.ready)\""), "\(name) did not finish rendering")
          for mark in page.marks { #expect(dom.stdout.contains(mark), "\(name) lacks \(mark)") }
          if page.ready == "results" {
            #expect(BrowserTests.attribute("data-label-overlaps", in: dom.stdout) == "0",
              "\(name): overlapping labels: \(BrowserTests.attribute("data-label-problems", in: dom.stdout) ?? "")")
            #expect(BrowserTests.attribute("data-label-clipped", in: dom.stdout) == "0",
              "\(name): clipped labels: \(BrowserTests.attribute("data-label-problems", in: dom.stdout) ?? "")")
            #expect(BrowserTests.attribute("data-overflow", in: dom.stdout) == "0", "\(name) is wider than the window")
          }
          for bad in ["NaN", "undefined", "Infinity"] {
            #expect(dom.stdout.range(of: "\\b\(bad)\\b", options: .regularExpression) == nil, "\(name) shows \(bad)")
          }
          let shot = output.appendingPathComponent("\(name).png")
          try? FileManager.default.removeItem(at: shot)
          let screenshot = try await BrowserTests.run(chromium, ["--screenshot=\(shot.path)", url], width: width)
          #expect(screenshot.console.isEmpty, "console output on \(name): \(screenshot.console)")
        }
      }
    }
  }
}
