import FerriteModel

/// The same scenario solved at several internal carbon prices, side by side: what a price of 0,
/// 50 or 100 per t CO2e does to cost, emissions, decisions and delivered footprints.
public struct CarbonPriceComparison: Sendable {
  /// One price's plan.
  public struct Case: Sendable {
    public var price: Double
    public var plan: Plan
  }

  public var cases: [Case]

  /// Solves `scenario` once per price, with the internal price set to it in every period.
  public init(
    _ scenario: Scenario, prices: [Double], planner: Planner, options: PlannerOptions = PlannerOptions()
  ) throws(PlanningError) {
    var cases: [Case] = []
    for price in prices {
      cases.append(Case(price: price, plan: try planner.solve(Self.setting(internalPrice: price, in: scenario), options: options)))
    }
    self.cases = cases
  }

  /// `scenario` with its internal carbon price replaced by `price` in every period.
  public static func setting(internalPrice price: Double, in scenario: Scenario) -> Scenario {
    var scenario = scenario
    scenario.policy.carbonPrices.removeAll { $0.kind == .internal }
    scenario.policy.carbonPrices += scenario.periods.map {
      CarbonPrice(kind: .internal, period: $0, price: price, source: "internal price set by the planner")
    }
    return scenario
  }

  /// The comparison as text, every line at most `width` characters: one line per price, then the
  /// last period's delivered footprints at each price.
  public func text(width: Int = 100, footprintLimit: Int = 24) -> String {
    let currency = cases.first?.plan.currency ?? ""
    var lines = ["", "Internal carbon price comparison (\(currency) per t CO2e; one solve per price)"]
    lines.append(
      "  price".padded(to: 10) + "total cost (disc.)".leftPadded(to: 20) + "carbon cost".leftPadded(to: 16)
        + "t CO2e, horizon".leftPadded(to: 18) + "  decisions")
    for item in cases {
      guard item.plan.hasSolution, let carbon = item.plan.carbon else {
        lines.append("  \(NumberText.grouped(item.price))".padded(to: 10) + "no plan (\(item.plan.termination.rawValue))")
        continue
      }
      let decisions = PlanSummary(item.plan).decisionSentences().joined(separator: "; ")
      lines.append(
        "  \(NumberText.grouped(item.price))".padded(to: 10)
          + NumberText.grouped(item.plan.totalCost).leftPadded(to: 20)
          + NumberText.grouped(item.plan.total(of: .carbon)).leftPadded(to: 16)
          + NumberText.grouped(carbon.total()).leftPadded(to: 18) + "  " + (decisions.isEmpty ? "none" : decisions))
    }
    if let first = cases.first(where: { $0.plan.carbon != nil }), let last = first.plan.periods.last {
      let deliveries = (first.plan.carbon?.deliveries ?? []).filter { $0.period == last }
        .sorted { ($0.product, $0.site) < ($1.product, $1.site) }
      lines.append("")
      lines.append(
        "  footprint delivered in \(last), t CO2e/unit".padded(to: 46)
          + cases.map { "at \(NumberText.grouped($0.price))".leftPadded(to: 10) }.joined())
      for delivery in deliveries.prefix(footprintLimit) {
        let values = cases.map { item in
          item.plan.carbon?.footprint(site: delivery.site, product: delivery.product, period: last)
            .map { NumberText.grouped($0.perUnit, decimals: 2) } ?? "-"
        }
        lines.append(
          "  \(delivery.product) at \(delivery.site)".padded(to: 46) + values.map { $0.leftPadded(to: 10) }.joined())
      }
    }
    return lines.map { $0.count > width ? String($0.prefix(width)) : $0 }.joined(separator: "\n") + "\n"
  }
}
