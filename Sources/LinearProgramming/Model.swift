/// A linear or mixed-integer model under construction.
///
/// Variables are created in blocks; constraints are written row by row into one flat term buffer
/// (two arrays shared by all rows), so adding a constraint allocates nothing per term. `program()`
/// turns the rows into the column-compressed matrix a solver takes, in two linear passes.
///
///     var model = Model(sense: .minimize)
///     let x = model.addVariables("x", count: 2, domain: .nonNegative)
///     model.setObjective(3, for: x.variable(at: 0))
///     model.addConstraint(x.variable(at: 0) + x.variable(at: 1) >= 4, name: "demand")
///     let program = model.program()
public struct Model: Sendable {
  public var sense: ObjectiveSense
  public var objectiveOffset: Double = 0

  // Columns.
  private(set) var objective: [Double] = []
  private(set) var columnLower: [Double] = []
  private(set) var columnUpper: [Double] = []
  private(set) var columnKinds: [ColumnKind] = []
  private var columnNames: [String] = []
  public private(set) var blocks: [VariableBlock] = []

  // Rows, row-major: the terms of row i are terms[rowStarts[i] ..< rowStarts[i + 1]].
  private var rowStarts: [Int] = [0]
  private var terms = RowTerms()
  private(set) var rowLower: [Double] = []
  private(set) var rowUpper: [Double] = []
  private var rowNames: [String] = []

  public init(sense: ObjectiveSense = .minimize) {
    self.sense = sense
  }

  public var columnCount: Int { objective.count }
  public var rowCount: Int { rowLower.count }
  /// Terms written so far, before duplicates are merged and zeros dropped.
  public var termCount: Int { terms.count }

  /// Reserves room so that building a model of known size never reallocates.
  public mutating func reserve(columns: Int = 0, rows: Int = 0, terms termCapacity: Int = 0) {
    objective.reserveCapacity(columns)
    columnLower.reserveCapacity(columns)
    columnUpper.reserveCapacity(columns)
    columnKinds.reserveCapacity(columns)
    rowStarts.reserveCapacity(rows + 1)
    rowLower.reserveCapacity(rows)
    rowUpper.reserveCapacity(rows)
    terms.reserve(termCapacity)
  }

  // MARK: Variables

  /// Adds `count` variables with one domain and returns them as a block.
  ///
  /// - Parameter label: names each variable from its offset in the block, e.g. `{ "[\(lanes[$0])]" }`
  ///   gives `flow[pohang-houston]`. Without it, names are generated on export and cost no memory.
  @discardableResult
  public mutating func addVariables(
    _ name: String, count: Int, domain: VariableDomain = .nonNegative, cost: Double = 0,
    label: ((Int) -> String)? = nil
  ) -> VariableBlock {
    precondition(count >= 0, "a block cannot have a negative size")
    let start = objective.count
    objective.append(contentsOf: repeatElement(cost, count: count))
    columnLower.append(contentsOf: repeatElement(domain.lower, count: count))
    columnUpper.append(contentsOf: repeatElement(domain.upper, count: count))
    columnKinds.append(contentsOf: repeatElement(domain.kind, count: count))
    if let label {
      if columnNames.count < start { columnNames.append(contentsOf: repeatElement("", count: start - columnNames.count)) }
      for offset in 0..<count { columnNames.append(name + label(offset)) }
    }
    let block = VariableBlock(name: name, range: start..<(start + count))
    blocks.append(block)
    return block
  }

  /// Adds one variable.
  @discardableResult
  public mutating func addVariable(
    _ name: String, domain: VariableDomain = .nonNegative, cost: Double = 0
  ) -> Variable {
    let block = addVariables(name, count: 1, domain: domain, cost: cost, label: { _ in "" })
    return block.variable(at: 0)
  }

  /// The name of a variable: its label if it was given one, `c<index>` otherwise.
  public func name(of variable: Variable) -> String {
    columnNameList[variable.index]
  }

  /// The domain of a variable.
  public func domain(of variable: Variable) -> VariableDomain {
    VariableDomain(
      lower: columnLower[variable.index], upper: columnUpper[variable.index],
      kind: columnKinds[variable.index])
  }

  /// Changes the bounds of a variable.
  public mutating func setBounds(of variable: Variable, lower: Double, upper: Double) {
    columnLower[variable.index] = lower
    columnUpper[variable.index] = upper
  }

  // MARK: Objective

  /// Sets the objective coefficient of `variable`, replacing what was there.
  public mutating func setObjective(_ coefficient: Double, for variable: Variable) {
    objective[variable.index] = coefficient
  }

  /// Adds `coefficient` to the objective coefficient of `variable`.
  public mutating func addToObjective(_ coefficient: Double, for variable: Variable) {
    objective[variable.index] += coefficient
  }

  /// Adds a whole expression to the objective (its constant goes to the offset).
  public mutating func addToObjective(_ expression: LinearExpression) {
    for (variable, coefficient) in zip(expression.variables, expression.coefficients) {
      objective[variable.index] += coefficient
    }
    objectiveOffset += expression.constant
  }

  /// The objective coefficient of `variable`.
  public func objectiveCoefficient(of variable: Variable) -> Double { objective[variable.index] }

  // MARK: Constraints

  /// Adds `lower <= sum(terms) <= upper`, writing the terms straight into the model.
  ///
  /// This is the allocation-free path for large models: the closure appends terms with
  /// `terms.add(coefficient, variable)`. Repeated variables are summed and zero coefficients
  /// dropped when the matrix is built.
  @discardableResult
  public mutating func addConstraint(
    lower: Double = -.infinity, upper: Double = .infinity, name: String? = nil,
    terms write: (inout RowTerms) -> Void
  ) -> Constraint {
    write(&terms)
    return closeRow(lower: lower, upper: upper, name: name)
  }

  /// Adds a constraint written as an expression, e.g. `x + y <= 10`.
  @discardableResult
  public mutating func addConstraint(_ constraint: LinearConstraint, name: String? = nil) -> Constraint {
    let expression = constraint.expression
    for (variable, coefficient) in zip(expression.variables, expression.coefficients) {
      terms.add(coefficient, variable)
    }
    // A constant on the left moves to the bounds.
    return closeRow(
      lower: constraint.lower - expression.constant, upper: constraint.upper - expression.constant,
      name: name)
  }

  /// Adds `lower <= expression <= upper`.
  @discardableResult
  public mutating func addConstraint(
    _ expression: LinearExpression, in range: ClosedRange<Double>, name: String? = nil
  ) -> Constraint {
    addConstraint(LinearConstraint(expression, lower: range.lowerBound, upper: range.upperBound), name: name)
  }

  private mutating func closeRow(lower: Double, upper: Double, name: String?) -> Constraint {
    let row = rowLower.count
    rowLower.append(lower)
    rowUpper.append(upper)
    rowStarts.append(terms.count)
    if let name {
      if rowNames.count < row { rowNames.append(contentsOf: repeatElement("", count: row - rowNames.count)) }
      rowNames.append(name)
    }
    return Constraint(index: row)
  }

  /// The name of a constraint: the one it was given, `r<index>` otherwise.
  public func name(of constraint: Constraint) -> String { rowNameList[constraint.index] }

  /// Changes the bounds of a constraint.
  public mutating func setBounds(of constraint: Constraint, lower: Double, upper: Double) {
    rowLower[constraint.index] = lower
    rowUpper[constraint.index] = upper
  }

  private var columnNameList: Names { Names(prefix: "c", explicit: columnNames) }
  private var rowNameList: Names { Names(prefix: "r", explicit: rowNames) }

  // MARK: Matrix form

  /// The model in matrix form, with the constraint matrix compressed by column.
  ///
  /// Terms are scattered into their columns in row order, so each column's row indices come out
  /// ascending; a second pass merges repeated (row, column) pairs and drops zeros. This is the one
  /// place where zero coefficients are removed.
  ///
  /// - Complexity: O(rows + columns + terms), with no allocation per term.
  public func program() -> LinearProgram {
    LinearProgram(
      sense: sense, objectiveOffset: objectiveOffset, objective: objective,
      columnLower: columnLower, columnUpper: columnUpper, columnKinds: columnKinds,
      rowLower: rowLower, rowUpper: rowUpper, matrix: compressedColumns(),
      columnNames: columnNameList, rowNames: rowNameList)
  }

  private func compressedColumns() -> SparseMatrix {
    let columnCount = objective.count
    let termCount = terms.count
    precondition(termCount < Int(Int32.max), "more than 2^31 terms do not fit 32-bit indices")

    var starts = [Int32](repeating: 0, count: columnCount + 1)
    var values: [Double] = []
    // The compressed arrays are not zero-filled first: the scatter writes every slot before
    // anything reads it, and filling 12 bytes per term only to overwrite them cost a sixth of
    // the compression.
    let rowIndices = [Int32](unsafeUninitializedCapacity: termCount) { rowIndices, rowIndexCount in
      values = [Double](unsafeUninitializedCapacity: termCount) { values, valueCount in
        terms.columns.withUnsafeBufferPointer { termColumns in
          terms.values.withUnsafeBufferPointer { termValues in
            starts.withUnsafeMutableBufferPointer { starts in
              // Pass 1: count the terms of each column, then turn counts into start offsets.
              for column in termColumns {
                precondition(column >= 0 && Int(column) < columnCount, "a term names a column the model lacks")
                starts[Int(column) + 1] &+= 1
              }
              for column in 0..<columnCount { starts[column + 1] &+= starts[column] }

              rowStarts.withUnsafeBufferPointer { rowStarts in
                // Pass 2: place each term at the next free slot of its column, in row order.
                ColumnScatter(columnCount: columnCount, starts: UnsafeBufferPointer(starts)).run(
                  rowStarts: rowStarts, termColumns: termColumns, termValues: termValues,
                  rowIndices: rowIndices, values: values)
              }

              // Pass 3: merge repeated rows within each column and drop zeros, compacting in place.
              var write = 0
              var read = 0
              for column in 0..<columnCount {
                let end = Int(starts[column + 1])
                starts[column] = Int32(truncatingIfNeeded: write)
                while read < end {
                  let row = rowIndices[read]
                  var value = values[read]
                  read += 1
                  while read < end, rowIndices[read] == row {
                    value += values[read]
                    read += 1
                  }
                  if value != 0 {
                    rowIndices[write] = row
                    values[write] = value
                    write += 1
                  }
                }
              }
              starts[columnCount] = Int32(truncatingIfNeeded: write)
              valueCount = write
            }
          }
        }
      }
      rowIndexCount = values.count
    }
    return SparseMatrix(rowCount: rowLower.count, columnStarts: starts, rowIndices: rowIndices, values: values)
  }
}

/// Moves row-major terms to their column-major slots.
///
/// Writing each term straight to its column is a random write across the whole matrix: for
/// millions of terms every write misses the cache and the TLB. Instead, terms go through a small
/// buffer in chunks, first grouped by column range (a stable counting sort into about 64 buckets),
/// then written bucket by bucket, so each burst of random writes stays inside 1/1024 of the matrix (a window that fits
/// in L2 cache for a million-column model; 64 and 256 buckets measured slower, 4096 no faster).
/// Grouping is stable, so each column still receives its rows in ascending order.
private struct ColumnScatter {
  struct Entry {
    var row: Int32
    var column: Int32
    var value: Double
  }

  let columnCount: Int
  let starts: UnsafeBufferPointer<Int32>
  let chunkSize = 1 << 19
  let bucketShift: Int

  init(columnCount: Int, starts: UnsafeBufferPointer<Int32>) {
    self.columnCount = columnCount
    self.starts = starts
    let bits = Int.bitWidth - max(columnCount, 1).leadingZeroBitCount
    bucketShift = max(0, bits - 10)
  }

  func run(
    rowStarts: UnsafeBufferPointer<Int>, termColumns: UnsafeBufferPointer<Int32>,
    termValues: UnsafeBufferPointer<Double>, rowIndices: UnsafeMutableBufferPointer<Int32>,
    values: UnsafeMutableBufferPointer<Double>
  ) {
    let termCount = termColumns.count
    guard termCount > 0 else { return }
    let bucketCount = (max(columnCount, 1) - 1) >> bucketShift + 1
    let next = UnsafeMutableBufferPointer<Int32>.allocate(capacity: columnCount)
    defer { next.deallocate() }
    _ = next.initialize(from: starts.prefix(columnCount))
    let buffer = UnsafeMutableBufferPointer<Entry>.allocate(capacity: min(chunkSize, termCount))
    defer { buffer.deallocate() }
    let bucketStarts = UnsafeMutableBufferPointer<Int>.allocate(capacity: bucketCount + 1)
    defer { bucketStarts.deallocate() }

    var row = 0
    var chunkStart = 0
    while chunkStart < termCount {
      let chunkEnd = min(chunkStart + chunkSize, termCount)
      // Count the chunk's terms per bucket and turn the counts into offsets.
      bucketStarts.update(repeating: 0)
      for term in chunkStart..<chunkEnd { bucketStarts[Int(termColumns[term]) >> bucketShift + 1] += 1 }
      for bucket in 0..<bucketCount { bucketStarts[bucket + 1] += bucketStarts[bucket] }
      // Group the chunk's terms by bucket, keeping row order.
      for term in chunkStart..<chunkEnd {
        while rowStarts[row + 1] <= term { row += 1 }
        let column = termColumns[term]
        let bucket = Int(column) >> bucketShift
        buffer[bucketStarts[bucket]] = Entry(
          row: Int32(truncatingIfNeeded: row), column: column, value: termValues[term])
        bucketStarts[bucket] += 1
      }
      // Write bucket by bucket: each burst of writes touches one narrow band of the matrix.
      for entry in buffer.prefix(chunkEnd - chunkStart) {
        let column = Int(entry.column)
        let position = Int(next[column])
        rowIndices[position] = entry.row
        values[position] = entry.value
        next[column] = Int32(truncatingIfNeeded: position + 1)
      }
      chunkStart = chunkEnd
    }
  }
}

/// The terms of the row being written: a buffer shared by all rows of a model.
public struct RowTerms: Sendable {
  fileprivate(set) var columns: [Int32] = []
  fileprivate(set) var values: [Double] = []

  var count: Int { columns.count }

  mutating func reserve(_ capacity: Int) {
    columns.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
  }

  /// Adds `coefficient * variable` to the current row.
  @inlinable
  public mutating func add(_ coefficient: Double, _ variable: Variable) {
    append(coefficient, Int32(truncatingIfNeeded: variable.index))
  }

  @usableFromInline
  mutating func append(_ coefficient: Double, _ column: Int32) {
    columns.append(column)
    values.append(coefficient)
  }
}
