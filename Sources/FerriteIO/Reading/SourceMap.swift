import FerriteModel

/// Where each row of each table was read from, to give model-level diagnostics a file and line.
struct SourceMap {
  struct Place {
    var file: String
    var line: Int?
    var cellLines: [String: Int]
  }

  var rows: [Table: [[String]: Place]] = [:]
  /// The file each table came from.
  var files: [Table: String] = [:]

  mutating func record(_ table: Table, key: [String], file: String, row: RawRow) {
    rows[table, default: [:]][key] = Place(file: file, line: row.line, cellLines: row.cellLines)
  }

  /// The file named for a table without rows (a single-file scenario's own name); nil: the table's file.
  var fallbackFile: String?

  /// Adds the places of `other`; where both know a row, `other`'s place wins when `replacing`.
  mutating func add(_ other: SourceMap, replacing: Bool) {
    for (table, places) in other.rows {
      rows[table, default: [:]].merge(places) { mine, theirs in replacing ? theirs : mine }
    }
  }

  /// The diagnostic with its row reference turned into a file, line and column, where known.
  func resolve(_ diagnostic: Diagnostic) -> Diagnostic {
    guard diagnostic.location == nil, let reference = diagnostic.row else { return diagnostic }
    var resolved = diagnostic
    if let place = rows[reference.table]?[reference.key] {
      let line = reference.field.flatMap { place.cellLines[$0] } ?? place.line
      resolved.location = SourceLocation(file: place.file, line: line, field: reference.field)
    } else {
      let file = files[reference.table] ?? fallbackFile ?? reference.table.rawValue + ".csv"
      resolved.location = SourceLocation(file: file, field: reference.field)
    }
    return resolved
  }
}
