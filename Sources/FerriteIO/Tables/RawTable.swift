import FerriteModel

/// A table as read from a CSV file or a single-file scenario: text cells by column.
///
/// Cells are spans of one byte buffer (a CSV file's own bytes), one per row and schema column,
/// so a table of a million cells holds no string until a decoder asks for one.
struct RawTable {
  var schema: TableSchema
  /// The file diagnostics name (relative to the scenario).
  var file: String
  /// The bytes every cell's span points into.
  var text: [UInt8] = []
  /// Each row's cells in schema column order, row after row; absent cells are `.absent`.
  var cells: [TextSpan] = []
  /// The line each row starts on.
  var lines: [Int?] = []
  /// The line of each cell by row, where cells sit on lines of their own (YAML); empty for CSV.
  var cellLines: [Int: [String: Int]] = [:]
  /// Required columns the file lacks; reported once for the file, not for every row.
  var missingColumns: Set<String> = []

  init(schema: TableSchema, file: String) {
    self.schema = schema
    self.file = file
  }

  /// The number of rows.
  var rowCount: Int { lines.count }

  /// The span of the cell of `row` in column `position` of the schema.
  func span(row: Int, column position: Int) -> TextSpan { cells[row * schema.columns.count + position] }

  /// The line of `row`, or of its cell in `column` where cells have lines of their own.
  func line(of row: Int, column: String? = nil) -> Int? {
    if let column, let line = cellLines[row]?[column] { return line }
    return lines[row]
  }

  /// Appends a row of cell text by column name (a YAML row); names the schema lacks are ignored.
  mutating func append(line: Int?, cells row: [String: String], cellLines rowLines: [String: Int] = [:]) {
    let first = cells.count
    cells.append(contentsOf: repeatElement(.absent, count: schema.columns.count))
    for (name, value) in row {
      guard let position = schema.positions[name] else { continue }
      cells[first + position] = TextSpan(start: UInt32(text.count), count: UInt32(value.utf8.count))
      text.append(contentsOf: value.utf8)
    }
    if !rowLines.isEmpty { cellLines[lines.count] = rowLines }
    lines.append(line)
  }

  /// The rows as text by column name (tests and tools; decoding reads the spans).
  var rows: [RawRow] {
    (0..<rowCount).map { row in
      var byName: [String: String] = [:]
      for (position, column) in schema.columns.enumerated() {
        let span = span(row: row, column: position)
        if !span.isAbsent { byName[column.name] = string(span) }
      }
      return RawRow(line: lines[row], cells: byName, cellLines: cellLines[row] ?? [:])
    }
  }

  func string(_ span: TextSpan) -> String {
    span.isAbsent ? "" : text.withUnsafeBufferPointer { String(decoding: $0[span.range], as: UTF8.self) }
  }
}

/// One row of a raw table as text by column name.
struct RawRow: Equatable {
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
    let headerLine = csv.lines[0]
    func note(
      _ severity: Diagnostic.Severity, _ message: String, fix: String?, line: Int, field: String? = nil
    ) {
      diagnostics.append(
        Diagnostic(severity, message, fix: fix, at: .init(file: file, line: line, field: field)))
    }
    // The schema position of each header column; nil for unknown, repeated and blank names.
    var positions: [Int?] = []
    var seen: Set<String> = []
    let headerFields = csv.header.fields
    if headerFields.count == 1, headerFields[0].contains(";") {
      note(
        .error, "the header has one column holding ';'", fix: "save the file with commas as separators",
        line: headerLine)
    }
    for (position, field) in headerFields.enumerated() {
      let name = field.trimmingWhitespace()
      if name.isEmpty {
        positions.append(nil)
        continue
      }
      if seen.contains(name) {
        note(
          .error, "column \(shown(name)) appears twice in the header", fix: "remove or rename one of them",
          line: headerLine)
        positions.append(nil)
        continue
      }
      seen.insert(name)
      if let known = schema.positions[name] {
        positions.append(known)
      } else {
        diagnostics.append(
          unknownColumn(
            name, position: position + 1, schema: schema, allowed: allowsExtraColumns,
            at: .init(file: file, line: headerLine, field: nil)))
        positions.append(nil)
      }
    }
    var missing: Set<String> = []
    for column in schema.columns where column.isRequired && !seen.contains(column.name) {
      missing.insert(column.name)
      note(
        .error, "missing required column '\(column.name)'",
        fix: "add a column '\(column.name)' (\(column.kind.words))", line: headerLine)
    }
    var table = RawTable(schema: schema, file: file)
    table.missingColumns = missing
    let width = schema.columns.count
    let records = csv.recordCount - 1
    table.lines.reserveCapacity(records)
    table.cells.reserveCapacity(records * width)
    let headerCount = positions.count
    csv.text.withUnsafeBufferPointer { bytes in
      for record in 1..<max(1, csv.recordCount) {
        let spans = csv.spans(of: record)
        if spans.allSatisfy({ isBlank(bytes, $0) }) { continue }
        let line = csv.lines[record]
        if spans.count > headerCount {
          if spans[(spans.startIndex + headerCount)...].contains(where: { !isBlank(bytes, $0) }) {
            note(
              .error, "row has \(spans.count) fields but the header has \(headerCount)",
              fix: "quote fields that contain commas, or add the missing header", line: line)
          }
        } else if spans.count < headerCount {
          note(
            .warning,
            "row has \(spans.count) fields but the header has \(headerCount); the missing ones are blank",
            fix: "add the missing commas", line: line)
        }
        let first = table.cells.count
        table.cells.append(contentsOf: repeatElement(.absent, count: width))
        for (offset, span) in zip(positions, spans) {
          if let offset { table.cells[first + offset] = span }
        }
        table.lines.append(line)
      }
    }
    table.text = csv.text
    return (table, diagnostics)
  }

  /// Whether the field holds nothing but spaces, tabs, line breaks and no-break spaces.
  static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ span: TextSpan) -> Bool {
    trimmed(bytes, span).count == 0
  }

  /// `span` without leading and trailing whitespace, exactly as `trimmingWhitespace()` trims text.
  static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ span: TextSpan) -> TextSpan {
    if span.isAbsent || span.count == 0 { return span }
    let start = Int(span.start), end = start + Int(span.count)
    let first = bytes[start], last = bytes[end - 1]
    // Most cells start and end with a plain ASCII character that is no space: nothing to trim.
    if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return span }
    // A space next to a combining mark is one character with it and stays: trim as text does.
    let text = String(decoding: bytes[start..<end], as: UTF8.self)
    guard let first = text.firstIndex(where: { !$0.isTrimmedSpace }),
      let last = text.lastIndex(where: { !$0.isTrimmedSpace })
    else { return TextSpan(start: span.start, count: 0) }
    let lower = text.utf8.distance(from: text.startIndex, to: first)
    let upper = text.utf8.distance(from: text.startIndex, to: text.index(after: last))
    return TextSpan(start: span.start + UInt32(lower), count: UInt32(upper - lower))
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
    guard let first = firstIndex(where: { !$0.isTrimmedSpace }), let last = lastIndex(where: { !$0.isTrimmedSpace })
    else { return "" }
    return String(self[first...last])
  }
}

extension Character {
  /// Whether cells lose this character at their ends: spaces, tabs, line breaks, no-break spaces.
  var isTrimmedSpace: Bool { self == " " || self == "\t" || self == "\n" || self == "\r" || self == "\u{A0}" }
}
