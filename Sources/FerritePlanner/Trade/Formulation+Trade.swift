import FerriteModel
import LinearProgramming

/// Duties, quotas, origin tracking and origin-share rules (docs/formulation.md, "Trade rules").
extension Formulation {
  /// Adds the trade rules to the model: nothing at all when the scenario has none.
  mutating func addTrade() {
    let policy = scenario.policy
    guard !policy.tariffRules.isEmpty || !policy.tariffQuotas.isEmpty || !policy.originRules.isEmpty
    else { return }
    var trade = TradeModel()
    let places = Places(policy.blocs)
    trackOrigins(&trade)
    addOriginSplits(&trade)
    var duties = CostComponent(id: .duties)
    addDuties(&trade, &duties, places)
    addQuotas(&trade, &duties, places)
    var incentives = CostComponent(id: .incentives, isRevenue: true)
    addOriginShares(&trade, &incentives, places)
    components.append(duties)
    if !incentives.terms.isEmpty { components.append(incentives) }
    self.trade = trade
  }

  // MARK: Origin tracking

  /// The country of a site.
  func country(ofSite site: Int) -> CountryCode { scenario.sites[site].country }

  /// Position of a process's principal input product, or nil when it has no inputs.
  func principalInput(of process: Int) -> Int? {
    scenario.processes[process].principalInput.flatMap { index.productIndex[$0.product] }
  }

  /// Whether a process's outputs take its site's country as origin (it confers origin or has no inputs).
  func originatesHere(_ process: Int) -> Bool {
    scenario.processes[process].confersOrigin || principalInput(of: process) == nil
  }

  /// Products whose tonnes must carry an origin, and the origins each can have.
  private func trackOrigins(_ trade: inout TradeModel) {
    let policy = scenario.policy
    let products = scenario.products
    var tracked = products.map { product in
      policy.tariffRules.contains { $0.origin != "*" && hsMatches(product, $0.hsPrefix) }
        || policy.tariffQuotas.contains { quota in
          quota.origin != "*"
            && (quota.hsPrefixes.isEmpty || quota.hsPrefixes.contains { hsMatches(product, $0) })
        }
        || policy.originRules.contains { $0.products.contains(product.id) }
    }
    // A step that does not confer origin passes on its principal input's: track that input too.
    var changed = true
    while changed {
      changed = false
      for process in scenario.processes.indices where !originatesHere(process) {
        guard let input = principalInput(of: process), !tracked[input],
          index.processOutputs[process].contains(where: { tracked[$0.product] })
        else { continue }
        tracked[input] = true
        changed = true
      }
    }
    var sets = [Set<CountryCode>](repeating: [], count: products.count)
    for (offer, purchase) in scenario.purchases.enumerated() where tracked[index.purchaseProduct[offer]] {
      sets[index.purchaseProduct[offer]].insert(purchase.origin ?? country(ofSite: index.purchaseSite[offer]))
    }
    changed = true
    while changed {
      changed = false
      for process in scenario.processes.indices {
        let made: Set<CountryCode> =
          originatesHere(process)
          ? [country(ofSite: index.processSite[process])] : principalInput(of: process).map { sets[$0] } ?? []
        for output in index.processOutputs[process] where tracked[output.product] {
          if !made.isSubset(of: sets[output.product]) {
            sets[output.product].formUnion(made)
            changed = true
          }
        }
      }
    }
    trade.tracked = tracked
    trade.origins = Set(sets.flatMap { $0 }).sorted()
    let position = Dictionary(uniqueKeysWithValues: trade.origins.enumerated().map { ($1, $0) })
    trade.productOrigins = sets.map { set in set.compactMap { position[$0] }.sorted() }
  }

  /// Splits every aggregate column that touches a tracked product by origin, and adds the
  /// per-origin balances and the rows linking parts to wholes.
  private mutating func addOriginSplits(_ trade: inout TradeModel) {
    guard trade.tracksOrigin else { return }
    let periods = index.periodCount
    var splits: [OriginSplit] = []
    func split(_ kind: OriginSplit.Kind, column: Int, factor: Double, product: Int, period: Int) {
      let origins = trade.productOrigins[product]
      guard !origins.isEmpty else { return }
      splits.append(
        OriginSplit(
          kind: kind, column: column, factor: factor, product: product, period: period, origins: origins))
    }
    for (flow, column) in flowColumn.sorted(by: { $0.value < $1.value }) where trade.tracked[flow.product] {
      split(.flow(flow), column: column, factor: 1, product: flow.product, period: flow.period)
    }
    for process in scenario.processes.indices {
      let site = index.processSite[process]
      let principal = principalInput(of: process)
      let splitsActivity =
        !originatesHere(process) && index.processOutputs[process].contains { trade.tracked[$0.product] }
      for period in 0..<periods {
        let column = activityColumn[process * periods + period]
        guard column >= 0 else { continue }
        if splitsActivity, let principal {
          split(.activity(process: process), column: column, factor: 1, product: principal, period: period)
        }
        var principalSplit = !splitsActivity
        for input in index.processInputs[process] where trade.tracked[input.product] {
          if !principalSplit && input.product == principal {
            principalSplit = true
            continue
          }
          split(.use(site: site), column: column, factor: input.quantity, product: input.product, period: period)
        }
      }
    }
    for demand in scenario.demand.indices where trade.tracked[index.demandProduct[demand]] {
      split(
        .use(site: index.demandSite[demand]), column: servedColumn[demand], factor: 1,
        product: index.demandProduct[demand], period: index.demandPeriod[demand])
    }
    for (column, meaning) in columnMeanings.enumerated() {
      guard case .disposal(let site, let product, let period) = meaning, trade.tracked[product] else { continue }
      split(.use(site: site), column: column, factor: 1, product: product, period: period)
    }

    var meanings: [ColumnMeaning] = []
    for (position, part) in splits.enumerated() {
      for origin in part.origins { meanings.append(.trade(.originSplit(split: position, origin: origin))) }
    }
    let names = trade.origins
    let block = addColumns("origin", meanings) { meaning in
      guard case .trade(.originSplit(let split, let origin)) = meaning else { return "" }
      return "[\(split),\(names[origin])]"
    }
    var next = block.startIndex
    for position in splits.indices {
      splits[position].firstColumn = next
      next += splits[position].origins.count
    }
    for (position, part) in splits.enumerated() {
      addRow(.trade(.originLink(split: position)), lower: 0, upper: 0) { row in
        for offset in part.origins.indices { row.add(1, Variable(index: part.firstColumn + offset)) }
        row.add(-part.factor, Variable(index: part.column))
      }
    }

    // Per-origin balances: every term of a tracked product's balance, with its origin.
    struct Node: Hashable, Comparable {
      var period: Int, site: Int, product: Int, origin: Int
      static func < (a: Node, b: Node) -> Bool {
        (a.period, a.site, a.product, a.origin) < (b.period, b.site, b.product, b.origin)
      }
    }
    var terms: [Node: [(Int, Double)]] = [:]
    let position = Dictionary(uniqueKeysWithValues: trade.origins.enumerated().map { ($1, $0) })
    for offer in scenario.purchases.indices where trade.tracked[index.purchaseProduct[offer]] {
      let site = index.purchaseSite[offer]
      guard let origin = position[scenario.purchases[offer].origin ?? country(ofSite: site)] else { continue }
      for period in 0..<periods where purchaseColumn[offer * periods + period] >= 0 {
        let node = Node(period: period, site: site, product: index.purchaseProduct[offer], origin: origin)
        terms[node, default: []].append((purchaseColumn[offer * periods + period], 1))
      }
    }
    for process in scenario.processes.indices where originatesHere(process) {
      let site = index.processSite[process]
      guard let origin = position[country(ofSite: site)] else { continue }
      for period in 0..<periods where activityColumn[process * periods + period] >= 0 {
        for output in index.processOutputs[process] where trade.tracked[output.product] {
          let node = Node(period: period, site: site, product: output.product, origin: origin)
          terms[node, default: []].append((activityColumn[process * periods + period], output.quantity))
        }
      }
    }
    for part in splits {
      for (offset, origin) in part.origins.enumerated() {
        let column = part.firstColumn + offset
        switch part.kind {
        case .flow(let flow):
          terms[Node(period: part.period, site: index.laneTo[flow.lane], product: part.product, origin: origin),
            default: []].append((column, 1))
          terms[Node(period: part.period, site: index.laneFrom[flow.lane], product: part.product, origin: origin),
            default: []].append((column, -1))
        case .activity(let process):
          let site = index.processSite[process]
          let used = scenario.processes[process].principalInput?.quantity ?? 0
          terms[Node(period: part.period, site: site, product: part.product, origin: origin), default: []]
            .append((column, -used))
          for output in index.processOutputs[process] where trade.tracked[output.product] {
            terms[Node(period: part.period, site: site, product: output.product, origin: origin), default: []]
              .append((column, output.quantity))
          }
        case .use(let site):
          terms[Node(period: part.period, site: site, product: part.product, origin: origin), default: []]
            .append((column, -1))
        }
      }
    }
    for node in terms.keys.sorted() {
      let row = terms[node] ?? []
      addRow(
        .trade(.originBalance(site: node.site, product: node.product, origin: node.origin, period: node.period)),
        lower: 0, upper: 0
      ) { terms in
        for (column, coefficient) in row { terms.add(coefficient, Variable(index: column)) }
      }
    }
    trade.splits = splits
  }

  /// The origin parts of a flow, or the flow itself (origin nil) when its product is not tracked.
  func originParts(of flow: FlowIndex, column: Int, _ trade: TradeModel, splitOf: [Int: Int])
    -> [(column: Int, origin: Int?)]
  {
    guard let position = splitOf[column] else { return [(column, nil)] }
    let part = trade.splits[position]
    return part.origins.enumerated().map { (part.firstColumn + $0.offset, $0.element) }
  }

  /// Split position of each split flow column.
  func flowSplits(_ trade: TradeModel) -> [Int: Int] {
    var map: [Int: Int] = [:]
    for (position, part) in trade.splits.enumerated() {
      if case .flow = part.kind { map[part.column] = position }
    }
    return map
  }

  // MARK: Duties

  /// The customs value per unit of `product` in `period` that a duty of `base` is charged on.
  func dutyBase(product: Int, period: Int, base: TariffRule.Base) -> Double {
    let row = scenario.products[product]
    let value = row.customsValue(in: index.periods[period]) ?? 0
    switch base {
    case .value: return value
    case .steelContent: return value * (row.steelContent ?? (row.family == .steel ? 1 : 0))
    case .aluminiumContent: return value * (row.aluminiumContent ?? 0)
    }
  }

  private mutating func addDuties(_ trade: inout TradeModel, _ duties: inout CostComponent, _ places: Places) {
    let rules = scenario.policy.tariffRules
    guard !rules.isEmpty else { return }
    let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    let intervals = rules.map { EffectiveDays.interval(from: $0.effectiveFrom, until: $0.effectiveUntil) }
    let replaces: [[Int]] = rules.enumerated().map { position, rule in
      guard rule.stacking == .exclusive else { return [] }
      // Exclusive without a list replaces every other rule that matches the same goods.
      return rule.excludes.isEmpty
        ? rules.indices.filter { $0 != position } : rule.excludes.compactMap { ruleIndex[$0] }
    }
    var cache: [[Int]: [Double]] = [:]
    let splitOf = flowSplits(trade)
    var missingValue = Set<Int>()
    for (flow, column) in flowColumn.sorted(by: { $0.value < $1.value }) {
      let from = country(ofSite: index.laneFrom[flow.lane])
      let to = country(ofSite: index.laneTo[flow.lane])
      guard from != to else { continue }
      let product = scenario.products[flow.product]
      let importing = scenario.lanes[flow.lane].to
      let candidates = rules.indices.filter { position in
        let rule = rules[position]
        return places.contains(rule.importer, to) && hsMatches(product, rule.hsPrefix)
          && !rule.exemptSites.contains(importing)
      }
      guard !candidates.isEmpty else { continue }
      for (part, origin) in originParts(of: flow, column: column, trade, splitOf: splitOf) {
        let matching = candidates.filter { position in
          let rule = rules[position]
          guard rule.origin != "*" else { return true }
          guard let origin else { return false }
          let inside = places.contains(rule.origin, trade.origins[origin])
          return rule.originStatus == "non-originating" ? !inside : inside
        }
        guard !matching.isEmpty else { continue }
        let key = [flow.period] + matching
        let shares =
          cache[key]
          ?? EffectiveDays.shares(
            of: index.periods[flow.period], intervals: matching.map { intervals[$0] },
            excludes: matching.map { rule in replaces[rule].compactMap { matching.firstIndex(of: $0) } })
        cache[key] = shares
        for (position, rule) in matching.enumerated() where shares[position] > 0 {
          let row = rules[rule]
          let base = dutyBase(product: flow.product, period: flow.period, base: row.base)
          if row.adValorem > 0 && product.customsValue(in: index.periods[flow.period]) == nil {
            missingValue.insert(flow.product)
          }
          let share = shares[position]
          let perUnit = share * (row.adValorem * base + row.specific)
          guard perUnit != 0 else { continue }
          trade.duties.append(
            DutyTerm(column: part, rule: rule, flow: flow, origin: origin, share: share, perUnit: perUnit))
          let discount = index.discount[flow.period]
          let site = index.laneTo[flow.lane]
          if row.adValorem != 0 && base != 0 {
            let multiplier = discount * share * base
            duties.terms.append(
              costTerm(
                column: part, period: flow.period, site: site, product: flow.product, .dutyRate(rule: rule),
                multiplier: multiplier))
          }
          if row.specific != 0 {
            let multiplier = discount * share
            duties.terms.append(
              costTerm(
                column: part, period: flow.period, site: site, product: flow.product, .dutyPerUnit(rule: rule),
                multiplier: multiplier))
          }
        }
      }
    }
    for product in missingValue.sorted() {
      warnings.append(
        "product \(scenario.products[product].id) has no customs_value: ad valorem duties on it are 0")
    }
  }

  // MARK: Quotas

  private mutating func addQuotas(_ trade: inout TradeModel, _ duties: inout CostComponent, _ places: Places) {
    let splitOf = flowSplits(trade)
    for (quota, row) in scenario.policy.tariffQuotas.enumerated() {
      let interval = EffectiveDays.interval(from: row.effectiveFrom, until: row.effectiveUntil)
      for (period, year) in index.periods.enumerated() where row.period == nil || row.period == year {
        let share = EffectiveDays.share(of: year, in: interval)
        guard share > 0 else { continue }
        var imports: [Int: [Int]] = [:]
        for (flow, column) in flowColumn where flow.period == period {
          let from = country(ofSite: index.laneFrom[flow.lane])
          let to = country(ofSite: index.laneTo[flow.lane])
          let product = scenario.products[flow.product]
          guard from != to, places.contains(row.importer, to),
            row.hsPrefixes.isEmpty || row.hsPrefixes.contains(where: { hsMatches(product, $0) })
          else { continue }
          for (part, origin) in originParts(of: flow, column: column, trade, splitOf: splitOf) {
            if row.origin != "*" {
              guard let origin, places.contains(row.origin, trade.origins[origin]) else { continue }
            }
            imports[flow.product, default: []].append(part)
          }
        }
        guard !imports.isEmpty else { continue }
        let products = imports.keys.sorted()
        var meanings: [ColumnMeaning] = []
        for product in products {
          meanings.append(.trade(.quotaUse(quota: quota, product: product, period: period, inQuota: true)))
          if row.outOfQuotaRate != nil {
            meanings.append(.trade(.quotaUse(quota: quota, product: product, period: period, inQuota: false)))
          }
        }
        let block = addColumns("quota", meanings) { [scenario, index] meaning in
          guard case .trade(.quotaUse(let quota, let product, let period, let inQuota)) = meaning else { return "" }
          return "[\(scenario.policy.tariffQuotas[quota].id),\(scenario.products[product].id),"
            + "\(index.periods[period]),\(inQuota ? "in" : "out")]"
        }
        var next = block.startIndex
        var inColumns: [Int] = []
        for product in products {
          let inColumn = next
          next += 1
          var outColumn: Int? = nil
          if row.outOfQuotaRate != nil {
            outColumn = next
            next += 1
          }
          inColumns.append(inColumn)
          let columns = (imports[product] ?? []).sorted()
          addRow(.trade(.quotaLink(quota: quota, product: product, period: period)), lower: 0, upper: 0) { terms in
            terms.add(1, Variable(index: inColumn))
            if let outColumn { terms.add(1, Variable(index: outColumn)) }
            for column in columns { terms.add(-1, Variable(index: column)) }
          }
          let value = scenario.products[product].customsValue(in: year) ?? 0
          trade.quotaUses.append(
            QuotaUse(
              quota: quota, product: product, period: period, inColumn: inColumn, outColumn: outColumn,
              imports: columns, customsValue: value))
          let multiplier = index.discount[period] * value
          // The importing site of a quota's use is not one site: attribute it to the first importer.
          let site = columns.first.flatMap { column -> Int? in
            if case .flow(let flow) = columnMeanings[column] { return index.laneTo[flow.lane] }
            if case .trade(.originSplit(let split, _)) = columnMeanings[column],
              case .flow(let flow) = trade.splits[split].kind
            {
              return index.laneTo[flow.lane]
            }
            return nil
          } ?? 0
          if row.inQuotaRate != 0 && multiplier != 0 {
            duties.terms.append(
              costTerm(
                column: inColumn, period: period, site: site, product: product,
                .quotaRate(quota: quota, inQuota: true), multiplier: multiplier))
          }
          if let outColumn, let rate = row.outOfQuotaRate, rate != 0, multiplier != 0 {
            duties.terms.append(
              costTerm(
                column: outColumn, period: period, site: site, product: product,
                .quotaRate(quota: quota, inQuota: false), multiplier: multiplier))
          }
        }
        trade.quotaRows[QuotaKey(quota: quota, period: period)] = rowMeanings.count
        addRow(.trade(.quota(quota: quota, period: period)), upper: quotaBound(quota, period: period)) { terms in
          for column in inColumns { terms.add(1, Variable(index: column)) }
        }
      }
    }
  }
}
