/// The algorithm that solves a linear program.
///
/// A mixed-integer program is always solved by branch and bound (whose LP relaxations use the dual
/// simplex method); the method applies to linear programs only, including a MIP's LP re-solve for
/// duals.
public enum SolverMethod: String, Sendable, Hashable, Codable, CaseIterable {
  /// Simplex for small LPs, the interior point method (with crossover) above
  /// ``SolverMethod/interiorPointNonzeros`` nonzeros; see docs/highs.md.
  case auto
  /// The dual simplex method: exact vertex solutions, a basis for warm starts, the fastest on
  /// Ferrite's network LPs measured so far.
  case simplex
  /// The interior point method followed by crossover to a vertex, so duals and the basis mean the
  /// same as with simplex.
  case ipm
  /// The primal-dual hybrid gradient method (first order): approximate solutions without a basis,
  /// for LPs too large for the others.
  case pdlp

  /// The size, in nonzeros, from which `.auto` picks the interior point method for an LP.
  ///
  /// Measured on the generated networks (docs/performance.md): simplex wins at every size measured
  /// so far, so the threshold sits above them; see docs/highs.md for the figures behind it.
  public static let interiorPointNonzeros = 50_000_000

  /// The method `.auto` stands for on `program`; any other method stands for itself. A MIP keeps
  /// `.auto`: its solver chooses the method for each relaxation.
  public func resolved(for program: LinearProgram) -> SolverMethod {
    guard self == .auto, !program.isMixedInteger else { return self }
    return program.matrix.nonzeroCount >= Self.interiorPointNonzeros ? .ipm : .simplex
  }
}

/// Whether a model is split into its independent blocks before solving.
public enum BlockMode: String, Sendable, Hashable, Codable, CaseIterable {
  /// Split when the model falls into at least two blocks big enough to be worth a solver run each
  /// (``BlockSolver/minimumBlockSize``); otherwise solve it whole.
  case auto
  /// Split whenever the model has more than one block, small ones grouped up to the minimum size.
  case on
  /// Always solve the model whole.
  case off
}
