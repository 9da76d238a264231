/// The independent blocks of a linear program: sets of rows and columns that share no matrix
/// entry with any other set, so each can be solved on its own.
///
/// Rows are joined when a column has entries in both (union-find over the rows of each column);
/// a column belongs to the block of its rows. Columns in no row and rows with no entry are not in
/// any block: they are ``trivialColumns`` and ``emptyRows``, answered without a solver. Blocks
/// smaller than a minimum size are packed together into groups of about that size, since each
/// solver run has a fixed cost; a group is solved as one sub-program.
///
/// - Complexity: O(rows + columns + nonzeros), plus sorting the blocks by size.
public struct ProgramBlocks: Sendable {
  /// One sub-program's share of the program: its columns and rows, ascending.
  public struct Group: Sendable, Equatable {
    public var columns: [Int32]
    public var rows: [Int32]
    public var nonzeros: Int
    /// How many connected blocks were packed into this group.
    public var blocks: Int
  }

  /// Groups of blocks, largest first (so a pool of workers finishes them in about equal time).
  public var groups: [Group]
  /// Columns with no matrix entry: their value follows from their bounds and cost alone.
  public var trivialColumns: [Int32]
  /// Rows with no matrix entry: their activity is zero.
  public var emptyRows: [Int32]
  /// How many connected blocks with at least one row and one column the program has.
  public var blockCount: Int

  /// Finds the blocks of `program`, packing blocks of fewer than `minimumSize` rows + columns +
  /// nonzeros into groups of at least that size.
  public init(_ program: LinearProgram, minimumSize: Int) {
    let matrix = program.matrix
    let rowCount = program.rowCount
    let columnCount = program.columnCount
    // Union-find over rows: parent links with path halving, union by size.
    var parent = [Int32](0..<Int32(truncatingIfNeeded: rowCount))
    var size = [Int32](repeating: 1, count: rowCount)
    func root(_ row: Int32) -> Int32 {
      var row = row
      while parent[Int(row)] != row {
        let grand = parent[Int(parent[Int(row)])]
        parent[Int(row)] = grand
        row = grand
      }
      return row
    }
    var rowUsed = [Bool](repeating: false, count: rowCount)
    for column in 0..<columnCount {
      let start = Int(matrix.columnStarts[column])
      let end = Int(matrix.columnStarts[column + 1])
      guard start < end else { continue }
      var first = root(matrix.rowIndices[start])
      rowUsed[Int(matrix.rowIndices[start])] = true
      for entry in (start + 1)..<max(start + 1, end) {
        let row = matrix.rowIndices[entry]
        rowUsed[Int(row)] = true
        let other = root(row)
        guard other != first else { continue }
        if size[Int(first)] < size[Int(other)] {
          parent[Int(first)] = other
          size[Int(other)] += size[Int(first)]
          first = other
        } else {
          parent[Int(other)] = first
          size[Int(first)] += size[Int(other)]
        }
      }
    }

    // Number the blocks by their root rows and count what each holds.
    var blockOfRoot = [Int32](repeating: -1, count: rowCount)
    var blockRows: [[Int32]] = []
    var emptyRows: [Int32] = []
    for row in 0..<rowCount {
      guard rowUsed[row] else {
        emptyRows.append(Int32(truncatingIfNeeded: row))
        continue
      }
      let top = Int(root(Int32(truncatingIfNeeded: row)))
      if blockOfRoot[top] < 0 {
        blockOfRoot[top] = Int32(truncatingIfNeeded: blockRows.count)
        blockRows.append([])
      }
      blockRows[Int(blockOfRoot[top])].append(Int32(truncatingIfNeeded: row))
    }
    var blockColumns = [[Int32]](repeating: [], count: blockRows.count)
    var blockNonzeros = [Int](repeating: 0, count: blockRows.count)
    var trivialColumns: [Int32] = []
    for column in 0..<columnCount {
      let start = Int(matrix.columnStarts[column])
      let end = Int(matrix.columnStarts[column + 1])
      guard start < end else {
        trivialColumns.append(Int32(truncatingIfNeeded: column))
        continue
      }
      let block = Int(blockOfRoot[Int(root(matrix.rowIndices[start]))])
      blockColumns[block].append(Int32(truncatingIfNeeded: column))
      blockNonzeros[block] += end - start
    }

    // Big blocks alone, small ones packed in order until a pack reaches the minimum size.
    var groups: [Group] = []
    var pack: [Int] = []
    var packSize = 0
    func flush() {
      guard !pack.isEmpty else { return }
      groups.append(Self.merge(pack, rows: blockRows, columns: blockColumns, nonzeros: blockNonzeros))
      pack = []
      packSize = 0
    }
    for block in blockRows.indices {
      let blockSize = blockRows[block].count + blockColumns[block].count + blockNonzeros[block]
      if blockSize >= minimumSize {
        groups.append(
          Group(columns: blockColumns[block], rows: blockRows[block], nonzeros: blockNonzeros[block], blocks: 1))
      } else {
        pack.append(block)
        packSize += blockSize
        if packSize >= minimumSize { flush() }
      }
    }
    flush()
    groups.sort { $0.nonzeros + $0.rows.count > $1.nonzeros + $1.rows.count }
    self.groups = groups
    self.trivialColumns = trivialColumns
    self.emptyRows = emptyRows
    self.blockCount = blockRows.count
  }

  /// One group of several blocks, its rows and columns ascending as in the program.
  private static func merge(
    _ blocks: [Int], rows: [[Int32]], columns: [[Int32]], nonzeros: [Int]
  ) -> Group {
    if blocks.count == 1, let only = blocks.first {
      return Group(columns: columns[only], rows: rows[only], nonzeros: nonzeros[only], blocks: 1)
    }
    return Group(
      columns: blocks.flatMap { columns[$0] }.sorted(), rows: blocks.flatMap { rows[$0] }.sorted(),
      nonzeros: blocks.reduce(0) { $0 + nonzeros[$1] }, blocks: blocks.count)
  }
}

extension LinearProgram {
  /// The sub-program of `group`'s rows and columns, in their order, with no objective offset.
  ///
  /// `localRow` maps each row of the program to its position within its group (rows of other
  /// groups are never read). Names stay those of the program when it has explicit ones.
  func subprogram(_ group: ProgramBlocks.Group, localRow: [Int32]) -> LinearProgram {
    var starts: [Int32] = [0]
    starts.reserveCapacity(group.columns.count + 1)
    var rowIndices: [Int32] = []
    rowIndices.reserveCapacity(group.nonzeros)
    var values: [Double] = []
    values.reserveCapacity(group.nonzeros)
    for column in group.columns {
      let range = Int(matrix.columnStarts[Int(column)])..<Int(matrix.columnStarts[Int(column) + 1])
      for entry in range {
        rowIndices.append(localRow[Int(matrix.rowIndices[entry])])
        values.append(matrix.values[entry])
      }
      starts.append(Int32(truncatingIfNeeded: values.count))
    }
    func pick<T>(_ array: [T], _ indices: [Int32]) -> [T] { indices.map { array[Int($0)] } }
    func names(_ names: Names, _ indices: [Int32]) -> Names {
      guard !names.explicit.isEmpty else { return Names(prefix: names.prefix) }
      return Names(prefix: names.prefix, explicit: indices.map { names[Int($0)] })
    }
    return LinearProgram(
      sense: sense, objectiveOffset: 0, objective: pick(objective, group.columns),
      columnLower: pick(columnLower, group.columns), columnUpper: pick(columnUpper, group.columns),
      columnKinds: pick(columnKinds, group.columns), rowLower: pick(rowLower, group.rows),
      rowUpper: pick(rowUpper, group.rows),
      matrix: SparseMatrix(
        rowCount: group.rows.count, columnStarts: starts, rowIndices: rowIndices, values: values),
      columnNames: names(columnNames, group.columns), rowNames: names(rowNames, group.rows))
  }
}
