import ArgumentParser
import FerriteIO
import Foundation

/// `ferrite describe PATH`: an overview of a scenario.
struct Describe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarize a scenario: counts, sites by country and kind, capacity against demand.",
    discussion: """
      Warnings about the scenario are printed to stderr.

      Exit codes: 0 success, 2 the scenario has errors (run `ferrite validate`), 1 usage error \
      (bad arguments, no such path) or any other failure.
      """)

  @Argument(help: "A scenario folder or a single .yaml/.json file.") var path: String

  func validate() throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw ValidationError("No such file or folder: \(path)")
    }
  }

  func run() throws {
    let scenario = try Variants.base(path)
    print(Terminal.safe(ScenarioOverview(scenario).rendered(width: Terminal.width)), terminator: "")
  }
}
