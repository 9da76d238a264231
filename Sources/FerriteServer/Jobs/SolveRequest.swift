import FerriteScenarios

/// What a client may set for one solve, or for a sweep of many.
struct SolveRequest: Codable, Sendable {
  /// Seconds after which the solver stops with its best plan so far.
  var timeLimit: Double?
  /// Relative MIP gap (0.01 = 1 %) at which branch and bound stops.
  var mipGap: Double?
  /// Set for a sweep job (POST /api/scenarios/{id}/sweep).
  var sweep: SweepRequest?
  /// Set for a futures study (POST /api/scenarios/{id}/futures).
  var futures: FuturesRequest?

  /// Every problem with the request, empty when it is fine.
  var problems: [String] {
    var problems: [String] = []
    if let timeLimit, !(timeLimit > 0 && timeLimit <= 86_400) { problems.append("timeLimit must be between 0 and 86400 seconds") }
    if let mipGap, !(mipGap >= 0 && mipGap < 1) { problems.append("mipGap must be at least 0 and below 1") }
    if let futures, futures.yaml.utf8.count > FuturesRequest.maximumBytes {
      problems.append("the futures file is larger than \(FuturesRequest.maximumBytes / 1024) KB")
    }
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
    if !(parameters ?? []).isEmpty && samples == nil { return ["parameters are drawn at random: give samples too"] }
    if case .failure(let failure) = design() { return failure.problems }
    return []
  }

  /// The sweep's design, or every problem with it; one of more than `maximumRuns` runs is refused
  /// before it is built.
  func design() -> Result<SweepDesign, SweepDesign.Problems> {
    SweepDesign.parse((grid ?? []) + (parameters ?? []), samples: samples, seed: seed ?? 1, maximumRuns: Self.maximumRuns)
  }
}

/// What a sweep job keeps: the base run, every run and their summary.
struct SweepOutcome: Codable, Sendable {
  var parameters: [String]
  /// The currency of every money figure (the base scenario's); nil in results stored before it was kept.
  var currency: String?
  var base: SweepRun
  var runs: [SweepRun]
  var summary: SweepSummary
}
