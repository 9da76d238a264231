import Foundation
import Testing
import ZIPFoundation

/// The compare page with three runs of the North America case and a grid sweep of the Louisiana
/// mill's earliest year, in headless Chromium at 1280 and 390 px: no console message, no
/// overlapping or clipped chart label, nothing wider than the window, no NaN; screenshots in
/// test-output/browser/.
@Suite("Compare and sweep pages in headless Chromium", .serialized)
struct CompareSweepBrowserTests {
  /// North America with the Louisiana mill allowed from 2031 instead of 2029, named so.
  static func millFrom2031Zip() throws -> Data {
    let example = "north-america"
    let folder = Fixtures.root.appendingPathComponent("examples/\(example)")
    let archive = try Archive(accessMode: .create)
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
      var text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      if name == "capacity_options.csv" {
        #expect(text.contains(",3,2029,1,"), "the example's mill no longer starts in 2029")
        text = text.replacingOccurrences(of: ",3,2029,1,", with: ",3,2031,1,")
      }
      if name == "scenario.yaml" {
        text = text.replacingOccurrences(of: "name: North America 2026-2035", with: "name: North America 2026-2035, mill from 2031")
      }
      try Fixtures.add(Data(text.utf8), as: "\(example)/\(name)", to: archive)
    }
    let policy = Fixtures.root.appendingPathComponent("policy")
    for pack in try FileManager.default.contentsOfDirectory(atPath: policy.path).sorted() {
      let packFolder = policy.appendingPathComponent(pack)
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: packFolder.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
      for name in try FileManager.default.contentsOfDirectory(atPath: packFolder.path).sorted() {
        try Fixtures.add(try Data(contentsOf: packFolder.appendingPathComponent(name)), as: "policy/\(pack)/\(name)", to: archive)
      }
    }
    return try #require(archive.data)
  }

  static func start(_ zip: Data, _ name: String, _ client: LiveClient, _ harness: Harness) async throws -> (scenario: String, job: String) {
    let uploaded = try json(try await client.upload(zip, fileName: name, token: harness.editor))
    let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String, "\(uploaded)")
    let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
    #expect(try await client.waitForJob(job, token: harness.viewer)["state"] as? String == "succeeded")
    return (scenario, job)
  }

  @Test("compare of three runs and a grid sweep over the mill's earliest year, at 1280 and 390 px",
    .enabled(if: BrowserTests.chromium != nil, "Chromium is not installed (scripts/install-chromium)"))
  func comparePages() async throws {
    let chromium = try #require(BrowserTests.chromium)
    let harness = try await Harness()
    defer { harness.remove() }
    let output = try BrowserTests.screenshotFolder()
    try await harness.live { client in
      let port = try #require(client.port)
      let base = try await Self.start(try Fixtures.northAmericaZip(), "na.zip", client, harness)
      let without = try await Self.start(try Fixtures.northAmericaZip("north-america-no-louisiana"), "nl.zip", client, harness)
      let late = try await Self.start(try Self.millFrom2031Zip(), "late.zip", client, harness)
      let body = #"{"grid": ["capacity_options[id=louisiana-mill].earliest_period=2029,2030,2031,2032"]}"#
      let sweep = try #require(
        try json(try await client.post("/api/scenarios/\(base.scenario)/sweep", token: harness.editor, body: body))["id"] as? String)
      #expect(try await client.waitForJob(sweep, token: harness.viewer)["state"] as? String == "succeeded")

      let root = "http://127.0.0.1:\(port)/"
      let runs = "\(base.job),\(without.job),\(late.job)"
      let pages: [(name: String, hash: String, ready: String, marks: [String], absent: [String])] = [
        ("compare-3-runs", "#/compare?runs=\(runs)", "compare",
          ["id=\"comparison\"", "class=\"chart delta-columns\"", "id=\"compare-map\"", "id=\"customers\"", "id=\"decisions\"",
           "not offered", "run 3: North America 2026-2035, mill from 2031 / version 1", "2031"], []),
        ("sweep-grid-mill-year", "#/job/\(sweep)", "sweep",
          ["a grid of 4 runs", "class=\"chart xy\"", "louisiana-mill: first year online", "earliest period of louisiana-mill 2031",
           "id=\"spread\"", "2029: 25 %"], [">P10<", ">Median<", "2.0 k", "2,029"]),
      ]
      for width in [1280, 390] {
        for page in pages {
          let url = root + page.hash + (page.hash.contains("?") ? "&" : "?") + "token=\(harness.viewer)&width=\(width)"
          let name = "\(page.name)-\(width)"
          let dom = try await BrowserTests.run(chromium, ["--dump-dom", url], width: width)
          #expect(dom.console.isEmpty, "console output on \(name): \(dom.console)")
          #expect(dom.stdout.contains("data-ready=\"\(page.ready)\""), "\(name) did not finish rendering")
          for mark in page.marks { #expect(dom.stdout.contains(mark), "\(name) lacks \(mark)") }
          for mark in page.absent { #expect(!dom.stdout.contains(mark), "\(name) shows \(mark)") }
          #expect(BrowserTests.attribute("data-label-overlaps", in: dom.stdout) == "0",
            "\(name): overlapping labels: \(BrowserTests.attribute("data-label-problems", in: dom.stdout) ?? "")")
          #expect(BrowserTests.attribute("data-label-clipped", in: dom.stdout) == "0",
            "\(name): clipped labels: \(BrowserTests.attribute("data-label-problems", in: dom.stdout) ?? "")")
          #expect(BrowserTests.attribute("data-overflow", in: dom.stdout) == "0", "\(name) is wider than the window")
          for bad in ["NaN", "undefined", "Infinity"] {
            #expect(dom.stdout.range(of: "\\b\(bad)\\b", options: .regularExpression) == nil, "\(name) shows \(bad)")
          }
          let shot = output.appendingPathComponent("\(name).png")
          try? FileManager.default.removeItem(at: shot)
          let screenshot = try await BrowserTests.run(chromium, ["--screenshot=\(shot.path)", url], width: width)
          #expect(screenshot.console.isEmpty, "console output on \(name): \(screenshot.console)")
          #expect(FileManager.default.fileExists(atPath: shot.path), "no screenshot of \(name)")
        }
      }
      // The two-run address of earlier versions still opens the page.
      let old = try await BrowserTests.run(chromium, ["--dump-dom", root + "#/compare/\(base.job)/\(without.job)?token=\(harness.viewer)"])
      #expect(old.stdout.contains("data-ready=\"compare\"") && old.stdout.contains("id=\"comparison\""))
    }
  }
}
