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
  ///
  /// An unknown column is an error unless `allowsExtraColumns` (scenario.yaml `allow_extra_columns`).
  static func from(
    _ csv: CSVFile, schema: TableSchema, file: String, allowsExtraColumns: Bool = false
  ) -> (RawTable, [Diagnostic]) {
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
        diagnostics.append(
          unknownColumn(
            name, position: position + 1, schema: schema, allowed: allowsExtraColumns,
            at: .init(file: file, line: headerLine, field: nil)))
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

extension RawTable {
  /// The diagnostic for a column `schema` does not know: an error with the nearest column name, or
  /// a warning when the scenario allows extra columns.
  static func unknownColumn(
    _ name: String, position: Int?, schema: TableSchema, allowed: Bool, at location: SourceLocation
  ) -> Diagnostic {
    let known = schema.columns.map(\.name)
    let where_ = position.map { " (column \($0))" } ?? ""
    let guess = columnGuess(name, among: known).map { "did you mean '\($0)'?" }
    if allowed {
      return Diagnostic(
        .warning, "unknown column \(shown(name))\(where_) in table '\(schema.name)' is ignored",
        fix: guess ?? "known columns: " + known.joined(separator: ", "), at: location)
    }
    return Diagnostic(
      .error, "unknown column \(shown(name))\(where_) in table '\(schema.name)'",
      fix: (guess.map { $0 + " " } ?? "known columns: " + known.joined(separator: ", ") + "; ")
        + "or set `allow_extra_columns: true` in scenario.yaml to ignore extra columns",
      at: location)
  }

  /// The known column `name` most likely stands for: the nearest by spelling, else the shortest
  /// column having it as one of its words or as its start (`cost` -> `cost_per_unit`).
  static func columnGuess(_ name: String, among known: [String]) -> String? {
    if let close = Suggestion.closest(to: name, among: known) { return close }
    let word = name.lowercased().trimmingWhitespace()
    guard word.count >= 3 else { return nil }
    return known.filter { $0.hasPrefix(word) || $0.split(separator: "_").contains(Substring(word)) }
      .min { ($0.count, $0) < ($1.count, $1) }
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
