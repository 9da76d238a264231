import ArgumentParser

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
      SchemaCommand.self,
    ]
  )
}
