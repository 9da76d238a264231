import FerriteIO
import FerriteModel
import Foundation

/// A planner's question in one line, turned into ordinary variant changes.
///
/// "The Louisiana mill two years late" is `capacity_options where id=louisiana-mill:
/// earliest_period = 2031`: the shortcut reads the base's cells once to find the numbers and
/// then is a variant like any other, so the command line, sweeps and the web app share it.
public enum VariantShortcut: Sendable, Equatable {
  /// A capacity option's first producing period moved `years` later.
  case delayCapacityOption(option: String, years: Int)
  /// Demand for `product` multiplied by `factor` from period `from` on, everywhere or in `region`
  /// (a country code or a customer site id).
  case scaleDemand(product: String, region: String?, from: Int, factor: Double)
  /// A tariff rule's ad valorem rate (0.25 = 25 %).
  case setTariffRate(rule: String, rate: Double)
  /// The emissions price in `jurisdiction` (a country or bloc) from period `from` on, per t CO2e.
  case setCarbonPrice(jurisdiction: String, from: Int, price: Double)

  /// A name for the variant, such as `louisiana-mill-2-years-late`.
  public var name: String {
    switch self {
    case .delayCapacityOption(let option, let years): "\(option)-\(years)-year\(years == 1 ? "" : "s")-late"
    case .scaleDemand(let product, let region, let from, let factor):
      "\(product)\(region.map { "-" + $0.lowercased() } ?? "")-demand-x\(ColumnSchema.format(factor))-from-\(from)"
    case .setTariffRate(let rule, let rate): "\(rule)-at-\(ColumnSchema.format(rate * 100))pct"
    case .setCarbonPrice(let jurisdiction, let from, let price):
      "carbon-\(jurisdiction.lowercased())-\(ColumnSchema.format(price))-from-\(from)"
    }
  }

  /// The question in words, for the variant's description.
  public var summary: String {
    switch self {
    case .delayCapacityOption(let option, let years): "Capacity option \(option) \(years) year\(years == 1 ? "" : "s") late."
    case .scaleDemand(let product, let region, let from, let factor):
      "Demand for \(product)\(region.map { " in \($0)" } ?? "") times \(ColumnSchema.format(factor)) from \(from)."
    case .setTariffRate(let rule, let rate): "Tariff rule \(rule) at an ad valorem rate of \(ColumnSchema.format(rate))."
    case .setCarbonPrice(let jurisdiction, let from, let price):
      "Emissions priced at \(ColumnSchema.format(price)) per t CO2e in \(jurisdiction) from \(from)."
    }
  }

  /// The variant this shortcut makes of `base`: its name, summary and changes.
  public func variant(of base: ScenarioTables) throws(VariantProblem) -> Variant {
    Variant(name: name, description: summary, changes: try changes(in: base))
  }

  /// The changes that answer the question on `base`; a problem names what is missing and a fix.
  public func changes(in base: ScenarioTables) throws(VariantProblem) -> [VariantChange] {
    switch self {
    case .delayCapacityOption(let option, let years):
      guard (1...50).contains(years) else { throw VariantProblem("a delay of \(years) years", fix: "give 1 to 50 years") }
      let row = try Self.row(of: .capacityOptions, id: option, in: base)
      let first = base.firstPeriod ?? 0
      // When a module can first produce: not before its earliest period, nor before its lead time
      // has passed from the first decision.
      let earliest = row["earliest_period"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? first
      let lead = row["lead_time"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
      let produces = max(earliest, first + lead)
      return [
        VariantChange(
          table: .capacityOptions, filter: try Self.filter("id=\(option)", .capacityOptions),
          action: .set(["earliest_period": String(produces + years)]))
      ]
    case .scaleDemand(let product, let region, let from, let factor):
      guard factor.isFinite, factor >= 0, factor <= 1000 else {
        throw VariantProblem("a demand factor of \(factor)", fix: "give a number from 0 to 1000, such as 1.2")
      }
      let demand = base.rows(of: .demand)
      let products = Set(demand.compactMap { $0["product"] })
      guard products.contains(product) else {
        throw VariantProblem(
          "no demand for product '\(product)'", fix: Suggestion.fix(for: product, among: products.sorted()))
      }
      let period = "period>=\(from)"
      guard let region = region?.trimmingCharacters(in: .whitespaces), !region.isEmpty else {
        return [try Self.scale("product=\(product) and \(period)", factor, in: base)]
      }
      let sites = base.rows(of: .sites)
      let customers: [String]
      if sites.contains(where: { $0["id"] == region }) {
        customers = [region]
      } else {
        let inRegion = Set(
          sites.filter { ($0["country"] ?? "").caseInsensitiveCompare(region) == .orderedSame }.compactMap { $0["id"] })
        customers = demand.compactMap { row in row["product"] == product ? row["site"] : nil }
          .filter { inRegion.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !customers.isEmpty else {
          throw VariantProblem(
            "no customer in '\(region)' has demand for \(product)", fix: "give a country code such as US, or a customer site id")
        }
      }
      return try customers.map { site throws(VariantProblem) in
        try Self.scale("site=\(site) and product=\(product) and \(period)", factor, in: base)
      }
    case .setTariffRate(let rule, let rate):
      guard rate.isFinite, rate >= 0, rate <= 10 else {
        throw VariantProblem("an ad valorem rate of \(rate)", fix: "give a fraction such as 0.25 for 25 %")
      }
      _ = try Self.row(of: .tariffRules, id: rule, in: base)
      return [
        VariantChange(
          table: .tariffRules, filter: try Self.filter("id=\(rule)", .tariffRules),
          action: .set(["ad_valorem": ColumnSchema.format(rate)]))
      ]
    case .setCarbonPrice(let jurisdiction, let from, let price):
      guard price.isFinite, price >= 0, price <= 100_000 else {
        throw VariantProblem("a carbon price of \(price)", fix: "give a price per t CO2e from 0 to 100000")
      }
      let periods = base.periods.filter { $0 >= from }
      guard !periods.isEmpty else {
        throw VariantProblem("the scenario has no period from \(from) on", fix: "give a year of its horizon")
      }
      let priced = base.rows(of: .carbonPrices).filter { row in
        (row["jurisdiction"] ?? "").caseInsensitiveCompare(jurisdiction) == .orderedSame
          && ["", "emissions"].contains(row["kind"] ?? "") && (Int(row["period"] ?? "") ?? Int.min) >= from
      }
      var changes: [VariantChange] = []
      // Rows already there get the new price (blank and written-out kinds need a filter each).
      for kind in ["emissions", ""] where priced.contains(where: { ($0["kind"] ?? "") == kind }) {
        changes.append(
          VariantChange(
            table: .carbonPrices,
            filter: try Self.filter("kind=\(kind) and jurisdiction=\(jurisdiction) and period>=\(from)", .carbonPrices),
            action: .set(["price": ColumnSchema.format(price)])))
      }
      let covered = Set(priced.compactMap { Int($0["period"] ?? "") })
      let added = periods.filter { !covered.contains($0) }.map { period -> ScenarioTables.Row in
        ["kind": "emissions", "jurisdiction": jurisdiction, "period": String(period), "price": ColumnSchema.format(price)]
      }
      if !added.isEmpty { changes.append(VariantChange(table: .carbonPrices, action: .add(added))) }
      return changes
    }
  }

  static func filter(_ text: String, _ table: Table) throws(VariantProblem) -> RowFilter {
    try RowFilter.parse(text, schema: ScenarioSchema.schema(of: table)).get()
  }

  static func scale(_ filter: String, _ factor: Double, in base: ScenarioTables) throws(VariantProblem) -> VariantChange {
    VariantChange(table: .demand, filter: try Self.filter(filter, .demand), action: .scale(["quantity": factor]))
  }

  /// The row of `table` whose id is `id`, or a problem suggesting the nearest id.
  static func row(of table: Table, id: String, in base: ScenarioTables) throws(VariantProblem) -> ScenarioTables.Row {
    let rows = base.rows(of: table)
    if let row = rows.first(where: { $0["id"] == id }) { return row }
    let ids = rows.compactMap { $0["id"] }
    throw VariantProblem(
      "\(table.rawValue) has no row '\(id)'",
      fix: Suggestion.fix(for: id, among: ids) ?? (ids.isEmpty ? "the table is empty" : "ids: " + ids.prefix(20).joined(separator: ", ")))
  }
}

extension ScenarioTables {
  /// The planning periods the settings give (`2026-2035` or a list of years).
  public var periods: [Int] {
    guard let value = settings.first(where: { $0.key == "periods" })?.value else { return [] }
    switch value {
    case .text(let text):
      let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      if parts.count == 2, let low = parts[0], let high = parts[1], low <= high, high - low < 1000 { return Array(low...high) }
      return text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    case .list(let items): return items.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    case .mapping: return []
    }
  }

  /// The first planning period, if the settings give one.
  public var firstPeriod: Int? { periods.min() }
}
