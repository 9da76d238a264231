import ArgumentParser
import FerriteIO
import Foundation

/// `ferrite describe PATH`: an overview of a scenario.
struct Describe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarize a scenario: counts, sites by country and kind, capacity against demand.",
    discussion: "Exit codes: 0 success, 2 the scenario has errors (run `ferrite validate`), 1 usage error.")

  @Argument(help: "A scenario folder or a single .yaml/.json file.") var path: String

  func validate() throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw ValidationError("No such file or folder: \(path)")
    }
  }

  func run() throws {
    let loaded = ScenarioReader().load(path)
    guard let scenario = loaded.scenario, loaded.isValid else {
      for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
        FileHandle.standardError.write(Data((Terminal.wrap(diagnostic.description) + "\n").utf8))
      }
      throw ExitCode(2)
    }
    print(ScenarioOverview(scenario).rendered(width: Terminal.width), terminator: "")
  }
}
