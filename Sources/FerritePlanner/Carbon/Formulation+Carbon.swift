import FerriteModel
import LinearProgramming

extension Formulation {
  /// Adds the emissions of every column, the `carbon` cost component, carbon caps and low-carbon
  /// share rules (docs/formulation.md, "Carbon").
  mutating func addCarbon() {
    carbon.sources = emissionSources()
    addCarbonPrices()
    addCarbonCaps()
    addLowCarbonClasses()
  }

  // MARK: Emission factors

  /// t CO2e per MWh at a site in a period, or nil when no grid factor covers it.
  func gridFactor(site: Int, period: Int) -> Double? {
    let row = scenario.sites[site]
    return scenario.policy.gridFactor(
      country: row.country, subdivision: row.subdivision, period: index.periods[period])
  }

  /// Direct and electricity emissions per unit of activity of a process in a period.
  func processEmissions(_ process: Int, period: Int) -> (direct: Double, electricity: Double) {
    let row = scenario.processes[process]
    let grid = row.energy > 0 ? gridFactor(site: index.processSite[process], period: period) ?? 0 : 0
    return (row.emissions, row.energy * grid)
  }

  /// Well-to-wheel t CO2e of moving one unit of a product over a lane: tonne-km times g/t-km.
  func transportEmissions(lane: Int, product: Int) -> Double {
    let row = scenario.lanes[lane]
    guard let factor = row.emissionFactor, let distance = row.distance,
      let tonnes = scenario.products[product].unit.tonnes
    else { return 0 }
    return tonnes * distance * factor / 1_000_000
  }

  /// Whether a country is a jurisdiction or a member of the bloc it names.
  func country(_ country: CountryCode, isIn jurisdiction: String?) -> Bool {
    guard let jurisdiction, jurisdiction != "*" else { return true }
    if country == jurisdiction { return true }
    return scenario.policy.blocs.contains { $0.id.rawValue == jurisdiction && $0.members.contains(country) }
  }

  private mutating func emissionSources() -> [EmissionSource] {
    var sources: [EmissionSource] = []
    var missingGrid = Set<Int>()
    var massless = Set<Int>()
    for (column, meaning) in columnMeanings.enumerated() {
      switch meaning {
      case .activity(let process, let period):
        let site = index.processSite[process]
        let (direct, electricity) = processEmissions(process, period: period)
        if scenario.processes[process].energy > 0, gridFactor(site: site, period: period) == nil {
          missingGrid.insert(site)
        }
        let product = index.principalOutput[process]
        if direct != 0 {
          sources.append(
            EmissionSource(
              column: column, perUnit: direct, kind: .direct, site: site, period: period, process: process,
              product: product))
        }
        if electricity != 0 {
          sources.append(
            EmissionSource(
              column: column, perUnit: electricity, kind: .electricity, site: site, period: period,
              process: process, product: product))
        }
      case .purchase(let offer, let period):
        guard let footprint = scenario.purchases[offer].footprint, footprint != 0 else { continue }
        sources.append(
          EmissionSource(
            column: column, perUnit: footprint, kind: .purchased, site: index.purchaseSite[offer],
            period: period, product: index.purchaseProduct[offer]))
      case .flow(let flow):
        let perUnit = transportEmissions(lane: flow.lane, product: flow.product)
        if perUnit == 0, scenario.lanes[flow.lane].emissionFactor ?? 0 > 0,
          scenario.products[flow.product].unit.tonnes == nil
        {
          massless.insert(flow.product)
        }
        guard perUnit != 0 else { continue }
        sources.append(
          EmissionSource(
            column: column, perUnit: perUnit, kind: .transport, site: index.laneFrom[flow.lane],
            period: flow.period, lane: flow.lane, product: flow.product))
      default:
        continue
      }
    }
    for site in missingGrid.sorted() {
      let row = scenario.sites[site]
      warnings.append(
        "no grid factor for \(row.country)\(row.subdivision.map { "-\($0)" } ?? "") (site \(row.id)): "
          + "its electricity counts as zero emissions; add a row to grid_factors.csv")
    }
    for product in massless.sorted() {
      warnings.append(
        "product \(scenario.products[product].id) is not counted in a mass unit: its transport "
          + "emissions (g CO2e per tonne-km) are left out")
    }
    return sources
  }

  // MARK: Prices

  /// The `carbon` component: emissions prices on scope 1 and 2 in their jurisdiction, internal
  /// prices on every emission, border prices on the embedded emissions of imports.
  private mutating func addCarbonPrices() {
    let prices = scenario.policy.carbonPrices
    guard !prices.isEmpty else { return }
    var component = CostComponent(id: .carbon)
    let discount = index.discount
    var embedded: [Int: [Double]] = [:]
    for (position, price) in prices.enumerated() {
      guard let period = index.periodIndex[price.period] else { continue }
      func add(_ column: Int, site: Int, product: Int?, emissions: Double) {
        guard emissions != 0 else { return }
        let multiplier = emissions * discount[period]
        component.terms.append(
          costTerm(
            column: column, period: period, site: site, product: product, .carbonPrice(price: position),
            multiplier: multiplier))
      }
      switch price.kind {
      case .internal:
        for source in carbon.sources where source.period == period {
          add(source.column, site: source.site, product: source.product, emissions: source.perUnit)
        }
      case .emissions:
        for source in carbon.sources
        where source.period == period && source.kind.scope < 3
          && country(scenario.sites[source.site].country, isIn: price.jurisdiction)
        {
          add(source.column, site: source.site, product: source.product, emissions: source.perUnit)
        }
      case .border:
        let intensity = embedded[period] ?? nominalFootprints(period: period)
        embedded[period] = intensity
        for (flow, column) in flowColumn.sorted(by: { $0.value < $1.value }) where flow.period == period {
          let from = scenario.sites[index.laneFrom[flow.lane]].country
          let to = scenario.sites[index.laneTo[flow.lane]].country
          guard country(to, isIn: price.jurisdiction), !country(from, isIn: price.jurisdiction) else {
            continue
          }
          let node = index.laneFrom[flow.lane] * index.productCount + flow.product
          add(column, site: index.laneTo[flow.lane], product: flow.product, emissions: intensity[node])
        }
      }
    }
    components.append(component)
  }

  /// Default embedded emissions per unit of each product at each site in a period (node
  /// `site * products + product`), independent of the plan: the plain average over every way the
  /// product can arrive there (each process making it, each purchase offer, each lane bringing it,
  /// one unit each), the way border regimes publish default values.
  func nominalFootprints(period: Int) -> [Double] {
    let year = index.periods[period]
    var activities: [(process: Int, level: Double)] = []
    for (process, row) in scenario.processes.enumerated() where row.isAvailable(in: year) {
      guard let principal = row.principalOutput, principal.quantity > 0 else { continue }
      activities.append((process, 1 / principal.quantity))
    }
    let purchases = scenario.purchases.indices.filter { scenario.purchases[$0].applies(in: year) }
      .map { (offer: $0, quantity: 1.0) }
    var flows: [(lane: Int, product: Int, quantity: Double)] = []
    for lane in scenario.lanes.indices {
      for product in index.laneProducts[lane] { flows.append((lane, product, 1)) }
    }
    let system = footprintSystem(
      period: period, activities: activities, purchases: purchases, flows: flows, categories: { _ in 0 },
      columns: 1)
    return system.solve().values.map { $0[0] }
  }

  /// The mass balance of footprints in one period (node `site * products + product`): what enters
  /// a node carries its own emissions plus the footprints of the nodes it comes from.
  func footprintSystem(
    period: Int, activities: [(process: Int, level: Double)], purchases: [(offer: Int, quantity: Double)],
    flows: [(lane: Int, product: Int, quantity: Double)],
    categories: (FootprintCategory) -> Int, columns: Int
  ) -> MassBalanceSystem {
    let products = index.productCount
    var system = MassBalanceSystem(nodes: index.siteCount * products, columns: columns)
    let year = index.periods[period]
    for (process, level) in activities where level > 0 {
      let row = scenario.processes[process]
      let site = index.processSite[process]
      let (direct, electricity) = processEmissions(process, period: period)
      let stage = row.confersOrigin ? "production" : "processing"
      let route = row.route ?? FootprintCategory.unnamedRoute
      let shares = allocationShares(process, year: year)
      for (output, share) in zip(index.processOutputs[process], shares) where share > 0 {
        let node = site * products + output.product
        system.quantity[node] += level * output.quantity
        if direct != 0 {
          system.rhs[node][categories(FootprintCategory(stage: stage, route: route, kind: .direct))] +=
            share * level * direct
        }
        if electricity != 0 {
          system.rhs[node][categories(FootprintCategory(stage: stage, route: route, kind: .electricity))] +=
            share * level * electricity
        }
        for input in index.processInputs[process] {
          system.dependencies[node].append((site * products + input.product, share * level * input.quantity))
        }
      }
    }
    for (offer, quantity) in purchases where quantity > 0 {
      let node = index.purchaseSite[offer] * products + index.purchaseProduct[offer]
      system.quantity[node] += quantity
      let footprint = scenario.purchases[offer].footprint ?? 0
      if footprint != 0 {
        system.rhs[node][categories(FootprintCategory(stage: "raw material", route: "purchased", kind: .purchased))] +=
          quantity * footprint
      }
    }
    for (lane, product, quantity) in flows where quantity > 0 {
      let node = index.laneTo[lane] * products + product
      system.quantity[node] += quantity
      system.dependencies[node].append((index.laneFrom[lane] * products + product, quantity))
      let perUnit = transportEmissions(lane: lane, product: product)
      if perUnit != 0 {
        let mode = scenario.lanes[lane].mode.rawValue
        system.rhs[node][categories(FootprintCategory(stage: "transport", route: mode, kind: .transport))] +=
          quantity * perUnit
      }
    }
    return system
  }

  /// The fraction of a process's emissions and inputs each of its outputs carries.
  func allocationShares(_ process: Int, year: Year) -> [Double] {
    let outputs = index.processOutputs[process]
    func mass(_ output: (product: Int, quantity: Double)) -> Double {
      output.quantity * (scenario.products[output.product].unit.tonnes ?? 1)
    }
    var weights = outputs.map(mass)
    if carbonOptions.allocation == .economic {
      let values = outputs.map { output in
        scenario.products[output.product].customsValue(in: year).map { $0 * output.quantity }
      }
      if values.allSatisfy({ $0 != nil }) { weights = values.map { $0 ?? 0 } }
    }
    let total = weights.reduce(0, +)
    return total > 0 ? weights.map { $0 / total } : outputs.map { _ in 1 / Double(max(outputs.count, 1)) }
  }

  // MARK: Caps

  /// The weight of each source's site in a cap: 1 inside its subject, the company's share for a
  /// company cap, 0 outside.
  func capWeight(_ cap: CarbonCap, site: Int) -> Double {
    let row = scenario.sites[site]
    switch cap.scope {
    case .total: return 1
    case .site: return row.id.rawValue == cap.subject ? 1 : 0
    case .country: return country(row.country, isIn: cap.subject) ? 1 : 0
    case .company:
      guard let subject = cap.subject else { return 0 }
      return CarbonOptions.weight(of: row, for: Company.ID(subject), boundary: carbonOptions.boundary)
    }
  }

  /// One row per cap: scope 1 and 2 emissions of its subject in its period (or the whole horizon
  /// for a budget) at most the cap.
  private mutating func addCarbonCaps() {
    for (position, cap) in scenario.policy.carbonCaps.enumerated() {
      var period: Int? = nil
      if let year = cap.period {
        guard let found = index.periodIndex[year] else {
          warnings.append("carbon cap \(cap.id) is for \(year), outside the horizon: ignored")
          continue
        }
        period = found
      }
      var coefficients: [Int: Double] = [:]
      for source in carbon.sources where source.kind.scope < 3 && (period.map { $0 == source.period } ?? true) {
        let weight = capWeight(cap, site: source.site)
        if weight != 0 { coefficients[source.column, default: 0] += weight * source.perUnit }
      }
      carbon.capRows[position] = rowMeanings.count
      addRow(.carbonCap(cap: position), upper: cap.cap) { row in
        for column in coefficients.keys.sorted() {
          row.add(coefficients[column] ?? 0, Variable(index: column))
        }
      }
    }
  }

  // MARK: Low-carbon classes

  private mutating func addLowCarbonClasses() {
    let rules = carbonOptions.lowCarbonClasses
    guard !rules.isEmpty else { return }
    for (position, rule) in rules.enumerated() {
      let qualifying = qualifyingProcesses(rule)
      let content = routeContent(qualifying: qualifying)
      carbon.qualifying.append(qualifying)
      carbon.routeContent.append(content)
      if qualifying.isEmpty {
        warnings.append("low-carbon class \(rule.name): no route qualifies, so no customer can be supplied")
      }
      let covered = scenario.demand.indices.filter { demand in
        rule.products.contains(scenario.demand[demand].product)
          && (rule.customers.isEmpty || rule.customers.contains(scenario.demand[demand].site))
      }
      let block = addColumns(
        "claim", covered.map { .lowCarbonClaim(rule: position, demand: $0) }
      ) { [self] meaning in
        guard case .lowCarbonClaim(_, let demand) = meaning else { return "" }
        return "[\(rule.name),\(name(of: .demand(demand: demand)))]"
      }
      for (offset, demand) in covered.enumerated() {
        let column = block.startIndex + offset
        carbon.claimColumns[LowCarbonKey(rule: position, demand: demand)] = column
        let served = servedColumn[demand]
        // A product no qualifying route leads to cannot be claimed.
        if content[index.demandProduct[demand]] == nil {
          model.setBounds(of: Variable(index: column), lower: 0, upper: 0)
        }
        addRow(.lowCarbonShare(rule: position, demand: demand), lower: 0) { row in
          row.add(1, Variable(index: column))
          row.add(-rule.minimumShare, Variable(index: served))
        }
      }
      for period in index.periods.indices {
        let claims = covered.filter { index.demandPeriod[$0] == period }
        guard !claims.isEmpty else { continue }
        let activities = qualifying.compactMap { process -> (Int, Double)? in
          let column = activityColumn[process * index.periodCount + period]
          guard column >= 0, let principal = scenario.processes[process].principalOutput else { return nil }
          return (column, principal.quantity)
        }
        let claimed = claims.map { demand in
          (
            column: carbon.claimColumns[LowCarbonKey(rule: position, demand: demand)] ?? 0,
            content: content[index.demandProduct[demand]] ?? 0
          )
        }
        addRow(.lowCarbonSupply(rule: position, period: period), upper: 0) { row in
          for claim in claimed { row.add(claim.content, Variable(index: claim.column)) }
          for (column, quantity) in activities { row.add(-quantity, Variable(index: column)) }
        }
      }
    }
  }

  /// Origin-conferring processes of the class's routes, or (without routes) those whose principal
  /// output's nominal footprint in the first period is within the threshold.
  private func qualifyingProcesses(_ rule: LowCarbonClass) -> [Int] {
    let candidates = scenario.processes.indices.filter { scenario.processes[$0].confersOrigin }
    if !rule.routes.isEmpty {
      return candidates.filter { rule.routes.contains(scenario.processes[$0].route ?? "") }
    }
    guard !index.periods.isEmpty else { return [] }
    let nominal = nominalFootprints(period: 0)
    return candidates.filter { process in
      // The footprint of the process's own output, not the node's average with other routes.
      guard index.principalOutput[process] != nil else { return false }
      return ownFootprint(process, nominal: nominal, period: 0) <= rule.threshold + 1e-9
    }
  }

  /// Cradle-to-gate t CO2e per unit of a process's principal output with inputs at `nominal`.
  func ownFootprint(_ process: Int, nominal: [Double], period: Int) -> Double {
    let site = index.processSite[process]
    let (direct, electricity) = processEmissions(process, period: period)
    let shares = allocationShares(process, year: index.periods[period])
    guard let principal = index.principalOutput[process],
      let slot = index.processOutputs[process].firstIndex(where: { $0.product == principal })
    else { return .infinity }
    let inputs = index.processInputs[process].reduce(0) {
      $0 + $1.quantity * nominal[site * index.productCount + $1.product]
    }
    return shares[slot] * (direct + electricity + inputs) / index.processOutputs[process][slot].quantity
  }

  /// Units of qualifying principal output behind one unit of each product: 1 for the qualifying
  /// outputs themselves, and through the most economical recipe for products made from them.
  private func routeContent(qualifying: [Int]) -> [Int: Double] {
    var content: [Int: Double] = [:]
    for process in qualifying {
      if let principal = index.principalOutput[process] { content[principal] = 1 }
    }
    // Each pass extends the chain by one recipe; a chain is never longer than the product count.
    for _ in 0..<index.productCount {
      var changed = false
      for (process, row) in scenario.processes.enumerated() where !qualifying.contains(process) {
        guard let principal = index.principalOutput[process], let made = row.principalOutput,
          made.quantity > 0
        else { continue }
        let needs = index.processInputs[process].compactMap { input in
          content[input.product].map { $0 * input.quantity }
        }
        guard !needs.isEmpty else { continue }
        let perUnit = needs.reduce(0, +) / made.quantity
        if content[principal].map({ perUnit < $0 - 1e-12 }) ?? true {
          content[principal] = perUnit
          changed = true
        }
      }
      if !changed { break }
    }
    return content
  }
}

/// A part of a footprint: the life-cycle stage, the route or mode, and the kind of emission.
struct FootprintCategory: Hashable, Sendable {
  /// The route of processes without one (one category for all, so large scenarios stay small).
  static let unnamedRoute = "unnamed route"

  var stage: String
  var route: String
  var kind: EmissionKind
}
