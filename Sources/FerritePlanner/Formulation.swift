import FerriteModel
import LinearProgramming

/// A scenario as a linear or mixed-integer model, with the meaning of every row and column and the
/// named cost components of the objective (docs/formulation.md is the math).
///
///     let formulation = try Formulation(scenario)
///     let program = formulation.program()
public struct Formulation: Sendable {
  /// The scenario modelled; `changes(setting:)` works on a copy with some numbers changed.
  public internal(set) var scenario: Scenario
  let index: ScenarioIndex
  public internal(set) var model: Model
  /// What each column stands for, by column position.
  public internal(set) var columnMeanings: [ColumnMeaning] = []
  /// What each row stands for, by row position.
  public internal(set) var rowMeanings: [RowMeaning] = []
  /// The objective as named components; costs minus revenues.
  public internal(set) var components: [CostComponent] = []
  /// Things the planner assumed that the user should know.
  public internal(set) var warnings: [String] = []

  /// Column of each variable family by dense key; -1 where the variable does not exist.
  private(set) var activityColumn: [Int]  // process * periods + period
  private(set) var purchaseColumn: [Int]  // offer * periods + period
  private(set) var flowColumn: [FlowIndex: Int] = [:]
  private(set) var servedColumn: [Int]
  private(set) var unmetColumn: [Int]
  private(set) var buildColumn: [Int]  // option * periods + period
  private(set) var openColumn: [Int]  // site * periods + period
  /// Largest possible activity of each process, existing plus every module allowed.
  var largestActivity: [Double] = []
  /// Module limit used for each option (`max_modules` or the planner's limit).
  private(set) var moduleLimit: [Int] = []
  /// Inbound bound of each candidate or closable site's throughput row (site * periods + period).
  private(set) var siteBounds: [Int: Double] = [:]
  let options: PlannerOptions
  /// The carbon options in force: `options.carbon`, else the scenario's `options:`.
  public let carbonOptions: CarbonOptions
  /// The duties, quotas, origin tracking and origin-share rules, when the scenario has trade rules.
  public internal(set) var trade: TradeModel?
  private let demandKeys: [String]
  /// Emissions of every column and the rows of carbon policy (Carbon/Formulation+Carbon.swift).
  var carbon = CarbonLedger()

  /// Builds the model of `scenario`; throws when the scenario has references the planner cannot
  /// resolve.
  public init(_ scenario: Scenario, options: PlannerOptions = PlannerOptions()) throws(PlanningError) {
    let index = try ScenarioIndex(scenario)
    self.scenario = scenario
    self.index = index
    self.options = options
    carbonOptions = options.carbon ?? CarbonOptions(scenario.settings.options)
    demandKeys = Self.demandKeys(scenario)
    let periods = index.periodCount
    let hasPrices = scenario.settings.options.maximizesProfit(scenario.demand)
    model = Model(sense: hasPrices ? .maximize : .minimize)
    activityColumn = Array(repeating: -1, count: scenario.processes.count * periods)
    purchaseColumn = Array(repeating: -1, count: scenario.purchases.count * periods)
    servedColumn = Array(repeating: -1, count: scenario.demand.count)
    unmetColumn = Array(repeating: -1, count: scenario.demand.count)
    buildColumn = Array(repeating: -1, count: scenario.capacityOptions.count * periods)
    openColumn = Array(repeating: -1, count: scenario.sites.count * periods)

    let reach = Reachability(index)
    addActivities(reach)
    addPurchases(reach)
    addFlows(reach)
    addDemand()
    addBuilds()
    addSiteDecisions()
    addMaterialBalances()
    addDemandRows()
    addProcessCapacities()
    addLaneCapacities()
    addModuleLimits()
    addSiteRows()
    addFacilityLinks()
    addOpeningOrder()
    addCostComponents()
    addCarbon()
    addTrade()
    applyObjective()
  }

  /// The model in matrix form.
  public func program() -> LinearProgram { model.program() }

  /// The scenario's periods (years).
  public var periods: [Year] { index.periods }

  /// Discount factor of each period.
  public var discountFactors: [Double] { index.discount }

  /// True when demand has prices and the model maximizes profit.
  public var maximizesProfit: Bool { model.sense == .maximize }

  // MARK: Names

  private func year(_ period: Int) -> Year { index.periods[period] }

  mutating func addColumns(
    _ family: String, _ meanings: [ColumnMeaning], domain: VariableDomain = .nonNegative,
    label: @escaping (ColumnMeaning) -> String
  ) -> VariableBlock {
    columnMeanings.append(contentsOf: meanings)
    let named = options.namesInModel
    return model.addVariables(
      family, count: meanings.count, domain: domain, label: named ? { label(meanings[$0]) } : nil)
  }

  mutating func addRow(
    _ meaning: RowMeaning, lower: Double = -.infinity, upper: Double = .infinity,
    terms write: (inout RowTerms) -> Void
  ) {
    rowMeanings.append(meaning)
    model.addConstraint(
      lower: lower, upper: upper, name: options.namesInModel ? name(of: meaning) : nil, terms: write)
  }

  /// A readable, stable name for a row: `balance[site,product,2029]`.
  public func name(of meaning: RowMeaning) -> String {
    let s = scenario
    switch meaning {
    case .balance(let site, let product, let period):
      return "balance[\(s.sites[site].id),\(s.products[product].id),\(year(period))]"
    case .demand(let demand):
      return "demand[\(demandKey(demand))]"
    case .processCapacity(let process, let period):
      return "capacity[\(s.processes[process].id),\(year(period))]"
    case .laneCapacity(let lane, let period):
      return "lane[\(s.lanes[lane].id),\(year(period))]"
    case .siteThroughput(let site, let period):
      return "throughput[\(s.sites[site].id),\(year(period))]"
    case .siteActivity(let process, let period):
      return "site-activity[\(s.processes[process].id),\(year(period))]"
    case .facilityLink(let site, let flow):
      return "link[\(s.sites[site].id),\(s.lanes[flow.lane].id),\(s.products[flow.product].id),\(year(flow.period))]"
    case .moduleLimit(let option):
      return "modules[\(s.capacityOptions[option].id)]"
    case .openingOrder(let site, let period):
      return "order[\(s.sites[site].id),\(year(period))]"
    case .carbonCap(let cap):
      return "carbon-cap[\(s.policy.carbonCaps[cap].id)]"
    case .lowCarbonShare(let rule, let demand):
      return "low-carbon[\(carbonOptions.lowCarbonClasses[rule].name),\(demandKey(demand))]"
    case .lowCarbonSupply(let rule, let period):
      return "low-carbon-supply[\(carbonOptions.lowCarbonClasses[rule].name),\(year(period))]"
    case .trade(let row):
      return name(of: row)
    }
  }

  /// The key of each demand row, `site,product,year`, with `#2`, `#3` and so on for repeated keys.
  private static func demandKeys(_ scenario: Scenario) -> [String] {
    var seen: [String: Int] = [:]
    return scenario.demand.map { row in
      let key = "\(row.site),\(row.product),\(row.period)"
      let count = (seen[key] ?? 0) + 1
      seen[key] = count
      return count == 1 ? key : "\(key)#\(count)"
    }
  }

  private func demandKey(_ demand: Int) -> String { demandKeys[demand] }

  // MARK: Variables

  private mutating func addActivities(_ reach: Reachability) {
    let products = index.productCount
    var meanings: [ColumnMeaning] = []
    for period in index.periods.indices {
      for process in scenario.processes.indices where reach.runnable[period][process] {
        guard let principal = index.principalOutput[process],
          reach.isUseful(
            site: index.processSite[process], product: principal, period: period, products: products)
        else { continue }
        meanings.append(.activity(process: process, period: period))
      }
    }
    let block = addColumns("activity", meanings) { [scenario, index] meaning in
      guard case .activity(let process, let period) = meaning else { return "" }
      return "[\(scenario.processes[process].id),\(index.periods[period])]"
    }
    for (offset, meaning) in meanings.enumerated() {
      guard case .activity(let process, let period) = meaning else { continue }
      activityColumn[process * index.periodCount + period] = block.startIndex + offset
    }
  }

  private mutating func addPurchases(_ reach: Reachability) {
    var meanings: [ColumnMeaning] = []
    for (period, year) in index.periods.enumerated() {
      for (offer, purchase) in scenario.purchases.enumerated() where purchase.applies(in: year) {
        guard
          reach.isUseful(
            site: index.purchaseSite[offer], product: index.purchaseProduct[offer], period: period,
            products: index.productCount)
        else { continue }
        meanings.append(.purchase(offer: offer, period: period))
      }
    }
    let block = addColumns("purchase", meanings) { [scenario, index] meaning in
      guard case .purchase(let offer, let period) = meaning else { return "" }
      return "[\(scenario.purchases[offer].id),\(index.periods[period])]"
    }
    for (offset, meaning) in meanings.enumerated() {
      guard case .purchase(let offer, let period) = meaning else { continue }
      let column = block.startIndex + offset
      purchaseColumn[offer * index.periodCount + period] = column
      if let limit = scenario.purchases[offer].limit {
        model.setBounds(of: Variable(index: column), lower: 0, upper: limit)
      }
    }
  }

  private mutating func addFlows(_ reach: Reachability) {
    let products = index.productCount
    var flows: [FlowIndex] = []
    for period in index.periods.indices {
      for lane in scenario.lanes.indices {
        for product in index.laneProducts[lane]
        where reach.isAvailable(
          site: index.laneFrom[lane], product: product, period: period, products: products)
          && reach.isUseful(site: index.laneTo[lane], product: product, period: period, products: products)
        {
          flows.append(FlowIndex(lane: lane, product: product, period: period))
        }
      }
    }
    let block = addColumns("flow", flows.map { .flow($0) }) { [scenario, index] meaning in
      guard case .flow(let flow) = meaning else { return "" }
      return
        "[\(scenario.lanes[flow.lane].id),\(scenario.products[flow.product].id),\(index.periods[flow.period])]"
    }
    for (offset, flow) in flows.enumerated() { flowColumn[flow] = block.startIndex + offset }
  }

  private mutating func addDemand() {
    let served = addColumns(
      "served", scenario.demand.indices.map { .served(demand: $0) }
    ) { [self] meaning in
      guard case .served(let demand) = meaning else { return "" }
      return "[\(demandKey(demand))]"
    }
    for demand in scenario.demand.indices {
      let column = served.startIndex + demand
      servedColumn[demand] = column
      let bounds = demandBounds(demand).served
      model.setBounds(of: Variable(index: column), lower: bounds.lower, upper: bounds.upper)
    }
    let soft = scenario.demand.indices.filter { !scenario.demand[$0].isHard }
    let unmet = addColumns("unmet", soft.map { .unmet(demand: $0) }) { [self] meaning in
      guard case .unmet(let demand) = meaning else { return "" }
      return "[\(demandKey(demand))]"
    }
    for (offset, demand) in soft.enumerated() {
      let column = unmet.startIndex + offset
      unmetColumn[demand] = column
      let bounds = demandBounds(demand).unmet
      model.setBounds(of: Variable(index: column), lower: bounds.lower, upper: bounds.upper)
    }
  }

  /// The periods in which a module of `option` may come online.
  func buildPeriods(_ option: CapacityOption) -> [Int] {
    guard let first = index.periods.first else { return [] }
    return index.periods.indices.filter { period in
      let year = index.periods[period]
      return year >= (option.earliestPeriod ?? first) && year >= first + option.leadTime
    }
  }

  /// Whether a module of `option` built in `built` is alive in `period`.
  func isAlive(_ option: CapacityOption, built: Int, in period: Int) -> Bool {
    let start = index.periods[built]
    let year = index.periods[period]
    return year >= start && year < start + option.lifetime
  }

  private mutating func addBuilds() {
    moduleLimit = scenario.capacityOptions.map { $0.maxModules ?? options.moduleLimit }
    var meanings: [ColumnMeaning] = []
    for (option, row) in scenario.capacityOptions.enumerated() {
      for period in buildPeriods(row) { meanings.append(.build(option: option, period: period)) }
    }
    let block = addColumns("build", meanings, domain: .integer()) { [scenario, index] meaning in
      guard case .build(let option, let period) = meaning else { return "" }
      return "[\(scenario.capacityOptions[option].id),\(index.periods[period])]"
    }
    for (offset, meaning) in meanings.enumerated() {
      guard case .build(let option, let period) = meaning else { continue }
      let column = block.startIndex + offset
      buildColumn[option * index.periodCount + period] = column
      model.setBounds(of: Variable(index: column), lower: 0, upper: Double(max(0, moduleLimit[option])))
    }
    largestActivity = largestActivities()
  }

  private mutating func addSiteDecisions() {
    var meanings: [ColumnMeaning] = []
    for (site, row) in scenario.sites.enumerated() where row.status != .existing {
      for period in index.periods.indices { meanings.append(.open(site: site, period: period)) }
    }
    let block = addColumns("open", meanings, domain: .binary) { [scenario, index] meaning in
      guard case .open(let site, let period) = meaning else { return "" }
      return "[\(scenario.sites[site].id),\(index.periods[period])]"
    }
    for (offset, meaning) in meanings.enumerated() {
      guard case .open(let site, let period) = meaning else { continue }
      let column = block.startIndex + offset
      openColumn[site * index.periodCount + period] = column
      if let decision = options.siteDecisions[scenario.sites[site].id] {
        let value: Double = decision ? 1 : 0
        model.setBounds(of: Variable(index: column), lower: value, upper: value)
      }
    }
    for id in options.siteDecisions.keys.sorted()
    where scenario.site(id).map({ $0.status == .existing }) ?? true {
      warnings.append("site decision for '\(id)' ignored: it is not a candidate or closable site")
    }
  }

  // MARK: Constraints

  private mutating func addMaterialBalances() {
    let periods = index.periodCount
    let nodeCount = index.siteCount * index.productCount * periods
    var terms = [[(column: Int, coefficient: Double)]](repeating: [], count: nodeCount)
    func node(_ site: Int, _ product: Int, _ period: Int) -> Int {
      index.node(site: site, product: product, period: period)
    }
    var disposal: [Int] = []
    var disposable = Set<Int>()
    for process in scenario.processes.indices {
      let site = index.processSite[process]
      for period in 0..<periods {
        let column = activityColumn[process * periods + period]
        guard column >= 0 else { continue }
        for output in index.processOutputs[process] {
          terms[node(site, output.product, period)].append((column, output.quantity))
          if output.product != index.principalOutput[process] {
            let key = node(site, output.product, period)
            if disposable.insert(key).inserted { disposal.append(key) }
          }
        }
        for input in index.processInputs[process] {
          terms[node(site, input.product, period)].append((column, -input.quantity))
        }
      }
    }
    for offer in scenario.purchases.indices {
      for period in 0..<periods {
        let column = purchaseColumn[offer * periods + period]
        guard column >= 0 else { continue }
        terms[node(index.purchaseSite[offer], index.purchaseProduct[offer], period)].append((column, 1))
      }
    }
    for (flow, column) in flowColumn.sorted(by: { $0.value < $1.value }) {
      terms[node(index.laneTo[flow.lane], flow.product, flow.period)].append((column, 1))
      terms[node(index.laneFrom[flow.lane], flow.product, flow.period)].append((column, -1))
    }
    for demand in scenario.demand.indices {
      let key = node(index.demandSite[demand], index.demandProduct[demand], index.demandPeriod[demand])
      terms[key].append((servedColumn[demand], -1))
    }
    disposal.sort()
    let meanings: [ColumnMeaning] = disposal.map { key in
      let product = key % index.productCount
      let site = (key / index.productCount) % index.siteCount
      let period = key / (index.productCount * index.siteCount)
      return .disposal(site: site, product: product, period: period)
    }
    let block = addColumns("disposal", meanings) { [scenario, index] meaning in
      guard case .disposal(let site, let product, let period) = meaning else { return "" }
      return "[\(scenario.sites[site].id),\(scenario.products[product].id),\(index.periods[period])]"
    }
    for (offset, key) in disposal.enumerated() { terms[key].append((block.startIndex + offset, -1)) }

    for key in 0..<nodeCount where !terms[key].isEmpty {
      let product = key % index.productCount
      let site = (key / index.productCount) % index.siteCount
      let period = key / (index.productCount * index.siteCount)
      addRow(.balance(site: site, product: product, period: period), lower: 0, upper: 0) { row in
        for term in terms[key] { row.add(term.coefficient, Variable(index: term.column)) }
      }
    }
  }

  private mutating func addDemandRows() {
    for demand in scenario.demand.indices where unmetColumn[demand] >= 0 {
      let bounds = demandBounds(demand).row
      let served = servedColumn[demand]
      let unmet = unmetColumn[demand]
      addRow(.demand(demand: demand), lower: bounds.lower, upper: bounds.upper) { row in
        row.add(1, Variable(index: served))
        row.add(1, Variable(index: unmet))
      }
    }
  }

  /// Columns and sizes of the modules alive for `process` in `period`.
  func aliveModules(process: Int, period: Int) -> [(column: Int, size: Double)] {
    var alive: [(column: Int, size: Double)] = []
    for option in index.processOptions[process] {
      let row = scenario.capacityOptions[option]
      for built in 0...period {
        let column = buildColumn[option * index.periodCount + built]
        if column >= 0, isAlive(row, built: built, in: period) { alive.append((column, row.moduleSize)) }
      }
    }
    return alive
  }

  private mutating func addProcessCapacities() {
    let periods = index.periodCount
    for period in 0..<periods {
      for process in scenario.processes.indices {
        let column = activityColumn[process * periods + period]
        guard column >= 0 else { continue }
        let alive = aliveModules(process: process, period: period)
        addRow(
          .processCapacity(process: process, period: period), upper: scenario.processes[process].capacity
        ) {
          row in
          row.add(1, Variable(index: column))
          for module in alive { row.add(-module.size, Variable(index: module.column)) }
        }
      }
    }
  }

  private mutating func addLaneCapacities() {
    var byLane: [Int: [Int]] = [:]
    for (flow, column) in flowColumn where scenario.lanes[flow.lane].capacity != nil {
      byLane[flow.lane * index.periodCount + flow.period, default: []].append(column)
    }
    for key in byLane.keys.sorted() {
      let lane = key / index.periodCount
      let columns = (byLane[key] ?? []).sorted()
      guard let capacity = scenario.lanes[lane].capacity else { continue }
      addRow(.laneCapacity(lane: lane, period: key % index.periodCount), upper: capacity) { row in
        for column in columns { row.add(1, Variable(index: column)) }
      }
    }
  }

  private mutating func addModuleLimits() {
    for (option, row) in scenario.capacityOptions.enumerated() {
      let columns = buildPeriods(row).map { buildColumn[option * index.periodCount + $0] }
      // One build period: the column bound already says it.
      guard columns.count > 1 else { continue }
      addRow(.moduleLimit(option: option), upper: Double(max(0, moduleLimit[option]))) { terms in
        for column in columns { terms.add(1, Variable(index: column)) }
      }
    }
  }

  /// The most any site can take in, per period, when it has no capacity of its own
  /// (docs/formulation.md, "Site bound").
  func absorptionBounds() -> [Double] {
    var bounds = [Double](repeating: 0, count: index.periodCount)
    for demand in scenario.demand.indices {
      bounds[index.demandPeriod[demand]] += max(0, scenario.demand[demand].quantity)
    }
    for (process, row) in scenario.processes.enumerated() {
      let principal = index.principalOutput[process]
      let perUnit =
        index.processInputs[process].reduce(0) { $0 + $1.quantity }
        + index.processOutputs[process].filter { $0.product != principal }.reduce(0) { $0 + $1.quantity }
      for (period, year) in index.periods.enumerated() where row.isAvailable(in: year) {
        bounds[period] += largestActivity[process] * perUnit
      }
    }
    return bounds
  }

  private mutating func addSiteRows() {
    let periods = index.periodCount
    var inbound = [[Int]](repeating: [], count: index.siteCount * periods)
    for (flow, column) in flowColumn {
      inbound[index.laneTo[flow.lane] * periods + flow.period].append(column)
    }
    for offer in scenario.purchases.indices {
      for period in 0..<periods where purchaseColumn[offer * periods + period] >= 0 {
        inbound[index.purchaseSite[offer] * periods + period].append(purchaseColumn[offer * periods + period])
      }
    }
    var processesAt = [[Int]](repeating: [], count: index.siteCount)
    for process in scenario.processes.indices { processesAt[index.processSite[process]].append(process) }
    let needsBounds = scenario.sites.contains { $0.status != .existing && $0.capacity == nil }
    let absorption = needsBounds ? absorptionBounds() : []
    for (site, row) in scenario.sites.enumerated() {
      for period in 0..<periods {
        let columns = inbound[site * periods + period].sorted()
        let open = openColumn[site * periods + period]
        if open >= 0 {
          if !columns.isEmpty {
            let bound = row.capacity ?? absorption[period]
            siteBounds[site * periods + period] = bound
            addRow(.siteThroughput(site: site, period: period), upper: 0) { terms in
              for column in columns { terms.add(1, Variable(index: column)) }
              terms.add(-bound, Variable(index: open))
            }
          }
          for process in processesAt[site] {
            let activity = activityColumn[process * periods + period]
            guard activity >= 0 else { continue }
            let largest = largestActivity[process]
            addRow(.siteActivity(process: process, period: period), upper: 0) { terms in
              terms.add(1, Variable(index: activity))
              terms.add(-largest, Variable(index: open))
            }
          }
        } else if let capacity = row.capacity, !columns.isEmpty {
          addRow(.siteThroughput(site: site, period: period), upper: capacity) { terms in
            for column in columns { terms.add(1, Variable(index: column)) }
          }
        }
      }
    }
  }

  private mutating func addOpeningOrder() {
    let periods = index.periodCount
    for (site, row) in scenario.sites.enumerated() where row.status != .existing {
      for period in 0..<max(0, periods - 1) {
        let now = Variable(index: openColumn[site * periods + period])
        let next = Variable(index: openColumn[site * periods + period + 1])
        let candidate = row.status == .candidate
        addRow(.openingOrder(site: site, period: period), upper: 0) { terms in
          terms.add(candidate ? 1 : -1, now)
          terms.add(candidate ? -1 : 1, next)
        }
      }
    }
  }

  // MARK: Objective

  private mutating func addCostComponents() {
    let s = scenario
    let periods = index.periodCount
    let rate = s.settings.discountRate
    let discount = index.discount
    func term(
      _ column: Int?, _ period: Int, site: Int, product: Int?, _ parameter: CostParameter
    ) -> CostTerm {
      costTerm(column: column, period: period, site: site, product: product, parameter, multiplier: discount[period])
    }

    var purchases = CostComponent(id: .purchases)
    for offer in s.purchases.indices {
      for period in 0..<periods where purchaseColumn[offer * periods + period] >= 0 {
        purchases.terms.append(
          term(
            purchaseColumn[offer * periods + period], period, site: index.purchaseSite[offer],
            product: index.purchaseProduct[offer], .purchasePrice(offer: offer)))
      }
    }
    var production = CostComponent(id: .production)
    for process in s.processes.indices {
      for period in 0..<periods where activityColumn[process * periods + period] >= 0 {
        production.terms.append(
          term(
            activityColumn[process * periods + period], period, site: index.processSite[process],
            product: index.principalOutput[process], .variableCost(process: process)))
      }
    }
    var transport = CostComponent(id: .transport)
    for (flow, column) in flowColumn.sorted(by: { $0.value < $1.value }) {
      transport.terms.append(
        term(
          column, flow.period, site: index.laneTo[flow.lane], product: flow.product,
          .laneCost(lane: flow.lane)))
    }
    var fixed = CostComponent(id: .fixed)
    var capex = CostComponent(id: .capex)
    for (site, row) in s.sites.enumerated() where row.fixedCost != 0 {
      for period in 0..<periods {
        let open = openColumn[site * periods + period]
        fixed.terms.append(
          term(
            open >= 0 ? open : nil, period, site: site, product: nil, .siteFixedCost(site: site)))
      }
    }
    for (option, row) in s.capacityOptions.enumerated() {
      let site = index.siteIndex[row.site] ?? index.processSite[index.optionProcess[option]]
      let annual = Discounting.annuity(capex: row.capex, rate: rate, lifetime: row.lifetime)
      for built in buildPeriods(row) {
        let column = buildColumn[option * periods + built]
        for period in built..<periods where isAlive(row, built: built, in: period) {
          if row.fixedCost != 0 {
            fixed.terms.append(
              term(
                column, period, site: site, product: nil, .moduleFixedCost(option: option)))
          }
          if annual != 0 {
            capex.terms.append(
              term(column, period, site: site, product: nil, .annualizedCapex(option: option)))
          }
        }
      }
    }
    var unmet = CostComponent(id: .unmetDemand)
    var revenue = CostComponent(id: .revenue, isRevenue: true)
    for (demand, row) in s.demand.enumerated() {
      let site = index.demandSite[demand]
      let product = index.demandProduct[demand]
      let period = index.demandPeriod[demand]
      if row.penalty != nil, unmetColumn[demand] >= 0 {
        unmet.terms.append(
          term(
            unmetColumn[demand], period, site: site, product: product, .penalty(demand: demand)))
      }
      if row.price != nil {
        revenue.terms.append(
          term(
            servedColumn[demand], period, site: site, product: product, .price(demand: demand)))
      }
    }
    components = [purchases, production, transport, fixed, capex, unmet]
    if maximizesProfit { components.append(revenue) }
  }

  /// Writes the components into the model's objective: costs count positive when minimizing,
  /// and negative against revenue when maximizing profit.
  private mutating func applyObjective() {
    let costSign: Double = maximizesProfit ? -1 : 1
    for component in components {
      let sign = component.isRevenue ? -costSign : costSign
      for term in component.terms {
        if let column = term.column {
          model.addToObjective(sign * term.coefficient, for: Variable(index: column))
        } else {
          model.objectiveOffset += sign * term.coefficient
        }
      }
    }
  }
}
