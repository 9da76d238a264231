import ArgumentParser
import FerriteIO
import FerriteModel
import FerritePlanner
import FerriteScenarios
import Foundation

/// `ferrite resolve BASE VARIANT`: prints the scenario a variant makes of its base.
struct Resolve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Apply a variant to a base scenario and print the effective scenario.",
    discussion: """
      VARIANT is a YAML file of changes (see docs/sweeps.md): set or scale columns of the rows a
      filter selects, add rows, remove rows. A filter that matches no row is an error.

      Warnings about the base scenario are printed to stderr.

      Exit codes: 0 success, 2 the base or the variant is invalid, 1 usage error or any other failure.
      """)

  @Argument(help: "The base scenario: a folder or a single .yaml/.json file.") var base: String
  @Argument(help: "The variant file (.yaml).") var variant: String
  @Option(help: "Write the effective scenario here (a folder, or a .yaml/.json file) instead of printing it.")
  var out: String?

  func run() throws {
    let scenario = try Variants.resolve(base: base, variant: variant)
    if let out {
      try ScenarioWriter().write(scenario, to: out)
    } else {
      print(ScenarioWriter().yaml(scenario), terminator: "")
    }
  }
}

/// Reading bases and variants for the commands that take them, with exit code 2 on bad input.
enum Variants {
  /// Prints `text` on stderr, control characters escaped (scenario text may hold any).
  static func report(_ text: String) {
    FileHandle.standardError.write(Data((PrintableText.escaping(text) + "\n").utf8))
  }

  static func base(_ path: String) throws -> Scenario {
    try read(path).scenario
  }

  /// Reads the scenario at `path`, printing every warning (with its file and line) to stderr;
  /// prints every error and exits 2 when there is any. Returns the warnings too, for output that
  /// carries them (`ferrite solve --format json`).
  static func read(_ path: String) throws -> (scenario: Scenario, warnings: [String]) {
    let loaded = ScenarioReader().load(path)
    let warnings = loaded.diagnostics.filter { $0.severity == .warning }.map(\.description)
    for warning in warnings { report(Terminal.wrap(warning)) }
    guard let scenario = loaded.scenario, loaded.isValid else {
      report("\(path):")
      for error in loaded.diagnostics where error.severity == .error { report(Terminal.wrap(error.description)) }
      throw ExitCode(2)
    }
    return (scenario, warnings)
  }

  static func variant(_ path: String) throws -> Variant {
    do {
      return try VariantReader().read(path)
    } catch {
      Variants.report("\(error)")
      throw ExitCode(2)
    }
  }

  static func apply(_ variant: Variant, to scenario: Scenario) throws -> Scenario {
    do {
      return try variant.apply(to: scenario)
    } catch {
      Variants.report("\(error)")
      throw ExitCode(2)
    }
  }

  static func resolve(base: String, variant: String) throws -> Scenario {
    try apply(Self.variant(variant), to: Self.base(base))
  }
}
