import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

/// Opens the web app's main pages for the North America case in headless Chromium (installed from
/// Debian's packages by scripts/install-chromium), fails on any console message and saves a
/// screenshot of each page under test-output/browser/.
@Suite("The web app in headless Chromium", .serialized)
struct BrowserTests {
  static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  /// test-output/browser/, where every page's screenshots go to be looked at.
  static func screenshotFolder() throws -> URL {
    let output = Fixtures.root.appendingPathComponent("test-output/browser")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    return output
  }

  @Test("scenario list, validation, results (map, Sankey, duties, emissions) and a comparison render without console errors",
    .enabled(if: chromium != nil, "Chromium is not installed (scripts/install-chromium)"))
  func mainPages() async throws {
    let chromium = try #require(Self.chromium)
    let harness = try await Harness()
    defer { harness.remove() }
    let output = try Self.screenshotFolder()
    try await harness.live { client in
      let port = try #require(client.port)
      let uploaded = try json(try await client.upload(try Fixtures.northAmericaZip(), fileName: "north-america.zip", token: harness.editor))
      let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
      let status = try await client.waitForJob(job, token: harness.viewer)
      #expect(status["state"] as? String == "succeeded", "\(status)")
      let withoutMill = try json(
        try await client.upload(try Fixtures.northAmericaZip("north-america-no-louisiana"), fileName: "nl.zip", token: harness.editor))
      let other = try #require((withoutMill["scenario"] as? [String: Any])?["id"] as? String)
      let otherJob = try #require(try json(try await client.post("/api/scenarios/\(other)/solve", token: harness.editor))["id"] as? String)
      #expect(try await client.waitForJob(otherJob, token: harness.viewer)["state"] as? String == "succeeded")

      let broken = Fixtures.twoMills.replacingOccurrences(of: "to: p3, mode: rail", with: "to: p9, mode: rail")
      let invalid = try json(try await client.upload(Data(broken.utf8), fileName: "broken.yaml", token: harness.editor))
      let invalidID = try #require((invalid["scenario"] as? [String: Any])?["id"] as? String)

      let base = "http://127.0.0.1:\(port)/"
      let pages: [(name: String, url: String, ready: String, marks: [String])] = [
        ("sign-in", base, "sign-in", ["id=\"token\""]),
        ("scenarios", base + "#/?token=\(harness.viewer)", "scenarios", ["North America", "id=\"scenario-list\""]),
        ("scenario", base + "#/scenario/\(scenario)?token=\(harness.viewer)", "scenario", ["id=\"time-limit\""]),
        ("validation", base + "#/scenario/\(invalidID)?token=\(harness.viewer)", "scenario",
          ["id=\"diagnostics\"", "broken.yaml", "p9"]),
        ("results", base + "#/job/\(job)?token=\(harness.viewer)", "results",
          ["id=\"summary\"", "data-figure=\"profit\"", "class=\"chart waterfall\"", "id=\"baseline\""]),
        ("compare", base + "#/compare/\(job)/\(otherJob)?token=\(harness.viewer)", "compare",
          ["id=\"comparison\"", "id=\"changes\"", "louisiana"]),
      ]
      for page in pages {
        let dom = try await Self.run(chromium, ["--dump-dom", page.url])
        #expect(dom.console.isEmpty, "console output on \(page.name): \(dom.console)")
        #expect(dom.stdout.contains("data-ready=\"\(page.ready)\""), "\(page.name) did not finish rendering")
        for mark in page.marks {
          #expect(dom.stdout.contains(mark), "\(page.name) lacks \(mark)")
        }
        let shot = output.appendingPathComponent("\(page.name).png")
        try? FileManager.default.removeItem(at: shot)
        let screenshot = try await Self.run(chromium, ["--screenshot=\(shot.path)", page.url])
        #expect(screenshot.console.isEmpty, "console output on \(page.name): \(screenshot.console)")
        #expect(FileManager.default.fileExists(atPath: shot.path), "no screenshot of \(page.name)")
      }
    }
  }

  /// The views of a plan's results page, as the web app routes them (#/job/ID/VIEW).
  /// With a site's panel on the map and a table open under the list.
  static let views = [
    "summary", "map", "map/louisiana", "flows", "time", "costs", "trade", "carbon", "bottlenecks", "tables/delivered_costs",
  ]

  @Test("every results view of the North America case at 1280 and 390 px: no console message, no overlapping or clipped label, no NaN",
    .enabled(if: chromium != nil, "Chromium is not installed (scripts/install-chromium)"))
  func resultsViews() async throws {
    let chromium = try #require(Self.chromium)
    let harness = try await Harness()
    defer { harness.remove() }
    let output = try Self.screenshotFolder()
    try await harness.live { client in
      let port = try #require(client.port)
      var jobs: [String] = []
      for example in ["north-america-no-louisiana", "north-america"] {
        let uploaded = try json(
          try await client.upload(try Fixtures.northAmericaZip(example), fileName: "\(example).zip", token: harness.editor))
        let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
        let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
        #expect(try await client.waitForJob(job, token: harness.viewer)["state"] as? String == "succeeded")
        jobs.append(job)
      }
      let job = try #require(jobs.last)
      let plan = try json(try await client.get("/api/jobs/\(job)/plan", token: harness.viewer))
      let base = "http://127.0.0.1:\(port)/"
      for width in [1280, 390] {
        for view in Self.views {
          // Headless Chromium lays no window out narrower than 500 px: width=N makes the page N px wide.
          let url = base + "#/job/\(job)/\(view)?token=\(harness.viewer)&width=\(width)"
          let name = "\(view.replacingOccurrences(of: "/", with: "-"))-\(width)"
          let dom = try await Self.run(chromium, ["--dump-dom", url], width: width)
          #expect(dom.console.isEmpty, "console output on \(name): \(dom.console)")
          #expect(dom.stdout.contains("data-ready=\"results\""), "\(name) did not finish rendering")
          #expect(Self.attribute("data-label-overlaps", in: dom.stdout) == "0",
            "\(name): overlapping labels: \(Self.attribute("data-label-problems", in: dom.stdout) ?? "")")
          #expect(Self.attribute("data-label-clipped", in: dom.stdout) == "0",
            "\(name): clipped labels: \(Self.attribute("data-label-problems", in: dom.stdout) ?? "")")
          #expect(Self.attribute("data-overflow", in: dom.stdout) == "0", "\(name) is wider than the window")
          for bad in ["NaN", "undefined", "Infinity"] {
            #expect(dom.stdout.range(of: "\\b\(bad)\\b", options: .regularExpression) == nil, "\(name) shows \(bad)")
          }
          if view == "summary" && width == 1280 { try Self.checkSummary(dom.stdout, against: plan) }
          let shot = output.appendingPathComponent("\(name).png")
          try? FileManager.default.removeItem(at: shot)
          let screenshot = try await Self.run(chromium, ["--screenshot=\(shot.path)", url], width: width)
          #expect(screenshot.console.isEmpty, "console output on \(name): \(screenshot.console)")
          #expect(FileManager.default.fileExists(atPath: shot.path), "no screenshot of \(name)")
        }
      }
    }
  }

  /// The value of `name="..."` on the body (the first occurrence in the DOM).
  static func attribute(_ name: String, in dom: String) -> String? {
    guard let start = dom.range(of: " \(name)=\"") else { return nil }
    let rest = dom[start.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
  }

  /// Each headline figure of the summary carries the plan's own key figure (data-value) and shows
  /// it rounded for people: the text read back is within half a unit of its last digit.
  static func checkSummary(_ dom: String, against plan: [String: Any]) throws {
    let figures = try #require((plan["keyFigures"] as? [String: Any])?["figures"] as? [[String: Any]])
    var expected: [String: Double] = [:]
    for figure in figures {
      if let name = figure["name"] as? String, let value = figure["value"] as? Double { expected[name] = value }
    }
    let pattern = try NSRegularExpression(
      pattern: "data-figure=\"([^\"]+)\" data-value=\"([^\"]+)\"><div class=\"value\">([^<]+)</div>")
    let matches = pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom))
    var seen: Set<String> = []
    for match in matches {
      guard let nameRange = Range(match.range(at: 1), in: dom), let valueRange = Range(match.range(at: 2), in: dom),
        let textRange = Range(match.range(at: 3), in: dom)
      else { continue }
      let name = String(dom[nameRange])
      seen.insert(name)
      let carried = try #require(Double(dom[valueRange]))
      let plan = try #require(expected[name], "the summary shows \(name), which the plan's key figures lack")
      #expect(abs(carried - plan) <= 1e-9 * max(1, abs(plan)), "\(name): page carries \(carried), plan has \(plan)")
      let shown = try #require(Self.number(String(dom[textRange])), "\(name) shows \(dom[textRange])")
      #expect(abs(shown.value - plan) <= shown.halfStep + 1e-9 * abs(plan), "\(name) shows \(dom[textRange]) for \(plan)")
    }
    for name in ["profit", "revenue", "total cost", "service level", "unmet units"] {
      #expect(seen.contains(name), "the summary lacks \(name)")
    }
  }

  /// "6.46 bn", "30.25 bn", "2,157", "100.0 %" as a number and half its last digit's step.
  static func number(_ text: String) -> (value: Double, halfStep: Double)? {
    var body = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
    var scale = 1.0
    for (suffix, factor) in [(" bn", 1e9), (" M", 1e6), (" k", 1e3), (" %", 0.01)] where body.hasSuffix(suffix) {
      body.removeLast(suffix.count)
      scale = factor
    }
    guard let value = Double(body) else { return nil }
    let decimals = body.firstIndex(of: ".").map { body.distance(from: $0, to: body.endIndex) - 1 } ?? 0
    return (value * scale, 0.5 * pow(10, -Double(decimals)) * scale)
  }

  struct Outcome {
    var stdout: String
    /// Lines Chromium logged from the page's console (messages, errors, CSP violations, failed loads).
    var console: [String]
  }

  /// Runs headless Chromium on one page with a fresh profile, waiting for the page to settle.
  ///
  /// Runs on a Dispatch thread: blocking a Swift concurrency thread could starve the server the
  /// browser is talking to.
  static func run(_ chromium: String, _ arguments: [String], width: Int = 1280) async throws -> Outcome {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(with: Result { try runBlocking(chromium, arguments, width: width) })
      }
    }
  }

  static func runBlocking(_ chromium: String, _ arguments: [String], width: Int = 1280) throws -> Outcome {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--window-size=\(width),4400",
      "--hide-scrollbars", "--virtual-time-budget=20000", "--run-all-compositor-stages-before-draw",
    ] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read stderr on another thread while stdout is read here, so a full pipe cannot stall it.
    let errors = Box()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { errors.set(err.fileHandleForReading.readDataToEndOfFile()) }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let stderr = String(decoding: errors.value, as: UTF8.self)
    let console = stderr.split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    return Outcome(stdout: String(decoding: stdout, as: UTF8.self), console: console)
  }

  final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data } }
  }
}
