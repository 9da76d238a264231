import FerriteIO
import FerriteModel
import Foundation

/// How one table differs between two versions of a scenario: rows added, rows removed and rows
/// whose cells changed, rows matched by the table's key columns (docs/scenario-format.md).
public struct TableDiff: Sendable, Equatable, Codable {
  /// One changed cell.
  public struct Cell: Sendable, Equatable, Codable {
    public var column: String
    public var before: String
    public var after: String

    public init(column: String, before: String, after: String) {
      self.column = column
      self.before = before
      self.after = after
    }
  }

  /// A row present in both versions with some cells changed.
  public struct ChangedRow: Sendable, Equatable, Codable {
    /// The row's key values, in the schema's key order.
    public var key: [String]
    public var cells: [Cell]
  }

  public var table: String
  public var added: [ScenarioTables.Row] = []
  public var removed: [ScenarioTables.Row] = []
  public var changed: [ChangedRow] = []

  public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

  /// The differences of every table from `old` to `new` (rows by table name), tables in schema
  /// order, unchanged tables left out.
  ///
  /// Two rows with the same key are told apart by their order. Cells compare as text after
  /// trimming, and as numbers when both are numbers (`2029` equals `2029.0`).
  /// - Complexity: O(n) hashing per table of n rows.
  public static func tables(from old: [String: [ScenarioTables.Row]], to new: [String: [ScenarioTables.Row]]) -> [TableDiff] {
    ScenarioSchema.tables.compactMap { schema in
      let diff = TableDiff(schema: schema, old: old[schema.name] ?? [], new: new[schema.name] ?? [])
      return diff.isEmpty ? nil : diff
    }
  }

  init(schema: TableSchema, old: [ScenarioTables.Row], new: [ScenarioTables.Row]) {
    table = schema.name
    let keyColumns = schema.key
    func keyed(_ rows: [ScenarioTables.Row]) -> [(key: [String], row: ScenarioTables.Row)] {
      var seen: [[String]: Int] = [:]
      return rows.map { row in
        var key = keyColumns.map { Self.normalized(row[$0] ?? "") }
        let count = seen[key, default: 0]
        seen[key] = count + 1
        if count > 0 { key.append("#\(count + 1)") }
        return (key, row)
      }
    }
    let before = keyed(old), after = keyed(new)
    let oldByKey = Dictionary(before.map { ($0.key, $0.row) }, uniquingKeysWith: { first, _ in first })
    let newKeys = Set(after.map(\.key))
    let columns = schema.columns.map(\.name)
    for (key, row) in after {
      guard let previous = oldByKey[key] else {
        added.append(row)
        continue
      }
      let extra = Set(row.keys).union(previous.keys).subtracting(columns).sorted()
      let cells = (columns + extra).compactMap { column -> Cell? in
        let a = previous[column] ?? "", b = row[column] ?? ""
        return Self.same(a, b) ? nil : Cell(column: column, before: a, after: b)
      }
      if !cells.isEmpty { changed.append(ChangedRow(key: Array(key.prefix(keyColumns.count)), cells: cells)) }
    }
    removed = before.filter { !newKeys.contains($0.key) }.map(\.row)
  }

  static func normalized(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let number = Double(trimmed), number.isFinite { return ColumnSchema.format(number) }
    return trimmed
  }

  static func same(_ a: String, _ b: String) -> Bool { normalized(a) == normalized(b) }
}
