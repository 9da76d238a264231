import FerriteIO
import Testing

/// The committed docs must be exactly what the schemas generate, so they cannot drift.
@Suite("Generated docs")
struct GeneratedDocsTests {
  @Test("docs/scenario-format.md matches `ferrite schema --markdown`")
  func formatDocMatches() throws {
    let committed = try Paths.text("docs/scenario-format.md")
    #expect(
      committed == FormatDocument.markdown(),
      "regenerate: ferrite schema --markdown > docs/scenario-format.md")
  }

  @Test("docs/scenario.schema.json matches `ferrite schema --json-schema`")
  func jsonSchemaMatches() throws {
    let committed = try Paths.text("docs/scenario.schema.json")
    #expect(
      committed == JSONSchemaDocument.text(),
      "regenerate: ferrite schema --json-schema > docs/scenario.schema.json")
  }

  @Test("every table and column appears in the docs")
  func everyColumnDocumented() {
    let doc = FormatDocument.markdown()
    for schema in ScenarioSchema.tables {
      #expect(doc.contains("## \(schema.fileName)"))
      for column in schema.columns {
        #expect(doc.contains("| `\(column.name)` |"), "\(schema.fileName): \(column.name)")
      }
    }
  }
}
