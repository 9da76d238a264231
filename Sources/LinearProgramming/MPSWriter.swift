/// Writes a program in free MPS format, which HiGHS, CPLEX, Gurobi, SCIP and others read.
///
/// Conventions: the objective row is the first N row; its RHS is the negated objective offset; a
/// ranged row is an L row at its upper bound with RANGES `upper - lower`; integers sit between
/// MARKER lines and always carry explicit bounds so no reader applies a binary default.
public struct MPSWriter {
  public init() {}

  /// The program as free MPS text.
  public func text(for program: LinearProgram, name: String = "ferrite") -> String {
    let names = ExportNames(program) { raw in
      String(raw.map { $0.isWhitespace ? "_" : $0 })
    }
    var out = ""
    out.reserveCapacity(64 * (program.matrix.nonzeroCount + program.columnCount + program.rowCount))
    out += "NAME \(name.isEmpty ? "ferrite" : String(name.map { $0.isWhitespace ? "_" : $0 }))\n"
    if program.sense == .maximize { out += "OBJSENSE\n    MAX\n" }

    out += "ROWS\n N  \(names.objective)\n"
    var ranges: [(row: Int, width: Double)] = []
    var rightHandSides: [(row: Int, value: Double)] = []
    for row in 0..<program.rowCount {
      let lower = program.rowLower[row]
      let upper = program.rowUpper[row]
      let type: String
      switch (lower.isFinite, upper.isFinite) {
      case (true, true) where lower == upper:
        type = "E"
        rightHandSides.append((row, upper))
      case (true, true):
        type = "L"
        rightHandSides.append((row, upper))
        ranges.append((row, upper - lower))
      case (false, true):
        type = "L"
        rightHandSides.append((row, upper))
      case (true, false):
        type = "G"
        rightHandSides.append((row, lower))
      case (false, false):
        type = "N"
      }
      out += " \(type)  \(names.rows[row])\n"
    }

    out += "COLUMNS\n"
    var inIntegerRun = false
    let matrix = program.matrix
    for column in 0..<program.columnCount {
      let isInteger = program.columnKinds[column] == .integer
      if isInteger != inIntegerRun {
        out += isInteger
          ? "    MARKER  'MARKER'  'INTORG'\n" : "    MARKER  'MARKER'  'INTEND'\n"
        inIntegerRun = isInteger
      }
      let columnName = names.columns[column]
      let cost = program.objective[column]
      let start = Int(matrix.columnStarts[column])
      let end = Int(matrix.columnStarts[column + 1])
      if cost != 0 || start == end {
        // A column with no entries still needs a line, or readers would not know it exists.
        out += "    \(columnName)  \(names.objective)  \(cost.exportText)\n"
      }
      for entry in start..<end {
        out += "    \(columnName)  \(names.rows[Int(matrix.rowIndices[entry])])  \(matrix.values[entry].exportText)\n"
      }
    }
    if inIntegerRun { out += "    MARKER  'MARKER'  'INTEND'\n" }

    out += "RHS\n"
    if program.objectiveOffset != 0 {
      out += "    RHS  \(names.objective)  \((-program.objectiveOffset).exportText)\n"
    }
    for (row, value) in rightHandSides where value != 0 {
      out += "    RHS  \(names.rows[row])  \(value.exportText)\n"
    }
    if !ranges.isEmpty {
      out += "RANGES\n"
      for (row, width) in ranges { out += "    RNG  \(names.rows[row])  \(width.exportText)\n" }
    }

    out += "BOUNDS\n"
    for column in 0..<program.columnCount {
      let lower = program.columnLower[column]
      let upper = program.columnUpper[column]
      let name = names.columns[column]
      if lower == upper {
        out += " FX BND  \(name)  \(lower.exportText)\n"
        continue
      }
      if !lower.isFinite && !upper.isFinite {
        out += " FR BND  \(name)\n"
        continue
      }
      if !lower.isFinite {
        out += " MI BND  \(name)\n"
      } else if lower != 0 || upper < 0 {
        out += " LO BND  \(name)  \(lower.exportText)\n"
      }
      if upper.isFinite {
        out += " UP BND  \(name)  \(upper.exportText)\n"
      } else if program.columnKinds[column] == .integer {
        out += " PL BND  \(name)\n"
      }
    }
    out += "ENDATA\n"
    return out
  }
}
