import FerriteModel

/// The tables behind the web app's answer page, also written by `ferrite solve --out`: series over
/// every period and the delivered cost build-up. Money columns name the currency, quantities their
/// unit, so a spreadsheet reads them without the plan.
enum AnswerTables {
  static func tables(_ plan: Plan) -> [PlanTables.Table] {
    var tables = [costs(plan)]
    if let trade = plan.trade { tables.append(duties(trade, currency: plan.currency)) }
    if let carbon = plan.carbon { tables.append(emissions(carbon)) }
    if let series = plan.series {
      tables += [production(series), utilization(series, currency: plan.currency), delivered(series, plan: plan)]
    }
    return tables
  }

  private static let number = PlanTables.number

  /// Each component in each period: in the period's money and discounted to the first period.
  static func costs(_ plan: Plan) -> PlanTables.Table {
    struct Key: Hashable, Comparable {
      var period: Year
      var component: String
      static func < (a: Key, b: Key) -> Bool { (a.period, a.component) < (b.period, b.component) }
    }
    var sums: [Key: (amount: Double, discounted: Double)] = [:]
    for line in plan.costs {
      let key = Key(period: line.period, component: line.component.rawValue)
      let sum = sums[key] ?? (0, 0)
      sums[key] = (sum.amount + line.amount, sum.discounted + line.discounted)
    }
    let revenue = Set(plan.components.filter(\.isRevenue).map(\.component.rawValue))
    return PlanTables.Table(
      name: "series_costs",
      header: ["period", "component", "kind", "amount_\(plan.currency)", "discounted_\(plan.currency)"],
      rows: sums.keys.sorted().map { key in
        let sum = sums[key] ?? (0, 0)
        return [
          String(key.period), key.component, revenue.contains(key.component) ? "revenue" : "cost",
          number(sum.amount), number(sum.discounted),
        ]
      })
  }

  /// Duties by tariff rule in each period.
  static func duties(_ trade: TradeResults, currency: String) -> PlanTables.Table {
    var sums: [String: (amount: Double, discounted: Double)] = [:]
    for line in trade.duties {
      let key = "\(line.period)|\(line.rule)"
      let sum = sums[key] ?? (0, 0)
      sums[key] = (sum.amount + line.amount, sum.discounted + line.discounted)
    }
    return PlanTables.Table(
      name: "series_duties", header: ["period", "rule", "amount_\(currency)", "discounted_\(currency)"],
      rows: sums.keys.sorted().map { key in
        let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
        let sum = sums[key] ?? (0, 0)
        return [parts[0], parts.count > 1 ? parts[1] : "", number(sum.amount), number(sum.discounted)]
      })
  }

  /// Scopes 1, 2 and 3 of the whole network in each period.
  static func emissions(_ carbon: CarbonResults) -> PlanTables.Table {
    PlanTables.Table(
      name: "series_emissions", header: ["period", "scope_1_t", "scope_2_t", "scope_3_t"],
      rows: carbon.scopes.filter { $0.company == nil }.map {
        [String($0.period), number($0.scope1), number($0.scope2), number($0.scope3)]
      })
  }

  static func production(_ series: PlanSeries) -> PlanTables.Table {
    PlanTables.Table(
      name: "series_production",
      header: ["period", "site", "process", "route", "product", "quantity", "capacity", "utilization"],
      rows: series.production.map {
        [
          String($0.period), $0.site, $0.process, $0.route, $0.product, number($0.quantity), number($0.capacity),
          number($0.utilization),
        ]
      })
  }

  static func utilization(_ series: PlanSeries, currency: String) -> PlanTables.Table {
    PlanTables.Table(
      name: "series_utilization",
      header: ["kind", "subject", "period", "capacity", "used", "utilization", "shadow_price_\(currency)_per_unit"],
      rows: series.utilization.map {
        [
          $0.kind, $0.subject, String($0.period), number($0.capacity), number($0.used), number($0.utilization),
          number($0.shadowPrice),
        ]
      })
  }

  static func delivered(_ series: PlanSeries, plan: Plan) -> PlanTables.Table {
    let money = plan.currency + "_per_unit"
    return PlanTables.Table(
      name: "delivered_costs",
      header: ["customer", "product", "period", "quantity"]
        + ["purchase", "production", "transport", "duties", "carbon", "total", "landed_cost"].map { $0 + "_" + money },
      rows: series.deliveredCosts.map {
        [
          $0.site, $0.product, String($0.period), number($0.quantity), number($0.purchase), number($0.production),
          number($0.transport), number($0.duties), number($0.carbon), number($0.total),
          $0.landedCost.map(number) ?? "",
        ]
      })
  }
}
