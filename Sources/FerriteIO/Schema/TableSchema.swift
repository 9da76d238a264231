import FerriteModel

/// One scenario table: its file, meaning, the columns that identify a row, and its columns.
public struct TableSchema: Sendable, Equatable {
  public var table: Table
  /// What one row of the table is.
  public var meaning: String
  /// The columns whose values identify a row; no two rows may share them.
  public var key: [String]
  /// Whether a scenario must have this table (others may be left out when empty).
  public var isRequired: Bool
  public let columns: [ColumnSchema]
  /// Each column's position, so looking a column up by name costs one hash per cell.
  let positions: [String: Int]

  public init(
    _ table: Table, key: [String], required isRequired: Bool = false, meaning: String, columns: [ColumnSchema]
  ) {
    self.table = table
    self.key = key
    self.isRequired = isRequired
    self.meaning = meaning
    self.columns = columns
    positions = Dictionary(
      columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The table's name in a single-file scenario and its folder file name without `.csv`.
  public var name: String { table.rawValue }

  /// The file that holds the table in a scenario folder.
  public var fileName: String { table.rawValue + ".csv" }

  /// The column called `name`, if the table has one.
  public func column(_ name: String) -> ColumnSchema? { positions[name].map { columns[$0] } }
}
