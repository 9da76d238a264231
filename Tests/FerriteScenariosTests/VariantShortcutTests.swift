import FerriteIO
import FerriteModel
import FerriteScenarios
import Foundation
import Testing

/// Each planner shortcut becomes ordinary variant changes; the expected statements are worked out
/// by hand from the cells of the case they apply to.
@Suite("Variant shortcuts")
struct VariantShortcutTests {
  static func northAmerica() throws -> ScenarioTables {
    ScenarioTables(try ScenarioReader().read(Fixtures.northAmerica))
  }

  /// Two plants serving two customers in two countries, with an emissions price in 2027 only.
  static let twoCountries = """
    name: two countries
    periods: [2026, 2027, 2028]
    products:
      - {id: coil}
    sites:
      - {id: plant, country: US, kind: steel-mill}
      - {id: detroit, country: US, kind: vehicle-plant}
      - {id: monterrey, country: MX, kind: vehicle-plant}
    processes:
      - {id: plant/line, site: plant, capacity: 1000, variable_cost: 10}
    recipes:
      - {process: plant/line, role: output, product: coil, quantity: 1, principal: yes}
    lanes:
      - {id: p-d, from: plant, to: detroit, mode: truck, cost_per_unit: 2}
      - {id: p-m, from: plant, to: monterrey, mode: truck, cost_per_unit: 3}
    demand:
      - {site: detroit, product: coil, period: 2026, quantity: 100}
      - {site: detroit, product: coil, period: 2028, quantity: 100}
      - {site: monterrey, product: coil, period: 2028, quantity: 50}
    tariff_rules:
      - {id: mx-coil, importer: MX, hs_prefix: "72", origin: US, ad_valorem: 0.1}
    carbon_prices:
      - {kind: emissions, jurisdiction: US, period: 2027, price: 40}

    """

  @Test("delay a capacity option: the Louisiana mill (earliest 2029, lead time 3 from 2026) two years late is earliest_period = 2031")
  func delay() throws {
    let base = try Self.northAmerica()
    let variant = try VariantShortcut.delayCapacityOption(option: "louisiana-mill", years: 2).variant(of: base)
    // max(earliest 2029, first period 2026 + lead time 3 = 2029) + 2 = 2031.
    #expect(variant.changes.map(\.description) == ["capacity_options where id=louisiana-mill: earliest_period = 2031"])
    #expect(variant.name == "louisiana-mill-2-years-late")
    let changed = try variant.apply(to: base)
    #expect(changed.rows(of: .capacityOptions).first?["earliest_period"] == "2031")
    // An unknown option is a problem with the nearest id.
    #expect(throws: VariantProblem.self) {
      _ = try VariantShortcut.delayCapacityOption(option: "lousiana-mill", years: 2).changes(in: base)
    }
    do {
      _ = try VariantShortcut.delayCapacityOption(option: "lousiana-mill", years: 2).changes(in: base)
    } catch {
      #expect(error.fix?.contains("louisiana-mill") == true, "\(error)")
    }
    #expect(throws: VariantProblem.self) {
      _ = try VariantShortcut.delayCapacityOption(option: "louisiana-mill", years: 0).changes(in: base)
    }
  }

  @Test("a blank earliest period counts from the first period plus the lead time")
  func delayFromLeadTime() throws {
    var base = ScenarioTables(try Fixtures.scenario(Self.twoCountries))
    base.rows["capacity_options"] = [
      ["id": "line-2", "site": "plant", "process": "plant/line", "module_size": "100", "capex": "1000", "lifetime": "20", "lead_time": "1"]
    ]
    // First period 2026 + lead time 1 = 2027; one year late: 2028.
    let changes = try VariantShortcut.delayCapacityOption(option: "line-2", years: 1).changes(in: base)
    #expect(changes.map(\.description) == ["capacity_options where id=line-2: earliest_period = 2028"])
  }

  @Test("scale demand for a product in a region from a year: one scaling per customer in that country")
  func scaleDemand() throws {
    let base = ScenarioTables(try Fixtures.scenario(Self.twoCountries))
    let everywhere = try VariantShortcut.scaleDemand(product: "coil", region: nil, from: 2027, factor: 1.2).changes(in: base)
    #expect(everywhere.map(\.description) == ["demand where product=coil and period>=2027: quantity * 1.2"])
    let mexico = try VariantShortcut.scaleDemand(product: "coil", region: "mx", from: 2027, factor: 1.5).changes(in: base)
    #expect(mexico.map(\.description) == ["demand where site=monterrey and product=coil and period>=2027: quantity * 1.5"])
    // Applied: Monterrey's 2028 row 50 -> 75; Detroit's rows stay 100.
    let variant = Variant(name: "mx", changes: mexico)
    let quantities = try variant.apply(to: base).rows(of: .demand).map { $0["quantity"] }
    #expect(quantities == ["100", "100", "75"])
    #expect(throws: VariantProblem.self) {
      _ = try VariantShortcut.scaleDemand(product: "coil", region: "CA", from: 2027, factor: 1.5).changes(in: base)
    }
    #expect(throws: VariantProblem.self) {
      _ = try VariantShortcut.scaleDemand(product: "coil", region: nil, from: 2027, factor: .nan).changes(in: base)
    }
  }

  @Test("set a tariff rule's rate")
  func tariff() throws {
    let base = ScenarioTables(try Fixtures.scenario(Self.twoCountries))
    let changes = try VariantShortcut.setTariffRate(rule: "mx-coil", rate: 0.25).changes(in: base)
    #expect(changes.map(\.description) == ["tariff_rules where id=mx-coil: ad_valorem = 0.25"])
    #expect(throws: VariantProblem.self) { _ = try VariantShortcut.setTariffRate(rule: "mx-coil", rate: 1e300).changes(in: base) }
  }

  @Test("set a carbon price from a year: rows there get the price, periods without a row get one")
  func carbon() throws {
    let base = ScenarioTables(try Fixtures.scenario(Self.twoCountries))
    let variant = try VariantShortcut.setCarbonPrice(jurisdiction: "US", from: 2027, price: 85).variant(of: base)
    // 2027 has a row (40 -> 85); 2028 has none and gets one; 2026 is before the start.
    #expect(variant.changes.map(\.description) == [
      "carbon_prices where kind=emissions and jurisdiction=US and period>=2027: price = 85", "add 1 row to carbon_prices",
    ])
    let rows = try variant.apply(to: base).rows(of: .carbonPrices)
    #expect(rows.map { $0["period"] } == ["2027", "2028"])
    #expect(rows.map { $0["price"] } == ["85", "85"])
    let scenario = try Fixtures.scenario(try variant.apply(to: base).yaml())
    #expect(scenario.policy.carbonPrices.map(\.price) == [85, 85])
  }

  @Test("a variant's text reads back to the same changes, and the preview shows the rows before and after")
  func textAndPreview() throws {
    let base = ScenarioTables(try Fixtures.scenario(Self.twoCountries))
    let variant = try VariantShortcut.setCarbonPrice(jurisdiction: "US", from: 2027, price: 85).variant(of: base)
    let read = try VariantReader().parse(variant.text, file: "variant.yaml", name: "x")
    #expect(read.name == variant.name && read.description == variant.description)
    #expect(read.changes.map(\.description) == variant.changes.map(\.description))
    #expect(try read.apply(to: base) == (try variant.apply(to: base)))
    let previews = try variant.preview(on: base)
    #expect(previews.count == 2)
    #expect(previews[0].matched == 1 && previews[0].before.first?["price"] == "40" && previews[0].after.first?["price"] == "85")
    #expect(previews[1].after.first?["period"] == "2028" && previews[1].before.isEmpty)
  }
}

@Suite("Differences between versions of a scenario's tables")
struct TableDiffTests {
  @Test("rows matched by key: one added, one removed, one with two changed cells; equal numbers written differently are no change")
  func diff() {
    let old: [String: [ScenarioTables.Row]] = [
      "demand": [
        ["site": "a", "product": "coil", "period": "2026", "quantity": "100", "price": "900"],
        ["site": "a", "product": "coil", "period": "2027", "quantity": "100"],
        ["site": "b", "product": "coil", "period": "2026", "quantity": "50.0"],
      ],
      "lanes": [["id": "x", "from": "a", "to": "b", "mode": "rail"]],
    ]
    let new: [String: [ScenarioTables.Row]] = [
      "demand": [
        ["site": "a", "product": "coil", "period": "2026", "quantity": "120", "price": "950"],
        ["site": "b", "product": "coil", "period": "2026", "quantity": "50"],
        ["site": "c", "product": "coil", "period": "2026", "quantity": "10"],
      ],
      "lanes": [["id": "x", "from": "a", "to": "b", "mode": "rail"]],
    ]
    let diffs = TableDiff.tables(from: old, to: new)
    // lanes are equal and left out; demand: (c, coil, 2026) added, (a, coil, 2027) removed,
    // (a, coil, 2026) quantity 100 -> 120 and price 900 -> 950; 50.0 -> 50 is the same number.
    #expect(diffs.map(\.table) == ["demand"])
    let demand = diffs[0]
    #expect(demand.added.map { $0["site"] } == ["c"])
    #expect(demand.removed.map { $0["period"] } == ["2027"])
    #expect(demand.changed.count == 1)
    #expect(demand.changed.first?.key == ["a", "coil", "2026"])
    #expect(demand.changed.first?.cells == [
      TableDiff.Cell(column: "quantity", before: "100", after: "120"), TableDiff.Cell(column: "price", before: "900", after: "950"),
    ])
  }
}
