import LinearProgramming

/// One HiGHS instance holding one model, changed in place and solved again.
///
/// A re-solve after a change starts from the previous basis, which HiGHS keeps, so sweeping a
/// cost, a capacity or a demand over many values costs a few simplex iterations per point
/// instead of a solve from scratch. The session owns its instance and destroys it when released.
/// It is not thread-safe: use one session per thread (sessions on different threads are fine).
///
/// Sign conventions are HiGHS's, for both senses: a row dual is the change of the objective per
/// unit increase of the row's binding bound, and a reduced cost the change per unit increase of
/// the column's binding bound. Minimizing, a binding `<=` row that limits the objective has a
/// dual <= 0 and a binding `>=` row a dual >= 0; maximizing, the signs flip (a binding `<=`
/// capacity has a dual >= 0, its shadow price).
public final class HiGHSSession: SolverSession {
  private let instance: HighsInstance
  private var shape: ModelShape
  private let computeInfeasibleSubset: Bool
  /// The options the session was made with; their deadline is applied again before each solve.
  private let options: SolveOptions
  /// The objective constant now minus the one HiGHS holds (the program's): added to each result.
  private var offsetShift = 0.0

  /// Loads `program` into a new HiGHS instance with `options` (including any warm start).
  public init(_ program: LinearProgram, options: SolveOptions = SolveOptions()) throws(SolverError) {
    instance = try HighsInstance()
    shape = ModelShape(program)
    computeInfeasibleSubset = options.computeInfeasibleSubset
    self.options = options
    try instance.apply(options)
    try instance.pass(program)
    try instance.warmStart(from: options, for: program)
  }

  /// Solves the model as it stands now.
  public func solve() throws(SolverError) -> SolveResult {
    // A deadline shrinks the time left for every later solve of the session.
    if options.deadline != nil { try instance.applyTimeLimit(options) }
    let seconds = try instance.run()
    var result = try instance.result(
      for: shape, wallSeconds: seconds, computeInfeasibleSubset: computeInfeasibleSubset)
    if shape.columnCount > 0, offsetShift != 0 {
      result.objective = result.objective.map { $0 + offsetShift }
      result.dualBound = result.dualBound.map { $0 + offsetShift }
    }
    return result
  }

  /// Starts the next solve from the basis (LP) or primal solution (MIP) in `options` rather than
  /// from wherever the last solve ended, so that a run's answer does not depend on the runs before it.
  public func warmStart(from options: SolveOptions, for program: LinearProgram) throws(SolverError) {
    try instance.warmStart(from: options, for: program)
  }

  /// How far each cost and row bound can move before the optimal basis changes; call after an LP
  /// solve that ended optimal (HiGHS refuses otherwise, and so does this, with its reason).
  public func ranging() throws(SolverError) -> Ranging {
    guard !shape.isMixedInteger else {
      throw SolverError("Ranging needs a linear program; fix the integer decisions and solve the LP first.")
    }
    return try instance.ranging(columns: shape.columnCount, rows: shape.rowCount)
  }

  /// Sets the objective coefficient of `column`.
  public func changeCost(ofColumn column: Int, to cost: Double) throws(SolverError) {
    try Self.check(cost, below: NumericLimits.standard.cost, "the cost of \(shape.columnNames[column])")
    try instance.changeCost(ofColumn: checked(column: column), to: cost)
  }

  /// Replaces the objective coefficients of all columns at once.
  public func changeCosts(_ costs: [Double]) throws(SolverError) {
    guard costs.count == shape.columnCount else {
      throw SolverError("\(costs.count) costs given for a model with \(shape.columnCount) columns.")
    }
    for (column, cost) in costs.enumerated() {
      try Self.check(cost, below: NumericLimits.standard.cost, "the cost of \(shape.columnNames[column])")
    }
    try instance.changeCosts(costs)
  }

  /// Sets the constant added to the objective. HiGHS keeps the program's constant; the difference
  /// is added to each result, which is exact because a constant does not move the optimum.
  public func changeObjectiveOffset(to offset: Double) throws(SolverError) {
    guard offset.isFinite else {
      throw SolverError("The objective constant would be \(offset).", fix: "Check the value that was changed.")
    }
    if shape.columnCount == 0 {
      shape.objectiveOffset = offset
    } else {
      offsetShift = offset - shape.objectiveOffset
    }
  }

  /// Sets the bounds of `column` (use `±Double.infinity` for none).
  public func changeBounds(ofColumn column: Int, lower: Double, upper: Double) throws(SolverError) {
    try Self.check(lower: lower, upper: upper, "the bounds of \(shape.columnNames[column])")
    try instance.changeBounds(ofColumn: checked(column: column), lower: lower, upper: upper)
  }

  /// Sets the bounds of `row` (use `±Double.infinity` for none).
  public func changeBounds(ofRow row: Int, lower: Double, upper: Double) throws(SolverError) {
    try Self.check(lower: lower, upper: upper, "the bounds of \(shape.rowNames[row])")
    try instance.changeBounds(ofRow: checked(row: row), lower: lower, upper: upper)
    if shape.columnCount == 0 {
      shape.rowLower[row] = lower
      shape.rowUpper[row] = upper
    }
  }

  /// Sets the coefficient of `column` in `row`; zero removes it from the matrix.
  public func changeCoefficient(row: Int, column: Int, to value: Double) throws(SolverError) {
    try Self.check(
      value, below: NumericLimits.standard.coefficient,
      "the coefficient of \(shape.columnNames[column]) in \(shape.rowNames[row])")
    try instance.changeCoefficient(row: checked(row: row), column: checked(column: column), to: value)
  }

  /// Refuses a changed number HiGHS would misread or reject (see ``NumericLimits``), naming it.
  private static func check(
    _ value: Double, below limit: Double, _ subject: @autoclosure () -> String
  ) throws(SolverError) {
    guard !(abs(value) < limit) else { return }
    throw SolverError(
      "\(subject()) would be \(value), out of the range the solver takes (magnitude below \(limit)).",
      fix: "Check the value that was changed; a mistyped exponent is the usual cause.")
  }

  private static func check(
    lower: Double, upper: Double, _ subject: @autoclosure () -> String
  ) throws(SolverError) {
    let infinite = NumericLimits.standard.infiniteBound
    guard lower < infinite, upper > -infinite else {
      throw SolverError(
        "\(subject()) would be [\(lower), \(upper)], which the solver cannot take: a lower bound must be "
          + "below \(infinite), an upper bound above \(-infinite), and neither NaN.",
        fix: "Check the value that was changed; a mistyped exponent is the usual cause.")
    }
  }

  private func checked(column: Int) throws(SolverError) -> Int32 {
    guard (0..<shape.columnCount).contains(column) else {
      throw SolverError("Column \(column) is out of range; the model has \(shape.columnCount) columns.")
    }
    return Int32(column)
  }

  private func checked(row: Int) throws(SolverError) -> Int32 {
    guard (0..<shape.rowCount).contains(row) else {
      throw SolverError("Row \(row) is out of range; the model has \(shape.rowCount) rows.")
    }
    return Int32(row)
  }
}

extension HiGHSSolver: SessionSolver {
  /// A ``HiGHSSession`` holding `program`.
  public func makeSession(
    _ program: LinearProgram, options: SolveOptions = SolveOptions()
  ) throws(SolverError) -> any SolverSession {
    try HiGHSSession(program, options: options)
  }
}
