import LinearProgramming

/// The status every HiGHS C call returns: a warning still produced a usable answer, an error did
/// not.
struct HighsStatus: RawRepresentable, Hashable, Sendable {
  let rawValue: Int32

  static let error = HighsStatus(rawValue: -1)
  static let ok = HighsStatus(rawValue: 0)
  static let warning = HighsStatus(rawValue: 1)

  /// Throws when `status` is an error, naming the C function so the failure can be traced.
  static func check(_ call: StaticString, _ status: Int32, detail: String = "") throws(SolverError) {
    guard HighsStatus(rawValue: status) == .error else { return }
    let context = detail.isEmpty ? "" : " (\(detail))"
    throw SolverError("HiGHS reported an error from \(call)\(context).")
  }
}

/// Why HiGHS stopped, as its `kHighsModelStatus` constants.
struct HighsModelStatus: RawRepresentable, Hashable, Sendable {
  let rawValue: Int32

  static let notSet = HighsModelStatus(rawValue: 0)
  static let loadError = HighsModelStatus(rawValue: 1)
  static let modelError = HighsModelStatus(rawValue: 2)
  static let presolveError = HighsModelStatus(rawValue: 3)
  static let solveError = HighsModelStatus(rawValue: 4)
  static let postsolveError = HighsModelStatus(rawValue: 5)
  static let modelEmpty = HighsModelStatus(rawValue: 6)
  static let optimal = HighsModelStatus(rawValue: 7)
  static let infeasible = HighsModelStatus(rawValue: 8)
  static let unboundedOrInfeasible = HighsModelStatus(rawValue: 9)
  static let unbounded = HighsModelStatus(rawValue: 10)
  static let objectiveBound = HighsModelStatus(rawValue: 11)
  static let objectiveTarget = HighsModelStatus(rawValue: 12)
  static let timeLimit = HighsModelStatus(rawValue: 13)
  static let iterationLimit = HighsModelStatus(rawValue: 14)
  static let unknown = HighsModelStatus(rawValue: 15)
  static let solutionLimit = HighsModelStatus(rawValue: 16)
  static let interrupt = HighsModelStatus(rawValue: 17)

  /// The solver-independent reason for stopping.
  var termination: Termination {
    switch self {
    // An empty model (no columns) is solved by definition.
    case .optimal, .modelEmpty: .optimal
    case .infeasible: .infeasible
    case .unboundedOrInfeasible: .infeasibleOrUnbounded
    case .unbounded: .unbounded
    case .objectiveBound, .objectiveTarget: .objectiveBound
    case .timeLimit: .timeLimit
    case .iterationLimit: .iterationLimit
    // HiGHS reports node, leaf and improving-solution limits as a solution limit.
    case .solutionLimit: .solutionLimit
    case .interrupt: .interrupted
    case .solveError: .numericalTrouble
    case .notSet: .notSolved
    default: .otherError
    }
  }

  var name: String {
    let names = [
      "not set", "load error", "model error", "presolve error", "solve error", "postsolve error",
      "model empty", "optimal", "infeasible", "unbounded or infeasible", "unbounded",
      "objective bound", "objective target", "time limit", "iteration limit", "unknown",
      "solution limit", "interrupt",
    ]
    return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "status \(rawValue)"
  }
}

extension SolutionStatus {
  /// The status for a HiGHS `kHighsSolutionStatus` constant.
  init(highs value: Int32) {
    switch value {
    case 2: self = .feasible
    case 1: self = .infeasible
    default: self = .none
    }
  }
}
