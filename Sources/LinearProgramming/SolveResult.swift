/// Why the solver stopped.
public enum Termination: String, Sendable, Hashable, Codable {
  case optimal
  case infeasible
  case unbounded
  case infeasibleOrUnbounded
  case timeLimit
  case iterationLimit
  case nodeLimit
  case solutionLimit
  case interrupted
  case objectiveBound
  case numericalTrouble
  case notSolved
  case otherError
}

/// What the solver holds for the primal or the dual side.
public enum SolutionStatus: String, Sendable, Hashable, Codable {
  case none
  case infeasible
  case feasible
}

/// Where a column or row sits in a simplex basis.
public enum BasisStatus: Int8, Sendable, Hashable, Codable {
  case lower = 0
  case basic = 1
  case upper = 2
  case zero = 3
  case nonbasic = 4
}

/// A simplex basis that can warm-start a later solve of the same or a modified LP.
public struct Basis: Sendable, Equatable {
  public var columns: [BasisStatus]
  public var rows: [BasisStatus]

  public init(columns: [BasisStatus], rows: [BasisStatus]) {
    self.columns = columns
    self.rows = rows
  }
}

/// An irreducible infeasible subset: removing any one of its rows or column bounds makes the
/// rest feasible.
public struct IrreducibleInfeasibleSubset: Sendable, Equatable {
  public var rows: [Int]
  public var columns: [Int]
  public var rowNames: [String]
  public var columnNames: [String]

  public init(rows: [Int], columns: [Int], rowNames: [String], columnNames: [String]) {
    self.rows = rows
    self.columns = columns
    self.rowNames = rowNames
    self.columnNames = columnNames
  }
}

/// Counts that describe how hard the solver worked.
public struct SolveStatistics: Sendable, Equatable {
  public var simplexIterations: Int = 0
  public var barrierIterations: Int = 0
  public var nodes: Int = 0
  public var wallSeconds: Double = 0
  public init() {}
}

/// Everything a solve produced.
///
/// Termination says why the solver stopped; `primal` and `dual` say what solution exists. A time
/// limit with a feasible MIP incumbent is `termination == .timeLimit, primal == .feasible`.
public struct SolveResult: Sendable {
  public var termination: Termination
  public var primal: SolutionStatus
  public var dual: SolutionStatus
  /// The objective value of the primal solution, offset included; `nil` without one.
  public var objective: Double?
  /// For a MIP, the best bound on the objective; for an LP, the objective when optimal.
  public var dualBound: Double?
  /// Relative MIP gap; `nil` for an LP.
  public var mipGap: Double?
  /// Primal column values (empty when `primal == .none`).
  public var columnValues: [Double]
  /// Row activities `A x`.
  public var rowValues: [Double]
  /// Row duals: the change in objective per unit increase of the binding row bound.
  public var rowDuals: [Double]
  /// Reduced costs of the columns.
  public var reducedCosts: [Double]
  public var basis: Basis?
  public var infeasibleSubset: IrreducibleInfeasibleSubset?
  public var statistics: SolveStatistics

  public init(
    termination: Termination, primal: SolutionStatus = .none, dual: SolutionStatus = .none,
    objective: Double? = nil, dualBound: Double? = nil, mipGap: Double? = nil,
    columnValues: [Double] = [], rowValues: [Double] = [], rowDuals: [Double] = [],
    reducedCosts: [Double] = [], basis: Basis? = nil,
    infeasibleSubset: IrreducibleInfeasibleSubset? = nil,
    statistics: SolveStatistics = SolveStatistics()
  ) {
    self.termination = termination
    self.primal = primal
    self.dual = dual
    self.objective = objective
    self.dualBound = dualBound
    self.mipGap = mipGap
    self.columnValues = columnValues
    self.rowValues = rowValues
    self.rowDuals = rowDuals
    self.reducedCosts = reducedCosts
    self.basis = basis
    self.infeasibleSubset = infeasibleSubset
    self.statistics = statistics
  }

  /// True when the solver proved optimality and holds a feasible primal solution.
  public var hasOptimalSolution: Bool { termination == .optimal && primal == .feasible }
}
