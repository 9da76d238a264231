/// A plan's positive process activity, purchases and lane flows by period: what the mass
/// balances of footprints and of delivered costs trace.
struct PeriodQuantities {
  var activities: [[(process: Int, level: Double)]]
  var purchases: [[(offer: Int, quantity: Double)]]
  var flows: [[(lane: Int, product: Int, quantity: Double)]]
}

extension Formulation {
  /// The columns with a positive `value` that carry material, by period.
  func periodQuantities(_ value: (Int) -> Double) -> PeriodQuantities {
    let count = periods.count
    var quantities = PeriodQuantities(
      activities: Array(repeating: [], count: count), purchases: Array(repeating: [], count: count),
      flows: Array(repeating: [], count: count))
    for (column, meaning) in columnMeanings.enumerated() where value(column) > 0 {
      switch meaning {
      case .activity(let process, let period): quantities.activities[period].append((process, value(column)))
      case .purchase(let offer, let period): quantities.purchases[period].append((offer, value(column)))
      case .flow(let flow): quantities.flows[flow.period].append((flow.lane, flow.product, value(column)))
      default: continue
      }
    }
    return quantities
  }
}
