import FerriteModel

/// A table as read from a CSV file or a single-file scenario: text cells by column name.
struct RawTable {
  var schema: TableSchema
  /// The file diagnostics name (relative to the scenario).
  var file: String
  var rows: [RawRow]
  /// Required columns the file lacks; reported once for the file, not for every row.
  var missingColumns: Set<String> = []
}

/// One row of a raw table.
struct RawRow {
  /// The line the row starts on.
  var line: Int?
  /// Cell text by column name; absent and blank cells both mean "no value".
  var cells: [String: String]
  /// The line of each cell when cells sit on lines of their own (YAML).
  var cellLines: [String: Int] = [:]
}

extension RawTable {
  /// Turns a parsed CSV file into a raw table, reporting unknown, duplicate and missing columns and ragged rows.
  static func from(_ csv: CSVFile, schema: TableSchema, file: String) -> (RawTable, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let headerLine = csv.header.line
    func note(
      _ severity: Diagnostic.Severity, _ message: String, fix: String?, line: Int, field: String? = nil
    ) {
      diagnostics.append(
        Diagnostic(severity, message, fix: fix, at: .init(file: file, line: line, field: field)))
    }
    var names: [String?] = []
    var seen: Set<String> = []
    let known = schema.columns.map(\.name)
    if csv.header.fields.count == 1, csv.header.fields[0].contains(";") {
      note(
        .error, "the header has one column holding ';'", fix: "save the file with commas as separators",
        line: headerLine)
    }
    for (position, field) in csv.header.fields.enumerated() {
      let name = field.trimmingWhitespace()
      if name.isEmpty {
        names.append(nil)
        continue
      }
      if seen.contains(name) {
        note(
          .error, "column \(shown(name)) appears twice in the header", fix: "remove or rename one of them",
          line: headerLine)
        names.append(nil)
        continue
      }
      seen.insert(name)
      if schema.column(name) == nil {
        let fix = Suggestion.fix(for: name, among: known) ?? "known columns: " + known.joined(separator: ", ")
        note(
          .warning, "unknown column \(shown(name)) (column \(position + 1)) is ignored", fix: fix,
          line: headerLine)
        names.append(nil)
      } else {
        names.append(name)
      }
    }
    var missing: Set<String> = []
    for column in schema.columns where column.isRequired && !seen.contains(column.name) {
      missing.insert(column.name)
      note(
        .error, "missing required column '\(column.name)'",
        fix: "add a column '\(column.name)' (\(column.kind.words))", line: headerLine)
    }
    var rows: [RawRow] = []
    rows.reserveCapacity(csv.records.count)
    for record in csv.records {
      if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
      if record.fields.count > names.count {
        let extra = record.fields[names.count...].filter { !$0.trimmingWhitespace().isEmpty }
        if !extra.isEmpty {
          note(
            .error, "row has \(record.fields.count) fields but the header has \(names.count)",
            fix: "quote fields that contain commas, or add the missing header", line: record.line)
        }
      } else if record.fields.count < names.count {
        note(
          .warning,
          "row has \(record.fields.count) fields but the header has \(names.count); the missing ones are blank",
          fix: "add the missing commas", line: record.line)
      }
      var cells: [String: String] = [:]
      for (position, name) in names.enumerated() {
        guard let name, position < record.fields.count else { continue }
        cells[name] = record.fields[position]
      }
      rows.append(RawRow(line: record.line, cells: cells))
    }
    return (RawTable(schema: schema, file: file, rows: rows, missingColumns: missing), diagnostics)
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and line breaks.
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = {
      $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{A0}"
    }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
