/// Changes to a model's numbers that keep its shape: costs, the objective offset, column and row
/// bounds, matrix coefficients, each by position.
///
/// The same value is written into a running ``SolverSession`` (`session.apply(changes)`) or into a
/// `LinearProgram` (`program.applying(changes)`), so a test can check that a model changed in place
/// is the model built afresh. A later write to the same position replaces the earlier one.
public struct ModelChanges: Sendable, Equatable {
  /// Lower and upper bound of a row or column (`±Double.infinity` for none).
  public struct Bounds: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
      self.lower = lower
      self.upper = upper
    }
  }

  /// A position in the constraint matrix.
  public struct Entry: Sendable, Hashable, Comparable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
      self.row = row
      self.column = column
    }

    public static func < (a: Entry, b: Entry) -> Bool { (a.column, a.row) < (b.column, b.row) }
  }

  /// New objective coefficient by column.
  public var costs: [Int: Double] = [:]
  /// New objective constant, when it changes.
  public var objectiveOffset: Double?
  /// New bounds by column.
  public var columnBounds: [Int: Bounds] = [:]
  /// New bounds by row.
  public var rowBounds: [Int: Bounds] = [:]
  /// New matrix coefficients; zero removes an entry.
  public var coefficients: [Entry: Double] = [:]

  public init() {}

  /// Whether nothing changes.
  public var isEmpty: Bool {
    costs.isEmpty && objectiveOffset == nil && columnBounds.isEmpty && rowBounds.isEmpty && coefficients.isEmpty
  }

  /// Adds `other`'s changes; where both change a position, `other`'s value wins.
  public mutating func merge(_ other: ModelChanges) {
    costs.merge(other.costs) { $1 }
    if let offset = other.objectiveOffset { objectiveOffset = offset }
    columnBounds.merge(other.columnBounds) { $1 }
    rowBounds.merge(other.rowBounds) { $1 }
    coefficients.merge(other.coefficients) { $1 }
  }
}

extension LinearProgram {
  /// This program with `changes` written in: what a session holds after `apply(changes)`.
  ///
  /// Positions outside the program are ignored (a session throws for them instead).
  /// - Complexity: O(changes) without coefficient changes; O(nonzeros) with them.
  public func applying(_ changes: ModelChanges) -> LinearProgram {
    var program = self
    for (column, cost) in changes.costs where objective.indices.contains(column) { program.objective[column] = cost }
    if let offset = changes.objectiveOffset { program.objectiveOffset = offset }
    for (column, bounds) in changes.columnBounds where columnLower.indices.contains(column) {
      program.columnLower[column] = bounds.lower
      program.columnUpper[column] = bounds.upper
    }
    for (row, bounds) in changes.rowBounds where rowLower.indices.contains(row) {
      program.rowLower[row] = bounds.lower
      program.rowUpper[row] = bounds.upper
    }
    guard !changes.coefficients.isEmpty else { return program }
    var byColumn: [Int: [(row: Int32, value: Double)]] = [:]
    for (entry, value) in changes.coefficients
    where (0..<rowCount).contains(entry.row) && (0..<columnCount).contains(entry.column) {
      byColumn[entry.column, default: []].append((Int32(entry.row), value))
    }
    var starts: [Int32] = [0]
    var rows: [Int32] = []
    var values: [Double] = []
    starts.reserveCapacity(columnCount + 1)
    for column in 0..<columnCount {
      let range = Int(matrix.columnStarts[column])..<Int(matrix.columnStarts[column + 1])
      guard let edits = byColumn[column] else {
        rows.append(contentsOf: matrix.rowIndices[range])
        values.append(contentsOf: matrix.values[range])
        starts.append(Int32(truncatingIfNeeded: values.count))
        continue
      }
      // Merge the column's entries with its edits, keeping rows ascending and dropping zeros.
      var merged: [Int32: Double] = [:]
      for entry in range { merged[matrix.rowIndices[entry]] = matrix.values[entry] }
      for edit in edits { merged[edit.row] = edit.value }
      for (row, value) in merged.sorted(by: { $0.key < $1.key }) where value != 0 {
        rows.append(row)
        values.append(value)
      }
      starts.append(Int32(truncatingIfNeeded: values.count))
    }
    program.matrix = SparseMatrix(rowCount: rowCount, columnStarts: starts, rowIndices: rows, values: values)
    return program
  }
}
