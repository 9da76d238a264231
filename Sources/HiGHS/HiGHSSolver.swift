import LinearProgramming

/// Solves linear and mixed-integer programs with HiGHS, loaded at run time.
///
/// Each solve creates its own HiGHS instance and destroys it before returning, so any number of
/// solves may run at once on different threads. HiGHS is found on first use (see
/// ``HiGHSInstallation``); when it is missing, `solve` throws a ``SolverError`` saying how to
/// install it.
///
/// Results follow HiGHS's sign conventions for both senses: a row dual is the change of the
/// objective per unit increase of the row's binding bound, and a reduced cost the change per unit
/// increase of the column's binding bound (so maximizing, a binding `<=` capacity has a dual
/// >= 0; minimizing, <= 0). A MIP gives no duals, reduced costs or basis. An LP that ends
/// optimal carries its basis, which can warm-start a later solve through
/// `SolveOptions.warmStartBasis`; a MIP starts from `SolveOptions.warmStartSolution`, clamped to
/// the bounds and rounded to integers first. An infeasible model carries an irreducible
/// infeasible subset (rows and bounded columns, with their names) when
/// `SolveOptions.computeInfeasibleSubset` is on and HiGHS finds one.
public struct HiGHSSolver: Solver {
  public init() {}

  /// Solves `program`, in independent blocks on several threads when `options.blocks` allows
  /// (see ``BlockSolver``), with the method `options.method` stands for on each (sub-)program.
  public func solve(
    _ program: LinearProgram, options: SolveOptions = SolveOptions()
  ) throws(SolverError) -> SolveResult {
    if options.blocks != .off {
      return try BlockSolver(solver: self).solve(program, options: options)
    }
    var options = options
    options.method = options.method.resolved(for: program)
    return try HiGHSSession(program, options: options).solve()
  }
}

extension SolverMethod {
  /// The value of HiGHS's `solver` option for this method; nil leaves HiGHS's own choice.
  var highsSolver: String? {
    switch self {
    case .auto: nil
    case .simplex: "simplex"
    case .ipm: "ipm"
    case .pdlp: "pdlp"
    }
  }
}
