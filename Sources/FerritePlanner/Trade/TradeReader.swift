import FerriteModel
import LinearProgramming

/// Reads the trade part of a solution back into `TradeResults`.
struct TradeReader {
  let formulation: Formulation
  let trade: TradeModel
  let x: [Double]
  /// Row duals (of the fixed LP for a MILP), or nil.
  let rowDuals: [Double]?
  /// +1 when minimizing, -1 when maximizing.
  let sign: Double

  private var scenario: Scenario { formulation.scenario }
  private var periods: [Year] { formulation.periods }

  private func value(_ column: Int) -> Double {
    guard x.indices.contains(column) else { return 0 }
    return abs(x[column]) < 1e-9 ? 0 : x[column]
  }

  private func dual(_ row: Int?) -> Double {
    guard let row, let rowDuals, rowDuals.indices.contains(row) else { return 0 }
    return rowDuals[row]
  }

  func results() -> TradeResults {
    let duties = dutyLines()
    let quotas = quotaLines()
    let shares = shareLines()
    // Without a solution (a deadline passed before the solver found one) `x` is empty, and the
    // components' terms would index past its end.
    func total(_ id: CostComponentID) -> Double {
      x.isEmpty ? 0 : formulation.components.first { $0.id == id }?.value(x) ?? 0
    }
    let dutyComponent = total(.duties)
    let incentives = total(.incentives)
    return TradeResults(
      origins: trade.tracksOrigin ? trade.origins : [],
      trackedProducts: scenario.products.indices.filter { trade.tracked[$0] }.map {
        scenario.products[$0].id.rawValue
      },
      duties: duties, quotas: quotas, originShares: shares, originFlows: originFlows(),
      totalDuties: x.isEmpty ? 0 : dutyComponent, totalIncentives: x.isEmpty ? 0 : incentives)
  }

  private func dutyLines() -> [DutyLine] {
    trade.duties.compactMap { term in
      let quantity = value(term.column)
      guard quantity > 0 else { return nil }
      let lane = scenario.lanes[term.flow.lane]
      let amount = term.perUnit * quantity
      return DutyLine(
        rule: scenario.policy.tariffRules[term.rule].id.rawValue, lane: lane.id.rawValue,
        from: lane.from.rawValue, to: lane.to.rawValue, product: scenario.products[term.flow.product].id.rawValue,
        origin: term.origin.map { trade.origins[$0] }, period: periods[term.flow.period], quantity: quantity,
        share: term.share, perUnit: term.perUnit, amount: amount,
        discounted: amount * formulation.discountFactors[term.flow.period])
    }
  }

  private func quotaLines() -> [QuotaLine] {
    var inQuotaTotal: [QuotaKey: Double] = [:]
    for use in trade.quotaUses {
      inQuotaTotal[QuotaKey(quota: use.quota, period: use.period), default: 0] += value(use.inColumn)
    }
    return trade.quotaUses.map { use in
      let row = scenario.policy.tariffQuotas[use.quota]
      let key = QuotaKey(quota: use.quota, period: use.period)
      let share = EffectiveDays.share(
        of: periods[use.period], in: EffectiveDays.interval(from: row.effectiveFrom, until: row.effectiveUntil))
      let quantity = max(0, row.quantity) * share
      let inside = value(use.inColumn)
      let outside = use.outColumn.map(value) ?? 0
      let duty = use.customsValue * (row.inQuotaRate * inside + (row.outOfQuotaRate ?? 0) * outside)
      let discount = formulation.discountFactors[use.period]
      return QuotaLine(
        quota: row.id.rawValue, product: scenario.products[use.product].id.rawValue, period: periods[use.period],
        quantity: quantity, inQuota: inside, outOfQuota: outside,
        fill: quantity > 0 ? (inQuotaTotal[key] ?? 0) / quantity : 0, duty: duty, discounted: duty * discount,
        shadowPrice: -sign * dual(trade.quotaRows[key]) / discount)
    }
  }

  private func shareLines() -> [OriginShareLine] {
    var lines: [OriginShareLine] = []
    for group in trade.shareGroups {
      let rule = scenario.policy.originRules[group.rule]
      for (period, receipts) in group.receipts.enumerated() {
        guard let receipts else { continue }
        var received = 0.0
        var qualifying = 0.0
        var excluded = 0.0
        var units = 0.0
        for item in receipts {
          let amount = item.weight * value(item.column)
          received += amount
          units += value(item.column)
          if item.qualifies { qualifying += amount }
          if item.excluded { excluded += amount }
        }
        let required = group.required[period]
        let qualifies = group.qualifyColumn[period].map { value($0) > 0.5 }
        let enforced = qualifies ?? true
        let slack = qualifying - required * received
        let binds = enforced && received > 0 && abs(slack) <= 1e-6 * max(1, received)
        let discount = formulation.discountFactors[period]
        let shadow = sign * dual(group.shareRow[period]) / discount
        let incentiveUnits = group.incentiveColumn[period].map(value) ?? 0
        let incentive = (rule.incentivePerUnit ?? 0) * incentiveUnits
        lines.append(
          OriginShareLine(
            rule: rule.id.rawValue, sites: group.sites.map { scenario.sites[$0].id.rawValue },
            period: periods[period], mode: rule.mode.rawValue, required: required,
            reached: received > 0 ? qualifying / received : nil, received: received, qualifying: qualifying,
            excluded: excluded, qualifies: qualifies, binds: binds, shadowPrice: shadow,
            costPerPoint: shadow * received / 100, incentiveUnits: incentiveUnits, incentive: incentive))
      }
    }
    return lines
  }

  private func originFlows() -> [OriginFlowLine] {
    var qualifying: [Int: [String]] = [:]
    for group in trade.shareGroups {
      let id = scenario.policy.originRules[group.rule].id.rawValue
      for receipts in group.receipts {
        for item in receipts ?? [] where item.qualifies && item.lane != nil {
          qualifying[item.column, default: []].append(id)
        }
      }
    }
    var lines: [OriginFlowLine] = []
    for part in trade.splits {
      guard case .flow(let flow) = part.kind else { continue }
      for (offset, origin) in part.origins.enumerated() {
        let column = part.firstColumn + offset
        let quantity = value(column)
        guard quantity > 0 else { continue }
        lines.append(
          OriginFlowLine(
            lane: scenario.lanes[flow.lane].id.rawValue, product: scenario.products[flow.product].id.rawValue,
            origin: trade.origins[origin], period: periods[flow.period], quantity: quantity,
            qualifiesFor: qualifying[column] ?? []))
      }
    }
    return lines
  }
}
