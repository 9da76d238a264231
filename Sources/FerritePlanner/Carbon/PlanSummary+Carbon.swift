extension PlanSummary {
  /// Emissions by scope, carbon caps and the footprints delivered in the last period.
  func carbonLines(width: Int) -> [String] {
    guard let carbon = plan.carbon, !carbon.emissions.isEmpty || !carbon.caps.isEmpty else { return [] }
    var lines = [""]
    let first = plan.periods.first
    let last = plan.periods.last
    let columns = [first, last].compactMap { $0 }.map(String.init) + ["horizon"]
    lines.append(
      "Emissions (t CO2e)".padded(to: 46) + columns.map { $0.leftPadded(to: 18) }.joined())
    for view in Set(carbon.scopes.map { $0.company ?? "" }).sorted() {
      let scopes = carbon.scopes.filter { ($0.company ?? "") == view }
      let boundary = scopes.first?.boundary ?? ""
      if !view.isEmpty { lines.append("  company \(view) (\(boundary))") }
      for (label, value) in [
        ("scope 1 (direct)", \ScopeLine.scope1), ("scope 2 (electricity)", \ScopeLine.scope2),
        ("scope 3 (purchased inputs, transport)", \ScopeLine.scope3),
      ] {
        let values = [first, last].compactMap { $0 }.map { year in
          scopes.filter { $0.period == year }.reduce(0) { $0 + $1[keyPath: value] }
        } + [scopes.reduce(0) { $0 + $1[keyPath: value] }]
        lines.append(
          ("  " + label).padded(to: 46) + values.map { NumberText.grouped($0).leftPadded(to: 18) }.joined())
      }
    }
    let carbonCost = plan.total(of: .carbon)
    if carbonCost != 0 {
      lines.append("  carbon cost (\(plan.currency), discounted): \(NumberText.grouped(carbonCost))")
    }
    if !carbon.caps.isEmpty {
      lines.append("")
      lines.append("Carbon caps (marginal abatement cost = the cap's dual, \(plan.currency)/t CO2e)")
      for cap in carbon.caps {
        let when = cap.period.map { "in \($0)" } ?? "budget"
        let cost = cap.marginalAbatementCost.map { NumberText.grouped($0, decimals: 2) } ?? "n/a"
        lines.append(
          "  \(cap.cap) (\(cap.scope) \(cap.subject ?? ""), \(when)): \(NumberText.grouped(cap.emissions)) of "
            + "\(NumberText.grouped(cap.limit))\(cap.isBinding ? ", binding" : ""), MAC \(cost)")
      }
    }
    if !carbon.routes.isEmpty {
      lines.append("")
      lines.append(
        "Route intensity (t CO2e per unit of output)".padded(to: 58) + "scope 1+2".leftPadded(to: 12)
          + "cradle to gate".leftPadded(to: 16))
      for route in carbon.routes {
        lines.append(
          "  \(route.process) (\(route.route))".padded(to: 58)
            + NumberText.grouped(route.scope1And2, decimals: 2).leftPadded(to: 12)
            + NumberText.grouped(route.cradleToGate, decimals: 2).leftPadded(to: 16))
      }
    }
    if let last {
      let deliveries = carbon.deliveries.filter { $0.period == last }
        .sorted { ($0.product, $0.site) < ($1.product, $1.site) }
      if !deliveries.isEmpty {
        lines.append("")
        lines.append("Delivered footprints in \(last) (t CO2e per unit, cradle to customer gate; by route)")
        for delivery in deliveries.prefix(24) {
          let routes = delivery.byRoute.sorted { $0.value > $1.value }
          let head =
            ("  \(delivery.product) at \(delivery.site)").padded(to: 36)
            + NumberText.grouped(delivery.perUnit, decimals: 2).leftPadded(to: 7) + "  "
          // As many routes as fit on the line, the rest together as "other".
          var line = head
          for shown in stride(from: min(4, routes.count), through: 0, by: -1) {
            var parts = routes.prefix(shown).map { "\($0.key) \(NumberText.grouped($0.value, decimals: 2))" }
            let rest = routes.dropFirst(shown).reduce(0) { $0 + $1.value }
            if abs(rest) >= 0.005 { parts.append("other \(NumberText.grouped(rest, decimals: 2))") }
            line = head + parts.joined(separator: ", ")
            if line.count <= width { break }
          }
          lines.append(line)
        }
        if deliveries.count > 24 { lines.append("  ... and \(deliveries.count - 24) more (see footprints.csv)") }
      }
    }
    return lines
  }
}
