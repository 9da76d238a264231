import ArgumentParser
import Foundation

/// The `ferrite` command: the composition root that wires the libraries to the terminal.
@main
struct Ferrite: AsyncParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "ferrite",
    abstract: "Plan steel and battery-material supply networks with a real optimization solver.",
    discussion: """
      Exit codes: 0 success, 1 usage error or failure, 2 invalid input (see `ferrite validate`).
      """,
    version: version,
    subcommands: [
      Doctor.self,
      Bench.self,
      Generate.self,
      SchemaCommand.self,
      Validate.self,
      Describe.self,
      Convert.self,
      Solve.self,
      Serve.self,
      TokenCommand.self,
      Resolve.self,
      Compare.self,
      SweepCommand.self,
      FuturesCommand.self,
      WorkerCommand.self,
      SensitivityCommand.self,
    ]
  )

  /// Runs the command, mapping usage errors to exit code 1 as the help text promises
  /// (ArgumentParser's own default for them is 64).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(1)
      }
      exit(withError: error)
    }
  }
}
