import Foundation

/// What a sweep's runs say together: the spread of each key figure, how often each capacity
/// decision is chosen, and the regret of the base plan.
public struct SweepSummary: Sendable, Codable, Equatable {
  /// The spread of one figure over the runs that have it.
  public struct Spread: Sendable, Codable, Equatable {
    public var name: String
    public var count: Int
    public var minimum: Double
    public var p10: Double
    public var median: Double
    public var mean: Double
    public var p90: Double
    public var maximum: Double
    /// The base's value, when known.
    public var base: Double?
  }

  /// How often a decision takes each value.
  public struct Choice: Sendable, Codable, Equatable {
    public var name: String
    /// Value, share of the solved runs (0-1), base value marked by `base`.
    public var shares: [Share]
    public var base: Double?
  }

  public struct Share: Sendable, Codable, Equatable {
    public var value: Double
    public var fraction: Double
  }

  public var runs: Int
  public var solved: Int
  public var inPlace: Bool
  public var figures: [Spread]
  public var decisions: [Choice]
  /// Regret of the base plan's decisions, over runs where they are feasible; nil without decisions.
  public var regret: Spread?
  /// Runs where the base plan's decisions admit no feasible plan.
  public var regretInfeasible: Int

  public init(base: SweepRun, runs: [SweepRun]) {
    self.runs = runs.count
    let solvedRuns = runs.filter { $0.objective != nil }
    solved = solvedRuns.count
    inPlace = runs.allSatisfy(\.inPlace)
    var names = Set(solvedRuns.flatMap(\.figures.keys)).sorted()
    names.insert("objective", at: 0)
    figures = names.compactMap { name in
      let values = solvedRuns.compactMap { name == "objective" ? $0.objective : $0.figures[name] }
      return Self.spread(name, values, base: name == "objective" ? base.objective : base.figures[name])
    }
    decisions = Set(solvedRuns.flatMap(\.decisions.keys)).sorted().map { name in
      var counts: [Double: Int] = [:]
      for run in solvedRuns { counts[run.decisions[name] ?? 0, default: 0] += 1 }
      let shares = counts.keys.sorted().map { Share(value: $0, fraction: Double(counts[$0] ?? 0) / Double(max(1, solvedRuns.count))) }
      return Choice(name: name, shares: shares, base: base.decisions[name])
    }
    regret = base.regret == nil ? nil : Self.spread("regret", solvedRuns.compactMap(\.regret), base: 0)
    regretInfeasible = base.regret == nil ? 0 : solvedRuns.filter { $0.regret == nil }.count
  }

  static func spread(_ name: String, _ values: [Double], base: Double?) -> Spread? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    func quantile(_ q: Double) -> Double {
      let position = q * Double(sorted.count - 1)
      let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
      return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
    return Spread(
      name: name, count: sorted.count, minimum: sorted[0], p10: quantile(0.1), median: quantile(0.5),
      mean: sorted.reduce(0, +) / Double(sorted.count), p90: quantile(0.9), maximum: sorted[sorted.count - 1], base: base)
  }

  /// The summary for a terminal.
  public func text() -> String {
    var text = "\(runs) runs, \(solved) solved" + (inPlace ? " (model built once, changed in place)" : " (model rebuilt per run)") + "\n\n"
    let header = ["figure", "base", "min", "p10", "median", "mean", "p90", "max"]
    let spreads = figures + (regret.map { [$0] } ?? [])
    let rows = spreads.map { spread in
      [spread.name] + [spread.base, spread.minimum, spread.p10, spread.median, spread.mean, spread.p90, spread.maximum]
        .map { ComparisonReport.number($0, unit: spread.name == "service level" ? "fraction" : "money") }
    }
    text += ComparisonReport.aligned([header] + rows)
    if regretInfeasible > 0 { text += "The base plan's decisions are infeasible in \(regretInfeasible) runs.\n" }
    if !decisions.isEmpty {
      text += "\nDecisions (share of solved runs):\n"
      let rows = decisions.map { choice in
        [choice.name, choice.base.map { ComparisonReport.number($0, unit: "units") } ?? "-",
         choice.shares.map { "\(ComparisonReport.number($0.value, unit: "units")): \(String(format: "%.0f %%", $0.fraction * 100))" }
          .joined(separator: ", ")]
      }
      text += ComparisonReport.aligned([["decision", "base", "chosen"]] + rows)
    }
    return text
  }
}
