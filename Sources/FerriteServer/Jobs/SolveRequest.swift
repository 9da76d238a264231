import FerriteScenarios

/// What a client may set for one solve, or for a sweep of many.
struct SolveRequest: Codable, Sendable {
  /// Seconds after which the solver stops with its best plan so far.
  var timeLimit: Double?
  /// Relative MIP gap (0.01 = 1 %) at which branch and bound stops.
  var mipGap: Double?
  /// Set for a sweep job (POST /api/scenarios/{id}/sweep).
  var sweep: SweepRequest?

  /// Every problem with the request, empty when it is fine.
  var problems: [String] {
    var problems: [String] = []
    if let timeLimit, !(timeLimit > 0 && timeLimit <= 86_400) { problems.append("timeLimit must be between 0 and 86400 seconds") }
    if let mipGap, !(mipGap >= 0 && mipGap < 1) { problems.append("mipGap must be at least 0 and below 1") }
    return problems + (sweep?.problems ?? [])
  }
}

/// A sweep as a client asks for it: parameters as `ferrite sweep` takes them.
struct SweepRequest: Codable, Sendable {
  /// Parameters with lists of values; every combination runs (`demand.quantity*=0.8,1,1.2`).
  var grid: [String]?
  /// Parameters drawn at random `samples` times (`purchases[product=spodumene].price*=±40%`).
  var parameters: [String]?
  var samples: Int?
  var seed: UInt64?

  /// The most runs one sweep may ask of a shared server.
  static let maximumRuns = 2_000

  var problems: [String] {
    var problems: [String] = []
    if (grid ?? []).isEmpty && (parameters ?? []).isEmpty { problems.append("give at least one parameter in grid or parameters") }
    if !(parameters ?? []).isEmpty && samples == nil { problems.append("parameters are drawn at random: give samples too") }
    if let samples, !(1...Self.maximumRuns).contains(samples) { problems.append("samples must be from 1 to \(Self.maximumRuns)") }
    switch design() {
    case .failure(let failure): problems += failure.problems
    case .success(let design) where design.runs.count > Self.maximumRuns:
      problems.append("the grid has \(design.runs.count) runs; a server sweep may have at most \(Self.maximumRuns)")
    case .success: break
    }
    return problems
  }

  struct Problems: Error { var problems: [String] }

  /// The sweep's design, or every parameter that could not be read.
  func design() -> Result<SweepDesign, Problems> {
    var parsed: [SweepParameter] = []
    var problems: [String] = []
    for text in (grid ?? []) + (parameters ?? []) {
      switch SweepParameter.parse(text) {
      case .success(let parameter): parsed.append(parameter)
      case .failure(let problem): problems.append("'\(text)': \(problem.message)" + (problem.fix.map { " (\($0))" } ?? ""))
      }
    }
    guard problems.isEmpty else { return .failure(Problems(problems: problems)) }
    return .success(
      samples.map { SweepDesign.samples(parsed, count: $0, seed: seed ?? 1) } ?? SweepDesign.grid(parsed))
  }
}

/// What a sweep job keeps: the base run, every run and their summary.
struct SweepOutcome: Codable, Sendable {
  var parameters: [String]
  var base: SweepRun
  var runs: [SweepRun]
  var summary: SweepSummary
}
