import FerriteModel
import LinearProgramming

/// Origin-share rules: hard, or qualify-or-forgo with a binary per group and period.
extension Formulation {
  /// The sites a rule measures, as groups: the one site it names, or all sites its company operates in
  /// its region together.
  func shareGroupSites(_ rule: OriginRule, _ places: Places) -> [[Int]] {
    if let site = rule.site { return index.siteIndex[site].map { [[$0]] } ?? [] }
    let sites = scenario.sites.indices.filter { position in
      let site = scenario.sites[position]
      let company =
        rule.company.map { company in
          site.operatingCompany == company
        } ?? true
      let region = rule.region.map { places.contains($0, site.country) } ?? true
      return company && region
    }
    return sites.isEmpty ? [] : [sites]
  }

  /// The most units of `products` the sites can take in during `period` (the big-M of the rows).
  private func receiptBound(sites: [Int], products: Set<Int>, period: Int) -> Double {
    let year = index.periods[period]
    var bound = 0.0
    var leaks = false
    for site in sites {
      for demand in scenario.demand.indices
      where index.demandSite[demand] == site && index.demandPeriod[demand] == period
        && products.contains(index.demandProduct[demand])
      {
        bound += max(0, scenario.demand[demand].quantity)
      }
      for process in scenario.processes.indices
      where index.processSite[process] == site && scenario.processes[process].isAvailable(in: year) {
        for input in index.processInputs[process] where products.contains(input.product) {
          bound += largestActivity[process] * input.quantity
        }
        if index.processOutputs[process].contains(where: {
          products.contains($0.product) && $0.product != index.principalOutput[process]
        }) {
          leaks = true
        }
      }
      for lane in scenario.lanes.indices where index.laneFrom[lane] == site {
        if index.laneProducts[lane].contains(where: products.contains) { leaks = true }
      }
    }
    // Receipts that may leave again (shipped on, disposed of) are bounded only by what any site absorbs.
    return leaks ? bound + absorptionBounds()[period] : bound
  }

  /// The most units of `product` the sites deliver or make in `period`.
  private func earnedBound(sites: [Int], product: Int, period: Int) -> Double {
    let year = index.periods[period]
    var bound = 0.0
    for site in sites {
      for demand in scenario.demand.indices
      where index.demandSite[demand] == site && index.demandPeriod[demand] == period
        && index.demandProduct[demand] == product
      {
        bound += max(0, scenario.demand[demand].quantity)
      }
      for process in scenario.processes.indices
      where index.processSite[process] == site && scenario.processes[process].isAvailable(in: year) {
        for output in index.processOutputs[process] where output.product == product {
          bound += largestActivity[process] * output.quantity
        }
      }
    }
    return bound
  }

  /// The numbers of one group's origin-share rows in one period: one function for building them
  /// and for changing them in place when a threshold, a demand or a capacity changes.
  func shareLimits(rule ruleIndex: Int, sites: [Int], period: Int, list: [ShareGroup.Receipt]) -> ShareLimits {
    let rule = scenario.policy.originRules[ruleIndex]
    let interval = EffectiveDays.interval(from: rule.effectiveFrom, until: rule.effectiveUntil)
    let theta = rule.threshold * EffectiveDays.share(of: index.periods[period], in: interval)
    let products = Set(rule.products.compactMap { index.productIndex[$0] })
    let bound = receiptBound(sites: sites, products: products, period: period)
    let earnedCap =
      rule.incentiveProduct.flatMap { index.productIndex[$0] }
      .map { earnedBound(sites: sites, product: $0, period: period) } ?? bound
    return ShareLimits(
      theta: theta, largestWeight: list.map(\.weight).max() ?? 0, bound: bound, earnedCap: earnedCap)
  }

  mutating func addOriginShares(_ trade: inout TradeModel, _ incentives: inout CostComponent, _ places: Places)
  {
    let periods = index.periodCount
    let position = Dictionary(uniqueKeysWithValues: trade.origins.enumerated().map { ($1, $0) })
    for (ruleIndex, rule) in scenario.policy.originRules.enumerated() {
      let products = Set(rule.products.compactMap { index.productIndex[$0] })
      let qualifying = places.countries(rule.qualifyingOrigins)
      let excluded = places.countries(rule.excludedOrigins) ?? []
      let interval = EffectiveDays.interval(from: rule.effectiveFrom, until: rule.effectiveUntil)
      if rule.mode == .incentive && rule.incentivePerUnit == nil {
        warnings.append("origin rule \(rule.id) is qualify-or-forgo without incentive_per_unit: it earns nothing")
      }
      for sites in shareGroupSites(rule, places) {
        let group = trade.shareGroups.count
        let members = Set(sites)
        var receipts: [[ShareGroup.Receipt]?] = []
        var required: [Double] = []
        for (period, year) in index.periods.enumerated() {
          let share = EffectiveDays.share(of: year, in: interval)
          required.append(rule.threshold * share)
          guard share > 0 else {
            receipts.append(nil)
            continue
          }
          func weight(_ product: Int) -> Double {
            let row = scenario.products[product]
            switch rule.basis {
            case .mass: return row.unit.tonnes ?? 1
            case .value: return row.customsValue(in: year) ?? 0
            }
          }
          func receipt(_ column: Int, _ product: Int, _ origin: CountryCode, lane: Int?) -> ShareGroup.Receipt {
            ShareGroup.Receipt(
              column: column, weight: weight(product), qualifies: qualifying?.contains(origin) ?? true,
              excluded: excluded.contains(origin), lane: lane, product: product, origin: origin)
          }
          var list: [ShareGroup.Receipt] = []
          for part in trade.splits where part.period == period && products.contains(part.product) {
            guard case .flow(let flow) = part.kind, members.contains(index.laneTo[flow.lane]),
              !members.contains(index.laneFrom[flow.lane])
            else { continue }
            for (offset, origin) in part.origins.enumerated() {
              list.append(receipt(part.firstColumn + offset, part.product, trade.origins[origin], lane: flow.lane))
            }
          }
          for offer in scenario.purchases.indices
          where members.contains(index.purchaseSite[offer]) && products.contains(index.purchaseProduct[offer]) {
            let column = purchaseColumn[offer * periods + period]
            guard column >= 0 else { continue }
            let origin = scenario.purchases[offer].origin ?? country(ofSite: index.purchaseSite[offer])
            if position[origin] == nil { continue }
            list.append(receipt(column, index.purchaseProduct[offer], origin, lane: nil))
          }
          receipts.append(list)
        }
        var entry = ShareGroup(rule: ruleIndex, sites: sites, receipts: receipts, required: required)
        for period in 0..<periods {
          guard let list = receipts[period], !list.isEmpty else { continue }
          let limits = shareLimits(rule: ruleIndex, sites: sites, period: period, list: list)
          var qualifies: Variable? = nil
          if rule.mode == .incentive {
            let block = addColumns(
              "qualifies", [.trade(.qualifies(group: group, period: period))], domain: .binary
            ) { [scenario, index] _ in "[\(rule.id),\(scenario.sites[sites[0]].id),\(index.periods[period])]" }
            qualifies = Variable(index: block.startIndex)
            entry.qualifyColumn[period] = block.startIndex
          }
          let bigM = limits.bigM
          entry.shareRow[period] = rowMeanings.count
          addRow(.trade(.originShare(group: group, period: period)), lower: qualifies == nil ? 0 : -bigM) {
            terms in
            for item in list { terms.add(limits.receiptCoefficient(item), Variable(index: item.column)) }
            if let qualifies { terms.add(-bigM, qualifies) }
          }
          if list.contains(where: \.excluded) {
            let limit = qualifies == nil ? 0 : limits.exclusionLimit
            addRow(.trade(.originExclusion(group: group, period: period)), upper: limit) { terms in
              for item in list where item.excluded { terms.add(item.weight, Variable(index: item.column)) }
              if let qualifies { terms.add(limit, qualifies) }
            }
          }
          guard let qualifies, rule.incentivePerUnit != nil else { continue }
          let block = addColumns("incentive", [.trade(.incentiveUnits(group: group, period: period))]) {
            [scenario, index] _ in "[\(rule.id),\(scenario.sites[sites[0]].id),\(index.periods[period])]"
          }
          let units = Variable(index: block.startIndex)
          entry.incentiveColumn[period] = block.startIndex
          let earnedCap = limits.earnedCap
          if let product = rule.incentiveProduct.flatMap({ index.productIndex[$0] }) {
            let delivered = scenario.demand.indices.filter {
              members.contains(index.demandSite[$0]) && index.demandPeriod[$0] == period
                && index.demandProduct[$0] == product
            }
            var earned = delivered.map { (column: servedColumn[$0], quantity: 1.0) }
            for process in scenario.processes.indices where members.contains(index.processSite[process]) {
              let column = activityColumn[process * periods + period]
              guard column >= 0 else { continue }
              for output in index.processOutputs[process] where output.product == product {
                earned.append((column, output.quantity))
              }
            }
            addRow(.trade(.incentiveEarned(group: group, period: period)), upper: 0) { terms in
              terms.add(1, units)
              for item in earned { terms.add(-item.quantity, Variable(index: item.column)) }
            }
          } else {
            addRow(.trade(.incentiveEarned(group: group, period: period)), upper: 0) { terms in
              terms.add(1, units)
              for item in list { terms.add(-1, Variable(index: item.column)) }
            }
          }
          addRow(.trade(.incentiveQualified(group: group, period: period)), upper: 0) { terms in
            terms.add(1, units)
            terms.add(-earnedCap, qualifies)
          }
          let multiplier = index.discount[period]
          incentives.terms.append(
            costTerm(
              column: block.startIndex, period: period, site: sites[0], product: nil, .incentive(rule: ruleIndex),
              multiplier: multiplier))
        }
        trade.shareGroups.append(entry)
      }
    }
  }
}

/// The numbers of an origin-share group's rows in one period (docs/formulation.md, "Origin shares").
struct ShareLimits {
  /// The required share in the period: the threshold times the share of the period it is in force.
  var theta: Double
  var largestWeight: Double
  /// The most units the group's sites can receive in the period.
  var bound: Double
  /// The most units that can earn the incentive in the period.
  var earnedCap: Double

  /// The big-M that relaxes the share row of a group that forgoes qualifying.
  var bigM: Double { theta * largestWeight * bound }
  /// The most excluded receipts a group that forgoes qualifying may take.
  var exclusionLimit: Double { largestWeight * bound }

  /// A receipt's coefficient in the share row: its weight, less the required share of it.
  func receiptCoefficient(_ item: ShareGroup.Receipt) -> Double { item.weight * ((item.qualifies ? 1 : 0) - theta) }
}
