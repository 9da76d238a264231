import FerriteModel

/// What the trade rules cost and earn in a plan: duties, quota fill, origin-share compliance.
///
/// Money: `amount` in the period's own money, `discounted` to the first period.
public struct TradeResults: Sendable, Codable, Equatable {
  /// The origins tonnes were tracked with, and the products that carry one (empty when no rule
  /// needs origin).
  public var origins: [String]
  public var trackedProducts: [String]
  /// Duties of tariff rules, by rule, lane, product, origin and period.
  public var duties: [DutyLine]
  public var quotas: [QuotaLine]
  public var originShares: [OriginShareLine]
  /// Flows by origin (tracked products only), with the origin-share rules they qualify for.
  public var originFlows: [OriginFlowLine]
  /// Every duty (tariff rules and quotas) together, discounted.
  public var totalDuties: Double
  /// Every incentive earned, discounted.
  public var totalIncentives: Double
}

/// The duty one tariff rule charges on one lane, product, origin and period.
public struct DutyLine: Sendable, Codable, Equatable {
  public var rule: String
  public var lane: String
  public var from: String
  public var to: String
  public var product: String
  /// The origin of the goods, or nil when the rule does not depend on origin.
  public var origin: String?
  public var period: Year
  public var quantity: Double
  /// Share of the period the rule applied in (a rule changing mid-period applies pro rata).
  public var share: Double
  /// Duty per unit over the period (share included).
  public var perUnit: Double
  public var amount: Double
  public var discounted: Double
}

/// Use of a tariff-rate quota in a period.
public struct QuotaLine: Sendable, Codable, Equatable {
  public var quota: String
  public var product: String
  public var period: Year
  /// The quota quantity for the period (pro rata when it applies for part of it), all products.
  public var quantity: Double
  public var inQuota: Double
  public var outOfQuota: Double
  /// In-quota use of every product of the quota over its quantity.
  public var fill: Double
  public var duty: Double
  public var discounted: Double
  /// Cost saved per unit of extra quota (the quota row's dual), in the period's money.
  public var shadowPrice: Double
}

/// Compliance with an origin-share rule at one site (or a company's sites) in a period.
public struct OriginShareLine: Sendable, Codable, Equatable {
  public var rule: String
  public var sites: [String]
  public var period: Year
  /// "hard" or "incentive".
  public var mode: String
  /// The share required (pro rata when the rule applies for part of the period).
  public var required: Double
  /// The qualifying share reached, or nil when nothing was received.
  public var reached: Double?
  /// Units (mass basis) or money (value basis) received, and of those qualifying or excluded.
  public var received: Double
  public var qualifying: Double
  public var excluded: Double
  /// For a qualify-or-forgo rule, whether the group qualifies.
  public var qualifies: Bool?
  /// Whether the share is exactly met (the rule binds).
  public var binds: Bool
  /// Cost of one more unit (t or currency, by basis) of qualifying receipts required, in the period's money.
  public var shadowPrice: Double
  /// Cost of raising the required share by one percentage point.
  public var costPerPoint: Double
  public var incentiveUnits: Double
  public var incentive: Double
}

/// A tracked flow with its origin.
public struct OriginFlowLine: Sendable, Codable, Equatable {
  public var lane: String
  public var product: String
  public var origin: String
  public var period: Year
  public var quantity: Double
  /// Origin-share rules for which these units count as qualifying at the receiving site.
  public var qualifiesFor: [String]
}
