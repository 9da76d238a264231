import FerriteModel

/// The trade part of the plan summary: duties by rule and period, quota fill, origin-share rules.
struct TradeSummary {
  let trade: TradeResults
  let plan: Plan

  init(_ trade: TradeResults, plan: Plan) {
    self.trade = trade
    self.plan = plan
  }

  func lines(width: Int) -> [String] {
    var lines: [String] = [""]
    let currency = plan.currency
    lines.append(
      "Duties (\(currency), own-period money)".padded(to: 40) + "amount".leftPadded(to: 18)
        + "units".leftPadded(to: 14))
    var byRule: [String: (amount: Double, quantity: Double)] = [:]
    for line in trade.duties {
      byRule[line.rule, default: (0, 0)].amount += line.amount
      byRule[line.rule, default: (0, 0)].quantity += line.quantity
    }
    for line in trade.quotas where line.duty != 0 {
      byRule["quota " + line.quota, default: (0, 0)].amount += line.duty
      byRule["quota " + line.quota, default: (0, 0)].quantity += line.inQuota + line.outOfQuota
    }
    if byRule.isEmpty { lines.append("  none: no flow pays a duty") }
    for (rule, total) in byRule.sorted(by: { $0.value.amount > $1.value.amount }) {
      lines.append(
        ("  " + rule).padded(to: 40) + NumberText.grouped(total.amount).leftPadded(to: 18)
          + NumberText.quantity(total.quantity).leftPadded(to: 14))
    }
    var byPeriod: [Year: Double] = [:]
    for line in trade.duties { byPeriod[line.period, default: 0] += line.amount }
    for line in trade.quotas { byPeriod[line.period, default: 0] += line.duty }
    if !byPeriod.isEmpty {
      let years = byPeriod.keys.sorted().map { "\($0) \(NumberText.grouped(byPeriod[$0] ?? 0))" }
      lines.append("  by period: " + years.joined(separator: ", "))
    }
    lines.append(
      "  total discounted".padded(to: 40) + NumberText.grouped(trade.totalDuties).leftPadded(to: 18))
    if trade.totalIncentives != 0 {
      lines.append(
        "  incentives earned, discounted".padded(to: 40)
          + NumberText.grouped(trade.totalIncentives).leftPadded(to: 18))
    }

    if !trade.quotas.isEmpty {
      lines.append("")
      lines.append("Tariff quotas")
      for line in trade.quotas.prefix(10) {
        lines.append(
          "  \(line.quota) \(line.product) \(line.period): \(NumberText.quantity(line.inQuota)) in quota of "
            + "\(NumberText.quantity(line.quantity)) (\(NumberText.grouped(line.fill * 100, decimals: 0)) % full), "
            + "\(NumberText.quantity(line.outOfQuota)) beyond")
      }
      if trade.quotas.count > 10 { lines.append("  ... and \(trade.quotas.count - 10) more") }
    }

    if !trade.originShares.isEmpty {
      lines.append("")
      lines.append("Origin-share rules (share reached / required; cost of one more qualifying unit)")
      for line in trade.originShares.prefix(12) {
        let place = line.sites.count == 1 ? line.sites[0] : "\(line.sites.count) sites"
        let reached = line.reached.map { NumberText.grouped($0 * 100, decimals: 1) + " %" } ?? "nothing received"
        var text =
          "  \(line.rule) at \(place) \(line.period): \(reached) / "
          + "\(NumberText.grouped(line.required * 100, decimals: 1)) %"
        if let qualifies = line.qualifies {
          text += qualifies ? ", qualifies" : ", forgoes"
          if line.incentive > 0 { text += ", earns \(NumberText.grouped(line.incentive)) \(currency)" }
        }
        if line.binds && line.shadowPrice > 1e-7 {
          text += ", binds at \(NumberText.grouped(line.shadowPrice, decimals: 2)) \(currency)/unit"
        }
        lines.append(text)
      }
      if trade.originShares.count > 12 { lines.append("  ... and \(trade.originShares.count - 12) more") }
    }
    return lines
  }
}
