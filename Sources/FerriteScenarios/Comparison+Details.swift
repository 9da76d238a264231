import FerriteModel
import FerritePlanner
import Foundation

extension Comparison {
  /// One figure year by year across the plans, with each variant's change against the base.
  public struct PeriodFigure: Sendable, Codable, Equatable {
    /// "total cost", "revenue", "profit", a component's name (`KeyFigures.name(of:)`), "unmet units".
    public var name: String
    public var unit: String
    /// `values[plan][period]`, aligned with `Comparison.periods`; discounted money, as in `KeyFigures`.
    public var values: [[Double]]
    /// `deltas[variant][period]`: each variant's value minus the base's.
    public var deltas: [[Double]]
  }

  /// A flow on one lane, of one product, in one year, that grew or shrank in a variant.
  public struct FlowChange: Sendable, Codable, Equatable {
    /// Index of the variant among the plans (1 is the first variant).
    public var plan: Int
    public var lane: String
    public var from: String
    public var to: String
    public var product: String
    public var period: Year
    public var base: Double
    public var value: Double
  }

  /// What one customer's deliveries of one product cost in each plan, over the horizon.
  public struct CustomerFigure: Sendable, Codable, Equatable {
    public var site: String
    public var product: String
    /// Units delivered over the horizon.
    public var units: [Double]
    /// Average delivered cost of a unit (purchase, production, transport, duties, carbon), in the
    /// periods' own money, weighted by the units delivered each year; nil where nothing is delivered.
    public var deliveredCost: [Double?]
    /// Average duties paid per unit delivered, traced along the plan's flows.
    public var dutyPerUnit: [Double?]
    /// Duties carried by the units delivered, undiscounted, over the horizon.
    public var duties: [Double]
    /// Average landed cost (the cost of one more unit, a shadow price) over the years delivered.
    public var landedCost: [Double?]
  }

  /// Every plan's figures by year, from the plans' own cost lines (so each row sums to the
  /// matching key figure over the horizon).
  static func periodFigures(_ plans: [Plan]) -> (periods: [Year], figures: [PeriodFigure]) {
    let periods = Set(plans.flatMap(\.periods)).sorted()
    let position = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
    let hasRevenue = plans.contains { $0.components.contains(where: \.isRevenue) }
    var names: [String] = ["total cost"] + (hasRevenue ? ["revenue", "profit"] : [])
    var components: [String] = []
    var table: [[String: [Double]]] = []
    for plan in plans {
      let revenue = Set(plan.components.filter(\.isRevenue).map(\.component))
      var values: [String: [Double]] = [:]
      func add(_ name: String, _ period: Year, _ amount: Double) {
        guard let index = position[period] else { return }
        values[name, default: Array(repeating: 0, count: periods.count)][index] += amount
      }
      for line in plan.costs {
        let name = KeyFigures.name(of: line.component)
        if !components.contains(name) { components.append(name) }
        add(name, line.period, line.discounted)
        if revenue.contains(line.component) {
          add("revenue", line.period, line.discounted)
          add("profit", line.period, line.discounted)
        } else {
          add("total cost", line.period, line.discounted)
          add("profit", line.period, -line.discounted)
        }
      }
      for line in plan.demand { add("unmet units", line.period, max(0, line.quantity - line.served)) }
      table.append(values)
    }
    names += components.sorted() + ["unmet units"]
    let zero = Array(repeating: 0.0, count: periods.count)
    let figures = names.map { name -> PeriodFigure in
      let values = table.map { $0[name] ?? zero }
      let deltas = values.dropFirst().map { variant in zip(variant, values[0]).map { $0 - $1 } }
      return PeriodFigure(name: name, unit: name == "unmet units" ? "units" : "money", values: values, deltas: deltas)
    }
    return (periods, figures)
  }

  /// Flows that differ between the base and each variant, at most `limit` per variant, largest first.
  static func flowChanges(_ plans: [Plan], limit: Int) -> [FlowChange] {
    guard let base = plans.first else { return [] }
    struct Key: Hashable { var lane: String, product: String, period: Year }
    func totals(_ plan: Plan) -> [Key: (from: String, to: String, quantity: Double)] {
      var result: [Key: (from: String, to: String, quantity: Double)] = [:]
      for flow in plan.flows {
        let key = Key(lane: flow.lane, product: flow.product, period: flow.period)
        result[key, default: (flow.from, flow.to, 0)].quantity += flow.quantity
      }
      return result
    }
    let before = totals(base)
    var changes: [FlowChange] = []
    for (index, plan) in plans.enumerated().dropFirst() {
      let after = totals(plan)
      var found: [FlowChange] = []
      for key in Set(before.keys).union(after.keys) {
        let a = before[key], b = after[key]
        let from = a?.from ?? b?.from ?? "", to = a?.to ?? b?.to ?? ""
        let old = a?.quantity ?? 0, new = b?.quantity ?? 0
        // A millionth of the larger flow is solver noise, as in `differences`.
        guard abs(new - old) > 1e-6 * max(1, abs(old), abs(new)) else { continue }
        found.append(
          FlowChange(plan: index, lane: key.lane, from: from, to: to, product: key.product, period: key.period, base: old, value: new))
      }
      found.sort {
        abs($0.value - $0.base) > abs($1.value - $1.base)
          || (abs($0.value - $0.base) == abs($1.value - $1.base) && ($0.lane, $0.product, $0.period) < ($1.lane, $1.product, $1.period))
      }
      changes += found.prefix(limit)
    }
    return changes
  }

  /// Delivered cost, duties and landed cost per customer and product in every plan, from the
  /// plans' delivered-cost series (`PlanSeries.deliveredCosts`).
  static func customerFigures(_ plans: [Plan]) -> [CustomerFigure] {
    struct Key: Hashable, Comparable {
      var site: String, product: String
      static func < (a: Key, b: Key) -> Bool { (a.site, a.product) < (b.site, b.product) }
    }
    struct Sums { var units = 0.0, cost = 0.0, duties = 0.0, landed = 0.0, landedYears = 0 }
    let sums = plans.map { plan -> [Key: Sums] in
      var result: [Key: Sums] = [:]
      for line in plan.series?.deliveredCosts ?? [] where line.quantity > 0 {
        var sum = result[Key(site: line.site, product: line.product)] ?? Sums()
        sum.units += line.quantity
        sum.cost += line.total * line.quantity
        sum.duties += line.duties * line.quantity
        if let landed = line.landedCost {
          sum.landed += landed
          sum.landedYears += 1
        }
        result[Key(site: line.site, product: line.product)] = sum
      }
      return result
    }
    let keys = Set(sums.flatMap(\.keys)).sorted()
    return keys.map { key in
      let parts = sums.map { $0[key] ?? Sums() }
      return CustomerFigure(
        site: key.site, product: key.product, units: parts.map(\.units),
        deliveredCost: parts.map { $0.units > 0 ? $0.cost / $0.units : nil },
        dutyPerUnit: parts.map { $0.units > 0 ? $0.duties / $0.units : nil }, duties: parts.map(\.duties),
        landedCost: parts.map { $0.landedYears > 0 ? $0.landed / Double($0.landedYears) : nil })
    }
  }
}

extension Comparison.Figure {
  private enum CodingKeys: String, CodingKey { case name, unit, values, deltas }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      name: try container.decode(String.self, forKey: .name), unit: try container.decode(String.self, forKey: .unit),
      values: try container.decode([Double?].self, forKey: .values))
  }

  /// Encodes the deltas too, so that every reader shows the library's deltas instead of its own.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(unit, forKey: .unit)
    try container.encode(values, forKey: .values)
    try container.encode(deltas, forKey: .deltas)
  }
}
