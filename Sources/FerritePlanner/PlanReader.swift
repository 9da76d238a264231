import FerriteModel
import LinearProgramming

/// Reads a solve result back into a plan through the formulation's meanings.
struct PlanReader {
  let formulation: Formulation
  let program: LinearProgram
  let result: SolveResult
  /// The result whose duals give landed costs and shadow prices (the fixed LP for a MILP).
  let duals: SolveResult?
  let dualSource: Plan.DualSource
  let buildSeconds: Double
  let dualSolveSeconds: Double
  let infeasibility: InfeasibilityExplanation?

  /// Values below this are reported as zero.
  let tolerance = 1e-9

  private var scenario: Scenario { formulation.scenario }
  private var periods: [Year] { formulation.periods }
  private var x: [Double] { result.columnValues }
  private var hasSolution: Bool { result.primal == .feasible && x.count == program.columnCount }

  func plan() -> Plan {
    let (components, costs) = costLines()
    let statistics = ModelStatistics(program)
    var plan = Plan(
      scenario: scenario.settings.name, currency: scenario.settings.currency, periods: periods,
      termination: result.termination, hasSolution: hasSolution,
      objectiveSense: formulation.maximizesProfit ? "maximize-profit" : "minimize-cost",
      objective: hasSolution ? result.objective : nil,
      totalCost: 0, revenue: 0,
      isMixedInteger: program.isMixedInteger, mipGap: result.mipGap, dualSource: dualSource,
      components: components, costs: costs, production: production(), flows: flows(),
      purchases: purchases(), disposals: disposals(), builds: builds(), sites: sites(), demand: demand(),
      landedCosts: landedCosts(), bottlenecks: bottlenecks(),
      statistics: PlanStatistics(
        rows: statistics.rows, columns: statistics.columns, nonzeros: statistics.nonzeros,
        integerColumns: statistics.integerColumns, buildSeconds: buildSeconds,
        solveSeconds: result.statistics.wallSeconds, dualSolveSeconds: dualSolveSeconds,
        simplexIterations: result.statistics.simplexIterations, nodes: result.statistics.nodes),
      infeasibility: infeasibility, warnings: formulation.warnings + moduleLimitWarnings(),
      trade: formulation.trade.map { trade in
        TradeReader(
          formulation: formulation, trade: trade, x: hasSolution ? x : [],
          rowDuals: duals.flatMap { $0.rowDuals.count == program.rowCount ? $0.rowDuals : nil }, sign: sign
        ).results()
      })
    let key = KeyFigures(plan, capacityOptions: scenario.capacityOptions.map(\.id.rawValue))
    plan.totalCost = key.totalCost
    plan.revenue = key.revenue
    plan.keyFigures = key
    plan.series = PlanSeriesReader(formulation: formulation, program: program, values: hasSolution ? x : [], plan: plan)
      .series()
    return plan
  }

  private func value(_ column: Int) -> Double {
    guard hasSolution else { return 0 }
    let value = x[column]
    return abs(value) < tolerance ? 0 : value
  }

  // MARK: Costs

  private struct CostKey: Hashable {
    var component: CostComponentID
    var period: Int
    var site: Int
    var product: Int?
  }

  private func costLines() -> ([ComponentTotal], [CostLine]) {
    var totals: [ComponentTotal] = []
    var lines: [CostLine] = []
    for component in formulation.components {
      var byKey: [CostKey: Double] = [:]
      var order: [CostKey] = []
      var total = 0.0
      for term in component.terms {
        let amount = term.coefficient * (term.column.map { value($0) } ?? 1)
        guard amount != 0, hasSolution else { continue }
        total += amount
        let key = CostKey(
          component: component.id, period: term.period, site: term.site, product: term.product)
        if byKey[key] == nil { order.append(key) }
        byKey[key, default: 0] += amount
      }
      totals.append(
        ComponentTotal(component: component.id, isRevenue: component.isRevenue, discounted: total))
      for key in order {
        let discounted = byKey[key] ?? 0
        lines.append(
          CostLine(
            component: key.component, period: periods[key.period], site: scenario.sites[key.site].id.rawValue,
            product: key.product.map { scenario.products[$0].id.rawValue },
            amount: discounted / formulation.discountFactors[key.period], discounted: discounted))
      }
    }
    lines.sort {
      ($0.component, $0.period, $0.site, $0.product ?? "") < (
        $1.component, $1.period, $1.site, $1.product ?? ""
      )
    }
    return (totals, lines)
  }

  // MARK: Decisions

  /// Capacity of `process` in `period`: existing plus the modules alive in the solution.
  private func capacity(process: Int, period: Int) -> Double {
    let added = formulation.aliveModules(process: process, period: period).reduce(0) {
      $0 + $1.size * value($1.column).rounded()
    }
    return scenario.processes[process].capacity + added
  }

  private func production() -> [ProductionLine] {
    var lines: [ProductionLine] = []
    for (column, meaning) in formulation.columnMeanings.enumerated() {
      guard case .activity(let process, let period) = meaning else { continue }
      let row = scenario.processes[process]
      let activity = value(column)
      let capacity = capacity(process: process, period: period)
      var outputs: [String: Double] = [:]
      for item in row.outputs { outputs[item.product.rawValue, default: 0] += item.quantity * activity }
      lines.append(
        ProductionLine(
          process: row.id.rawValue, site: row.site.rawValue, period: periods[period], activity: activity,
          capacity: capacity, utilization: capacity > 0 ? activity / capacity : 0, outputs: outputs))
    }
    return lines
  }

  private func flows() -> [FlowLine] {
    formulation.columnMeanings.enumerated().compactMap { column, meaning in
      guard case .flow(let flow) = meaning, value(column) > 0 else { return nil }
      let lane = scenario.lanes[flow.lane]
      return FlowLine(
        lane: lane.id.rawValue, from: lane.from.rawValue, to: lane.to.rawValue,
        product: scenario.products[flow.product].id.rawValue, period: periods[flow.period],
        quantity: value(column), unitCost: lane.unitCost)
    }
  }

  private func purchases() -> [PurchaseLine] {
    formulation.columnMeanings.enumerated().compactMap { column, meaning in
      guard case .purchase(let offer, let period) = meaning, value(column) > 0 else { return nil }
      let row = scenario.purchases[offer]
      return PurchaseLine(
        offer: row.id.rawValue, site: row.site.rawValue, product: row.product.rawValue,
        period: periods[period],
        quantity: value(column), price: row.price)
    }
  }

  private func disposals() -> [DisposalLine] {
    formulation.columnMeanings.enumerated().compactMap { column, meaning in
      guard case .disposal(let site, let product, let period) = meaning, value(column) > 0 else { return nil }
      return DisposalLine(
        site: scenario.sites[site].id.rawValue, product: scenario.products[product].id.rawValue,
        period: periods[period], quantity: value(column))
    }
  }

  private func builds() -> [BuildLine] {
    formulation.columnMeanings.enumerated().compactMap { column, meaning in
      guard case .build(let option, let period) = meaning else { return nil }
      // A module count is bounded by max_modules, but a solver value can be anything: NaN fails
      // the guard, and the cap keeps the conversion from trapping.
      let count = value(column).rounded()
      guard count >= 1, let modules = Int(exactly: min(count, 1e15)) else { return nil }
      let row = scenario.capacityOptions[option]
      return BuildLine(
        option: row.id.rawValue, site: row.site.rawValue, process: row.process.rawValue,
        period: periods[period],
        modules: modules, addedCapacity: Double(modules) * row.moduleSize)
    }
  }

  private func sites() -> [SiteLine] {
    formulation.columnMeanings.enumerated().compactMap { column, meaning in
      guard case .open(let site, let period) = meaning, hasSolution else { return nil }
      let row = scenario.sites[site]
      return SiteLine(
        site: row.id.rawValue, status: row.status.rawValue, period: periods[period],
        isOpen: value(column) > 0.5)
    }
  }

  private func demand() -> [DemandLine] {
    scenario.demand.enumerated().map { position, row in
      let served = hasSolution ? value(formulation.servedColumn[position]) : 0
      return DemandLine(
        site: row.site.rawValue, product: row.product.rawValue, period: row.period, quantity: row.quantity,
        served: served, unmet: max(0, row.quantity - served), isHard: row.isHard)
    }
  }

  private func moduleLimitWarnings() -> [String] {
    guard hasSolution else { return [] }
    return scenario.capacityOptions.enumerated().compactMap { option, row in
      guard row.maxModules == nil else { return nil }
      let built = formulation.buildPeriods(row).reduce(0.0) {
        $0 + value(formulation.buildColumn[option * periods.count + $1]).rounded()
      }
      guard built >= Double(formulation.moduleLimit[option]) else { return nil }
      return "capacity option \(row.id) reached the planner's limit of \(formulation.moduleLimit[option]) "
        + "modules; set max_modules or raise the limit"
    }
  }

  // MARK: Duals

  /// `A x` for the solution.
  private func rowActivities() -> [Double] {
    var activities = [Double](repeating: 0, count: program.rowCount)
    let matrix = program.matrix
    for column in 0..<program.columnCount where x[column] != 0 {
      for entry in Int(matrix.columnStarts[column])..<Int(matrix.columnStarts[column + 1]) {
        activities[Int(matrix.rowIndices[entry])] += matrix.values[entry] * x[column]
      }
    }
    return activities
  }

  /// +1 when minimizing, -1 when maximizing: turns duals into costs.
  private var sign: Double { formulation.maximizesProfit ? -1 : 1 }

  private func landedCosts() -> [LandedCostLine] {
    guard let duals, duals.rowDuals.count == program.rowCount else { return [] }
    var customers = Set<[Int]>()
    for demand in scenario.demand.indices {
      let index = formulation.index
      customers.insert([index.demandSite[demand], index.demandProduct[demand], index.demandPeriod[demand]])
    }
    var lines: [LandedCostLine] = []
    for (row, meaning) in formulation.rowMeanings.enumerated() {
      guard case .balance(let site, let product, let period) = meaning,
        customers.contains([site, product, period])
      else { continue }
      lines.append(
        LandedCostLine(
          site: scenario.sites[site].id.rawValue, product: scenario.products[product].id.rawValue,
          period: periods[period], cost: sign * duals.rowDuals[row] / formulation.discountFactors[period]))
    }
    return lines
  }

  private func bottlenecks() -> [Bottleneck] {
    // Duals may come from the fixed LP, which has no integer columns: use the solution's own
    // values for what is used.
    guard let duals, duals.rowDuals.count == program.rowCount, hasSolution else { return [] }
    let y = x
    let activities = rowActivities()
    var list: [Bottleneck] = []
    for (row, meaning) in formulation.rowMeanings.enumerated() where meaning.isCapacity {
      let discount = meaning.period.map { formulation.discountFactors[$0] } ?? 1
      let shadow = -sign * duals.rowDuals[row] / discount
      guard shadow > 1e-7 else { continue }
      let year = meaning.period.map { periods[$0] }
      let kind: String
      let subject: String
      var capacity = program.rowUpper[row]
      var used = activities[row]
      switch meaning {
      case .processCapacity(let process, let period):
        kind = "process"
        subject = scenario.processes[process].id.rawValue
        capacity = self.capacity(process: process, period: period)
        let activity = formulation.activityColumn[process * periods.count + period]
        if activity >= 0 { used = y[activity] }
      case .laneCapacity(let lane, _):
        kind = "lane"
        subject = scenario.lanes[lane].id.rawValue
      case .siteThroughput(let site, let period):
        kind = "site"
        subject = scenario.sites[site].id.rawValue
        let open = formulation.openColumn[site * periods.count + period]
        if open >= 0 {
          // A closed site has no capacity to extend: its row only says nothing enters.
          guard y[open] > 0.5 else { continue }
          let bound = formulation.siteBounds[site * periods.count + period] ?? 0
          capacity = bound * y[open].rounded()
          used += capacity
        }
      case .moduleLimit(let option):
        kind = "modules"
        subject = scenario.capacityOptions[option].id.rawValue
      default:
        continue
      }
      let when = year.map { " in \($0)" } ?? " over the horizon"
      let description =
        switch kind {
        case "process": "\(subject) capacity\(when)"
        case "lane": "lane \(subject) capacity\(when)"
        case "site": "site \(subject) intake\(when)"
        default: "module limit of \(subject)"
        }
      list.append(
        Bottleneck(
          kind: kind, subject: subject, period: year, capacity: capacity, used: used, shadowPrice: shadow,
          description: description))
    }
    // Equal values (to rounding) in period order, so the output is stable.
    func key(_ value: Double) -> Double { (value * 1e6).rounded() }
    return list.sorted { (key($1.shadowPrice), $0.period ?? 0) < (key($0.shadowPrice), $1.period ?? 0) }
  }
}
