/// Whether the objective is to be made as small or as large as possible.
public enum ObjectiveSense: String, Sendable, Hashable, Codable {
  case minimize
  case maximize
}

/// The domain of a column: any real number within its bounds, or an integer within them.
///
/// A binary variable is an integer column with bounds [0, 1].
public enum ColumnKind: UInt8, Sendable, Hashable, Codable {
  case continuous = 0
  case integer = 1
}

/// A linear or mixed-integer program in matrix form, ready to hand to a solver.
///
///     minimize or maximize   c'x + offset
///     subject to             rowLower <= A x <= rowUpper
///                            columnLower <= x <= columnUpper
///                            x[j] integer where columnKinds[j] == .integer
///
/// Infinite bounds are `±Double.infinity`. Names are optional; when absent, writers and
/// diagnostics fall back to `c<j>` and `r<i>`.
public struct LinearProgram: Sendable {
  public var sense: ObjectiveSense
  public var objectiveOffset: Double
  public var objective: [Double]
  public var columnLower: [Double]
  public var columnUpper: [Double]
  public var columnKinds: [ColumnKind]
  public var rowLower: [Double]
  public var rowUpper: [Double]
  /// The constraint matrix A, stored by column.
  public var matrix: SparseMatrix
  public var columnNames: Names
  public var rowNames: Names

  public init(
    sense: ObjectiveSense = .minimize, objectiveOffset: Double = 0, objective: [Double],
    columnLower: [Double], columnUpper: [Double], columnKinds: [ColumnKind],
    rowLower: [Double], rowUpper: [Double], matrix: SparseMatrix,
    columnNames: Names = Names(prefix: "c"), rowNames: Names = Names(prefix: "r")
  ) {
    self.sense = sense
    self.objectiveOffset = objectiveOffset
    self.objective = objective
    self.columnLower = columnLower
    self.columnUpper = columnUpper
    self.columnKinds = columnKinds
    self.rowLower = rowLower
    self.rowUpper = rowUpper
    self.matrix = matrix
    self.columnNames = columnNames
    self.rowNames = rowNames
  }

  public var columnCount: Int { objective.count }
  public var rowCount: Int { rowLower.count }
  public var isMixedInteger: Bool { columnKinds.contains(.integer) }
}

/// A sparse matrix in compressed sparse column (CSC) form.
///
/// The row indices of column `j` are `rowIndices[columnStarts[j] ..< columnStarts[j + 1]]`,
/// ascending and without duplicates; `values` holds the matching coefficients, none of them zero.
/// Indices are 32-bit because that is HiGHS's default integer width and it halves the index memory.
public struct SparseMatrix: Sendable, Equatable {
  public var rowCount: Int
  public var columnStarts: [Int32]
  public var rowIndices: [Int32]
  public var values: [Double]

  public init(rowCount: Int, columnStarts: [Int32], rowIndices: [Int32], values: [Double]) {
    self.rowCount = rowCount
    self.columnStarts = columnStarts
    self.rowIndices = rowIndices
    self.values = values
  }

  public var columnCount: Int { columnStarts.count - 1 }
  public var nonzeroCount: Int { values.count }
}

/// Names of rows or columns: an explicit list where the model gave names, generated otherwise.
///
/// Generated names (`prefix` followed by the index) cost no memory, which matters for models
/// with millions of columns.
public struct Names: Sendable, Equatable {
  public var prefix: String
  /// Explicit names by index; an empty string falls back to the generated name.
  public var explicit: [String]

  public init(prefix: String, explicit: [String] = []) {
    self.prefix = prefix
    self.explicit = explicit
  }

  public subscript(index: Int) -> String {
    if index < explicit.count, !explicit[index].isEmpty { return explicit[index] }
    return "\(prefix)\(index)"
  }
}
