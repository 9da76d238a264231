import Foundation

/// What a sweep's runs say together: the spread of each key figure, how often each capacity
/// decision is chosen, and the regret of the base plan; for a grid, each figure against the
/// parameters, and for random samples, the distribution of each figure.
///
/// The CLI (`ferrite sweep`), the API and the web app all show this one summary, so they agree on
/// which statistics a sweep supports: percentiles only for random samples of at least
/// `percentileMinimumRuns` runs (a four-point grid has a minimum and a maximum, not a P10).
public struct SweepSummary: Sendable, Codable, Equatable {
  /// How the runs were chosen.
  public enum Design: String, Sendable, Codable, Equatable {
    /// Every combination of the parameters' values.
    case grid
    /// Random draws.
    case samples
  }

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
    /// "year" (a first build year; 0 is never built), "modules" or "periods".
    public var unit: String?
    /// Value, share of the solved runs (0-1), base value marked by `base`.
    public var shares: [Share]
    public var base: Double?
  }

  public struct Share: Sendable, Codable, Equatable {
    public var value: Double
    public var fraction: Double
  }

  /// A grid's figures against its first parameter, one line per value of the second.
  public struct GridLines: Sendable, Codable, Equatable {
    /// One line: the figures at each of `GridLines.xValues`, nil where no run solved.
    public struct Line: Sendable, Codable, Equatable {
      /// The second parameter's value; nil when the grid has one parameter.
      public var value: Double?
      /// Figure or decision name to its value at each x (a decision's 0, never built, is nil).
      public var values: [String: [Double?]]
    }

    /// The first parameter, along the x axis.
    public var x: String
    public var xValues: [Double]
    /// The second parameter, one line per value; nil with one parameter.
    public var by: String?
    public var lines: [Line]
    /// Parameters beyond the second: each point is the mean over their values.
    public var averagedOver: [String]
  }

  /// Random samples of one figure: a histogram over equal bins.
  public struct Histogram: Sendable, Codable, Equatable {
    public var name: String
    /// `edges.count == counts.count + 1`; bin i holds values in [edges[i], edges[i+1]) (the last
    /// bin includes its upper edge).
    public var edges: [Double]
    public var counts: [Int]
  }

  public var runs: Int
  public var solved: Int
  public var inPlace: Bool
  /// nil when the caller did not say (older results).
  public var design: Design?
  /// The parameters as written, first varying slowest in a grid.
  public var parameters: [String]?
  /// Whether P10, median and P90 mean something here: random samples of at least
  /// `percentileMinimumRuns` solved runs. Readers show only minimum, mean and maximum otherwise.
  public var hasPercentiles: Bool?
  public var figures: [Spread]
  public var decisions: [Choice]
  /// Regret of the base plan's decisions, over runs where they are feasible; nil without decisions.
  public var regret: Spread?
  /// Runs where the base plan's decisions admit no feasible plan.
  public var regretInfeasible: Int
  /// For a grid: every figure and decision against the parameters.
  public var grid: GridLines?
  /// For random samples: a histogram of every figure (and regret).
  public var histograms: [Histogram]?

  /// Samples below this many solved runs get no percentiles: with nine runs, P10 is an interpolation
  /// between the two smallest and says nothing the minimum does not.
  public static let percentileMinimumRuns = 10

  /// The summary of `runs` of a sweep whose base run is `base`; `parameters` are the names of the
  /// design's parameters in order and `design` how the runs were chosen (nil when unknown).
  public init(base: SweepRun, runs: [SweepRun], parameters: [String]? = nil, design: Design? = nil) {
    self.runs = runs.count
    let solvedRuns = runs.filter { $0.objective != nil }
    solved = solvedRuns.count
    inPlace = runs.allSatisfy(\.inPlace)
    self.design = design
    self.parameters = parameters
    hasPercentiles = design != .grid && solvedRuns.count >= Self.percentileMinimumRuns
    // In the order every report lists key figures: totals, components, then service.
    let rank = ["objective": 0, "total cost": 1, "revenue": 2, "profit": 3, "service level": 5, "unmet units": 6]
    let names = (Set(solvedRuns.flatMap(\.figures.keys)).union(["objective"])).sorted {
      (rank[$0] ?? 4, $0) < (rank[$1] ?? 4, $1)
    }
    figures = names.compactMap { name in
      let values = solvedRuns.compactMap { name == "objective" ? $0.objective : $0.figures[name] }
      return Self.spread(name, values, base: name == "objective" ? base.objective : base.figures[name])
    }
    decisions = Set(solvedRuns.flatMap(\.decisions.keys)).sorted().map { name in
      var counts: [Double: Int] = [:]
      for run in solvedRuns { counts[run.decisions[name] ?? 0, default: 0] += 1 }
      let shares = counts.keys.sorted().map { Share(value: $0, fraction: Double(counts[$0] ?? 0) / Double(max(1, solvedRuns.count))) }
      return Choice(name: name, unit: Self.unit(of: name), shares: shares, base: base.decisions[name])
    }
    regret = base.regret == nil ? nil : Self.spread("regret", solvedRuns.compactMap(\.regret), base: 0)
    regretInfeasible = base.regret == nil ? 0 : solvedRuns.filter { $0.regret == nil }.count
    if design == .grid, let parameters, !parameters.isEmpty {
      grid = Self.gridLines(runs, parameters: parameters)
    }
    if design == .samples {
      let spreads = figures + (regret.map { [$0] } ?? [])
      histograms = spreads.map { spread in
        let values = solvedRuns.compactMap { run -> Double? in
          switch spread.name {
          case "objective": return run.objective
          case "regret": return run.regret
          default: return run.figures[spread.name]
          }
        }
        return Self.histogram(spread.name, values)
      }
    }
  }

  /// What a figure or decision of a run is measured in: "money" unless its name says otherwise.
  public static func unit(of name: String) -> String {
    if name == "service level" { return "fraction" }
    if name == "unmet units" { return "units" }
    if name.hasSuffix(" first build") { return "year" }
    if name.hasSuffix(" modules") { return "modules" }
    if name.hasSuffix(" periods open") { return "periods" }
    return "money"
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

  /// Each figure and decision at every (first, second) parameter pair, averaged over the others.
  static func gridLines(_ runs: [SweepRun], parameters: [String]) -> GridLines {
    let x = parameters[0]
    let by = parameters.count > 1 ? parameters[1] : nil
    let xValues = Set(runs.compactMap { $0.inputs[x] }).sorted()
    let lineValues: [Double?] = by.map { by in Set(runs.compactMap { $0.inputs[by] }).sorted().map { Optional($0) } } ?? [nil]
    let names = Set(runs.flatMap { Array($0.figures.keys) + Array($0.decisions.keys) }).sorted()
    let lines = lineValues.map { lineValue -> GridLines.Line in
      var values: [String: [Double?]] = [:]
      for name in ["objective"] + names {
        values[name] = xValues.map { xValue in
          let matching = runs.filter { run in
            run.objective != nil && run.inputs[x] == xValue && (by == nil || run.inputs[by ?? ""] == lineValue)
          }
          let found = matching.compactMap { run -> Double? in
            if name == "objective" { return run.objective }
            if let figure = run.figures[name] { return figure }
            // A first build year of 0 means never built: no point rather than year 0.
            guard let decision = run.decisions[name], !(unit(of: name) == "year" && decision == 0) else { return nil }
            return decision
          }
          return found.isEmpty ? nil : found.reduce(0, +) / Double(found.count)
        }
      }
      return GridLines.Line(value: lineValue, values: values)
    }
    return GridLines(x: x, xValues: xValues, by: by, lines: lines, averagedOver: Array(parameters.dropFirst(2)))
  }

  /// Equal bins over [min, max]: about the square root of the count, from 5 to 20 (one bin when
  /// every value is the same).
  static func histogram(_ name: String, _ all: [Double]) -> Histogram {
    let values = all.filter(\.isFinite)
    guard let low = values.min(), let high = values.max() else { return Histogram(name: name, edges: [], counts: []) }
    guard high > low else { return Histogram(name: name, edges: [low, high], counts: [values.count]) }
    let bins = min(20, max(5, Int(Double(values.count).squareRoot().rounded())))
    let width = (high - low) / Double(bins)
    var counts = Array(repeating: 0, count: bins)
    for value in values {
      // In 0...bins for finite values (the maximum joins the last bin); clamped before converting.
      let position = min(Double(bins - 1), max(0, ((value - low) / width).rounded(.down)))
      let bin = position.isFinite ? Int(position) : 0
      counts[bin] += 1
    }
    return Histogram(name: name, edges: (0...bins).map { $0 == bins ? high : low + Double($0) * width }, counts: counts)
  }

  /// A decision's value for reading: a year as a year ("never" for 0), else a count.
  public static func decisionText(_ value: Double, unit: String?) -> String {
    if unit == "year" {
      guard value != 0 else { return "never" }
      return ComparisonReport.number(value, unit: "year")
    }
    return ComparisonReport.number(value, unit: "units")
  }

  /// The summary for a terminal.
  public func text() -> String {
    let kind: String
    switch design {
    case .grid: kind = "a grid of \(runs) runs"
    case .samples: kind = "\(runs) random samples"
    case nil: kind = "\(runs) runs"
    }
    var text = "\(kind), \(solved) solved" + (inPlace ? " (model built once, changed in place)" : " (model rebuilt per run)") + "\n\n"
    let percentiles = hasPercentiles ?? true
    let header = percentiles ? ["figure", "base", "min", "p10", "median", "mean", "p90", "max"] : ["figure", "base", "min", "mean", "max"]
    let spreads = figures + (regret.map { [$0] } ?? [])
    let rows = spreads.map { spread in
      let values = percentiles
        ? [spread.base, spread.minimum, spread.p10, spread.median, spread.mean, spread.p90, spread.maximum]
        : [spread.base, spread.minimum, spread.mean, spread.maximum]
      return [spread.name] + values.map { ComparisonReport.number($0, unit: Self.unit(of: spread.name)) }
    }
    text += ComparisonReport.aligned([header] + rows)
    if !percentiles, design == .grid {
      text += "A grid has no percentiles: its runs are chosen, not drawn.\n"
    }
    if regretInfeasible > 0 { text += "The base plan's decisions are infeasible in \(regretInfeasible) runs.\n" }
    if !decisions.isEmpty {
      text += "\nDecisions (share of solved runs):\n"
      let rows = decisions.map { choice in
        [choice.name, choice.base.map { Self.decisionText($0, unit: choice.unit) } ?? "-",
         choice.shares.map { "\(Self.decisionText($0.value, unit: choice.unit)): \(String(format: "%.0f %%", $0.fraction * 100))" }
          .joined(separator: ", ")]
      }
      text += ComparisonReport.aligned([["decision", "base", "chosen"]] + rows)
    }
    return text
  }
}
