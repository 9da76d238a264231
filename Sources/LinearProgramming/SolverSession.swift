/// A model loaded into a solver once, changed in place and solved again.
///
/// A re-solve after a change starts from where the last solve ended (or from the start given to
/// `warmStart`), so sweeping a cost, a bound or a coefficient over many values costs a few simplex
/// iterations per point instead of a solve from scratch. Sweeps, sensitivity and decompositions
/// work against this protocol; only a backend (HiGHS) implements it, so nothing else names the
/// backend's types.
///
/// A session is not thread-safe: use one per thread. Positions are those of the `LinearProgram`
/// the session was made from; every change is checked and a bad one throws a ``SolverError``
/// naming the row or column, leaving the model as it was.
public protocol SolverSession: AnyObject {
  /// Solves the model as it stands now.
  func solve() throws(SolverError) -> SolveResult

  /// Sets the objective coefficient of `column`.
  func changeCost(ofColumn column: Int, to cost: Double) throws(SolverError)

  /// Replaces the objective coefficients of all columns at once.
  func changeCosts(_ costs: [Double]) throws(SolverError)

  /// Sets the constant added to the objective (costs of things no column decides).
  func changeObjectiveOffset(to offset: Double) throws(SolverError)

  /// Sets the bounds of `column` (use `±Double.infinity` for none).
  func changeBounds(ofColumn column: Int, lower: Double, upper: Double) throws(SolverError)

  /// Sets the bounds of `row` (use `±Double.infinity` for none).
  func changeBounds(ofRow row: Int, lower: Double, upper: Double) throws(SolverError)

  /// Sets the coefficient of `column` in `row`; zero removes it from the matrix.
  func changeCoefficient(row: Int, column: Int, to value: Double) throws(SolverError)

  /// Starts the next solve from the basis (LP) or primal solution (MIP) in `options` rather than
  /// from wherever the last solve ended, so that an answer does not depend on the solves before it.
  func warmStart(from options: SolveOptions, for program: LinearProgram) throws(SolverError)

  /// How far each cost and row bound can move before the optimal basis changes; only after an
  /// LP solve that ended optimal (otherwise it throws, with the reason).
  func ranging() throws(SolverError) -> Ranging
}

extension SolverSession {
  /// Writes every change of `changes` into the model, in position order (costs, offset, column
  /// bounds, row bounds, coefficients).
  public func apply(_ changes: ModelChanges) throws(SolverError) {
    for (column, cost) in changes.costs.sorted(by: { $0.key < $1.key }) {
      try changeCost(ofColumn: column, to: cost)
    }
    if let offset = changes.objectiveOffset { try changeObjectiveOffset(to: offset) }
    for (column, bounds) in changes.columnBounds.sorted(by: { $0.key < $1.key }) {
      try changeBounds(ofColumn: column, lower: bounds.lower, upper: bounds.upper)
    }
    for (row, bounds) in changes.rowBounds.sorted(by: { $0.key < $1.key }) {
      try changeBounds(ofRow: row, lower: bounds.lower, upper: bounds.upper)
    }
    for (entry, value) in changes.coefficients.sorted(by: { $0.key < $1.key }) {
      try changeCoefficient(row: entry.row, column: entry.column, to: value)
    }
  }
}

/// A solver that can also hold a model in a ``SolverSession``.
public protocol SessionSolver: Solver {
  /// Loads `program` into a new session with `options` (including any warm start in them).
  func makeSession(_ program: LinearProgram, options: SolveOptions) throws(SolverError) -> any SolverSession
}

/// How far each cost and each row bound of a solved LP can move before the optimal basis changes,
/// and the objective at each end (LP ranging).
///
/// Within a cost range the optimal solution stays the same (the objective changes linearly); within
/// a row-bound range the basis stays optimal, so the row's dual is the objective's rate of change.
public struct Ranging: Sendable, Equatable {
  /// One end of a range: the parameter's value there and the objective at it.
  public struct End: Sendable, Equatable {
    public var value: Double
    public var objective: Double

    public init(value: Double, objective: Double) {
      self.value = value
      self.objective = objective
    }
  }

  /// A parameter's range: lowest and highest value keeping the basis optimal (±infinity for none).
  public struct Range: Sendable, Equatable {
    public var down: End
    public var up: End

    public init(down: End, up: End) {
      self.down = down
      self.up = up
    }
  }

  /// Range of each column's objective coefficient.
  public var costs: [Range]
  /// Range of each row's binding bound (its right-hand side).
  public var rowBounds: [Range]

  public init(costs: [Range], rowBounds: [Range]) {
    self.costs = costs
    self.rowBounds = rowBounds
  }
}
