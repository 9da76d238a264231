/// The largest numbers a solver takes as they are.
///
/// HiGHS reads any bound of `1e20` or more as infinite, refuses matrix entries of `1e15` or more,
/// and fed with such values (or with NaN) it has been seen to reject the model without saying
/// why, to run for hours, or to corrupt its heap. A model is checked against these limits before
/// it is handed over, so that the person who wrote the scenario hears which number is wrong.
public struct NumericLimits: Sendable, Equatable {
  /// Largest magnitude of a matrix entry (HiGHS's `large_matrix_value`).
  public var coefficient: Double
  /// Largest magnitude of an objective coefficient.
  ///
  /// Far below HiGHS's `infinite_cost` (1e20): a cost of 1e15 per unit already leaves the objective no digits for the other costs.
  public var cost: Double
  /// Magnitude from which a bound counts as infinite (HiGHS's `infinite_bound`).
  ///
  /// An upper bound
  /// that large reads as "no limit", which it practically is; a lower bound that large (or an upper
  /// bound that negative) would change the model's meaning and is out of range.
  public var infiniteBound: Double

  public init(coefficient: Double = 1e15, cost: Double = 1e15, infiniteBound: Double = 1e20) {
    self.coefficient = coefficient
    self.cost = cost
    self.infiniteBound = infiniteBound
  }

  /// The limits of HiGHS with its default options.
  public static let standard = NumericLimits()
}

/// One number of a program outside the range a solver takes, with the names of its row and column.
public struct OutOfRangeValue: Sendable, Equatable, CustomStringConvertible {
  /// Where in the program the number is.
  public enum Place: Sendable, Hashable {
    case objective(column: Int)
    case columnLower(column: Int)
    case columnUpper(column: Int)
    case rowLower(row: Int)
    case rowUpper(row: Int)
    case coefficient(row: Int, column: Int)
    case objectiveOffset
  }

  public var place: Place
  public var value: Double
  /// The limit the value breaks (its magnitude must stay below it); NaN has none.
  public var limit: Double
  /// The name of the column involved, when one is.
  public var columnName: String?
  /// The name of the row involved, when one is.
  public var rowName: String?

  public init(place: Place, value: Double, limit: Double, columnName: String? = nil, rowName: String? = nil) {
    self.place = place
    self.value = value
    self.limit = limit
    self.columnName = columnName
    self.rowName = rowName
  }

  /// The column the value belongs to, when it belongs to one.
  public var column: Int? {
    switch place {
    case .objective(let column), .columnLower(let column), .columnUpper(let column),
      .coefficient(_, let column):
      column
    case .rowLower, .rowUpper, .objectiveOffset: nil
    }
  }

  /// The row the value belongs to, when it belongs to one.
  public var row: Int? {
    switch place {
    case .rowLower(let row), .rowUpper(let row), .coefficient(let row, _): row
    case .objective, .columnLower, .columnUpper, .objectiveOffset: nil
    }
  }

  /// What the number is, in model terms: "the cost of column flow[road,steel,2026]".
  public var subject: String {
    let column = columnName ?? "?"
    let row = rowName ?? "?"
    switch place {
    case .objective: return "the cost of column \(column)"
    case .columnLower: return "the lower bound of column \(column)"
    case .columnUpper: return "the upper bound of column \(column)"
    case .rowLower: return "the lower bound of row \(row)"
    case .rowUpper: return "the upper bound of row \(row)"
    case .coefficient: return "the coefficient of column \(column) in row \(row)"
    case .objectiveOffset: return "the objective offset"
    }
  }

  /// What is wrong with the number: "is 1.0e+20, outside ±1.0e+15".
  public var problem: String {
    if value.isNaN { return "is NaN (not a number)" }
    if value.isInfinite { return "is \(value < 0 ? "minus " : "")infinity" }
    switch place {
    case .columnLower, .rowLower: return "is \(scientific(value)), which the solver reads as +infinity"
    case .columnUpper, .rowUpper: return "is \(scientific(value)), which the solver reads as -infinity"
    default: return "is \(scientific(value)), outside ±\(scientific(limit))"
    }
  }

  public var description: String { "\(subject) \(problem)" }
}

extension LinearProgram {
  /// The numbers of this program a solver cannot take as they are, row and column names included;
  /// empty when every number is in range.
  ///
  /// NaN is out of range everywhere. Infinite or too large matrix entries and costs are out of
  /// range; so are lower bounds at or above `limits.infiniteBound` and upper bounds at or below
  /// its negative (minus and plus infinity are what "no bound" is written as). At most
  /// `maximumCount` values are listed, the first found, to keep a message readable.
  ///
  /// - Complexity: O(columns + rows + nonzeros).
  public func valuesOutOfRange(limits: NumericLimits = .standard, maximumCount: Int = 20) -> [OutOfRangeValue]
  {
    var found: [OutOfRangeValue] = []
    func add(_ place: OutOfRangeValue.Place, _ value: Double, limit: Double) {
      guard found.count < maximumCount else { return }
      var entry = OutOfRangeValue(place: place, value: value, limit: limit)
      if let column = entry.column, (0..<columnCount).contains(column) {
        entry.columnName = columnNames[column]
      }
      if let row = entry.row, (0..<rowCount).contains(row) { entry.rowName = rowNames[row] }
      found.append(entry)
    }
    // Every test is written `!(in range)` so that NaN, which fails every comparison, is caught too.
    if !objectiveOffset.isFinite { add(.objectiveOffset, objectiveOffset, limit: .infinity) }
    for column in Self.offending(objective, .magnitude, limits.cost, maximumCount) {
      add(.objective(column: column), objective[column], limit: limits.cost)
    }
    for column in Self.offending(columnLower, .lower, limits.infiniteBound, maximumCount) {
      add(.columnLower(column: column), columnLower[column], limit: limits.infiniteBound)
    }
    for column in Self.offending(columnUpper, .upper, limits.infiniteBound, maximumCount) {
      add(.columnUpper(column: column), columnUpper[column], limit: limits.infiniteBound)
    }
    for row in Self.offending(rowLower, .lower, limits.infiniteBound, maximumCount) {
      add(.rowLower(row: row), rowLower[row], limit: limits.infiniteBound)
    }
    for row in Self.offending(rowUpper, .upper, limits.infiniteBound, maximumCount) {
      add(.rowUpper(row: row), rowUpper[row], limit: limits.infiniteBound)
    }
    let starts = matrix.columnStarts
    for entry in Self.offending(matrix.values, .magnitude, limits.coefficient, maximumCount) {
      // The column holding the entry: the last start at or before it. Indices are checked rather
      // than trusted (a malformed matrix is reported elsewhere).
      var low = 0
      var high = starts.count - 1
      while low < high {
        let middle = (low + high + 1) / 2
        if Int(starts[middle]) <= entry { low = middle } else { high = middle - 1 }
      }
      let row = entry < matrix.rowIndices.count ? Int(matrix.rowIndices[entry]) : -1
      add(.coefficient(row: row, column: low), matrix.values[entry], limit: limits.coefficient)
    }
    return found
  }

  /// Which side of a value is checked: its magnitude, or a bound's side that must stay finite.
  private enum Check { case magnitude, lower, upper }

  /// Positions of the first `maximumCount` values out of range.
  ///
  /// One tight loop per check over the raw buffer: the scan runs before every solve, over every
  /// nonzero, so it must cost little next to handing the model over.
  private static func offending(_ values: [Double], _ check: Check, _ limit: Double, _ maximumCount: Int)
    -> [Int]
  {
    values.withUnsafeBufferPointer { buffer in
      var found: [Int] = []
      var index = 0
      let count = buffer.count
      switch check {
      case .magnitude:
        while index < count, found.count < maximumCount {
          if !(abs(buffer[index]) < limit) { found.append(index) }
          index += 1
        }
      case .lower:
        while index < count, found.count < maximumCount {
          if !(buffer[index] < limit) { found.append(index) }
          index += 1
        }
      case .upper:
        while index < count, found.count < maximumCount {
          if !(buffer[index] > -limit) { found.append(index) }
          index += 1
        }
      }
      return found
    }
  }
}
