import FerriteModel
import Foundation

/// A scenario folder's table file as text cells, for editors that show and change it row by row.
///
/// Reading keeps each row's line and the file's leading `#` comment lines; writing puts the
/// comments back, then the header and one record per row, and says on which line each row starts,
/// so a diagnostic the reader gives for the written file can be pinned to its row.
public struct TableCells: Sendable, Equatable {
  /// Cell text by column name, one entry per row, in file order.
  public var rows: [[String: String]]
  /// The comment lines above the header (without their line ends), kept when the table is written.
  public var comments: [String]
  /// The line each row starts on in the file it was read from (empty for cells made in memory).
  public var lines: [Int]

  public init(rows: [[String: String]], comments: [String] = [], lines: [Int] = []) {
    self.rows = rows
    self.comments = comments
    self.lines = lines
  }

  /// Reads `data` as the CSV file of `schema`'s table; unreadable files give diagnostics and no cells.
  ///
  /// Columns the schema does not know are kept under their header names, so an edit never drops them.
  public static func read(_ data: Data, schema: TableSchema, limits: ReadLimits = .standard) -> (TableCells?, [Diagnostic]) {
    let (file, diagnostics) = CSVReader(limits: limits).read(data, file: schema.fileName)
    guard let file else { return (nil, diagnostics) }
    let names = file.header.fields.map { $0.trimmingWhitespace() }
    var rows: [[String: String]] = []
    var lines: [Int] = []
    rows.reserveCapacity(file.records.count)
    for record in file.records where !record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) {
      lines.append(record.line)
      var row: [String: String] = [:]
      for (position, name) in names.enumerated() where !name.isEmpty && position < record.fields.count {
        row[name] = record.fields[position]
      }
      rows.append(row)
    }
    // Comments above the header say where the figures come from: worth keeping through an edit.
    let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
    var comments: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingWhitespace()
      guard trimmed.hasPrefix("#") else { break }
      comments.append(trimmed)
    }
    return (TableCells(rows: rows, comments: comments, lines: lines), diagnostics)
  }

  /// The table as CSV text (the schema's columns in order, then any other column the rows hold)
  /// and the line each row starts on.
  public func csv(schema: TableSchema) -> (text: String, lines: [Int]) {
    let known = Set(schema.columns.map(\.name))
    let extra = Set(rows.flatMap(\.keys)).subtracting(known).sorted()
    let columns = schema.columns.map(\.name) + extra
    var text = comments.map { $0 + "\n" }.joined()
    text += columns.map(CSVWriter.field).joined(separator: ",") + "\n"
    var line = comments.count + 2
    var lines: [Int] = []
    lines.reserveCapacity(rows.count)
    for row in rows {
      lines.append(line)
      let record = columns.map { CSVWriter.field(row[$0] ?? "") }.joined(separator: ",")
      // A quoted cell may hold line breaks; the next row starts after them.
      line += 1 + record.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" || $1 == "\r" ? 1 : 0) }
      text += record + "\n"
    }
    return (text, lines)
  }
}
