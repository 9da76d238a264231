import Foundation
import Testing

/// The `ferrite` binary run as a person runs it: exit codes, stdout, stderr and help text.
///
/// The binary is the one `swift build --build-tests` (or `swift test`) builds next to the test
/// bundle in `.build/<configuration>/`.
@Suite("ferrite on the command line")
struct CommandLineTests {
  // MARK: validate

  @Test("validate: 0 for a valid scenario, naming it")
  func validateValid() throws {
    let run = try Ferrite.run("validate", Scenarios.write(Scenarios.small))
    #expect(run.status == 0)
    #expect(run.stdout.contains(": valid (small network)"))
  }

  @Test("validate: 2 for errors, each with file, line and column")
  func validateInvalid() throws {
    let run = try Ferrite.run(
      "validate", Scenarios.write(Scenarios.small.replacingOccurrences(of: "to: plant", with: "to: plnat")))
    #expect(run.status == 2)
    #expect(
      run.stdout.contains("scenario.yaml:13: column 'to': unknown site 'plnat' (did you mean 'plant'?)"))
    #expect(run.stdout.contains(" errors, 0 warnings"))
  }

  @Test("validate: 1 for a path that does not exist (a usage error)")
  func validateMissing() throws {
    let run = try Ferrite.run("validate", "/nonexistent/scenario")
    #expect(run.status == 1)
    #expect(run.stderr.contains("No such file or folder"))
  }

  @Test("scenario text with terminal escape sequences never reaches the terminal raw")
  func escapedText() throws {
    // A name may not hold control characters (an error); a description may, and is shown escaped.
    let name = Scenarios.small.replacingOccurrences(
      of: "name: small network", with: "name: \"red \\e[31mALERT\"")
    let validate = try Ferrite.run("validate", Scenarios.write(name))
    #expect(validate.status == 2)
    #expect(validate.stdout.contains("key 'name': the name holds control characters"))
    #expect(!validate.stdout.contains("\u{1B}"))
    let description = "description: \"red \\e[31mALERT\\e[0m\"\n" + Scenarios.small
    let describe = try Ferrite.run("describe", Scenarios.write(description))
    #expect(describe.status == 0)
    #expect(!describe.stdout.contains("\u{1B}") && !describe.stderr.contains("\u{1B}"))
    #expect(describe.stdout.contains("red \\u{1B}[31mALERT"))
  }

  // MARK: solve

  @Test("solve: 0 and the summary for an optimal plan")
  func solveOptimal() throws {
    let run = try Ferrite.run("solve", Scenarios.write(Scenarios.small))
    #expect(run.status == 0)
    #expect(run.stdout.contains("Status: optimal, LP"))
    // 10 t at 5 made + 1 shipped = 60.
    #expect(run.stdout.contains("total cost") && run.stdout.contains("60"))
  }

  @Test("solve: 2 for an invalid scenario, the errors on stderr")
  func solveInvalid() throws {
    let run = try Ferrite.run(
      "solve", Scenarios.write(Scenarios.small.replacingOccurrences(of: "to: plant", with: "to: plnat")))
    #expect(run.status == 2)
    #expect(run.stderr.contains("plnat"))
    #expect(run.stdout.isEmpty)
  }

  @Test("solve: 3 with the explanation for a scenario without a feasible plan")
  func solveInfeasible() throws {
    let run = try Ferrite.run(
      "solve",
      Scenarios.write(Scenarios.small.replacingOccurrences(of: "quantity: 10}", with: "quantity: 1000}")))
    #expect(run.status == 3)
    #expect(run.stdout.contains("No feasible plan."))
    #expect(run.stdout.contains("demand for steel at plant in 2026"))
  }

  @Test("solve: 2 for a number out of range (1e20 lane cost), not a crash or a 15-minute solve")
  func solveOutOfRange() throws {
    // The reader refuses it; the planner's own check behind it is tested in FerritePlannerTests.
    let huge = Scenarios.small.replacingOccurrences(of: "cost_per_unit: 1}", with: "cost_per_unit: 1e20}")
    let run = try Ferrite.run("solve", Scenarios.write(huge))
    #expect(run.status == 2)
    #expect(run.stderr.contains("scenario.yaml:13: column 'cost_per_unit': 1e20"))
  }

  @Test("solve: 4 when a time limit stops the solver before it proves the plan optimal")
  func solveTimeLimit() throws {
    // 200 candidate mills whose fixed cost is 100 per t of capacity: every mill costs the same
    // per t, so branch and bound meets ties everywhere and cannot close a zero gap in 4 s, while
    // any set of mills covering the demand is a plan (found in well under a second when idle;
    // the margin is for a machine busy with the other tests).
    let start = Date()
    let run = try Ferrite.run(
      "solve", Scenarios.write(Scenarios.ties(200)), "--time-limit", "4", "--mip-gap", "0")
    let seconds = Date().timeIntervalSince(start)
    #expect(run.status == 4)
    #expect(run.stdout.contains("Status: timeLimit, MILP"))
    #expect(run.stderr.contains("The plan is not proven optimal: the solver stopped (timeLimit, gap "))
    // A hang guard only: that the duals share the deadline is tested in FerritePlannerTests.
    #expect(seconds < 60)
  }

  @Test("solve: Ctrl-C stops the solver and prints the best plan so far, exit 4")
  func solveInterrupted() throws {
    // The MILP of `solveTimeLimit` has a plan within a second and no proof for far longer.
    // Ctrl-C is caught from the start, so even on a machine too busy to have a plan by then the
    // program ends on its own terms (exit 1, no plan yet) rather than killed by the signal.
    let run = try Ferrite.run(
      "solve", Scenarios.write(Scenarios.ties(200)), "--mip-gap", "0", interruptAfter: 3)
    #expect(run.status == 4 || run.status == 1)
    if run.status == 4 {
      #expect(run.stdout.contains("Status: interrupted, MILP"))
      #expect(run.stderr.contains("The plan is not proven optimal: the solver stopped (interrupted, gap "))
    } else {
      #expect(run.stderr.contains("No plan: the solver stopped (interrupted) before it found one."))
    }
  }

  @Test("solve: warnings go to stderr and into the JSON plan")
  func solveWarnings() throws {
    let run = try Ferrite.run("solve", Scenarios.write(Scenarios.withWarning), "--format", "json")
    #expect(run.status == 0)
    #expect(run.stderr.contains("warning:"))
    let plan = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let warnings = plan?["scenarioWarnings"] as? [String] ?? []
    #expect(warnings.count == 1)
    #expect(warnings.first?.hasPrefix("scenario.yaml:13: warning: column 'cost_per_unit_km'") == true)
    #expect(run.stderr.contains("scenario.yaml:13: warning: column 'cost_per_unit_km'"))
    // --out writes the same JSON, warnings included.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let written = try Ferrite.run("solve", Scenarios.write(Scenarios.withWarning), "--out", folder.path)
    #expect(written.status == 0)
    let results = try Data(contentsOf: folder.appendingPathComponent("results.json"))
    let stored = try JSONSerialization.jsonObject(with: results) as? [String: Any]
    #expect((stored?["scenarioWarnings"] as? [String])?.count == 1)
  }

  @Test("describe, sensitivity and sweep print the scenario's warnings to stderr too")
  func warningsEverywhere() throws {
    let path = try Scenarios.write(Scenarios.withWarning)
    let database = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-cli-\(UUID().uuidString).sqlite")
    defer { try? FileManager.default.removeItem(at: database) }
    let runs = [
      ("describe", try Ferrite.run("describe", path)),
      ("sensitivity", try Ferrite.run("sensitivity", path)),
      ("sweep", try Ferrite.run("sweep", path, "--grid", "demand.quantity*=1", "--database", database.path)),
    ]
    for (command, run) in runs {
      #expect(run.status == 0, "\(command) exited \(run.status): \(run.stderr)")
      #expect(run.stderr.contains("scenario.yaml:13: warning: column 'cost_per_unit_km'"), "\(command)")
    }
  }

  @Test("solve: --solver-log writes HiGHS's log to a file")
  func solverLog() throws {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-cli-\(UUID().uuidString).log")
    defer { try? FileManager.default.removeItem(at: log) }
    let run = try Ferrite.run("solve", Scenarios.write(Scenarios.small), "--solver-log", log.path)
    #expect(run.status == 0)
    let text = try String(contentsOf: log, encoding: .utf8)
    #expect(text.contains("HiGHS"))
  }

  // MARK: sweep

  @Test("sweep: 0 for a grid, 2 for a parameter naming an unknown column, 1 for a database it cannot open")
  func sweep() throws {
    let base = try Scenarios.write(Scenarios.small)
    let database = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-cli-\(UUID().uuidString).sqlite")
    defer { try? FileManager.default.removeItem(at: database) }
    let good = try Ferrite.run(
      "sweep", base, "--grid", "demand.quantity*=0.5,1", "--database", database.path, "--workers", "1")
    #expect(good.status == 0)
    #expect(good.stdout.contains("2"))
    let bad = try Ferrite.run(
      "sweep", base, "--grid", "demand.quantiti*=0.5,1", "--database", database.path, "--workers", "1")
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("quantiti"))
    let unwritable = try Ferrite.run(
      "sweep", base, "--grid", "demand.quantity*=0.5,1", "--database", "/nonexistent/folder/sweeps.sqlite")
    #expect(unwritable.status == 1)
    #expect(unwritable.stderr.contains("unable to open database file"))
  }

  // MARK: help

  @Test("help: the main commands are listed with their one-line summaries")
  func mainHelp() throws {
    let run = try Ferrite.run("--help")
    #expect(run.status == 0)
    for command in ["validate", "solve", "sweep", "compare", "describe", "resolve", "sensitivity"] {
      #expect(run.stdout.contains("  \(command) "), "\(command) missing from ferrite --help")
    }
  }

  @Test("help: every command that reads a scenario documents its exit codes")
  func exitCodesInHelp() throws {
    let expected: [String: [String]] = [
      "validate": ["0 the scenario is valid", "2 the scenario has errors", "1 usage error"],
      "solve": [
        "0 an optimal plan", "4 a plan was found but not proven optimal", "3 the scenario has no",
        "2 the scenario is invalid", "1 usage error",
      ],
      "describe": ["0 success", "2 the scenario has errors"],
      "compare": ["0 success", "2 invalid base or variant"],
      "resolve": ["0 success", "2 the base or the variant is invalid"],
      "sensitivity": ["0 success", "2 the scenario is invalid"],
      "sweep": ["0 success", "2 invalid base or parameters"],
    ]
    for (command, lines) in expected {
      let run = try Ferrite.run(command, "--help")
      #expect(run.status == 0)
      // Help text is wrapped to the terminal: compare with single spaces.
      let text = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      #expect(text.contains("Exit codes:"), "\(command) --help has no exit codes")
      for line in lines { #expect(text.contains(line), "\(command) --help lacks '\(line)'") }
    }
  }

  @Test("help: solve documents its time limit, log and formats")
  func solveHelp() throws {
    let text = try Ferrite.run("solve", "--help").stdout.split(whereSeparator: \.isWhitespace).joined(
      separator: " ")
    #expect(text.contains("--time-limit <time-limit>"))
    #expect(text.contains("every solve of the command included"))
    #expect(text.contains("--solver-log <solver-log>"))
    #expect(text.contains("--format <format>"))
  }
}

/// The finished run of a command.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String
}

enum Ferrite {
  /// The `ferrite` executable next to this test bundle, or in the package's `.build/debug`.
  static let binary: URL? = {
    let candidates = [
      Bundle.main.executableURL?.deletingLastPathComponent(),
      Bundle.main.bundleURL.deletingLastPathComponent(),
      URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug"),
    ]
    return candidates.compactMap { $0?.appendingPathComponent("ferrite") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// Runs `ferrite` with `arguments`, at most `timeout` seconds, and collects its output.
  static func run(_ arguments: String..., timeout: Double = 120, interruptAfter: Double? = nil) throws -> Run
  {
    guard let binary else {
      throw CLITestError(
        "the ferrite binary was not found next to the tests; run `swift build --build-tests` first")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"  // a trap ends at once instead of after a backtrace
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read while it runs so a full pipe cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var stdout = Data()
    nonisolated(unsafe) var stderr = Data()
    group.enter()
    DispatchQueue.global().async {
      stdout = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      stderr = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    if let interruptAfter {
      Thread.sleep(forTimeInterval: interruptAfter)
      process.interrupt()  // SIGINT, as Ctrl-C sends
    }
    if group.wait(timeout: .now() + timeout) == .timedOut {
      process.terminate()
      throw CLITestError("ferrite \(arguments.joined(separator: " ")) ran longer than \(timeout) s")
    }
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}

struct CLITestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Small single-file scenarios, written to a fresh temporary folder for each use.
enum Scenarios {
  /// Mill makes steel at 5 per t (capacity 20), ships on a road at 1 per t to a plant that needs
  /// 10 t: the optimum costs 10 x (5 + 1) = 60.
  static let small = """
    name: small network
    periods: 2026
    products:
      - {id: steel}
    sites:
      - {id: mill, country: US, kind: steel-mill}
      - {id: plant, country: US, kind: vehicle-plant}
    processes:
      - {id: mill/eaf, site: mill, capacity: 20, variable_cost: 5}
    recipes:
      - {process: mill/eaf, role: output, product: steel, quantity: 1}
    lanes:
      - {id: road, from: mill, to: plant, mode: truck, cost_per_unit: 1}
    demand:
      - {site: plant, product: steel, period: 2026, quantity: 10}

    """

  /// `small` with a cost per km on a lane without a distance: valid, with a warning on line 13.
  static let withWarning = small.replacingOccurrences(
    of: "cost_per_unit: 1}", with: "cost_per_unit: 1, cost_per_unit_km: 0.5}")

  /// `count` candidate mills of 11-33 t, each with a fixed cost of 100 per t of its capacity, and
  /// a fractional demand in each of two years: a MILP full of ties.
  static func ties(_ count: Int) -> String {
    let capacities = (0..<count).map { 11 + ($0 * 13) % 23 }
    var yaml = """
      name: ties
      periods: 2026-2027
      products:
        - {id: steel}
      sites:
        - {id: plant, country: US, kind: vehicle-plant}

      """
    for (index, capacity) in capacities.enumerated() {
      yaml +=
        "  - {id: mill\(index), country: US, kind: steel-mill, status: candidate, fixed_cost: \(100 * capacity)}\n"
    }
    yaml += "processes:\n"
    for (index, capacity) in capacities.enumerated() {
      yaml += "  - {id: mill\(index)/eaf, site: mill\(index), capacity: \(capacity), variable_cost: 1}\n"
    }
    yaml += "recipes:\n"
    for index in 0..<count {
      yaml += "  - {process: mill\(index)/eaf, role: output, product: steel, quantity: 1}\n"
    }
    yaml += "lanes:\n"
    for index in 0..<count {
      yaml += "  - {id: road\(index), from: mill\(index), to: plant, mode: truck, cost_per_unit: 1}\n"
    }
    yaml += """
      demand:
        - {site: plant, product: steel, period: 2026, quantity: 1001.5}
        - {site: plant, product: steel, period: 2027, quantity: 1733.5}

      """
    return yaml
  }

  /// Writes `yaml` as `scenario.yaml` in a new temporary folder and returns the file's path.
  static func write(_ yaml: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("scenario.yaml")
    try Data(yaml.utf8).write(to: file)
    return file.path
  }
}
