/// Checks a whole scenario across its tables and reports every problem at once.
///
/// Cell-level checks (types, ranges, required values, duplicate keys) belong to the readers, which
/// see the cells; this validator checks what needs several tables: references, the horizon,
/// equity shares, recipes, and whether each demand can be reached by some producer or purchase.
public struct ScenarioValidator {
  let scenario: Scenario
  var found: [Diagnostic] = []

  let siteIDs: Set<Site.ID>
  let productIDs: Set<Product.ID>
  let processIDs: Set<Process.ID>
  let blocIDs: Set<String>
  let products: [Product.ID: Product]
  /// Tables that could not be read whole; checks that need them are skipped to avoid cascades.
  let incomplete: Set<Table>

  /// A validator for `scenario`; `incompleteTables` lists tables a reader could not read whole
  /// (a missing or unreadable file), whose absence should not be reported row by row elsewhere.
  public init(_ scenario: Scenario, incompleteTables: Set<Table> = []) {
    self.scenario = scenario
    incomplete = incompleteTables
    siteIDs = Set(scenario.sites.map(\.id))
    productIDs = Set(scenario.products.map(\.id))
    processIDs = Set(scenario.processes.map(\.id))
    blocIDs = Set(scenario.policy.blocs.map(\.id.rawValue))
    products = Dictionary(scenario.products.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// Every problem found, errors and warnings.
  public func diagnostics() -> [Diagnostic] {
    var validator = self
    validator.checkSites()
    validator.checkProducts()
    validator.checkProcesses()
    validator.checkLanes()
    validator.checkDemand()
    validator.checkPurchases()
    validator.checkCapacityOptions()
    validator.checkPolicy()
    // Supply checks need every table that can supply or carry a product.
    let supplyTables: Set<Table> = [.products, .sites, .processes, .recipes, .lanes, .purchases]
    if incomplete.isDisjoint(with: supplyTables) { validator.checkReachability() }
    return validator.found
  }

  // MARK: Reporting

  mutating func error(_ reference: RowReference, _ message: String, fix: String?) {
    found.append(Diagnostic(.error, message, fix: fix, row: reference))
  }

  mutating func warning(_ reference: RowReference, _ message: String, fix: String?) {
    found.append(Diagnostic(.warning, message, fix: fix, row: reference))
  }

  /// Reports `id` when it is not among `known`; empty ids were already reported as missing values.
  mutating func reference<Entity>(
    _ id: Identifier<Entity>, in known: Set<Identifier<Entity>>, what: String, table: Table,
    at reference: @autoclosure () -> RowReference
  ) {
    guard !id.rawValue.isEmpty, !known.contains(id), !incomplete.contains(table) else { return }
    let file = table.rawValue + ".csv"
    let fix =
      Suggestion.fix(for: id.rawValue, among: known.map(\.rawValue)) ?? "add it to \(file) or correct the id"
    error(reference(), "unknown \(what) '\(id)'", fix: fix)
  }

  // References are made only for a problem: most rows have none, and each costs an array.
  mutating func site(_ id: Site.ID, at reference: @autoclosure () -> RowReference) {
    self.reference(id, in: siteIDs, what: "site", table: .sites, at: reference())
  }

  mutating func product(_ id: Product.ID, at reference: @autoclosure () -> RowReference) {
    self.reference(id, in: productIDs, what: "product", table: .products, at: reference())
  }

  /// Reports a period that is not one of the horizon's.
  mutating func period(
    _ period: Year?, at reference: @autoclosure () -> RowReference, severity: Diagnostic.Severity = .error
  ) {
    guard let period, !scenario.periods.contains(period), let horizon = scenario.settings.horizon else {
      return
    }
    let message =
      horizon.contains(period)
      ? "period \(period) is not one of the scenario's periods"
      : "period \(period) is outside the horizon \(horizon.lowerBound)-\(horizon.upperBound)"
    let fix = "use a period listed in scenario.yaml or extend `periods`"
    found.append(Diagnostic(severity, message, fix: fix, row: reference()))
  }

  mutating func owners(_ shares: [Share], at reference: @autoclosure () -> RowReference) {
    guard !shares.isEmpty else { return }
    let companies = shares.map(\.company)
    if Set(companies).count != companies.count {
      error(reference(), "a company is listed twice among the owners", fix: "give each company one share")
    }
    let total = shares.reduce(0) { $0 + $1.fraction }
    if abs(total - 1) > 1e-6 {
      let shown = (total * 1_000_000).rounded() / 1_000_000
      error(reference(), "equity shares sum to \(shown), not 1", fix: "adjust the shares so they add up to 1")
    }
  }

  mutating func place(_ place: String, at reference: RowReference, allowAny: Bool = true) {
    guard !place.isEmpty else { return }
    if place == "*" {
      if !allowAny { error(reference, "'*' is not allowed here", fix: "name a country or bloc") }
      return
    }
    guard !Countries.isValid(place), !blocIDs.contains(place), !incomplete.contains(.blocs) else { return }
    let fix =
      Suggestion.fix(for: place, among: blocIDs)
      ?? (place.count == 2
        ? Countries.fix(for: place) : "use a country code such as US, or add the bloc to blocs.csv")
    error(reference, "unknown country or bloc '\(place)'", fix: fix)
  }

  mutating func dates(_ from: Day?, _ until: Day?, at reference: RowReference) {
    if let from, let until, until < from {
      error(
        reference, "effective_until \(until) is before effective_from \(from)",
        fix: "swap the dates or correct one")
    }
  }

  // MARK: Tables

  mutating func checkSites() {
    for site in scenario.sites {
      owners(site.owners, at: site.reference("owners"))
      if let company = site.operator, !site.owners.isEmpty,
        !site.owners.contains(where: { $0.company == company })
      {
        warning(
          site.reference("operator"), "operator '\(company)' is not among the owners of '\(site.id)'",
          fix: Suggestion.fix(for: company.rawValue, among: site.owners.map(\.company.rawValue)))
      }
    }
  }

  mutating func checkProducts() {
    var made = Set<Product.ID>(), used = Set<Product.ID>()
    for process in scenario.processes {
      made.formUnion(process.outputs.map(\.product))
      used.formUnion(process.inputs.map(\.product))
    }
    let bought = Set(scenario.purchases.map(\.product))
    var demanded = Set<Product.ID>()
    var lastDemanded: Product.ID?
    for demand in scenario.demand where demand.product != lastDemanded {
      demanded.insert(demand.product)
      lastDemanded = demand.product
    }
    let sources: Set<Table> = [.processes, .recipes, .purchases, .demand]
    for product in scenario.products
    where !made.contains(product.id) && !bought.contains(product.id) && incomplete.isDisjoint(with: sources) {
      if demanded.contains(product.id) || used.contains(product.id) {
        error(
          product.reference("id"), "nothing makes or sells product '\(product.id)'",
          fix: "add a process whose recipe outputs it, or a purchase of it")
      } else {
        warning(
          product.reference("id"), "product '\(product.id)' is never made, bought, used or demanded",
          fix: "remove it or use it")
      }
    }
    for value in scenario.customsValueRows { period(value.period, at: value.reference("period")) }
  }

  mutating func checkProcesses() {
    let optionProcesses = Set(scenario.capacityOptions.map(\.process))
    for process in scenario.processes {
      site(process.site, at: process.reference("site"))
      if let from = process.availableFrom, let until = process.availableUntil, until < from {
        error(
          process.reference("available_until"), "available_until \(until) is before available_from \(from)",
          fix: "swap the years or correct one")
      }
      if process.outputs.isEmpty && !incomplete.contains(.recipes) {
        error(
          process.reference("id"), "process '\(process.id)' makes nothing",
          fix: "add an output row for it to recipes.csv")
      }
      if process.capacity == 0 && !optionProcesses.contains(process.id) {
        warning(
          process.reference("capacity"), "process '\(process.id)' has no capacity and no capacity option",
          fix: "give it a capacity or a row in capacity_options.csv")
      }
      for line in process.recipeLines { product(line.item.product, at: line.reference("product")) }
      for (role, items) in [(Process.Role.input, process.inputs), (.output, process.outputs)]
      where items.filter(\.isPrincipal).count > 1 {
        warning(
          process.reference("id"), "process '\(process.id)' marks more than one principal \(role.rawValue)",
          fix: "mark one \(role.rawValue) as principal in recipes.csv")
      }
      checkMassBalance(process)
    }
  }

  /// Warns when a recipe makes more mass than it consumes: usually a wrong quantity or unit.
  mutating func checkMassBalance(_ process: Process) {
    func tonnes(_ items: [Process.Item]) -> Double? {
      var total = 0.0
      for item in items {
        guard let perUnit = products[item.product]?.unit.tonnes else { return nil }
        total += item.quantity * perUnit
      }
      return total
    }
    guard !process.inputs.isEmpty, let input = tonnes(process.inputs), let output = tonnes(process.outputs),
      input > 0
    else { return }
    if output > input * 1.001 {
      warning(
        process.reference("id"),
        "recipe of '\(process.id)' makes \(Self.short(output)) t from \(Self.short(input)) t of inputs",
        fix: "check the recipe quantities and the products' units")
    }
  }

  /// A figure for a message, to three decimals; whole numbers of any size without `.0`.
  static func short(_ value: Double) -> String {
    let rounded = (value * 1000).rounded() / 1000
    // Int64 holds integers below 9.2e18; beyond 1e15 doubles are integers anyway and print with an exponent.
    return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
  }

  mutating func checkLanes() {
    for lane in scenario.lanes {
      site(lane.from, at: lane.reference("from"))
      site(lane.to, at: lane.reference("to"))
      if lane.from == lane.to, !lane.from.rawValue.isEmpty {
        error(
          lane.reference("to"), "lane '\(lane.id)' starts and ends at '\(lane.from)'",
          fix: "correct 'from' or 'to'")
      }
      for product in lane.products { self.product(product, at: lane.reference("products")) }
      if lane.costPerUnitKm > 0 && lane.distance == nil {
        warning(
          lane.reference("cost_per_unit_km"), "cost per unit-km without a distance counts as 0",
          fix: "fill in distance_km")
      }
    }
  }

  mutating func checkDemand() {
    // Rows come grouped by site and product: an id equal to the last row's known one needs no lookup.
    var knownSite: Site.ID?, knownProduct: Product.ID?
    for demand in scenario.demand {
      if demand.site != knownSite {
        site(demand.site, at: demand.reference("site"))
        if siteIDs.contains(demand.site) { knownSite = demand.site }
      }
      if demand.product != knownProduct {
        product(demand.product, at: demand.reference("product"))
        if productIDs.contains(demand.product) { knownProduct = demand.product }
      }
      period(demand.period, at: demand.reference("period"))
    }
  }

  mutating func checkPurchases() {
    for purchase in scenario.purchases {
      site(purchase.site, at: purchase.reference("site"))
      product(purchase.product, at: purchase.reference("product"))
      period(purchase.period, at: purchase.reference("period"))
    }
  }

  mutating func checkCapacityOptions() {
    let processes = Dictionary(
      scenario.processes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for option in scenario.capacityOptions {
      site(option.site, at: option.reference("site"))
      reference(
        option.process, in: processIDs, what: "process", table: .processes,
        at: option.reference("process"))
      if let process = processes[option.process], !option.site.rawValue.isEmpty, process.site != option.site {
        error(
          option.reference("site"),
          "process '\(process.id)' is at site '\(process.site)', not '\(option.site)'",
          fix: "use site '\(process.site)' or another process")
      }
      owners(option.owners, at: option.reference("owners"))
      period(option.earliestPeriod, at: option.reference("earliest_period"), severity: .warning)
    }
  }

  mutating func checkPolicy() {
    let policy = scenario.policy
    let ruleIDs = Set(policy.tariffRules.map(\.id))
    for rule in policy.tariffRules {
      place(rule.importer, at: rule.reference("importer"), allowAny: false)
      place(rule.origin, at: rule.reference("origin"))
      dates(rule.effectiveFrom, rule.effectiveUntil, at: rule.reference("effective_until"))
      for excluded in rule.excludes {
        reference(
          excluded, in: ruleIDs, what: "tariff rule", table: .tariffRules, at: rule.reference("excludes")
        )
      }
    }
    for quota in policy.tariffQuotas {
      place(quota.importer, at: quota.reference("importer"), allowAny: false)
      place(quota.origin, at: quota.reference("origin"))
      period(quota.period, at: quota.reference("period"))
    }
    let owners = Set(
      scenario.sites.flatMap(\.owners).map(\.company)
        + scenario.capacityOptions.flatMap(\.owners).map(\.company))
    for rule in policy.originRules {
      if let site = rule.site { self.site(site, at: rule.reference("site")) }
      if let region = rule.region { place(region, at: rule.reference("region"), allowAny: false) }
      if let company = rule.company, !owners.contains(company) {
        warning(
          rule.reference("company"), "company '\(company)' owns no site or option",
          fix: Suggestion.fix(for: company.rawValue, among: owners.map(\.rawValue)))
      }
      if rule.site == nil && rule.company == nil && rule.region == nil {
        error(
          rule.reference("id"), "origin rule '\(rule.id)' applies to nothing",
          fix: "fill in site, company or region")
      }
      for product in rule.products { self.product(product, at: rule.reference("products")) }
      for origin in rule.qualifyingOrigins { place(origin, at: rule.reference("qualifying_origins")) }
      for origin in rule.excludedOrigins { place(origin, at: rule.reference("excluded_origins")) }
      dates(rule.effectiveFrom, rule.effectiveUntil, at: rule.reference("effective_until"))
      // A blank incentive_product earns the incentive per unit of the rule's products received.
      if rule.mode == .incentive && rule.incentivePerUnit == nil {
        error(
          rule.reference("incentive_per_unit"), "an incentive rule needs incentive_per_unit",
          fix: "fill it in, or set mode to hard")
      }
      if let product = rule.incentiveProduct {
        self.product(product, at: rule.reference("incentive_product"))
      }
    }
    for price in policy.carbonPrices {
      period(price.period, at: price.reference("period"))
      if let jurisdiction = price.jurisdiction {
        place(jurisdiction, at: price.reference("jurisdiction"), allowAny: false)
      }
      if price.kind != .internal && price.jurisdiction == nil {
        error(
          price.reference("jurisdiction"),
          "\(price.kind == .emissions ? "an" : "a") \(price.kind.rawValue) price needs a jurisdiction",
          fix: "name the country or bloc")
      }
    }
    for cap in policy.carbonCaps {
      period(cap.period, at: cap.reference("period"))
      let subject = cap.subject ?? ""
      switch cap.scope {
      case .total:
        if !subject.isEmpty {
          warning(cap.reference("subject"), "a total cap has no subject", fix: "leave subject blank")
        }
      case .site: site(Site.ID(subject), at: cap.reference("subject"))
      case .country: place(subject, at: cap.reference("subject"), allowAny: false)
      case .company:
        if !owners.contains(Company.ID(subject)) {
          warning(
            cap.reference("subject"), "company '\(subject)' owns no site or option",
            fix: Suggestion.fix(for: subject, among: owners.map(\.rawValue)))
        }
      }
      if cap.scope != .total && subject.isEmpty {
        error(
          cap.reference("subject"), "a \(cap.scope.rawValue) cap needs a subject",
          fix: "name the \(cap.scope.rawValue)")
      }
    }
    for factor in policy.gridFactors { period(factor.period, at: factor.reference("period")) }
    if !policy.gridFactors.isEmpty {
      let countries = Set(policy.gridFactors.map(\.country))
      var reported = Set<CountryCode>()
      let sites = Dictionary(scenario.sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      for process in scenario.processes where process.energy > 0 {
        guard let site = sites[process.site], !site.country.isEmpty, !countries.contains(site.country),
          reported.insert(site.country).inserted
        else { continue }
        warning(
          process.reference("energy"),
          "no grid factor for \(site.country), where '\(process.id)' uses electricity",
          fix: "add a row for \(site.country) to grid_factors.csv")
      }
    }
  }

  // MARK: Reachability

  /// Reports demand no chain of purchases, processes and lanes can supply, once per site and product.
  ///
  /// Structure only: capacities and limits are quantities the planner weighs (a zero capacity has its
  /// own warning), so a bad number elsewhere does not make demand look unreachable.
  ///
  /// - Complexity: O(purchases + recipe lines + reachable (site, product) pairs × lanes leaving the site),
  ///   a breadth-first search over integer-numbered places.
  mutating func checkReachability() {
    var siteNumber: [Site.ID: Int] = [:], productNumber: [Product.ID: Int] = [:]
    var productByNumber: [Product.ID] = []
    for site in scenario.sites where siteNumber[site.id] == nil { siteNumber[site.id] = siteNumber.count }
    for product in scenario.products where productNumber[product.id] == nil {
      productNumber[product.id] = productByNumber.count
      productByNumber.append(product.id)
    }
    let productCount = max(1, productNumber.count)
    func place(_ site: Site.ID, _ product: Product.ID) -> Int? {
      guard let s = siteNumber[site], let p = productNumber[product] else { return nil }
      return s * productCount + p
    }
    var available = [Bool](repeating: false, count: siteNumber.count * productCount)
    var queue: [Int] = []
    func reach(_ place: Int?) {
      guard let place, !available[place] else { return }
      available[place] = true
      queue.append(place)
    }
    // Each process waits for its distinct input places; a process without inputs runs from the start.
    var waiting: [Int: [Int]] = [:]
    var missing: [Int] = []
    var outputs: [[Int]] = []
    for process in scenario.processes {
      let index = outputs.count
      outputs.append(process.outputs.compactMap { place(process.site, $0.product) })
      let inputs = Set(process.inputs.map { place(process.site, $0.product) })
      missing.append(inputs.count)
      for input in inputs {
        guard let input else { continue }  // an unknown input never arrives; reported elsewhere
        waiting[input, default: []].append(index)
      }
    }
    // Lanes by origin in one flat array (counting sort): a lane is its destination and the product
    // numbers it carries (nil: every product), so the search below copies no lane and hashes no id.
    var laneStart = [Int](repeating: 0, count: siteNumber.count + 1)
    for lane in scenario.lanes { if let from = siteNumber[lane.from] { laneStart[from + 1] += 1 } }
    for index in 0..<siteNumber.count { laneStart[index + 1] += laneStart[index] }
    var laneFill = laneStart
    var laneTarget = [Int?](repeating: nil, count: laneStart[siteNumber.count])
    var laneProducts = [[Int]?](repeating: nil, count: laneStart[siteNumber.count])
    for lane in scenario.lanes {
      guard let from = siteNumber[lane.from] else { continue }
      let slot = laneFill[from]
      laneFill[from] += 1
      laneTarget[slot] = siteNumber[lane.to]
      // A listed product outside products.csv can never be carried to a known place.
      if !lane.products.isEmpty { laneProducts[slot] = lane.products.compactMap { productNumber[$0] } }
    }
    for purchase in scenario.purchases { reach(place(purchase.site, purchase.product)) }
    for (index, count) in missing.enumerated() where count == 0 { outputs[index].forEach { reach($0) } }
    var next = 0
    while next < queue.count {
      let current = queue[next]
      next += 1
      for index in waiting[current] ?? [] {
        missing[index] -= 1
        if missing[index] == 0 { outputs[index].forEach { reach($0) } }
      }
      let site = current / productCount, product = current % productCount
      for slot in laneStart[site]..<laneStart[site + 1] {
        guard let target = laneTarget[slot], laneProducts[slot]?.contains(product) ?? true else { continue }
        reach(target * productCount + product)
      }
    }
    var isMade = [Bool](repeating: false, count: productCount)
    for process in scenario.processes {
      for output in process.outputs { if let p = productNumber[output.product] { isMade[p] = true } }
    }
    for purchase in scenario.purchases { if let p = productNumber[purchase.product] { isMade[p] = true } }
    var reported = Set<Int>()
    // Demand rows come grouped by site and product: remember the last pair's place.
    var last: (site: Site.ID, product: Product.ID, place: Int?)?
    for demand in scenario.demand where demand.quantity > 0 {
      let target: Int?
      if let last, last.site == demand.site, last.product == demand.product {
        target = last.place
      } else {
        // A product outside products.csv has no place: it is reported as unknown elsewhere.
        target = productNumber[demand.product].flatMap { isMade[$0] ? place(demand.site, demand.product) : nil }
        last = (demand.site, demand.product, target)
      }
      guard let target, !available[target], reported.insert(target).inserted else { continue }
      error(
        demand.reference("product"),
        "no producer or purchase can reach '\(demand.product)' at '\(demand.site)'",
        fix: "add a lane into '\(demand.site)' that carries it, a process there that makes it, or a purchase")
    }
  }
}
