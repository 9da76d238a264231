import Foundation
import Testing
import ZIPFoundation

/// One planner behind every door: the North America case through `ferrite solve --format json`,
/// through the API, and as run 0 of a sweep gives the same objective, decisions and table totals.
@Suite("The same plan from the command line, the API and a sweep")
struct ParityTests {
  /// The `ferrite` binary built beside the test bundle (`swift build --build-tests` builds both).
  static let ferrite: URL? = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
      beside.appendingPathComponent("ferrite"), beside.deletingLastPathComponent().appendingPathComponent("ferrite"),
      Fixtures.root.appendingPathComponent(".build/debug/ferrite"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// The North America case as shipped, and with every carbon option set in scenario.yaml
  /// (POSCO's scopes by operational control, footprints allocated by value): options that once
  /// only the command line read.
  @Test(
    "North America: CLI, API and sweep run 0 agree", .enabled(if: ferrite != nil, "the ferrite binary is not built"),
    arguments: ["", "  carbon_company: posco\n  carbon_boundary: operational-control\n  allocation: economic\n"])
  func northAmerica(options: String) async throws {
    let binary = try #require(Self.ferrite)
    let folder = try Self.copyOfNorthAmerica(addingOptions: options)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["solve", folder.appendingPathComponent("north-america").path, "--format", "json"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let command = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let uploaded = try json(try await client.upload(try Self.zip(folder), fileName: "na.zip", token: harness.editor))
      let scenario = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let job = try #require(try json(try await client.post("/api/scenarios/\(scenario)/solve", token: harness.editor))["id"] as? String)
      #expect(try await client.waitForJob(job, token: harness.viewer)["state"] as? String == "succeeded")
      let api = try json(try await client.get("/api/jobs/\(job)/plan", token: harness.viewer))

      // The identity parameter leaves the base as it is: run 0 is the base plan.
      let started = try json(try await client.post(
        "/api/scenarios/\(scenario)/sweep", token: harness.editor, body: #"{"grid": ["demand.quantity*=1"]}"#))
      let sweepJob = try #require(started["id"] as? String)
      #expect(try await client.waitForJob(sweepJob, token: harness.viewer)["state"] as? String == "succeeded")
      let sweep = try json(try await client.get("/api/jobs/\(sweepJob)/sweep", token: harness.viewer))
      let run = try #require((sweep["runs"] as? [[String: Any]])?.first)

      let objective = try #require(command["objective"] as? Double)
      #expect(Self.close(api["objective"] as? Double, objective), "API \(api["objective"] ?? "none") against \(objective)")
      #expect(Self.close(run["objective"] as? Double, objective), "sweep \(run["objective"] ?? "none") against \(objective)")
      #expect(Self.decisions(api) == Self.decisions(command))
      let figures = try #require(run["figures"] as? [String: Double])
      let runDecisions = try #require(run["decisions"] as? [String: Double])
      let key = Self.keyFigures(command)
      #expect(key.count > 10, "the plan's JSON lacks its key figures")
      for figure in key {
        // A decision never taken has no year; sweeps record it as 0.
        let value = figure.value ?? 0
        if figure.unit == "year" || figure.unit == "modules" || figure.unit == "periods" {
          #expect(runDecisions[figure.name] == value, "\(figure.name): sweep \(runDecisions[figure.name] ?? -1), CLI \(value)")
        } else if figure.name != "objective" {
          #expect(Self.close(figures[figure.name], value), "\(figure.name): sweep \(figures[figure.name] ?? .nan), CLI \(value)")
        }
      }
      if !options.isEmpty {
        let scopes = ((command["carbon"] as? [String: Any])?["scopes"] as? [[String: Any]]) ?? []
        #expect(scopes.contains { $0["company"] as? String == "posco" && $0["boundary"] as? String == "operational-control" })
        #expect((command["carbon"] as? [String: Any])?["allocation"] as? String == "economic")
      }
      for (name, total) in Self.totals(command) {
        #expect(Self.close(Self.totals(api)[name], total), "\(name): API \(Self.totals(api)[name] ?? .nan), CLI \(total)")
      }
    }
  }

  /// examples/north-america and the policy packs in a temporary folder, with `options` added to
  /// scenario.yaml's `options:`.
  static func copyOfNorthAmerica(addingOptions options: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-parity-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Fixtures.root.appendingPathComponent("examples/north-america"), to: folder.appendingPathComponent("north-america"))
    try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("policy"), to: folder.appendingPathComponent("policy"))
    let settings = folder.appendingPathComponent("north-america/scenario.yaml")
    let text = try String(contentsOf: settings, encoding: .utf8)
    try text.replacingOccurrences(of: "\noptions:\n", with: "\noptions:\n" + options)
      .write(to: settings, atomically: true, encoding: .utf8)
    return folder
  }

  /// Every file under `folder` in a zip, by its path inside it.
  static func zip(_ folder: URL) throws -> Data {
    let archive = try Archive(accessMode: .create)
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    var paths: [String] = []
    while let url = files?.nextObject() as? URL {
      if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        paths.append(String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1)))
      }
    }
    for path in paths.sorted() {
      try Fixtures.add(try Data(contentsOf: folder.appendingPathComponent(path)), as: path, to: archive)
    }
    return try #require(archive.data)
  }

  static func close(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= 1e-6 * max(1, abs(expected))
  }

  /// Capacity builds as "option period modules", sorted.
  static func decisions(_ plan: [String: Any]) -> [String] {
    ((plan["builds"] as? [[String: Any]]) ?? []).map {
      "\($0["option"] ?? "") \($0["period"] ?? "") \($0["modules"] ?? "")"
    }.sorted()
  }

  /// The plan's key figures and decisions as `KeyFigures` encodes them.
  static func keyFigures(_ plan: [String: Any]) -> [(name: String, unit: String, value: Double?)] {
    let key = plan["keyFigures"] as? [String: Any]
    let figures = ((key?["figures"] as? [[String: Any]]) ?? []) + ((key?["decisions"] as? [[String: Any]]) ?? [])
    return figures.map { ($0["name"] as? String ?? "", $0["unit"] as? String ?? "", $0["value"] as? Double) }
  }

  /// Totals of the plan's main tables: tonnes shipped, activity, purchases, duties, emissions.
  static func totals(_ plan: [String: Any]) -> [String: Double] {
    func sum(_ table: String, _ field: String, in object: [String: Any]? = nil) -> Double {
      (((object ?? plan)[table] as? [[String: Any]]) ?? []).reduce(0) { $0 + (($1[field] as? Double) ?? 0) }
    }
    var totals = [
      "flows": sum("flows", "quantity"), "production": sum("production", "activity"),
      "purchases": sum("purchases", "quantity"), "served": sum("demand", "served"),
      "costs": sum("costs", "discounted"),
    ]
    if let trade = plan["trade"] as? [String: Any] { totals["duties"] = trade["totalDuties"] as? Double }
    if let carbon = plan["carbon"] as? [String: Any] {
      totals["emissions"] = sum("emissions", "emissions", in: carbon)
      totals["delivered footprints"] = ((carbon["deliveries"] as? [[String: Any]]) ?? []).reduce(0) {
        $0 + (($1["quantity"] as? Double) ?? 0) * (($1["perUnit"] as? Double) ?? 0)
      }
    }
    return totals
  }
}
