/// The trade results as CSV tables for `ferrite solve --out`.
enum TradeTables {
  static func tables(_ trade: TradeResults) -> [PlanTables.Table] {
    func number(_ value: Double) -> String { value == 0 ? "0" : "\(value)" }
    return [
      PlanTables.Table(
        name: "duties",
        header: [
          "rule", "lane", "from", "to", "product", "origin", "period", "quantity", "share", "per_unit", "amount",
          "discounted",
        ],
        rows: trade.duties.map {
          [
            $0.rule, $0.lane, $0.from, $0.to, $0.product, $0.origin ?? "", String($0.period),
            number($0.quantity), number($0.share), number($0.perUnit), number($0.amount), number($0.discounted),
          ]
        }),
      PlanTables.Table(
        name: "quotas",
        header: [
          "quota", "product", "period", "quantity", "in_quota", "out_of_quota", "fill", "duty", "shadow_price",
        ],
        rows: trade.quotas.map {
          [
            $0.quota, $0.product, String($0.period), number($0.quantity), number($0.inQuota),
            number($0.outOfQuota), number($0.fill), number($0.duty), number($0.shadowPrice),
          ]
        }),
      PlanTables.Table(
        name: "origin_shares",
        header: [
          "rule", "sites", "period", "mode", "required", "reached", "received", "qualifying", "excluded",
          "qualifies", "binds", "shadow_price", "cost_per_point", "incentive_units", "incentive",
        ],
        rows: trade.originShares.map {
          [
            $0.rule, $0.sites.joined(separator: "; "), String($0.period), $0.mode, number($0.required),
            $0.reached.map(number) ?? "", number($0.received), number($0.qualifying), number($0.excluded),
            $0.qualifies.map { $0 ? "yes" : "no" } ?? "", $0.binds ? "yes" : "no", number($0.shadowPrice),
            number($0.costPerPoint), number($0.incentiveUnits), number($0.incentive),
          ]
        }),
      PlanTables.Table(
        name: "origin_flows", header: ["lane", "product", "origin", "period", "quantity", "qualifies_for"],
        rows: trade.originFlows.map {
          [
            $0.lane, $0.product, $0.origin, String($0.period), number($0.quantity),
            $0.qualifiesFor.joined(separator: "; "),
          ]
        }),
    ]
  }
}
