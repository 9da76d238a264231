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
  /// Every year of any plan, in order; the columns of `periodFigures`.
  public var periods: [Year]
  /// Money and unmet units year by year, with each variant's change.
  public var periodFigures: [PeriodFigure]
  /// Flows that grew or shrank, at most `flowLimit` per variant, largest first.
  public var flowChanges: [FlowChange]
  /// Delivered cost, duties and landed cost by customer and product.
  public var customers: [CustomerFigure]

  /// Compares `plans` (base first) named `names`, keeping the `changeLimit` largest changes and
  /// `flowLimit` largest flow changes per variant; `capacityOptions` are listed even where no plan
  /// builds them.
  public init(names: [String], plans: [Plan], capacityOptions: [String] = [], changeLimit: Int = 10, flowLimit: Int = 2_000) {
    self.names = names
    figures = Self.figures(plans, capacityOptions: capacityOptions)
    (periods, periodFigures) = Self.periodFigures(plans)
    flowChanges = Self.flowChanges(plans, limit: flowLimit)
    customers = Self.customerFigures(plans)
    changes = []
    guard let base = plans.first else { return }
    for (name, plan) in zip(names.dropFirst(), plans.dropFirst()) {
      var all = Self.differences(Self.quantities(base), Self.quantities(plan), variant: name)
      all.sort { abs($0.delta) > abs($1.delta) || (abs($0.delta) == abs($1.delta) && $0.subject < $1.subject) }
      changes += all.prefix(changeLimit)
    }
  }

  /// Every plan's key figures (`KeyFigures`, the one definition), aligned by name in the order
  /// the plans list them; a plan without a solution has none.
  static func figures(_ plans: [Plan], capacityOptions: [String]) -> [Figure] {
    let keys = plans.map { $0.hasSolution ? KeyFigures($0, capacityOptions: capacityOptions) : nil }
    var order: [(name: String, unit: String)] = []
    var seen: Set<String> = []
    for part in [\KeyFigures.figures, \KeyFigures.decisions] {
      for key in keys.compactMap({ $0 }) {
        for figure in key[keyPath: part] where seen.insert(figure.name).inserted { order.append((figure.name, figure.unit)) }
      }
    }
    let values = keys.map { key in
      Dictionary(((key?.figures ?? []) + (key?.decisions ?? [])).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
    return order.map { item in
      Figure(
        name: item.name, unit: item.unit,
        values: zip(keys, values).map { key, figures in
          guard key != nil else { return nil }
          // A component one plan lacks is zero there; a first build year stays absent.
          return (figures[item.name] ?? nil) ?? (item.unit == "money" ? 0 : nil)
        })
    }
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
