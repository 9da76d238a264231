/// Writes a program in CPLEX LP format, the algebraic text most solvers read.
///
/// A ranged row becomes two rows, `name_lo` and `name_hi`, since the format has no portable range;
/// a free row is left out. Lines are wrapped well under the format's 510-character limit.
public struct LPWriter {
  public init() {}

  /// The program as CPLEX LP text.
  public func text(for program: LinearProgram) -> String {
    let names = ExportNames(program, sanitize: Self.sanitize)
    let rowTerms = Self.rowMajorTerms(program.matrix)
    var out = "\\ Written by Ferrite\n"
    out.reserveCapacity(40 * (program.matrix.nonzeroCount + program.columnCount + program.rowCount))
    out += program.sense == .maximize ? "Maximize\n" : "Minimize\n"
    out += " \(names.objective):"
    var written = 0
    for column in 0..<program.columnCount where program.objective[column] != 0 {
      Self.appendTerm(program.objective[column], names.columns[column], to: &out, count: &written)
    }
    if program.objectiveOffset != 0 {
      out += program.objectiveOffset < 0 ? " - " : " + "
      out += abs(program.objectiveOffset).exportText
    } else if written == 0 {
      out += " 0"
    }
    out += "\nSubject To\n"
    for row in 0..<program.rowCount {
      let lower = program.rowLower[row]
      let upper = program.rowUpper[row]
      var lhs = ""
      var count = 0
      for (column, value) in rowTerms[row] {
        Self.appendTerm(value, names.columns[column], to: &lhs, count: &count)
      }
      if count == 0, program.columnCount > 0 { lhs = " 0 \(names.columns[0])" }
      let name = names.rows[row]
      switch (lower.isFinite, upper.isFinite) {
      case (true, true) where lower == upper:
        out += " \(name):\(lhs) = \(upper.exportText)\n"
      case (true, true):
        out += " \(name)_lo:\(lhs) >= \(lower.exportText)\n"
        out += " \(name)_hi:\(lhs) <= \(upper.exportText)\n"
      case (false, true):
        out += " \(name):\(lhs) <= \(upper.exportText)\n"
      case (true, false):
        out += " \(name):\(lhs) >= \(lower.exportText)\n"
      case (false, false):
        continue
      }
    }
    out += "Bounds\n"
    for column in 0..<program.columnCount {
      let lower = program.columnLower[column]
      let upper = program.columnUpper[column]
      let name = names.columns[column]
      if lower == 0 && upper == .infinity { continue }
      if lower == upper {
        out += " \(name) = \(lower.exportText)\n"
      } else if !lower.isFinite && !upper.isFinite {
        out += " \(name) free\n"
      } else {
        let low = lower.isFinite ? lower.exportText : "-inf"
        let high = upper.isFinite ? upper.exportText : "+inf"
        out += " \(low) <= \(name) <= \(high)\n"
      }
    }
    let integers = (0..<program.columnCount).filter { program.columnKinds[$0] == .integer }
    if !integers.isEmpty {
      out += "General\n"
      for column in integers { out += " \(names.columns[column])\n" }
    }
    out += "End\n"
    return out
  }

  private static func appendTerm(_ value: Double, _ name: String, to out: inout String, count: inout Int) {
    if count > 0, count % 8 == 0 { out += "\n   " }
    out += value < 0 ? " - " : " + "
    let magnitude = abs(value)
    if magnitude != 1 { out += magnitude.exportText + " " }
    out += name
    count += 1
  }

  /// LP names allow letters, digits and `!"#$%&()/,.;?@_'{}|~`, may not start with a digit or a
  /// period, and may not read as an exponent (`e12`, `E`).
  static func sanitize(_ raw: String) -> String {
    let allowed = Set("!\"#$%&()/,.;?@_'{}|~")
    var name = String(
      raw.map { character -> Character in
        if character == "[" { return "(" }
        if character == "]" { return ")" }
        if character.isASCII && (character.isLetter || character.isNumber) { return character }
        return allowed.contains(character) ? character : "_"
      })
    if let first = name.first, first.isNumber || first == "." { name = "_" + name }
    if let first = name.first, first == "e" || first == "E" {
      let rest = name.dropFirst()
      if rest.isEmpty || rest.first.map({ $0.isNumber || $0 == "e" || $0 == "E" }) == true {
        name = "_" + name
      }
    }
    return String(name.prefix(255))
  }

  /// The matrix re-read by row, for writing one constraint per line.
  private static func rowMajorTerms(_ matrix: SparseMatrix) -> [[(Int, Double)]] {
    var rows = [[(Int, Double)]](repeating: [], count: matrix.rowCount)
    for column in 0..<matrix.columnCount {
      for entry in Int(matrix.columnStarts[column])..<Int(matrix.columnStarts[column + 1]) {
        rows[Int(matrix.rowIndices[entry])].append((column, matrix.values[entry]))
      }
    }
    return rows
  }
}
