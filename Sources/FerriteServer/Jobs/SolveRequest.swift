/// What a client may set for one solve.
struct SolveRequest: Codable, Sendable {
  /// Seconds after which the solver stops with its best plan so far.
  var timeLimit: Double?
  /// Relative MIP gap (0.01 = 1 %) at which branch and bound stops.
  var mipGap: Double?

  /// Every problem with the request, empty when it is fine.
  var problems: [String] {
    var problems: [String] = []
    if let timeLimit, !(timeLimit > 0 && timeLimit <= 86_400) { problems.append("timeLimit must be between 0 and 86400 seconds") }
    if let mipGap, !(mipGap >= 0 && mipGap < 1) { problems.append("mipGap must be at least 0 and below 1") }
    return problems
  }
}
