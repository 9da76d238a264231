import Foundation

/// Warm runs set against the same runs built and solved from scratch: the check that changing the
/// model in place gives the answers a rebuilt model gives (`ferrite sweep --check`).
public struct SweepCheck: Sendable, Equatable {
  /// Runs compared.
  public var runs: Int
  /// The largest |warm - cold| / max(|cold|, 1) over the runs' objectives.
  public var largestRelativeDifference: Double
  /// Indices of runs whose objectives differ by more than the tolerance, or of which only one has
  /// a plan.
  public var mismatches: [Int]
  public var tolerance: Double

  /// Compares runs by index; runs of `warm` without a counterpart in `cold` are skipped.
  public init(warm: [SweepRun], cold: [SweepRun], tolerance: Double = 1e-9) {
    let coldByIndex = Dictionary(cold.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
    var largest = 0.0
    var mismatches: [Int] = []
    var count = 0
    for run in warm {
      guard let other = coldByIndex[run.index] else { continue }
      count += 1
      switch (run.objective, other.objective) {
      case (nil, nil): continue
      case (let a?, let b?):
        let difference = abs(a - b) / max(abs(b), 1)
        largest = max(largest, difference)
        if !(difference <= tolerance) { mismatches.append(run.index) }
      default: mismatches.append(run.index)
      }
    }
    runs = count
    largestRelativeDifference = largest
    self.mismatches = mismatches
    self.tolerance = tolerance
  }

  /// Whether every run's warm objective is its cold objective within the tolerance.
  public var passes: Bool { mismatches.isEmpty }

  /// One line: runs compared, the largest difference, the runs outside the tolerance.
  public var text: String {
    let largest = largestRelativeDifference == 0 ? "0" : String(format: "%.2e", largestRelativeDifference)
    let head = "check: \(runs) runs, warm objective = cold re-solve within \(tolerance) relative: "
    guard !passes else { return head + "yes (largest difference \(largest))" }
    let shown = mismatches.prefix(10).map(String.init).joined(separator: ", ")
    return head + "NO for \(mismatches.count) runs (\(shown)\(mismatches.count > 10 ? ", ..." : "")); largest \(largest)"
  }
}
