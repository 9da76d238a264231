import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

/// The what-if question answered without a terminal: the North America case's inputs, the
/// "Louisiana mill two years late" variant built with the planner shortcut, both runs, the two
/// plans on one page, and a bad cell's diagnostic in place; each page at 1280 and 390 px.
///
/// Headless Chromium here renders pages, it does not click: where the page would send a request
/// on a click (save the variant, Run), the test sends the same request, then opens the page that
/// shows its outcome.
@Suite("What-if in the browser: inputs, a shortcut variant, its run and the comparison", .serialized)
struct InputBrowserTests {
  @Test("the mill two years late: open NA, build the variant with the shortcut, run both, compare; a bad cell shows its diagnostic",
    .enabled(if: BrowserTests.chromium != nil, "Chromium is not installed (scripts/install-chromium)"))
  func millTwoYearsLate() async throws {
    let chromium = try #require(BrowserTests.chromium)
    // The client's connection idles while Chromium renders each page: longer than the usual 10 s.
    let harness = try await Harness(idleTimeout: .seconds(600))
    defer { harness.remove() }
    let output = try BrowserTests.screenshotFolder()
    try await harness.live { client in
      let port = try #require(client.port)
      let uploaded = try json(try await client.upload(try Fixtures.northAmericaZip(), fileName: "north-america.zip", token: harness.editor))
      let base = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let address = "http://127.0.0.1:\(port)/"

      // The variant builder with the shortcut filled in shows its preview: 2029 becomes 2031.
      let shortcut = "#/variant/\(base)?shortcut=delay-capacity-option&option=louisiana-mill&years=2"
      _ = try await Self.page(
        chromium, address + shortcut, name: "variant-builder", ready: "variant", token: harness.editor, output: output,
        marks: ["capacity_options where id=louisiana-mill: earliest_period = 2031", "2029", "id=\"save-variant\""])

      // Save (the page's button sends this), then Run on the base and on the variant.
      let preview = try json(try await client.post(
        "/api/scenarios/\(base)/variants/preview", token: harness.editor,
        body: #"{"shortcut": {"kind": "delay-capacity-option", "option": "louisiana-mill", "years": 2}}"#))
      let text = try #require(preview["text"] as? String)
      let body = String(decoding: try JSONSerialization.data(withJSONObject: ["text": text, "name": "louisiana-mill-2-years-late"]), as: UTF8.self)
      let created = try json(try await client.post("/api/scenarios/\(base)/variants", token: harness.editor, body: body))
      let variant = try #require((created["scenario"] as? [String: Any])?["id"] as? String)
      var jobs: [String] = []
      for scenario in [base, variant] {
        let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
        #expect(try await client.waitForJob(job, token: harness.viewer)["state"] as? String == "succeeded")
        jobs.append(job)
      }

      // The late mill costs profit: the variant's objective is no better than the base's.
      let basePlan = try json(try await client.get("/api/jobs/\(jobs[0])/plan", token: harness.viewer))
      let latePlan = try json(try await client.get("/api/jobs/\(jobs[1])/plan", token: harness.viewer))
      let baseObjective = try #require(basePlan["objective"] as? Double), lateObjective = try #require(latePlan["objective"] as? Double)
      #expect(lateObjective <= baseObjective + 1e-6 * abs(baseObjective), "late \(lateObjective) against base \(baseObjective)")

      // The tree on the variant's page names both runs and links the comparison.
      _ = try await Self.page(
        chromium, address + "#/scenario/\(variant)", name: "scenario-tree", ready: "scenario", token: harness.viewer, output: output,
        marks: ["id=\"scenario-tree\"", "louisiana-mill-2-years-late", "#/compare?runs=\(jobs[0]),\(jobs[1])", "version 1"])
      _ = try await Self.page(
        chromium, address + "#/compare?runs=\(jobs[0]),\(jobs[1])", name: "variant-compare", ready: "compare", token: harness.viewer,
        output: output, marks: ["louisiana"])

      // A bad value saved in the base's inputs: the grid shows the diagnostic in its cell and Run says why it is off.
      let cells = try #require(try json(try await client.get("/api/scenarios/\(base)/tables", token: harness.viewer))["tables"] as? [String: [[String: String]]])
      var options = try #require(cells["capacity_options"])
      options[0]["module_size"] = "-2700000"
      let edit = String(decoding: try JSONSerialization.data(withJSONObject: ["tables": ["capacity_options": options], "note": "negative module"]), as: UTF8.self)
      let saved = try json(try await client.post("/api/scenarios/\(base)/versions", token: harness.editor, body: edit))
      #expect(saved["valid"] as? Bool == false)
      let grid = try await Self.page(
        chromium, address + "#/inputs/\(base)/capacity_options", name: "inputs-bad-cell", ready: "inputs", token: harness.viewer,
        output: output, marks: ["class=\"cell-error\"", "id=\"problem-capacity_options-0-module_size\"", "Fix the 1 error first"])
      #expect(grid.contains("aria-invalid=\"true\""))
      _ = try await Self.page(
        chromium, address + "#/versions/\(base)", name: "versions", ready: "versions", token: harness.viewer, output: output,
        marks: ["Version 2 (current)", "negative module", "module_size", "-2700000"])
      _ = try await Self.page(
        chromium, address + "#/inputs/\(variant)/demand", name: "inputs-grid", ready: "inputs", token: harness.viewer, output: output,
        marks: ["id=\"input-grid\"", "Hyundai Motor Manufacturing Alabama"])
    }
  }

  /// Opens `url` at 1280 and 390 px: no console message, the page ready, nothing wider than the
  /// window, no overlapping or clipped label, no NaN, undefined or Infinity; saves both screenshots
  /// and returns the wide page's DOM.
  static func page(
    _ chromium: String, _ url: String, name: String, ready: String, token: String, output: URL, marks: [String]
  ) async throws -> String {
    var wide = ""
    for width in [1280, 390] {
      let separator = url.contains("?") ? "&" : "?"
      let full = url + separator + "token=\(token)&width=\(width)"
      let label = "\(name)-\(width)"
      let dom = try await BrowserTests.run(chromium, ["--dump-dom", full], width: width)
      #expect(dom.console.isEmpty, "console output on \(label): \(dom.console)")
      #expect(dom.stdout.contains("data-ready=\"\(ready)\""), "\(label) did not finish rendering")
      for mark in marks { #expect(dom.stdout.contains(mark), "\(label) lacks \(mark)") }
      #expect(BrowserTests.attribute("data-overflow", in: dom.stdout) ?? "0" == "0", "\(label) is wider than the window")
      #expect(BrowserTests.attribute("data-label-overlaps", in: dom.stdout) ?? "0" == "0",
        "\(label): overlapping labels: \(BrowserTests.attribute("data-label-problems", in: dom.stdout) ?? "")")
      #expect(BrowserTests.attribute("data-label-clipped", in: dom.stdout) ?? "0" == "0", "\(label): clipped labels")
      #expect(BrowserTests.attribute("data-bad-values", in: dom.stdout) ?? "" == "", "\(label) shows a bad value")
      for bad in ["NaN", "undefined", "Infinity"] {
        #expect(Self.visibleText(dom.stdout).range(of: "\\b\(bad)\\b", options: .regularExpression) == nil, "\(label) shows \(bad)")
      }
      let shot = output.appendingPathComponent("\(label).png")
      try? FileManager.default.removeItem(at: shot)
      let screenshot = try await BrowserTests.run(chromium, ["--screenshot=\(shot.path)", full], width: width)
      #expect(screenshot.console.isEmpty, "console output on \(label): \(screenshot.console)")
      #expect(FileManager.default.fileExists(atPath: shot.path), "no screenshot of \(label)")
      if width == 1280 { wide = dom.stdout }
    }
    return wide
  }

  /// The DOM without its tags and attribute values: what a reader sees (a cell's NaN typed by a
  /// planner is an input's value, shown by the page as a diagnostic, not as a figure).
  static func visibleText(_ dom: String) -> String {
    dom.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
  }
}
