import FerriteModel
import LinearProgramming

/// One number of a scenario, addressed as in its files: a column of one row of a table.
///
/// `row` is the position in the scenario's array for the table (`scenario.demand`,
/// `scenario.policy.tariffRules`, ...), which is also the row's position in the table.
public struct ScenarioNumber: Hashable, Sendable, CustomStringConvertible {
  /// The table's name in the scenario format: `tariff_rules`.
  public var table: String
  public var row: Int
  /// The column's name in the scenario format: `ad_valorem`.
  public var column: String

  public init(table: String, row: Int, column: String) {
    self.table = table
    self.row = row
    self.column = column
  }

  public var description: String { "\(table)[\(row)].\(column)" }
}

/// How a numeric column of the scenario format reaches the model.
public enum ParameterRule: Sendable, Equatable {
  /// Objective coefficients (and the objective constant): prices, costs, rates.
  case costs
  /// Column or row bounds: quantities, capacities, caps, limits; and the big-M coefficients and
  /// bounds computed from them.
  case bounds
  /// Matrix coefficients and the bounds that go with them (origin-share thresholds).
  case coefficients
  /// A change needs the model built again; the reason says why.
  case structural(String)

  /// Whether a change can be written into a built model.
  public var isMapped: Bool {
    if case .structural = self { return false }
    return true
  }
}

/// What setting some scenario numbers does to a built model, and the values the run's figures need.
public struct ParameterChanges: Sendable {
  /// Every position the changed numbers feed, whether or not its value moved, so that writing the
  /// changes of one run after another never leaves a number of an earlier run behind.
  public var model = ModelChanges()
  /// The new value of every cost parameter the numbers set (for the run's cost components).
  public var costs: [CostParameter: Double] = [:]
  /// The new quantity of every demand row the numbers set.
  public var demandQuantities: [Int: Double] = [:]
}

/// Why a change of scenario numbers needs the model built again.
public struct StructureChange: Error, Sendable, Equatable, CustomStringConvertible {
  public var number: ScenarioNumber
  public var reason: String
  public var description: String { "\(number.table).\(number.column): \(reason)" }
}

extension Formulation {
  /// How each numeric column of the scenario format reaches the model; nil for a column this
  /// table does not know (a test checks that every numeric column of the schema is here).
  ///
  /// One place for the rule of each number: `changes(setting:)` maps the mapped ones, and the
  /// builders compute the same numbers through the same functions (`costValue(of:)`,
  /// `demandBounds(_:)`, `derivedNumbers(_:)`).
  public static func parameterRule(table: String, column: String) -> ParameterRule? {
    switch (table, column) {
    case ("purchases", "price"), ("processes", "variable_cost"), ("lanes", "cost_per_unit"),
      ("lanes", "cost_per_unit_km"), ("sites", "fixed_cost"), ("capacity_options", "fixed_cost"),
      ("capacity_options", "capex"), ("demand", "price"), ("demand", "penalty"), ("carbon_prices", "price"),
      ("tariff_rules", "ad_valorem"), ("tariff_rules", "specific"), ("tariff_quotas", "in_quota_rate"),
      ("tariff_quotas", "out_of_quota_rate"), ("origin_rules", "incentive_per_unit"):
      return .costs
    case ("demand", "quantity"), ("processes", "capacity"), ("sites", "capacity"), ("lanes", "capacity"),
      ("purchases", "limit"), ("carbon_caps", "cap"), ("tariff_quotas", "quantity"):
      return .bounds
    case ("origin_rules", "threshold"):
      return .coefficients
    case (_, "period"), (_, "available_from"), (_, "available_until"), (_, "earliest_period"),
      (_, "lead_time"), (_, "lifetime"):
      return .structural("it decides in which periods the row's variables and rows exist")
    case (_, "effective_from"), (_, "effective_until"):
      return .structural("it decides which flows a rule covers and its share of each period")
    case ("sites", "latitude"), ("sites", "longitude"), ("lanes", "transit_days"):
      return .structural("the model does not read it (maps and reports do), so a change needs no solve")
    case ("recipes", "quantity"):
      return .structural("it is a coefficient of every material balance and origin row and feeds every big-M")
    case ("capacity_options", "module_size"), ("capacity_options", "max_modules"):
      return .structural("it sets capacity-row coefficients, build bounds and every big-M built on the largest activity")
    case ("products", "customs_value"), ("products", "steel_content"), ("products", "aluminium_content"),
      ("customs_values", "value"):
      return .structural("it multiplies every duty and quota rate and weighs value-basis origin shares")
    case ("processes", "energy"), ("processes", "emissions"), ("lanes", "emission_factor"), ("lanes", "distance_km"),
      ("purchases", "footprint"), ("grid_factors", "factor"):
      return .structural("it sets emission factors: carbon-price multipliers, cap rows and low-carbon classes")
    default:
      return nil
    }
  }

  /// The model changes that setting `values` makes, or the first number whose change only a
  /// rebuilt model can show.
  ///
  /// Costs are recomputed term by term from the cost parameter's new value (`costValue(of:)`) times
  /// the term's multiplier; bounds and coefficients by computing the derived numbers of the families
  /// a number feeds (`derivedNumbers(_:)`) on the scenario with the new values.
  public func changes(setting values: [ScenarioNumber: Double]) -> Result<ParameterChanges, StructureChange> {
    var changed = self
    var parameters = Set<CostParameter>()
    var families = Set<DerivedFamily>()
    var result = ParameterChanges()
    for (number, value) in values.sorted(by: { "\($0.key)" < "\($1.key)" }) {
      switch changed.set(number, to: value) {
      case .failure(let why): return .failure(StructureChange(number: number, reason: why.text))
      case .success(let effect):
        if let parameter = effect.parameter { parameters.insert(parameter) }
        families.formUnion(effect.families)
        if number.table == "demand", number.column == "quantity" { result.demandQuantities[number.row] = value }
      }
    }
    if families.contains(.processCapacities) || families.contains(.originShares) {
      changed.largestActivity = changed.largestActivities()
    }
    if !parameters.isEmpty {
      // Sum every term of each column the parameters reach, in the order `applyObjective` adds
      // them, so that a changed coefficient is the very number a rebuilt model holds.
      var reached = Set<Int>()
      var reachesOffset = false
      for component in components {
        for term in component.terms where parameters.contains(term.parameter) {
          if let column = term.column { reached.insert(column) } else { reachesOffset = true }
        }
      }
      for parameter in parameters { result.costs[parameter] = changed.costValue(of: parameter) ?? 0 }
      var objective: [Int: Double] = [:]
      var offset = 0.0
      let costSign: Double = maximizesProfit ? -1 : 1
      for component in components {
        let sign = component.isRevenue ? -costSign : costSign
        for term in component.terms {
          let coefficient = result.costs[term.parameter].map { $0 * term.multiplier } ?? term.coefficient
          if let column = term.column {
            if reached.contains(column) { objective[column, default: 0] += sign * coefficient }
          } else if reachesOffset {
            offset += sign * coefficient
          }
        }
      }
      result.model.costs = objective
      if reachesOffset { result.model.objectiveOffset = offset }
    }
    result.model.merge(changed.derivedNumbers(families))
    return .success(result)
  }

  // MARK: One rule per number

  /// The value of a cost parameter in this formulation's scenario: what every cost term of the
  /// parameter multiplies (by its discount, emissions, duty base...). nil where the scenario has
  /// no such value (a demand row without a price).
  func costValue(of parameter: CostParameter) -> Double? {
    let s = scenario
    switch parameter {
    case .purchasePrice(let offer): return s.purchases[offer].price
    case .variableCost(let process): return s.processes[process].variableCost
    case .laneCost(let lane): return s.lanes[lane].unitCost
    case .siteFixedCost(let site): return s.sites[site].fixedCost
    case .moduleFixedCost(let option): return s.capacityOptions[option].fixedCost
    case .annualizedCapex(let option):
      let row = s.capacityOptions[option]
      return Discounting.annuity(capex: row.capex, rate: s.settings.discountRate, lifetime: row.lifetime)
    case .penalty(let demand): return s.demand[demand].penalty
    case .price(let demand): return s.demand[demand].price
    case .carbonPrice(let price): return s.policy.carbonPrices[price].price
    case .dutyRate(let rule): return s.policy.tariffRules[rule].adValorem
    case .dutyPerUnit(let rule): return s.policy.tariffRules[rule].specific
    case .quotaRate(let quota, let inQuota):
      let row = s.policy.tariffQuotas[quota]
      return inQuota ? row.inQuotaRate : row.outOfQuotaRate
    case .incentive(let rule): return s.policy.originRules[rule].incentivePerUnit
    }
  }

  /// A cost term: the parameter's value (`costValue(of:)`) times `multiplier` on `column`; every
  /// builder makes its terms here, so the value a term is built with is the one a change recomputes.
  func costTerm(
    column: Int?, period: Int, site: Int, product: Int?, _ parameter: CostParameter, multiplier: Double
  ) -> CostTerm {
    CostTerm(
      column: column, period: period, site: site, product: product, parameter: parameter,
      multiplier: multiplier, coefficient: (costValue(of: parameter) ?? 0) * multiplier)
  }

  /// Bounds of a demand row's served and unmet columns and of its row (served + unmet = quantity):
  /// a hard demand must be served in full.
  func demandBounds(_ demand: Int) -> (served: ModelChanges.Bounds, unmet: ModelChanges.Bounds, row: ModelChanges.Bounds) {
    let row = scenario.demand[demand]
    let quantity = max(0, row.quantity)
    return (.init(lower: row.isHard ? quantity : 0, upper: quantity), .init(lower: 0, upper: quantity),
      .init(lower: quantity, upper: quantity))
  }

  /// Largest possible activity of each process: its capacity plus every module its options allow.
  func largestActivities() -> [Double] {
    scenario.processes.enumerated().map { process, row in
      row.capacity
        + index.processOptions[process].reduce(0) { sum, option in
          sum + scenario.capacityOptions[option].moduleSize * Double(max(0, moduleLimit[option]))
        }
    }
  }

  /// The families of model numbers computed from scenario quantities (rather than written from one
  /// cell), which a change of a quantity must recompute.
  enum DerivedFamily: Hashable, Sendable {
    case demand, processCapacities, siteRows, purchaseLimits, laneCapacities, carbonCaps, quotas, originShares
  }

  /// Every number of `families` as this formulation's scenario gives it, by position.
  func derivedNumbers(_ families: Set<DerivedFamily>) -> ModelChanges {
    var numbers = ModelChanges()
    guard !families.isEmpty else { return numbers }
    let rows = rowPositions()
    let periods = index.periodCount
    if families.contains(.demand) {
      for demand in scenario.demand.indices {
        let bounds = demandBounds(demand)
        if let served = column(for: .served(demand: demand)) { numbers.columnBounds[served] = bounds.served }
        if let unmet = column(for: .unmet(demand: demand)) { numbers.columnBounds[unmet] = bounds.unmet }
        if let row = rows[.demand(demand: demand)] { numbers.rowBounds[row] = bounds.row }
      }
    }
    if families.contains(.processCapacities) {
      for process in scenario.processes.indices {
        for period in 0..<periods {
          guard let row = rows[.processCapacity(process: process, period: period)] else { continue }
          numbers.rowBounds[row] = .init(lower: -.infinity, upper: scenario.processes[process].capacity)
        }
      }
    }
    if families.contains(.siteRows) {
      let needsBounds = scenario.sites.contains { $0.status != .existing && $0.capacity == nil }
      let absorption = needsBounds ? absorptionBounds() : []
      for (site, row) in scenario.sites.enumerated() {
        for period in 0..<periods {
          guard let position = rows[.siteThroughput(site: site, period: period)] else { continue }
          if let open = column(for: .open(site: site, period: period)) {
            let bound = row.capacity ?? absorption[period]
            numbers.coefficients[.init(row: position, column: open)] = -bound
          } else if let capacity = row.capacity {
            numbers.rowBounds[position] = .init(lower: -.infinity, upper: capacity)
          }
        }
      }
      for process in scenario.processes.indices {
        for period in 0..<periods {
          guard let position = rows[.siteActivity(process: process, period: period)],
            let open = column(for: .open(site: index.processSite[process], period: period))
          else { continue }
          numbers.coefficients[.init(row: position, column: open)] = -largestActivity[process]
        }
      }
    }
    if families.contains(.purchaseLimits) {
      for (offer, purchase) in scenario.purchases.enumerated() {
        for period in 0..<periods {
          guard let column = column(for: .purchase(offer: offer, period: period)) else { continue }
          numbers.columnBounds[column] = .init(lower: 0, upper: purchase.limit ?? .infinity)
        }
      }
    }
    if families.contains(.laneCapacities) {
      for (lane, row) in scenario.lanes.enumerated() {
        guard let capacity = row.capacity else { continue }
        for period in 0..<periods {
          guard let position = rows[.laneCapacity(lane: lane, period: period)] else { continue }
          numbers.rowBounds[position] = .init(lower: -.infinity, upper: capacity)
        }
      }
    }
    if families.contains(.carbonCaps) {
      for (position, cap) in scenario.policy.carbonCaps.enumerated() {
        guard let row = carbon.capRows[position] else { continue }
        numbers.rowBounds[row] = .init(lower: -.infinity, upper: cap.cap)
      }
    }
    if let trade, families.contains(.quotas) {
      for (key, row) in trade.quotaRows {
        numbers.rowBounds[row] = .init(lower: -.infinity, upper: quotaBound(key.quota, period: key.period))
      }
    }
    if let trade, families.contains(.originShares) {
      for (group, entry) in trade.shareGroups.enumerated() {
        for (period, shareRow) in entry.shareRow {
          guard let list = entry.receipts[period] else { continue }
          let limits = shareLimits(rule: entry.rule, sites: entry.sites, period: period, list: list)
          let qualifies = entry.qualifyColumn[period]
          for item in list {
            numbers.coefficients[.init(row: shareRow, column: item.column)] = limits.receiptCoefficient(item)
          }
          numbers.rowBounds[shareRow] = .init(lower: qualifies == nil ? 0 : -limits.bigM, upper: .infinity)
          if let qualifies {
            numbers.coefficients[.init(row: shareRow, column: qualifies)] = -limits.bigM
          }
          if let exclusion = rows[.trade(.originExclusion(group: group, period: period))] {
            let limit = qualifies == nil ? 0 : limits.exclusionLimit
            numbers.rowBounds[exclusion] = .init(lower: -.infinity, upper: limit)
            if let qualifies { numbers.coefficients[.init(row: exclusion, column: qualifies)] = limit }
          }
          if let qualifies, let row = rows[.trade(.incentiveQualified(group: group, period: period))] {
            numbers.coefficients[.init(row: row, column: qualifies)] = -limits.earnedCap
          }
        }
      }
    }
    // The facility links' bounds come from demand and capacities (Formulation+FacilityLinks.swift).
    if !families.isDisjoint(with: [.demand, .processCapacities, .siteRows, .laneCapacities]) {
      numbers.merge(facilityLinkChanges())
    }
    return numbers
  }

  /// The in-quota volume of a quota in a period: its quantity times the share of the period it is in force.
  func quotaBound(_ quota: Int, period: Int) -> Double {
    let row = scenario.policy.tariffQuotas[quota]
    let interval = EffectiveDays.interval(from: row.effectiveFrom, until: row.effectiveUntil)
    return max(0, row.quantity) * EffectiveDays.share(of: index.periods[period], in: interval)
  }

  // MARK: Setting a number

  /// Why a number cannot be set in place.
  struct Why: Error, ExpressibleByStringInterpolation {
    var text: String
    init(_ text: String) { self.text = text }
    init(stringLiteral text: String) { self.text = text }
    init(stringInterpolation: DefaultStringInterpolation) { text = String(stringInterpolation: stringInterpolation) }
  }

  /// What a set number feeds: a cost parameter, families of derived numbers.
  private struct Effect {
    var parameter: CostParameter?
    var families: Set<DerivedFamily> = []
  }

  /// Writes `value` into this formulation's scenario (not its model), or says why a rebuilt model
  /// is needed to show it.
  private mutating func set(_ number: ScenarioNumber, to value: Double) -> Result<Effect, Why> {
    guard value.isFinite else { return .failure("\(value) is not a number the model can take") }
    guard let rule = Self.parameterRule(table: number.table, column: number.column) else {
      return .failure("the model does not map this column")
    }
    if case .structural(let reason) = rule { return .failure(Why(reason)) }
    let row = number.row
    let noTerm: Why = "its value in the base is zero or blank, so the base model has no term for it"
    func inRange(_ count: Int) -> Bool { (0..<count).contains(row) }
    // Facility links exist or not, and take their big-M, by the quantities and capacities.
    if ["demand.quantity", "processes.capacity", "lanes.capacity", "sites.capacity"].contains(
      "\(number.table).\(number.column)"),
      rowMeanings.contains(where: { if case .facilityLink = $0 { true } else { false } })
    {
      return .failure("with facility links on, it decides which link rows exist and their big-M")
    }
    // Quantities that feed big-M coefficients: recompute those too.
    var quantityFamilies: Set<DerivedFamily> = [.siteRows]
    if trade?.shareGroups.isEmpty == false { quantityFamilies.insert(.originShares) }
    switch (number.table, number.column) {
    case ("purchases", let column) where inRange(scenario.purchases.count):
      switch column {
      case "price":
        scenario.purchases[row].price = value
        return .success(Effect(parameter: .purchasePrice(offer: row)))
      default:
        scenario.purchases[row].limit = value
        return .success(Effect(families: [.purchaseLimits]))
      }
    case ("processes", let column) where inRange(scenario.processes.count):
      if column == "variable_cost" {
        scenario.processes[row].variableCost = value
        return .success(Effect(parameter: .variableCost(process: row)))
      }
      scenario.processes[row].capacity = value
      return .success(Effect(families: quantityFamilies.union([.processCapacities])))
    case ("lanes", let column) where inRange(scenario.lanes.count):
      switch column {
      case "cost_per_unit":
        scenario.lanes[row].costPerUnit = value
        return .success(Effect(parameter: .laneCost(lane: row)))
      case "cost_per_unit_km":
        guard scenario.lanes[row].distance != nil else { return .failure("the lane has no distance_km") }
        scenario.lanes[row].costPerUnitKm = value
        return .success(Effect(parameter: .laneCost(lane: row)))
      default:
        guard scenario.lanes[row].capacity != nil else { return .failure("the lane has no capacity row in the base") }
        scenario.lanes[row].capacity = value
        return .success(Effect(families: [.laneCapacities]))
      }
    case ("sites", let column) where inRange(scenario.sites.count):
      if column == "fixed_cost" {
        guard scenario.sites[row].fixedCost != 0 else { return .failure(noTerm) }
        scenario.sites[row].fixedCost = value
        return .success(Effect(parameter: .siteFixedCost(site: row)))
      }
      let site = scenario.sites[row]
      guard site.capacity != nil || site.status != .existing else {
        return .failure("the site has no throughput row in the base")
      }
      scenario.sites[row].capacity = value
      return .success(Effect(families: [.siteRows]))
    case ("capacity_options", let column) where inRange(scenario.capacityOptions.count):
      if column == "fixed_cost" {
        guard scenario.capacityOptions[row].fixedCost != 0 else { return .failure(noTerm) }
        scenario.capacityOptions[row].fixedCost = value
        return .success(Effect(parameter: .moduleFixedCost(option: row)))
      }
      guard costValue(of: .annualizedCapex(option: row)) != 0 else { return .failure(noTerm) }
      scenario.capacityOptions[row].capex = value
      return .success(Effect(parameter: .annualizedCapex(option: row)))
    case ("demand", let column) where inRange(scenario.demand.count):
      switch column {
      case "price":
        guard scenario.demand[row].price != nil, maximizesProfit else {
          return .failure("the row has no price in the base, or the model does not maximize profit")
        }
        scenario.demand[row].price = value
        return .success(Effect(parameter: .price(demand: row)))
      case "penalty":
        guard scenario.demand[row].penalty != nil else { return .failure(noTerm) }
        scenario.demand[row].penalty = value
        return .success(Effect(parameter: .penalty(demand: row)))
      default:
        scenario.demand[row].quantity = value
        return .success(Effect(families: quantityFamilies.union([.demand])))
      }
    case ("carbon_prices", _) where inRange(scenario.policy.carbonPrices.count):
      scenario.policy.carbonPrices[row].price = value
      return .success(Effect(parameter: .carbonPrice(price: row)))
    case ("carbon_caps", _) where inRange(scenario.policy.carbonCaps.count):
      scenario.policy.carbonCaps[row].cap = value
      return .success(Effect(families: [.carbonCaps]))
    case ("tariff_rules", let column) where inRange(scenario.policy.tariffRules.count):
      if column == "ad_valorem" {
        guard scenario.policy.tariffRules[row].adValorem != 0 else { return .failure(noTerm) }
        scenario.policy.tariffRules[row].adValorem = value
        return .success(Effect(parameter: .dutyRate(rule: row)))
      }
      guard scenario.policy.tariffRules[row].specific != 0 else { return .failure(noTerm) }
      scenario.policy.tariffRules[row].specific = value
      return .success(Effect(parameter: .dutyPerUnit(rule: row)))
    case ("tariff_quotas", let column) where inRange(scenario.policy.tariffQuotas.count):
      switch column {
      case "in_quota_rate":
        guard scenario.policy.tariffQuotas[row].inQuotaRate != 0 else { return .failure(noTerm) }
        scenario.policy.tariffQuotas[row].inQuotaRate = value
        return .success(Effect(parameter: .quotaRate(quota: row, inQuota: true)))
      case "out_of_quota_rate":
        guard (scenario.policy.tariffQuotas[row].outOfQuotaRate ?? 0) != 0 else { return .failure(noTerm) }
        scenario.policy.tariffQuotas[row].outOfQuotaRate = value
        return .success(Effect(parameter: .quotaRate(quota: row, inQuota: false)))
      default:
        scenario.policy.tariffQuotas[row].quantity = value
        return .success(Effect(families: [.quotas]))
      }
    case ("origin_rules", let column) where inRange(scenario.policy.originRules.count):
      if column == "incentive_per_unit" {
        let rule = scenario.policy.originRules[row]
        guard rule.mode == .incentive, rule.incentivePerUnit != nil else { return .failure(noTerm) }
        scenario.policy.originRules[row].incentivePerUnit = value
        return .success(Effect(parameter: .incentive(rule: row)))
      }
      scenario.policy.originRules[row].threshold = value
      return .success(Effect(families: [.originShares]))
    default:
      return .failure("row \(row) is not in the table")
    }
  }
}
