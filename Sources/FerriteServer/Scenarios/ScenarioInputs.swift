import FerriteIO
import FerriteModel
import FerriteScenarios
import FerriteStore
import Foundation

/// A stored scenario's tables as text cells: what the web app's grids show and edit.
///
/// A folder scenario's tables are its CSV files, read as they are (even when they have errors) and
/// written back file by file, keeping each file's leading comments. A single-file or workbook
/// scenario is read through its validated tables and becomes a folder at its first edit. Edited
/// files go through the same reader and validator as an upload, and each diagnostic is pinned to
/// a table, row and column.
struct ScenarioInputs: Sendable {
  /// Cells by table name.
  var tables: [String: TableCells]
  /// Whether the tables can be edited; when not, why.
  var editable: Bool
  var reason: String?

  /// The format of one version's files: one file that is not a table is a single-file scenario
  /// (a workbook when it is .xlsx); anything else is a folder (single files become folders when edited).
  static func format(of names: some Collection<String>, stored: String) -> String {
    guard names.count == 1, let name = names.first, !name.hasSuffix(".csv") else { return names.isEmpty ? stored : "folder" }
    return name.hasSuffix(".xlsx") ? "workbook" : "document"
  }

  /// Reads the tables of `files` (a folder's CSV files, or the validated scenario of a document or workbook).
  static func read(format: String, files: [String: Data], check: @autoclosure () throws -> ScenarioCheck) rethrows -> ScenarioInputs {
    if format == "folder" {
      var tables: [String: TableCells] = [:]
      for schema in ScenarioSchema.tables {
        guard let data = files[schema.fileName] else { continue }
        if let cells = TableCells.read(data, schema: schema).0 { tables[schema.name] = cells }
      }
      return ScenarioInputs(tables: tables, editable: true)
    }
    guard let scenario = try check().scenario else {
      return ScenarioInputs(
        tables: [:], editable: false,
        reason: "this \(format == "workbook" ? "workbook" : "file") has errors; fix them in the file and upload it again")
    }
    let cells = ScenarioTables(scenario)
    return ScenarioInputs(tables: cells.rows.mapValues { TableCells(rows: $0) }, editable: true)
  }

  /// The stored files with `edits` (full rows of each edited table) applied, and where each row
  /// of each table now starts, for pinning diagnostics.
  ///
  /// A single file or workbook becomes a folder at its first edit (scenario.yaml with its settings,
  /// one CSV file per table, the policy packs' rows in them), so that later versions can be read
  /// and edited table by table even when they have errors.
  static func apply(
    _ edits: [String: [ScenarioTables.Row]], format: String, files: [String: Data], scenario: @autoclosure () throws -> Scenario?
  ) throws -> Edited {
    var files = files
    if format != "folder" {
      guard let scenario = try scenario() else {
        throw APIError(.unprocessableContent, "invalid-scenario", "this file has errors; fix them in the file and upload it again")
      }
      files = folder(ScenarioTables(scenario))
    }
    var lines: [String: [Int]] = [:]
    for schema in ScenarioSchema.tables {
      let existing = files[schema.fileName].flatMap { TableCells.read($0, schema: schema).0 }
      guard let rows = edits[schema.name] else {
        if let existing { lines[schema.name] = existing.lines }
        continue
      }
      let written = TableCells(rows: rows, comments: existing?.comments ?? []).csv(schema: schema)
      files[schema.fileName] = Data(written.text.utf8)
      lines[schema.name] = written.lines
    }
    return Edited(format: "folder", files: files, lines: lines)
  }

  /// `tables` as a scenario folder's files. The policy packs' rows are already in the tables, so
  /// scenario.yaml names no packs (they must not apply twice).
  static func folder(_ tables: ScenarioTables) -> [String: Data] {
    var settings = tables
    settings.settings.removeAll { $0.key == "policy_packs" }
    settings.rows = [:]
    var files = ["scenario.yaml": Data(settings.yaml().utf8)]
    for schema in ScenarioSchema.tables {
      guard let rows = tables.rows[schema.name], !rows.isEmpty || schema.isRequired else { continue }
      files[schema.fileName] = Data(TableCells(rows: rows).csv(schema: schema).text.utf8)
    }
    return files
  }

  /// `tables` as one YAML document named scenario.yaml (a variant's resolved scenario), naming no
  /// policy packs: their rows are in the tables.
  static func document(_ tables: ScenarioTables) -> Edited {
    var tables = tables
    tables.settings.removeAll { $0.key == "policy_packs" }
    return Edited(format: "document", files: ["scenario.yaml": Data(tables.yaml().utf8)], lines: [:])
  }

  /// Edited files and where their rows are.
  struct Edited: Sendable {
    var format: String
    var files: [String: Data]
    /// The line each row of each table starts on.
    var lines: [String: [Int]]

    /// `diagnostic` with the table, row (position in the table) and column it is about, when known.
    func pinned(_ diagnostic: Diagnostic, tables: [String: [ScenarioTables.Row]]) -> DiagnosticBody {
      var body = DiagnosticBody(diagnostic)
      if let reference = diagnostic.row {
        body.table = reference.table.rawValue
        body.rowIndex = Self.position(of: reference, in: tables[reference.table.rawValue] ?? [])
      } else if let location = diagnostic.location, let line = location.line, location.file.hasSuffix(".csv") {
        let table = String(location.file.dropLast(4))
        if let rows = lines[table], !rows.isEmpty {
          body.table = table
          // The row the line falls in: the last one starting at or before it (a quoted cell may span lines).
          if let position = rows.lastIndex(where: { $0 <= line }), line >= rows[0] { body.rowIndex = position }
        }
      }
      return body
    }

    /// The position of the row whose key columns hold `reference.key`.
    static func position(of reference: RowReference, in rows: [ScenarioTables.Row]) -> Int? {
      let key = ScenarioSchema.schema(of: reference.table).key
      guard key.count == reference.key.count else { return nil }
      return rows.firstIndex { row in
        zip(key, reference.key).allSatisfy { column, value in
          let cell = (row[column] ?? "").trimmingCharacters(in: .whitespaces)
          if let a = Double(cell), let b = Double(value) { return a == b }
          return cell == value
        }
      }
    }
  }
}

extension ScenarioInputs {
  /// Rows by table name.
  var rows: [String: [ScenarioTables.Row]] { tables.mapValues(\.rows) }
}
