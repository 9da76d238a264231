import FerriteModel
import LinearProgramming

/// Reads a solution into emissions, cap results and footprints through the formulation's ledger.
struct CarbonReader {
  let formulation: Formulation
  let values: [Double]
  /// The result whose duals give marginal abatement costs (the fixed LP for a MILP).
  let duals: SolveResult?

  /// Quantities below this are left out of reports.
  let tolerance = 1e-9

  private var scenario: Scenario { formulation.scenario }
  private var index: ScenarioIndex { formulation.index }
  private var periods: [Year] { formulation.periods }

  private func value(_ column: Int) -> Double {
    guard column >= 0, column < values.count else { return 0 }
    return abs(values[column]) < tolerance ? 0 : values[column]
  }

  func results() -> CarbonResults {
    let (deliveries, unresolved, periodFootprints) = footprints()
    return CarbonResults(
      emissions: emissionLines(), scopes: scopeLines(), transport: transportLines(), caps: capLines(),
      deliveries: deliveries, routes: routeIntensities(footprints: periodFootprints), lowCarbon: lowCarbonLines(),
      allocation: formulation.carbonOptions.allocation.rawValue, unresolvedLoops: unresolved)
  }

  /// Stage and route of an emission source, as footprints break them down.
  private func category(of source: EmissionSource) -> FootprintCategory {
    if let process = source.process {
      let row = scenario.processes[process]
      return FootprintCategory(
        stage: row.confersOrigin ? "production" : "processing", route: row.route ?? FootprintCategory.unnamedRoute,
        kind: source.kind)
    }
    if let lane = source.lane {
      return FootprintCategory(stage: "transport", route: scenario.lanes[lane].mode.rawValue, kind: .transport)
    }
    return FootprintCategory(stage: "raw material", route: "purchased", kind: source.kind)
  }

  // MARK: Emissions

  private struct LineKey: Hashable {
    var period: Int
    var site: Int
    var category: FootprintCategory
    var product: Int?
  }

  private func emissionLines() -> [EmissionLine] {
    var totals: [LineKey: Double] = [:]
    var order: [LineKey] = []
    for source in formulation.carbon.sources {
      let amount = source.perUnit * value(source.column)
      guard amount != 0 else { continue }
      let key = LineKey(period: source.period, site: source.site, category: category(of: source), product: source.product)
      if totals[key] == nil { order.append(key) }
      totals[key, default: 0] += amount
    }
    return order.map { key in
      EmissionLine(
        period: periods[key.period], site: scenario.sites[key.site].id.rawValue, kind: key.category.kind,
        scope: key.category.kind.scope, route: key.category.route, stage: key.category.stage,
        product: key.product.map { scenario.products[$0].id.rawValue }, emissions: totals[key] ?? 0)
    }.sorted {
      ($0.period, $0.site, $0.kind, $0.route, $0.product ?? "") < ($1.period, $1.site, $1.kind, $1.route, $1.product ?? "")
    }
  }

  private func scopeLines() -> [ScopeLine] {
    let options = formulation.carbonOptions
    var views: [(company: Company.ID?, boundary: String)] = [(nil, "network")]
    if let company = options.company { views.append((company, options.boundary.rawValue)) }
    var lines: [ScopeLine] = []
    for view in views {
      var scopes = Array(repeating: [0.0, 0.0, 0.0], count: periods.count)
      for source in formulation.carbon.sources {
        let weight =
          view.company.map {
            CarbonOptions.weight(of: scenario.sites[source.site], for: $0, boundary: options.boundary)
          } ?? 1
        scopes[source.period][source.kind.scope - 1] += weight * source.perUnit * value(source.column)
      }
      for (period, year) in periods.enumerated() {
        lines.append(
          ScopeLine(
            company: view.company?.rawValue, boundary: view.boundary, period: year, scope1: scopes[period][0],
            scope2: scopes[period][1], scope3: scopes[period][2]))
      }
    }
    return lines
  }

  private func transportLines() -> [TransportLine] {
    var lines: [Int: TransportLine] = [:]
    for (column, meaning) in formulation.columnMeanings.enumerated() {
      guard case .flow(let flow) = meaning, value(column) > 0 else { continue }
      let lane = scenario.lanes[flow.lane]
      let key = flow.lane * periods.count + flow.period
      var line =
        lines[key]
        ?? TransportLine(
          lane: lane.id.rawValue, from: lane.from.rawValue, to: lane.to.rawValue, mode: lane.mode.rawValue,
          period: periods[flow.period], tonnes: 0, distance: lane.distance ?? 0, tonneKm: 0,
          intensity: lane.emissionFactor ?? 0, emissions: 0)
      let tonnes = value(column) * (scenario.products[flow.product].unit.tonnes ?? 0)
      line.tonnes += tonnes
      line.tonneKm += tonnes * (lane.distance ?? 0)
      line.emissions += value(column) * formulation.transportEmissions(lane: flow.lane, product: flow.product)
      lines[key] = line
    }
    return lines.keys.sorted().compactMap { lines[$0] }
  }

  // MARK: Caps

  private func capLines() -> [CapLine] {
    let maximizes = formulation.maximizesProfit
    return formulation.carbon.capRows.keys.sorted().compactMap { position in
      guard let row = formulation.carbon.capRows[position] else { return nil }
      let cap = scenario.policy.carbonCaps[position]
      let period = cap.period.flatMap { index.periodIndex[$0] }
      var emissions = 0.0
      for source in formulation.carbon.sources
      where source.kind.scope < 3 && (period.map { $0 == source.period } ?? true) {
        emissions += formulation.capWeight(cap, site: source.site) * source.perUnit * value(source.column)
      }
      var marginal: Double? = nil
      if let duals, row < duals.rowDuals.count {
        let discount = period.map { formulation.discountFactors[$0] } ?? 1
        marginal = (maximizes ? 1 : -1) * duals.rowDuals[row] / discount
        if let cost = marginal, abs(cost) < 1e-9 { marginal = 0 }
      }
      return CapLine(
        cap: cap.id.rawValue, scope: cap.scope.rawValue, subject: cap.subject, period: cap.period,
        limit: cap.cap, emissions: emissions, isBinding: emissions >= cap.cap - 1e-6 * max(1, abs(cap.cap)),
        marginalAbatementCost: marginal)
    }
  }

  // MARK: Footprints

  /// Delivered footprints, loops without a unique solution, and the first period's node totals.
  private func footprints() -> ([DeliveryFootprint], [String], [Double]) {
    let products = index.productCount
    let quantities = formulation.periodQuantities(value)
    let (activities, purchases, flows) = (quantities.activities, quantities.purchases, quantities.flows)
    // Every category a source can have, in a stable order.
    var categories: [FootprintCategory] = []
    var position: [FootprintCategory: Int] = [:]
    func register(_ category: FootprintCategory) {
      if position[category] == nil {
        position[category] = categories.count
        categories.append(category)
      }
    }
    for process in scenario.processes {
      let stage = process.confersOrigin ? "production" : "processing"
      register(FootprintCategory(stage: stage, route: process.route ?? FootprintCategory.unnamedRoute, kind: .direct))
      register(FootprintCategory(stage: stage, route: process.route ?? FootprintCategory.unnamedRoute, kind: .electricity))
    }
    register(FootprintCategory(stage: "raw material", route: "purchased", kind: .purchased))
    for mode in Lane.Mode.allCases {
      register(FootprintCategory(stage: "transport", route: mode.rawValue, kind: .transport))
    }
    var deliveries: [DeliveryFootprint] = []
    var unresolved: [String] = []
    var firstPeriod: [Double] = []
    for period in periods.indices {
      let served = scenario.demand.indices.filter {
        index.demandPeriod[$0] == period && value(formulation.servedColumn[$0]) > 0
      }
      guard !served.isEmpty || period == 0 else { continue }
      let system = formulation.footprintSystem(
        period: period, activities: activities[period], purchases: purchases[period], flows: flows[period],
        categories: { position[$0] ?? 0 }, columns: categories.count)
      let (solution, singular) = system.solve()
      if period == 0 { firstPeriod = solution.map { $0.reduce(0, +) } }
      unresolved += singular.map { node in
        "\(scenario.sites[node / products].id)/\(scenario.products[node % products].id)/\(periods[period])"
      }
      // Demand rows repeating a (site, product) pair share one footprint line, summed in one pass
      // (a search per row was quadratic in the customers: 52 s of extraction at 60,000 rows).
      var servedAt: [Int: Double] = [:]
      for demand in served {
        servedAt[index.demandSite[demand] * products + index.demandProduct[demand], default: 0] +=
          value(formulation.servedColumn[demand])
      }
      var seen = Set<Int>()
      for demand in served {
        let node = index.demandSite[demand] * products + index.demandProduct[demand]
        guard seen.insert(node).inserted else { continue }
        let quantity = servedAt[node] ?? 0
        var byStage: [String: Double] = [:]
        var byRoute: [String: Double] = [:]
        var byKind: [String: Double] = [:]
        for (slot, category) in categories.enumerated() where abs(solution[node][slot]) > 1e-12 {
          byStage[category.stage, default: 0] += solution[node][slot]
          byRoute[category.route, default: 0] += solution[node][slot]
          byKind[category.kind.rawValue, default: 0] += solution[node][slot]
        }
        let product = scenario.products[index.demandProduct[demand]]
        deliveries.append(
          DeliveryFootprint(
            site: scenario.sites[index.demandSite[demand]].id.rawValue, product: product.id.rawValue,
            period: periods[period], unit: product.unit.rawValue, quantity: quantity,
            perUnit: solution[node].reduce(0, +), byStage: byStage, byRoute: byRoute, byKind: byKind))
      }
    }
    return (deliveries, unresolved, firstPeriod)
  }

  /// Intensity of each origin-conferring process in the first period: inputs at the plan's
  /// footprints where the plan brings them to the site, else at nominal ones.
  private func routeIntensities(footprints: [Double]) -> [RouteIntensity] {
    guard !periods.isEmpty else { return [] }
    let nominal = formulation.nominalFootprints(period: 0)
    let inputs = nominal.indices.map { node in
      node < footprints.count && footprints[node] > 0 ? footprints[node] : nominal[node]
    }
    return scenario.processes.enumerated().compactMap { process, row in
      guard row.confersOrigin, let principal = row.principalOutput, principal.quantity > 0 else { return nil }
      let (direct, electricity) = formulation.processEmissions(process, period: 0)
      let shares = formulation.allocationShares(process, year: periods[0])
      let slot = row.outputs.firstIndex { $0.product == principal.product } ?? 0
      let share = slot < shares.count ? shares[slot] : 1
      return RouteIntensity(
        process: row.id.rawValue, site: row.site.rawValue, route: row.route ?? row.id.rawValue,
        scope1And2: share * (direct + electricity) / principal.quantity,
        cradleToGate: formulation.ownFootprint(process, nominal: inputs, period: 0))
    }
  }

  // MARK: Low-carbon classes

  private func lowCarbonLines() -> [LowCarbonLine] {
    let rules = formulation.carbonOptions.lowCarbonClasses
    return formulation.carbon.claimColumns.keys.sorted { ($0.rule, $0.demand) < ($1.rule, $1.demand) }
      .compactMap { key in
        guard let column = formulation.carbon.claimColumns[key] else { return nil }
        let row = scenario.demand[key.demand]
        let served = value(formulation.servedColumn[key.demand])
        return LowCarbonLine(
          lowCarbonClass: rules[key.rule].name, site: row.site.rawValue, product: row.product.rawValue,
          period: row.period, served: served, claimed: min(value(column), served),
          requiredShare: rules[key.rule].minimumShare)
      }
  }
}

extension Formulation {
  /// "carbon cap posco-2030: at most 1,000 t CO2e of company posco in 2030".
  func describeCap(_ position: Int) -> String {
    let cap = scenario.policy.carbonCaps[position]
    let subject = cap.scope == .total ? "the whole network" : "\(cap.scope.rawValue) \(cap.subject ?? "")"
    let when = cap.period.map { "in \($0)" } ?? "over the horizon"
    return "carbon cap \(cap.id): at most \(NumberText.quantity(cap.cap)) t CO2e of \(subject) \(when)"
  }
}
