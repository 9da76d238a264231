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

  @Test("scenario list, validation, results (map, Sankey, duties, emissions) and a comparison render without console errors",
    .enabled(if: chromium != nil, "Chromium is not installed (scripts/install-chromium)"))
  func mainPages() async throws {
    let chromium = try #require(Self.chromium)
    let harness = try await Harness()
    defer { harness.remove() }
    let output = Fixtures.root.appendingPathComponent("test-output/browser")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
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
          ["class=\"chart map\"", "class=\"land\"", "class=\"flow\"", "class=\"chart sankey\"", "class=\"node\"",
           "class=\"link\"", "class=\"chart waterfall\"", "class=\"chart bars\"", "id=\"duties\"><div class=\"legend\"",
           "id=\"compliance-table\"", "id=\"emissions\"><div class=\"legend\"", "id=\"footprints\"><div class=\"legend\""]),
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

  struct Outcome {
    var stdout: String
    /// Lines Chromium logged from the page's console (messages, errors, CSP violations, failed loads).
    var console: [String]
  }

  /// Runs headless Chromium on one page with a fresh profile, waiting for the page to settle.
  ///
  /// Runs on a Dispatch thread: blocking a Swift concurrency thread could starve the server the
  /// browser is talking to.
  static func run(_ chromium: String, _ arguments: [String]) async throws -> Outcome {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(with: Result { try runBlocking(chromium, arguments) })
      }
    }
  }

  static func runBlocking(_ chromium: String, _ arguments: [String]) throws -> Outcome {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--window-size=1280,4400",
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
