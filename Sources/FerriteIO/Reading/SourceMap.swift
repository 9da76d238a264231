import FerriteModel

/// Where each row of each table was read from, to give model-level diagnostics a file and line.
///
/// It keeps, per table, the index from row key to row that the duplicate check builds anyway and
/// the raw table's lines, so recording a row costs nothing beyond that check.
struct SourceMap {
  /// The rows of one table read from one file.
  struct Rows {
    var file: String
    /// The decoded rows by key.
    var index: RowKeyIndex
    /// The key of each decoded row, in the order `index` numbers them.
    var key: (Int) -> [String]
    var lines: [Int?]
    var cellLines: [Int: [String: Int]]
  }

  /// Per table, the files its rows came from, searched in order (a replacing source goes first).
  var rows: [Table: [Rows]] = [:]
  /// The file each table came from.
  var files: [Table: String] = [:]

  /// Records where the decoded rows of `table` are: `key(n)` is the key of the `n`-th, `index` finds them.
  mutating func record(_ table: Table, index: RowKeyIndex, key: @escaping (Int) -> [String], of raw: RawTable) {
    rows[table, default: []].append(
      Rows(file: raw.file, index: index, key: key, lines: raw.lines, cellLines: raw.cellLines))
  }

  /// The file named for a table without rows (a single-file scenario's own name); nil: the table's file.
  var fallbackFile: String?

  /// Adds the places of `other`; where both know a row, `other`'s place wins when `replacing`.
  mutating func add(_ other: SourceMap, replacing: Bool) {
    for (table, sources) in other.rows {
      rows[table, default: []] = replacing ? sources + (rows[table] ?? []) : (rows[table] ?? []) + sources
    }
  }

  /// The diagnostic with its row reference turned into a file, line and column, where known.
  func resolve(_ diagnostic: Diagnostic) -> Diagnostic {
    guard diagnostic.location == nil, let reference = diagnostic.row else { return diagnostic }
    var resolved = diagnostic
    for source in rows[reference.table] ?? [] {
      guard let position = source.index.find(reference.key.hashValue, where: { source.key($0) == reference.key })
      else { continue }
      let row = source.index.rawRow(position)
      let line = reference.field.flatMap { source.cellLines[row]?[$0] } ?? source.lines[row]
      resolved.location = SourceLocation(file: source.file, line: line, field: reference.field)
      return resolved
    }
    let file = files[reference.table] ?? fallbackFile ?? reference.table.rawValue + ".csv"
    resolved.location = SourceLocation(file: file, field: reference.field)
    return resolved
  }
}

/// Decoded rows found by the hash of their key; equal hashes are told apart by comparing the keys.
///
/// Keeping hashes rather than the keys themselves saves an array of strings per row, which for a
/// table of 160,000 rows was most of the cost of the duplicate check.
struct RowKeyIndex {
  /// The first row numbered with each hash.
  private var first: [Int: Int] = [:]
  /// For each row, the next row with the same hash, or -1.
  private var next: [Int] = []
  /// The raw table row each numbered row came from.
  private var rawRows: [Int] = []

  init(capacity: Int = 0) {
    first.reserveCapacity(capacity)
    next.reserveCapacity(capacity)
    rawRows.reserveCapacity(capacity)
  }

  /// The numbered row whose key has `hash` and passes `isKey`, if any.
  func find(_ hash: Int, where isKey: (Int) -> Bool) -> Int? {
    var position = first[hash] ?? -1
    while position >= 0 {
      if isKey(position) { return position }
      position = next[position]
    }
    return nil
  }

  /// Numbers the next row, whose key has `hash`, read from raw row `rawRow`.
  mutating func append(_ hash: Int, rawRow: Int) {
    let position = next.count
    next.append(first[hash] ?? -1)
    first[hash] = position
    rawRows.append(rawRow)
  }

  func rawRow(_ position: Int) -> Int { rawRows[position] }
}
