import LinearProgramming

/// A scenario the planner cannot turn into a model, or a solve that failed for a reason other than
/// the model itself (an infeasible model is a plan with an explanation, not an error).
public struct PlanningError: Error, Sendable, CustomStringConvertible {
  /// Every problem found, each naming the table row and the fix.
  public var problems: [String]

  public init(_ problems: [String]) {
    self.problems = problems
  }

  public init(_ solverError: SolverError) {
    self.problems = [solverError.description]
  }

  public var description: String { problems.joined(separator: "\n") }
}
