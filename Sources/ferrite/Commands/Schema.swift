import ArgumentParser
import FerriteIO

/// `ferrite schema`: prints the scenario format generated from the table schemas.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the scenario format: Markdown docs or the JSON Schema of the single-file form.",
    discussion: "docs/scenario-format.md and docs/scenario.schema.json are this command's output.")

  @Flag(help: "Print docs/scenario-format.md (the default).") var markdown = false
  @Flag(help: "Print the JSON Schema of single-file scenarios.") var jsonSchema = false

  func validate() throws {
    if markdown && jsonSchema { throw ValidationError("Choose one of --markdown and --json-schema.") }
  }

  func run() throws {
    print(jsonSchema ? JSONSchemaDocument.text() : FormatDocument.markdown(), terminator: "")
  }
}
