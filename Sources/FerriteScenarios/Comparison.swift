import FerriteModel
import FerritePlanner
import Foundation

/// Plans of a base and its variants side by side: key figures with deltas against the base, and
/// the flows and decisions that changed most.
public struct Comparison: Sendable, Codable {
  /// One key figure across the plans.
  public struct Figure: Sendable, Codable, Equatable {
    public var name: String
    /// "money", "fraction", "units", "modules", "year".
    public var unit: String
    /// The value of each plan, base first; nil where the plan has none (no solution, never built).
    public var values: [Double?]

    /// Each variant's value minus the base's, variants only; nil when either is missing.
    public var deltas: [Double?] {
      values.dropFirst().map { value in
        guard let value, let base = values.first ?? nil else { return nil }
        return value - base
      }
    }
  }

  /// One flow, production or build quantity that differs between the base and a variant.
  public struct Change: Sendable, Codable, Equatable {
    /// "flow", "production", "build", "purchase".
    public var kind: String
    /// "gwangyang:port-mobile hot-rolled-coil 2029".
    public var subject: String
    public var variant: String
    public var base: Double
    public var value: Double
    public var delta: Double { value - base }
  }

  /// Plan names, base first.
  public var names: [String]
  public var figures: [Figure]
  /// Largest changes first, at most `changeLimit` per variant.
  public var changes: [Change]

  /// Compares `plans` (base first) named `names`, keeping the `changeLimit` largest changes per
  /// variant; `capacityOptions` are listed even where no plan builds them.
  public init(names: [String], plans: [Plan], capacityOptions: [String] = [], changeLimit: Int = 10) {
    self.names = names
    figures = Self.figures(plans, capacityOptions: capacityOptions)
    changes = []
    guard let base = plans.first else { return }
    for (name, plan) in zip(names.dropFirst(), plans.dropFirst()) {
      var all = Self.differences(Self.quantities(base), Self.quantities(plan), variant: name)
      all.sort { abs($0.delta) > abs($1.delta) || (abs($0.delta) == abs($1.delta) && $0.subject < $1.subject) }
      changes += all.prefix(changeLimit)
    }
  }

  static func figures(_ plans: [Plan], capacityOptions: [String]) -> [Figure] {
    func figure(_ name: String, _ unit: String, _ value: (Plan) -> Double?) -> Figure {
      Figure(name: name, unit: unit, values: plans.map { $0.hasSolution ? value($0) : nil })
    }
    var figures = [
      figure("objective", "money") { $0.objective },
      figure("total cost", "money") { $0.totalCost },
    ]
    if plans.contains(where: { $0.revenue != 0 }) { figures.append(figure("revenue", "money") { $0.revenue }) }
    let components = Set(plans.flatMap { $0.components.map(\.component) }).sorted()
    for component in components where !plans.contains(where: { $0.components.contains { $0.component == component && $0.isRevenue } }) {
      figures.append(figure(component.rawValue, "money") { $0.total(of: component) })
    }
    figures.append(figure("service level", "fraction") { serviceLevel($0) })
    figures.append(figure("unmet units", "units") { plan in plan.demand.reduce(0) { $0 + $1.unmet } })
    let options = Set(plans.flatMap { $0.builds.map(\.option) } + capacityOptions).sorted()
    for option in options {
      figures.append(figure("\(option) modules", "modules") { plan in
        Double(plan.builds.filter { $0.option == option }.reduce(0) { $0 + $1.modules })
      })
      figures.append(figure("\(option) first build", "year") { plan in
        plan.builds.filter { $0.option == option && $0.modules > 0 }.map { Double($0.period) }.min()
      })
    }
    let sites = Set(plans.flatMap { $0.sites.map(\.site) }).sorted()
    for site in sites {
      figures.append(figure("\(site) periods open", "periods") { plan in
        Double(plan.sites.filter { $0.site == site && $0.isOpen }.count)
      })
    }
    return figures
  }

  /// Served over demanded units, over every demand row and period (1 when nothing is demanded).
  public static func serviceLevel(_ plan: Plan) -> Double {
    let demanded = plan.demand.reduce(0) { $0 + $1.quantity }
    return demanded > 0 ? plan.demand.reduce(0) { $0 + $1.served } / demanded : 1
  }

  /// Every quantity that can change between plans, by kind and subject.
  static func quantities(_ plan: Plan) -> [String: [String: Double]] {
    var result: [String: [String: Double]] = [:]
    for flow in plan.flows { result["flow", default: [:]]["\(flow.lane) \(flow.product) \(flow.period)", default: 0] += flow.quantity }
    for line in plan.production { result["production", default: [:]]["\(line.process) \(line.period)", default: 0] += line.activity }
    for line in plan.purchases { result["purchase", default: [:]]["\(line.offer) \(line.period)", default: 0] += line.quantity }
    for build in plan.builds { result["build", default: [:]]["\(build.option) \(build.period)", default: 0] += Double(build.modules) }
    return result
  }

  static func differences(_ base: [String: [String: Double]], _ other: [String: [String: Double]], variant: String) -> [Change] {
    var changes: [Change] = []
    for kind in Set(base.keys).union(other.keys).sorted() {
      let a = base[kind] ?? [:], b = other[kind] ?? [:]
      for subject in Set(a.keys).union(b.keys) {
        let before = a[subject] ?? 0, after = b[subject] ?? 0
        // Differences below a millionth of the larger value are solver noise, not decisions.
        if abs(after - before) > 1e-6 * max(1, abs(before), abs(after)) {
          changes.append(Change(kind: kind, subject: subject, variant: variant, base: before, value: after))
        }
      }
    }
    return changes
  }
}
