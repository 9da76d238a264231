import FerriteModel

/// What the trade rules added to a formulation: origins, origin splits, duty terms, quotas and
/// origin-share groups, kept so that the plan can report them.
public struct TradeModel: Sendable {
  /// The origins (country codes) tracked tonnes can have, in a stable order.
  public internal(set) var origins: [CountryCode] = []
  /// Origin positions each product can have; empty for untracked products.
  var productOrigins: [[Int]] = []
  /// Products whose tonnes carry an origin.
  var tracked: [Bool] = []
  var splits: [OriginSplit] = []
  var duties: [DutyTerm] = []
  var quotaUses: [QuotaUse] = []
  var quotaRows: [QuotaKey: Int] = [:]
  var shareGroups: [ShareGroup] = []

  /// Whether any tonne carries an origin (the model is larger than without trade rules).
  public var tracksOrigin: Bool { tracked.contains(true) }
}

/// An aggregate column split into one column per origin.
struct OriginSplit: Sendable {
  enum Kind: Sendable {
    /// A flow on a lane: each part leaves `from(l)` and enters `to(l)` with its origin.
    case flow(FlowIndex)
    /// A non-conferring process: each part consumes the principal input and makes the tracked outputs
    /// with that origin.
    case activity(process: Int)
    /// A use at a site that takes any origin: consumption by a process, a delivery, a disposal.
    case use(site: Int)
  }

  var kind: Kind
  /// The aggregate column and the factor it is split with: parts add up to `factor * column`.
  var column: Int
  var factor: Double
  var product: Int
  var period: Int
  /// Origin positions of the parts, and the column of each.
  var origins: [Int]
  var firstColumn: Int = -1

  func column(origin: Int) -> Int? {
    origins.firstIndex(of: origin).map { firstColumn + $0 }
  }
}

/// A duty charged on a column: `perUnit` money (of its own period) per unit.
struct DutyTerm: Sendable {
  var column: Int
  var rule: Int
  var flow: FlowIndex
  /// The origin position, or nil when the rule applies to every origin (the aggregate flow).
  var origin: Int?
  /// Share of the period the rule applies in.
  var share: Double
  var perUnit: Double
}

struct QuotaKey: Hashable, Sendable {
  var quota: Int
  var period: Int
}

/// Columns of a quota's use by one product in one period.
struct QuotaUse: Sendable {
  var quota: Int
  var product: Int
  var period: Int
  var inColumn: Int
  var outColumn: Int?
  /// Flow columns (aggregate or origin parts) the quota counts.
  var imports: [Int]
  var customsValue: Double
}

/// The sites an origin-share rule measures together (one site, or a company's sites in a region).
struct ShareGroup: Sendable {
  var rule: Int
  var sites: [Int]
  /// Per period: receipts as (column, weight, origin position or nil for a fixed origin, qualifies,
  /// excluded); nil when the rule is not in force.
  var receipts: [[Receipt]?]
  var required: [Double]
  var shareRow: [Int: Int] = [:]
  var qualifyColumn: [Int: Int] = [:]
  var incentiveColumn: [Int: Int] = [:]

  struct Receipt: Sendable {
    var column: Int
    var weight: Double
    var qualifies: Bool
    var excluded: Bool
    var lane: Int?
    var product: Int
    var origin: CountryCode
  }
}
