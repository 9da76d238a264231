/// A column the trade rules add to the model (docs/formulation.md, "Trade rules").
///
/// Integers are positions in the scenario's arrays, in `periods`, and in the trade model's own
/// lists (`TradeModel.origins`, `TradeModel.splits`, `TradeModel.shareGroups`).
public enum TradeColumn: Hashable, Sendable {
  /// The part of an aggregate column (a flow, an activity, a use) that has one origin.
  case originSplit(split: Int, origin: Int)
  /// Units of a product imported within (or beyond) a tariff-rate quota.
  case quotaUse(quota: Int, product: Int, period: Int, inQuota: Bool)
  /// Whether a qualify-or-forgo origin-share rule is met by a group of sites in a period.
  case qualifies(group: Int, period: Int)
  /// Units earning the incentive of a qualify-or-forgo rule.
  case incentiveUnits(group: Int, period: Int)
}

/// A row the trade rules add to the model.
public enum TradeRow: Hashable, Sendable {
  /// The material balance of one origin of a tracked product at a site.
  case originBalance(site: Int, product: Int, origin: Int, period: Int)
  /// The origin parts of an aggregate column add up to it.
  case originLink(split: Int)
  /// Matching imports of a product are within plus beyond the quota.
  case quotaLink(quota: Int, product: Int, period: Int)
  /// In-quota imports within the quota quantity.
  case quota(quota: Int, period: Int)
  /// Qualifying receipts reach the required share (when the rule is hard or the group qualifies).
  case originShare(group: Int, period: Int)
  /// No receipts of an excluded origin (when the rule is hard or the group qualifies).
  case originExclusion(group: Int, period: Int)
  /// Incentive units within the units the group delivers, makes or receives.
  case incentiveEarned(group: Int, period: Int)
  /// Incentive units only where the group qualifies.
  case incentiveQualified(group: Int, period: Int)

  /// The period of the row, when it has one.
  var period: Int? {
    switch self {
    case .originBalance(_, _, _, let period), .quotaLink(_, _, let period), .quota(_, let period),
      .originShare(_, let period), .originExclusion(_, let period), .incentiveEarned(_, let period),
      .incentiveQualified(_, let period):
      period
    case .originLink: nil
    }
  }
}
