import LinearProgramming

/// A linear program written the way a textbook writes it: one dense row of coefficients per
/// constraint, turned into the column-compressed form solvers take.
func denseProgram(
  _ sense: ObjectiveSense = .minimize,
  objective: [Double],
  rows: [[Double]],
  rowLower: [Double],
  rowUpper: [Double],
  columnLower: [Double]? = nil,
  columnUpper: [Double]? = nil,
  integer: Set<Int> = [],
  rowNames: [String] = [],
  columnNames: [String] = []
) -> LinearProgram {
  let columnCount = objective.count
  var columnStarts: [Int32] = [0]
  var rowIndices: [Int32] = []
  var values: [Double] = []
  for column in 0..<columnCount {
    for (rowIndex, row) in rows.enumerated() where row[column] != 0 {
      rowIndices.append(Int32(rowIndex))
      values.append(row[column])
    }
    columnStarts.append(Int32(values.count))
  }
  return LinearProgram(
    sense: sense, objective: objective,
    columnLower: columnLower ?? Array(repeating: 0, count: columnCount),
    columnUpper: columnUpper ?? Array(repeating: .infinity, count: columnCount),
    columnKinds: (0..<columnCount).map { integer.contains($0) ? .integer : .continuous },
    rowLower: rowLower, rowUpper: rowUpper,
    matrix: SparseMatrix(
      rowCount: rows.count, columnStarts: columnStarts, rowIndices: rowIndices, values: values),
    columnNames: Names(prefix: "c", explicit: columnNames),
    rowNames: Names(prefix: "r", explicit: rowNames))
}

/// True when `a` and `b` agree to within `tolerance`, absolute or relative to their size.
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-6) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tolerance * max(1, abs(b))
}

/// True when the arrays have the same length and agree entry by entry.
func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-6) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tolerance: tolerance) }
}

let infinity = Double.infinity

/// Models shared by several tests, each with its optimum derived by hand.
enum Fixtures {
  /// Two mills ship to three plants; supplies 50 and 40, demands 30, 20 and 40 (balanced).
  ///
  ///            P1  P2  P3
  ///     mill1   4   6   9
  ///     mill2   5   8   3
  ///
  /// Mill 2 is far cheapest to P3, so it sends all 40 there (120); that exhausts it, and mill 1
  /// serves P1 (30 x 4 = 120) and P2 (20 x 6 = 120): 360. Potentials u = (0, 1),
  /// v = (4, 6, 2) price every unused lane at >= 0 (9-2 = 7, 5-5 = 0, 8-7 = 1), so 360 is optimal;
  /// shifting θ onto the zero-priced lane mill2-P1 costs +5-3+9-4 = +7 per unit, so it is unique.
  /// Columns are x[mill][plant] row-major: x11 x12 x13 x21 x22 x23.
  static func transportation(costScale: Double = 1) -> LinearProgram {
    denseProgram(
      objective: [4, 6, 9, 5, 8, 3].map { $0 * costScale },
      rows: [
        [1, 1, 1, 0, 0, 0],  // mill 1 supply
        [0, 0, 0, 1, 1, 1],  // mill 2 supply
        [1, 0, 0, 1, 0, 0],  // plant 1 demand
        [0, 1, 0, 0, 1, 0],  // plant 2 demand
        [0, 0, 1, 0, 0, 1],  // plant 3 demand
      ],
      rowLower: [-infinity, -infinity, 30, 20, 40],
      rowUpper: [50, 40, 30, 20, 40])
  }
  static let transportationFlows: [Double] = [30, 20, 0, 0, 0, 40]

  /// A 0/1 knapsack of capacity 10; items (weight, value): (5, 10), (4, 40), (6, 30), (3, 50).
  ///
  /// Any three items weigh at least 3+4+5 = 12 > 10, so at most two fit; the best pair is items
  /// 1 and 3 (weight 7, value 40+50 = 90), against 80 for {2, 3} and 70 for {1, 2}. The LP
  /// relaxation takes half of item 2 for 105, so branching is needed.
  static func knapsack(valueScale: Double = 1) -> LinearProgram {
    denseProgram(
      .maximize, objective: [10, 40, 30, 50].map { $0 * valueScale },
      rows: [[5, 4, 6, 3]], rowLower: [-infinity], rowUpper: [10],
      columnUpper: [1, 1, 1, 1], integer: [0, 1, 2, 3])
  }
}
