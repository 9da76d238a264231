/// Settings for one solve. Every field is optional: `nil` leaves the solver's default.
public struct SolveOptions: Sendable {
  /// Wall-clock limit in seconds for this one solve.
  public var timeLimit: Double?
  /// The moment every solve made with these options must end by: a command that solves several
  /// times (a MILP, its LP re-solve for duals, more solves to compare) shares one deadline, so a
  /// time limit bounds the whole command rather than each solve. The solver stops at whichever of
  /// `timeLimit` and the deadline comes first; a solve started after the deadline stops at once.
  public var deadline: ContinuousClock.Instant?
  /// Relative MIP gap at which branch and bound stops.
  public var relativeMIPGap: Double?
  /// Threads the solver may use; with blocks, how many blocks are solved at once (each on one
  /// thread). nil: the solver's default, or one block per core.
  public var threads: Int?
  /// The algorithm for linear programs (a MIP is always branch and bound); `.auto` lets Ferrite
  /// choose by the model's size (see ``SolverMethod``).
  public var method: SolverMethod = .auto
  /// Whether to solve the model's independent blocks apart and in parallel (see ``BlockSolver``).
  public var blocks: BlockMode = .auto
  /// Whether to presolve; `nil` lets the solver choose.
  public var presolve: Bool?
  public var randomSeed: Int?
  /// Where the solver log goes.
  public var log: SolverLog = .silent
  /// Compute an irreducible infeasible subset when the model is infeasible.
  public var computeInfeasibleSubset: Bool = true
  /// A basis to start an LP from.
  public var warmStartBasis: Basis?
  /// A primal solution to start a MIP from (column values in model order).
  public var warmStartSolution: [Double]?
  /// Called from the solving thread while the solve runs (about twice a second at most); return
  /// false to stop the solve, which then ends `interrupted` with the best plan found so far.
  public var progress: (@Sendable (SolveProgress) -> Bool)?

  public init(
    timeLimit: Double? = nil, relativeMIPGap: Double? = nil, threads: Int? = nil,
    presolve: Bool? = nil, randomSeed: Int? = nil, log: SolverLog = .silent
  ) {
    self.timeLimit = timeLimit
    self.relativeMIPGap = relativeMIPGap
    self.threads = threads
    self.presolve = presolve
    self.randomSeed = randomSeed
    self.log = log
  }
}

extension SolveOptions {
  /// Seconds a solve started now may run: the smaller of `timeLimit` and the time left before
  /// `deadline` (zero once it has passed); nil when neither is set.
  public func secondsAllowed(now: ContinuousClock.Instant = .now) -> Double? {
    guard let deadline else { return timeLimit }
    let left = now.duration(to: deadline).components
    let remaining = max(0, Double(left.seconds) + Double(left.attoseconds) * 1e-18)
    return min(timeLimit ?? .infinity, remaining)
  }

  /// The deadline `seconds` from `now`; nil for a limit that is not a positive finite number or
  /// lies beyond a century (which `Duration` could not hold exactly, and which no solve needs).
  public static func deadline(
    afterSeconds seconds: Double?, from now: ContinuousClock.Instant = .now
  ) -> ContinuousClock.Instant? {
    guard let seconds, seconds > 0, seconds < 3e9 else { return nil }
    return now.advanced(by: .milliseconds(Int64((seconds * 1000).rounded(.up))))
  }
}

/// Where a solver writes its log.
public enum SolverLog: Sendable, Hashable {
  case silent
  case console
  case file(String)
}

/// A solver failure that is not a property of the model (an infeasible model is a result, not an
/// error).
public struct SolverError: Error, Sendable, CustomStringConvertible {
  public var message: String
  /// How to fix it, when known.
  public var fix: String?

  public init(_ message: String, fix: String? = nil) {
    self.message = message
    self.fix = fix
  }

  public var description: String {
    guard let fix else { return message }
    return "\(message)\n\(fix)"
  }
}

/// Something that solves linear and mixed-integer programs.
public protocol Solver: Sendable {
  func solve(_ program: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult
}

/// How far a running solve is.
public struct SolveProgress: Sendable, Equatable {
  /// Seconds since the solve started.
  public var seconds: Double
  /// Objective of the best integer solution found so far (MIP only).
  public var bestObjective: Double?
  /// The best bound on the objective proven so far (MIP only).
  public var bound: Double?
  /// Relative gap between the two (MIP only; 0.01 = 1 %).
  public var gap: Double?
  /// Branch-and-bound nodes explored (MIP only).
  public var nodes: Int?

  public init(seconds: Double, bestObjective: Double? = nil, bound: Double? = nil, gap: Double? = nil, nodes: Int? = nil) {
    self.seconds = seconds
    self.bestObjective = bestObjective
    self.bound = bound
    self.gap = gap
    self.nodes = nodes
  }
}
