import FerriteModel

/// One build plan for many futures: a base scenario, futures as weighted variants of it, what is
/// decided now (first stage) and the risk preference (docs/futures.md).
public struct FuturesStudy: Sendable {
  /// One future: a variant of the base with its probability.
  public struct Future: Sendable {
    public var name: String
    public var probability: Double
    public var variant: Variant

    public init(name: String, probability: Double, variant: Variant) {
      self.name = name
      self.probability = probability
      self.variant = variant
    }
  }

  /// How the futures' outcomes are weighed.
  public enum Risk: Sendable, Equatable, CustomStringConvertible {
    /// The probability-weighted mean of the objective.
    case expectedValue
    /// (1 - weight) x expected loss + weight x CVaR at level `alpha` of the loss (cost, or lost
    /// profit in profit plans): the mean of the worst 1 - alpha of outcomes.
    case conditionalValueAtRisk(alpha: Double, weight: Double)
    /// The largest regret: each future's loss against its own optimum.
    case minimaxRegret

    public var description: String {
      switch self {
      case .expectedValue: "expected value"
      case .conditionalValueAtRisk(let alpha, let weight):
        "(1 - \(weight)) x expected loss + \(weight) x CVaR at \(alpha)"
      case .minimaxRegret: "minimax regret"
      }
    }
  }

  public var name: String
  public var base: Scenario
  public var futures: [Future]
  /// First-stage decisions are builds and openings in periods before this year; nil for every period.
  public var decideBy: Year?
  public var risk: Risk

  public init(name: String, base: Scenario, futures: [Future], decideBy: Year? = nil, risk: Risk = .expectedValue) {
    self.name = name
    self.base = base
    self.futures = futures
    self.decideBy = decideBy
    self.risk = risk
  }
}

/// A decision shared by every future: modules of a capacity option built in a year, or a
/// candidate or closable site open in a year.
public enum FirstStageDecision: Hashable, Sendable, Comparable, CustomStringConvertible {
  case build(option: String, year: Year)
  case open(site: String, year: Year)

  public var description: String {
    switch self {
    case .build(let option, let year): "\(option) modules online in \(year)"
    case .open(let site, let year): "\(site) open in \(year)"
    }
  }

  /// The capacity option or site the decision is about.
  public var subject: String {
    switch self {
    case .build(let option, _): option
    case .open(let site, _): site
    }
  }

  public var year: Year {
    switch self {
    case .build(_, let year), .open(_, let year): year
    }
  }

  public static func < (lhs: FirstStageDecision, rhs: FirstStageDecision) -> Bool {
    (lhs.subject, lhs.year, lhs.description) < (rhs.subject, rhs.year, rhs.description)
  }
}
