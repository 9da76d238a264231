import FerriteModel

extension Formulation {
  private func originName(_ origin: Int) -> String {
    trade.flatMap { $0.origins.indices.contains(origin) ? $0.origins[origin] : nil } ?? "?"
  }

  private func ruleName(group: Int) -> String {
    guard let trade, trade.shareGroups.indices.contains(group) else { return "?" }
    let entry = trade.shareGroups[group]
    let sites = entry.sites.map { scenario.sites[$0].id.rawValue }
    let place = sites.count == 1 ? sites[0] : "\(sites.count) sites"
    return "\(scenario.policy.originRules[entry.rule].id),\(place)"
  }

  /// A readable, stable name for a trade row: `origin-balance[site,product,KR,2029]`.
  func name(of row: TradeRow) -> String {
    let s = scenario
    let year = { (period: Int) in self.periods[period] }
    switch row {
    case .originBalance(let site, let product, let origin, let period):
      return "origin-balance[\(s.sites[site].id),\(s.products[product].id),\(originName(origin)),\(year(period))]"
    case .originLink(let split):
      return "origin-link[\(split)]"
    case .quotaLink(let quota, let product, let period):
      return "quota-link[\(s.policy.tariffQuotas[quota].id),\(s.products[product].id),\(year(period))]"
    case .quota(let quota, let period):
      return "quota[\(s.policy.tariffQuotas[quota].id),\(year(period))]"
    case .originShare(let group, let period):
      return "origin-share[\(ruleName(group: group)),\(year(period))]"
    case .originExclusion(let group, let period):
      return "origin-exclusion[\(ruleName(group: group)),\(year(period))]"
    case .incentiveEarned(let group, let period):
      return "incentive-earned[\(ruleName(group: group)),\(year(period))]"
    case .incentiveQualified(let group, let period):
      return "incentive-qualified[\(ruleName(group: group)),\(year(period))]"
    }
  }

  /// The limit a trade row sets, in words, for explaining infeasible scenarios; nil for rows that
  /// only keep accounts.
  func describe(_ row: TradeRow) -> String? {
    let s = scenario
    switch row {
    case .originBalance, .originLink, .quotaLink, .incentiveEarned, .incentiveQualified:
      return nil
    case .quota(let quota, let period):
      let rule = s.policy.tariffQuotas[quota]
      let beyond = rule.outOfQuotaRate == nil ? " (nothing beyond it may enter)" : ""
      return "tariff quota \(rule.id): at most \(NumberText.quantity(rule.quantity)) into \(rule.importer) "
        + "from \(rule.origin) in \(periods[period])\(beyond)"
    case .originShare(let group, let period):
      guard let entry = trade?.shareGroups[group] else { return nil }
      let rule = s.policy.originRules[entry.rule]
      return "origin rule \(rule.id): at least \(NumberText.grouped(entry.required[period] * 100, decimals: 1)) % "
        + "of \(rule.products.map(\.rawValue).joined(separator: ", ")) received must originate in "
        + "\(rule.qualifyingOrigins.joined(separator: ", ")) in \(periods[period])"
    case .originExclusion(let group, let period):
      guard let entry = trade?.shareGroups[group] else { return nil }
      let rule = s.policy.originRules[entry.rule]
      return "origin rule \(rule.id): nothing from \(rule.excludedOrigins.joined(separator: ", ")) "
        + "in \(periods[period])"
    }
  }
}
