import Testing

@testable import LinearProgramming

@Suite("Independent blocks of a program")
struct ProgramBlocksTests {
  /// Six rows, seven columns; entries (row: columns):
  ///
  ///     r0: c0 c6     r1: c2 c3     r2: c0 c1     r3: c3     r4: (none)     r5: c5
  ///
  /// c0 joins r0 and r2 (with c1 and c6): block A = rows {0, 2}, columns {0, 1, 6}, 4 entries.
  /// c3 joins r1 and r3 (with c2): block B = rows {1, 3}, columns {2, 3}, 3 entries.
  /// Block C = row 5, column 5, 1 entry. c4 is in no row; r4 has no entry.
  static let program: LinearProgram = {
    let columns: [[Int32]] = [[0, 2], [2], [1], [1, 3], [], [5], [0]]
    var starts: [Int32] = [0]
    var rows: [Int32] = []
    for column in columns {
      rows += column
      starts.append(Int32(rows.count))
    }
    return LinearProgram(
      objective: (0..<7).map(Double.init), columnLower: Array(repeating: 0, count: 7),
      columnUpper: Array(repeating: 10, count: 7), columnKinds: Array(repeating: .continuous, count: 7),
      rowLower: Array(repeating: 1, count: 6), rowUpper: Array(repeating: 5, count: 6),
      matrix: SparseMatrix(
        rowCount: 6, columnStarts: starts, rowIndices: rows, values: rows.indices.map { Double($0 + 1) }))
  }()

  @Test("Rows joined through shared columns; free columns and empty rows apart; largest first")
  func findsBlocks() {
    let blocks = ProgramBlocks(Self.program, minimumSize: 0)
    #expect(blocks.blockCount == 3)
    #expect(blocks.trivialColumns == [4])
    #expect(blocks.emptyRows == [4])
    #expect(blocks.groups.map(\.rows) == [[0, 2], [1, 3], [5]])
    #expect(blocks.groups.map(\.columns) == [[0, 1, 6], [2, 3], [5]])
    #expect(blocks.groups.map(\.nonzeros) == [4, 3, 1])
  }

  @Test("Blocks below the minimum size are packed into one group, rows and columns ascending")
  func packsSmallBlocks() {
    let blocks = ProgramBlocks(Self.program, minimumSize: 100)
    #expect(blocks.groups.count == 1)
    #expect(blocks.groups.first?.rows == [0, 1, 2, 3, 5])
    #expect(blocks.groups.first?.columns == [0, 1, 2, 3, 5, 6])
    #expect(blocks.groups.first?.blocks == 3)
    #expect(blocks.groups.first?.nonzeros == 8)
  }

  @Test("A sub-program keeps its block's entries, renumbered, and no objective constant")
  func subprogram() {
    var program = Self.program
    program.objectiveOffset = 3
    let blocks = ProgramBlocks(program, minimumSize: 0)
    var localRow = [Int32](repeating: 0, count: program.rowCount)
    for group in blocks.groups {
      for (local, row) in group.rows.enumerated() { localRow[Int(row)] = Int32(local) }
    }
    let part = program.subprogram(blocks.groups[0], localRow: localRow)
    // Block A: c0 has entries 1 (r0) and 2 (r2), c1 has 3 (r2), c6 has 8 (r0); r0 -> 0, r2 -> 1.
    #expect(part.columnCount == 3 && part.rowCount == 2)
    #expect(part.objective == [0, 1, 6])
    #expect(part.objectiveOffset == 0)
    #expect(part.matrix.columnStarts == [0, 2, 3, 4])
    #expect(part.matrix.rowIndices == [0, 1, 1, 0])
    #expect(part.matrix.values == [1, 2, 3, 8])
  }

  @Test("A malformed program is not split (the solver reports what is wrong with it)")
  func malformed() {
    var program = Self.program
    program.matrix.rowIndices[0] = 99
    #expect(!BlockSolver.isWellFormed(program))
    #expect(BlockSolver.isWellFormed(Self.program))
  }
}
