import FerriteModel
import FerritePlanner
import Foundation
import HiGHS
import LinearProgramming

/// Short constructors for hand-built scenarios.
enum Build {
  static func site(
    _ id: String, status: Site.Status = .existing, fixedCost: Double = 0, capacity: Double? = nil
  ) -> Site {
    Site(
      id: Site.ID(id), name: id, country: "US", kind: .other, status: status, fixedCost: fixedCost,
      capacity: capacity)
  }

  static func product(_ id: String) -> Product { Product(id: Product.ID(id), name: id) }

  static func process(
    _ id: String, at site: String, capacity: Double, cost: Double = 0, inputs: [(String, Double)] = [],
    outputs: [(String, Double)], from: Year? = nil
  ) -> FerriteModel.Process {
    FerriteModel.Process(
      id: FerriteModel.Process.ID(id), site: Site.ID(site), capacity: capacity, variableCost: cost,
      availableFrom: from,
      inputs: inputs.map { .init(product: Product.ID($0.0), quantity: $0.1) },
      outputs: outputs.enumerated().map {
        .init(product: Product.ID($0.element.0), quantity: $0.element.1, isPrincipal: $0.offset == 0)
      })
  }

  static func lane(
    _ from: String, _ to: String, cost: Double, capacity: Double? = nil, products: [String] = []
  ) -> Lane {
    Lane(
      id: Lane.ID("\(from)-\(to)"), from: Site.ID(from), to: Site.ID(to), mode: .truck, costPerUnit: cost,
      capacity: capacity, products: products.map { Product.ID($0) })
  }

  static func demand(
    _ site: String, _ product: String, _ year: Year, _ quantity: Double, penalty: Double? = nil,
    price: Double? = nil
  ) -> Demand {
    Demand(
      site: Site.ID(site), product: Product.ID(product), period: year, quantity: quantity, price: price,
      penalty: penalty)
  }

  static func purchase(
    _ id: String, at site: String, _ product: String, price: Double, limit: Double? = nil
  ) -> Purchase {
    Purchase(
      id: Purchase.ID(id), site: Site.ID(site), product: Product.ID(product), price: price, limit: limit)
  }
}

/// True when `a` and `b` agree to within `tolerance`, absolute or relative to their size.
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-6) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tolerance * max(1, abs(b))
}

func solve(_ scenario: Scenario, options: PlannerOptions = PlannerOptions()) throws -> Plan {
  try Planner(solver: HiGHSSolver()).solve(scenario, options: options)
}

/// Everything a solved plan must satisfy, checked from the plan's own tables against the scenario,
/// independently of the model: balances, capacities, and every cost component recomputed.
func violations(of plan: Plan, in scenario: Scenario) -> [String] {
  guard plan.hasSolution else { return ["no solution"] }
  var problems: [String] = []
  let periods = scenario.periods
  let first = periods.first ?? 0
  let rate = scenario.settings.discountRate
  func discount(_ year: Year) -> Double { pow(1 + rate, -Double(year - first)) }
  func check(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { problems.append(message()) } }

  // Balances.
  var net: [String: Double] = [:]
  func key(_ site: String, _ product: String, _ year: Year) -> String { "\(site)|\(product)|\(year)" }
  for line in plan.purchases { net[key(line.site, line.product, line.period), default: 0] += line.quantity }
  for line in plan.production {
    guard let process = scenario.process(FerriteModel.Process.ID(line.process)) else {
      problems.append("unknown process \(line.process)")
      continue
    }
    for item in process.outputs {
      net[key(line.site, item.product.rawValue, line.period), default: 0] += item.quantity * line.activity
    }
    for item in process.inputs {
      net[key(line.site, item.product.rawValue, line.period), default: 0] -= item.quantity * line.activity
    }
  }
  for line in plan.flows {
    net[key(line.to, line.product, line.period), default: 0] += line.quantity
    net[key(line.from, line.product, line.period), default: 0] -= line.quantity
  }
  for line in plan.demand { net[key(line.site, line.product, line.period), default: 0] -= line.served }
  for line in plan.disposals { net[key(line.site, line.product, line.period), default: 0] -= line.quantity }
  for (node, value) in net { check(abs(value) <= 1e-6, "balance \(node) off by \(value)") }

  // Capacities, computed from the scenario and the builds.
  func alive(_ option: CapacityOption, in year: Year) -> Int {
    plan.builds.filter {
      $0.option == option.id.rawValue && $0.period <= year && year < $0.period + option.lifetime
    }
    .reduce(0) { $0 + $1.modules }
  }
  for line in plan.production {
    guard let process = scenario.process(FerriteModel.Process.ID(line.process)) else { continue }
    let added = scenario.capacityOptions.filter { $0.process == process.id }
      .reduce(0.0) { $0 + Double(alive($1, in: line.period)) * $1.moduleSize }
    check(line.activity <= process.capacity + added + 1e-6, "\(line.process) over capacity in \(line.period)")
    check(close(line.capacity, process.capacity + added), "\(line.process) capacity misreported")
  }
  for lane in scenario.lanes {
    for year in periods {
      let total = plan.flows.filter { $0.lane == lane.id.rawValue && $0.period == year }.reduce(0) {
        $0 + $1.quantity
      }
      if let capacity = lane.capacity { check(total <= capacity + 1e-6, "lane \(lane.id) over capacity") }
    }
  }
  for purchase in scenario.purchases {
    for line in plan.purchases where line.offer == purchase.id.rawValue {
      check(line.quantity <= (purchase.limit ?? .infinity) + 1e-6, "purchase \(purchase.id) over limit")
    }
  }
  for site in scenario.sites {
    for year in periods {
      let inbound =
        plan.flows.filter { $0.to == site.id.rawValue && $0.period == year }.reduce(0) { $0 + $1.quantity }
        + plan.purchases.filter { $0.site == site.id.rawValue && $0.period == year }.reduce(0) {
          $0 + $1.quantity
        }
      let isOpen =
        site.status == .existing
        || plan.sites.contains { $0.site == site.id.rawValue && $0.period == year && $0.isOpen }
      let made = plan.production.filter { $0.site == site.id.rawValue && $0.period == year }.reduce(0) {
        $0 + $1.activity
      }
      if !isOpen { check(inbound <= 1e-6 && made <= 1e-6, "closed site \(site.id) used in \(year)") }
      if let capacity = site.capacity { check(inbound <= capacity + 1e-6, "site \(site.id) over capacity") }
    }
  }
  for line in plan.demand {
    check(line.served <= line.quantity + 1e-6, "over-served demand")
    if line.isHard { check(abs(line.served - line.quantity) <= 1e-6, "hard demand not met") }
  }

  // Cost components recomputed from the tables.
  var expected: [CostComponentID: Double] = [:]
  for line in plan.purchases {
    expected[.purchases, default: 0] += line.quantity * line.price * discount(line.period)
  }
  for line in plan.production {
    let cost = scenario.process(FerriteModel.Process.ID(line.process))?.variableCost ?? 0
    expected[.production, default: 0] += line.activity * cost * discount(line.period)
  }
  for line in plan.flows {
    expected[.transport, default: 0] += line.quantity * line.unitCost * discount(line.period)
  }
  for site in scenario.sites {
    for year in periods {
      let isOpen =
        site.status == .existing
        || plan.sites.contains { $0.site == site.id.rawValue && $0.period == year && $0.isOpen }
      if isOpen { expected[.fixed, default: 0] += site.fixedCost * discount(year) }
    }
  }
  for option in scenario.capacityOptions {
    let annual =
      rate == 0
      ? option.capex / Double(option.lifetime)
      : option.capex * rate / (1 - pow(1 + rate, -Double(option.lifetime)))
    for year in periods {
      let modules = Double(alive(option, in: year))
      expected[.fixed, default: 0] += modules * option.fixedCost * discount(year)
      expected[.capex, default: 0] += modules * annual * discount(year)
    }
  }
  var revenue = 0.0
  for (row, line) in zip(scenario.demand, plan.demand) {
    expected[.unmetDemand, default: 0] += line.unmet * (row.penalty ?? 0) * discount(line.period)
    revenue += line.served * (row.price ?? 0) * discount(line.period)
  }
  // Duties and incentives from the trade results (their rates are checked by hand in TradeTests).
  var incentives = 0.0
  if let trade = plan.trade {
    expected[.duties] =
      trade.duties.reduce(0) { $0 + $1.amount * discount($1.period) }
      + trade.quotas.reduce(0) { $0 + $1.duty * discount($1.period) }
    incentives = trade.originShares.reduce(0) { $0 + $1.incentive * discount($1.period) }
    revenue += incentives
  }
  var cost = 0.0
  for (component, value) in expected {
    cost += value
    check(
      close(plan.total(of: component), value),
      "\(component): plan \(plan.total(of: component)), tables \(value)")
  }
  check(close(plan.totalCost, cost), "total cost \(plan.totalCost) != \(cost)")
  check(close(plan.revenue, revenue), "revenue \(plan.revenue) != \(revenue)")
  let objective = plan.objectiveSense == "maximize-profit" ? revenue - cost : cost - incentives
  check(close(plan.objective, objective), "objective \(plan.objective ?? .nan) != components \(objective)")
  let byLine = plan.costs.reduce(0.0) {
    $0 + ($1.component == .revenue || $1.component == .incentives ? 0 : $1.discounted)
  }
  check(close(byLine, cost), "cost lines add to \(byLine), not \(cost)")
  return problems
}

extension Plan {
  func landedCost(_ site: String, _ product: String, _ year: Year) -> Double? {
    landedCost(of: Product.ID(product), at: Site.ID(site), in: year)
  }

  func shadowPrice(_ kind: String, _ subject: String, _ year: Year?) -> Double {
    shadowPrice(kind, subject, in: year)
  }

  func flow(_ lane: String, _ year: Year) -> Double {
    flows.filter { $0.lane == lane && $0.period == year }.reduce(0) { $0 + $1.quantity }
  }
}

/// Landed costs checked against their meaning.
///
/// Raising one customer's demand by a small `step`
/// and solving again must change the discounted objective by `landed cost * discount * step`.
/// Holds where the optimal basis does not change (non-degenerate cases, as in the hand-checked
/// scenarios); `sense` turns profit back into cost.
func landedCostMismatches(of plan: Plan, in scenario: Scenario, step: Double = 1e-3) throws -> [String] {
  guard let base = plan.objective else { return ["no objective"] }
  let sign: Double = plan.objectiveSense == "maximize-profit" ? -1 : 1
  let first = scenario.periods.first ?? 0
  var problems: [String] = []
  for line in plan.landedCosts {
    guard
      let row = scenario.demand.firstIndex(where: {
        $0.site.rawValue == line.site && $0.product.rawValue == line.product && $0.period == line.period
      })
    else { continue }
    var changed = scenario
    changed.demand[row].quantity += step
    // A unit more demand must be delivered for the difference to be the landed cost.
    changed.demand[row].penalty = nil
    changed.demand[row].price = nil
    var reference = scenario
    reference.demand[row].penalty = nil
    reference.demand[row].price = nil
    guard let referenceObjective = try solve(reference).objective,
      let objective = try solve(changed).objective
    else {
      problems.append("\(line.site) \(line.product) \(line.period): no solution after the change")
      continue
    }
    _ = base
    let discount = pow(1 + scenario.settings.discountRate, -Double(line.period - first))
    let marginal = sign * (objective - referenceObjective) / step / discount
    if abs(marginal - line.cost) > 1e-4 * max(1, abs(line.cost)) {
      problems.append(
        "\(line.site) \(line.product) \(line.period): landed \(line.cost), marginal \(marginal)")
    }
  }
  return problems
}
