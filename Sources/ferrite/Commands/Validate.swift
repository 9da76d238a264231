import ArgumentParser
import FerriteIO
import FerriteModel
import FerritePlanner
import Foundation

/// `ferrite validate PATH`: reads a scenario and prints every problem in it.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a scenario and report every problem with its file, line, column and fix.",
    discussion: """
      PATH is a scenario folder (scenario.yaml plus CSV tables) or a single .yaml, .yml or .json file.
      The format is described in docs/scenario-format.md (`ferrite schema --markdown`).

      Exit codes: 0 the scenario is valid (warnings may be printed), 2 the scenario has errors,
      1 usage error (bad arguments, no such path) or any other failure.
      """)

  @Argument(help: "A scenario folder or a single .yaml/.json file.") var path: String
  @Flag(help: "Print errors only, not warnings.") var quiet = false

  func validate() throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw ValidationError("No such file or folder: \(path)")
    }
  }

  func run() throws {
    let loaded = ScenarioReader().load(path)
    let shown = loaded.diagnostics.filter { !quiet || $0.severity == .error }
    for diagnostic in shown { print(Terminal.safe(Terminal.wrap(diagnostic.description))) }
    let errors = loaded.diagnostics.filter { $0.severity == .error }.count
    let warnings = loaded.diagnostics.count - errors
    let name = Terminal.safe(loaded.scenario?.settings.name ?? path)
    if errors > 0 {
      print(
        "\(Terminal.safe(path)): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
      throw ExitCode(2)
    }
    print(
      "\(Terminal.safe(path)): valid (\(name))" + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
  }
}

/// Output helpers shared by the commands that print scenario text.
enum Terminal {
  /// The width output is fitted to.
  static let width = 100

  /// `text` with control characters written out, so scenario text cannot drive the terminal.
  static func safe(_ text: String) -> String { PrintableText.escaping(text) }

  /// Breaks a long line at spaces, continuing with a four-space indent.
  static func wrap(_ line: String, width: Int = Terminal.width) -> String {
    guard line.count > width else { return line }
    var lines: [String] = []
    var current = ""
    for word in line.split(separator: " ", omittingEmptySubsequences: false) {
      let candidate = current.isEmpty ? String(word) : current + " " + word
      if candidate.count > width, !current.trimmingCharacters(in: .whitespaces).isEmpty {
        lines.append(current)
        current = "    " + word
      } else {
        current = candidate
      }
    }
    lines.append(current)
    return lines.joined(separator: "\n")
  }
}
