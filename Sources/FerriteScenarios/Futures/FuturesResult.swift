import FerriteModel
import FerritePlanner

/// The answer to a futures study: the decisions taken now, how they fare in each future, and the
/// standard measures of what the uncertainty costs (docs/futures.md).
///
/// Money figures are in the plans' objective: discounted cost when the plans minimize cost,
/// discounted profit when they maximize it. "Loss" is cost, or lost profit.
public struct FuturesResult: Sendable, Codable {
  /// A first-stage decision and its value in the plan (modules built, or 1 for open).
  public struct Decision: Sendable, Codable, Equatable {
    public var decision: String
    public var subject: String
    public var year: Year
    public var value: Double
  }

  /// How the plan fares in one future.
  public struct Outcome: Sendable, Codable {
    public var future: String
    public var probability: Double
    /// The plan's objective in this future with the decisions taken now; nil when it has no plan.
    public var objective: Double?
    /// The best this future could do on its own (wait-and-see).
    public var ownOptimum: Double?
    /// How much worse the plan does here than the future's own optimum (>= 0).
    public var regret: Double?
    /// Why the decisions taken now leave this future without a feasible plan, in business terms.
    public var problem: String?
    public var keyFigures: KeyFigures?
  }

  /// One of the standard measures.
  public struct Measure: Sendable, Codable, Equatable {
    public var name: String
    public var value: Double?
    public var meaning: String
    /// Why the value is missing, when it is.
    public var note: String?
  }

  /// For one capacity option or site: the plan's decisions, and the futures whose own optimum
  /// takes the same ones.
  public struct Robustness: Sendable, Codable, Equatable {
    public var subject: String
    /// "2 modules in 2029", or "none".
    public var plan: String
    /// Futures whose own optimum decides the same for this subject.
    public var agreeing: [String]
    /// Each future's own decision for this subject.
    public var ownDecisions: [String: String]
  }

  public var study: String
  public var risk: String
  /// "minimize-cost" or "maximize-profit".
  public var objectiveSense: String
  public var currency: String
  /// The optimum of the study's own objective (the risk measure; for expected value, RP).
  public var objective: Double?
  public var decisions: [Decision]
  public var outcomes: [Outcome]
  public var measures: [Measure]
  public var robustness: [Robustness]
  public var statistics: Statistics

  public struct Statistics: Sendable, Codable, Equatable {
    public var futures: Int
    public var rows: Int
    public var columns: Int
    public var nonzeros: Int
    public var integerColumns: Int
    public var buildSeconds: Double
    public var solveSeconds: Double
    public var totalSeconds: Double
    /// "extensive" or "benders". With Benders, rows, columns and nonzeros are the final master
    /// problem's (first-stage columns, value columns and cuts).
    public var method: String? = nil
    /// Benders only: "multi" or "single" cuts, iterations, cuts added, the proven bound on the
    /// objective (below it for cost, above it for profit) and the largest future's LP.
    public var cuts: String? = nil
    public var iterations: Int? = nil
    public var cutCount: Int? = nil
    public var bound: Double? = nil
    public var subproblemRows: Int? = nil
    public var subproblemColumns: Int? = nil
  }

  /// Each future's full plan with the decisions taken now, for the tables (not encoded).
  public var plans: [String: Plan] = [:]

  enum CodingKeys: String, CodingKey {
    case study, risk, objectiveSense, currency, objective, decisions, outcomes, measures, robustness, statistics
  }
}
