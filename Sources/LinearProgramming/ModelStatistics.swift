import Foundation

/// The size and numerical range of a program: what to look at before blaming the solver.
public struct ModelStatistics: Sendable, Equatable, CustomStringConvertible {
  public var rows: Int
  public var columns: Int
  public var nonzeros: Int
  public var integerColumns: Int
  public var binaryColumns: Int
  /// Smallest and largest absolute nonzero in the matrix; `nil` when it is empty.
  public var matrixRange: ClosedRange<Double>?
  public var objectiveRange: ClosedRange<Double>?
  /// Smallest and largest absolute finite, nonzero bound on columns.
  public var boundRange: ClosedRange<Double>?
  /// Smallest and largest absolute finite, nonzero row bound.
  public var rightHandSideRange: ClosedRange<Double>?

  public init(_ program: LinearProgram) {
    rows = program.rowCount
    columns = program.columnCount
    nonzeros = program.matrix.nonzeroCount
    integerColumns = 0
    binaryColumns = 0
    for (index, kind) in program.columnKinds.enumerated() where kind == .integer {
      integerColumns += 1
      if program.columnLower[index] >= 0, program.columnUpper[index] <= 1 { binaryColumns += 1 }
    }
    matrixRange = Self.absoluteRange(program.matrix.values)
    objectiveRange = Self.absoluteRange(program.objective)
    boundRange = Self.absoluteRange(program.columnLower, program.columnUpper)
    rightHandSideRange = Self.absoluteRange(program.rowLower, program.rowUpper)
  }

  private static func absoluteRange(_ lists: [Double]...) -> ClosedRange<Double>? {
    var smallest = Double.infinity
    var largest = 0.0
    for list in lists {
      for value in list where value != 0 && value.isFinite {
        let magnitude = abs(value)
        smallest = min(smallest, magnitude)
        largest = max(largest, magnitude)
      }
    }
    return largest > 0 ? smallest...largest : nil
  }

  public var description: String {
    func range(_ range: ClosedRange<Double>?) -> String {
      guard let range else { return "-" }
      return "[\(scientific(range.lowerBound)), \(scientific(range.upperBound))]"
    }
    return """
      \(rows) rows, \(columns) columns (\(integerColumns) integer, \(binaryColumns) binary), \
      \(nonzeros) nonzeros
      coefficient ranges: matrix \(range(matrixRange)), objective \(range(objectiveRange)), \
      bounds \(range(boundRange)), rhs \(range(rightHandSideRange))
      """
  }
}

/// `1.5e+03`: a short, locale-independent rendering for ranges.
func scientific(_ value: Double) -> String {
  guard value.isFinite, value != 0 else { return "\(value)" }
  let exponent = Int((log10(abs(value))).rounded(.down))
  let mantissa = value / pow(10, Double(exponent))
  let rounded = (mantissa * 10).rounded() / 10
  return "\(rounded)e\(exponent >= 0 ? "+" : "-")\(abs(exponent) < 10 ? "0" : "")\(abs(exponent))"
}
