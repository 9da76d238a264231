import FerriteIO
import FerriteModel
import FerritePlanner
import FerriteScenarios
import Foundation
import HiGHS
import LinearProgramming
import Testing

/// The formulation's parameter mapping: every numeric column of the format is either written into
/// a built model or declared structural with a reason, and a number written in place gives the
/// model a rebuild gives, entry by entry.
@Suite("Scenario numbers changed in place equal a rebuilt model")
struct ParameterMappingTests {
  /// A small trade network that reaches every mapped column: a Korean mill and a candidate US mill
  /// (with a module option and no capacity of its own, so its throughput row takes the absorption
  /// bound), a capacitated lane, a purchase limit, soft demand, duties (ad valorem and specific), a
  /// quota with an out-of-quota rate, an origin-share rule with an incentive, carbon prices and a cap.
  static let network = """
    name: parameter map
    periods: [2026, 2027]
    discount_rate: 0.05
    options: {facility_links: aggregate}
    products:
      - {id: ore}
      - {id: coil, hs_code: "7208", family: steel, customs_value: 500}
    sites:
      - {id: mine, country: AU, kind: mine}
      - {id: kr-mill, country: KR, kind: steel-mill, capacity: 500, fixed_cost: 10}
      - {id: us-mill, country: US, kind: steel-mill, status: candidate, fixed_cost: 1000}
      - {id: customer, country: US, kind: vehicle-plant, owners: "carco=1"}
    processes:
      - {id: kr-mill/line, site: kr-mill, capacity: 300, variable_cost: 100, emissions: 2}
      - {id: us-mill/line, site: us-mill, capacity: 50, variable_cost: 150, emissions: 0.5}
    recipes:
      - {process: kr-mill/line, role: input, product: ore, quantity: 1.5}
      - {process: kr-mill/line, role: output, product: coil, quantity: 1, principal: yes}
      - {process: us-mill/line, role: input, product: ore, quantity: 1.5}
      - {process: us-mill/line, role: output, product: coil, quantity: 1, principal: yes}
    lanes:
      - {id: m-kr, from: mine, to: kr-mill, mode: ocean, cost_per_unit: 20}
      - {id: m-us, from: mine, to: us-mill, mode: ocean, cost_per_unit: 25, capacity: 400}
      - {id: kr-c, from: kr-mill, to: customer, mode: ocean, cost_per_unit: 40, distance_km: 10000, cost_per_unit_km: 0.001, emission_factor: 10}
      - {id: us-c, from: us-mill, to: customer, mode: truck, cost_per_unit: 5}
    purchases:
      - {id: ore-buy, site: mine, product: ore, price: 50, limit: 1000, footprint: 0.1}
    demand:
      - {site: customer, product: coil, period: 2026, quantity: 200, penalty: 2000}
      - {site: customer, product: coil, period: 2027, quantity: 250, penalty: 2000}
    capacity_options:
      - {id: us-module, site: us-mill, process: us-mill/line, module_size: 200, capex: 100000, fixed_cost: 500, lifetime: 20, lead_time: 0, max_modules: 2}
    tariff_rules:
      - {id: s232, importer: US, hs_prefix: "72", ad_valorem: 0.25, specific: 5}
    tariff_quotas:
      - {id: kr-quota, importer: US, quantity: 150, in_quota_rate: 0.01, out_of_quota_rate: 0.1}
    origin_rules:
      - {id: us-share, company: carco, region: US, products: [coil], qualifying_origins: [US], threshold: 0.5, mode: incentive, incentive_per_unit: 30}
    carbon_prices:
      - {kind: internal, period: 2026, price: 20}
      - {kind: internal, period: 2027, price: 30}
    carbon_caps:
      - {id: cap, scope: total, cap: 100000}

    """

  /// The same network selling coil at a price, so the model maximizes profit.
  static var priced: String {
    network.replacingOccurrences(of: "quantity: 200, penalty: 2000", with: "quantity: 200, price: 3000, penalty: 2000")
      .replacingOccurrences(of: "quantity: 250, penalty: 2000", with: "quantity: 250, price: 3100, penalty: 2000")
  }

  /// One change per mapped column (and a second where a column takes two paths).
  struct Case: Sendable, CustomTestStringConvertible {
    var table: String, row: Int, column: String, value: Double
    var priced = false
    var testDescription: String { "\(table)[\(row)].\(column) = \(value)\(priced ? " (priced)" : "")" }
  }

  static let cases: [Case] = [
    Case(table: "purchases", row: 0, column: "price", value: 60),
    Case(table: "purchases", row: 0, column: "limit", value: 900),
    Case(table: "processes", row: 0, column: "variable_cost", value: 120),
    Case(table: "processes", row: 0, column: "capacity", value: 350),
    // At a candidate site: the site-activity big-M and the absorption and origin-share bounds move.
    Case(table: "processes", row: 1, column: "capacity", value: 80),
    Case(table: "lanes", row: 0, column: "cost_per_unit", value: 22),
    Case(table: "lanes", row: 2, column: "cost_per_unit_km", value: 0.002),
    Case(table: "lanes", row: 1, column: "capacity", value: 350),
    Case(table: "sites", row: 1, column: "fixed_cost", value: 12),
    Case(table: "sites", row: 2, column: "fixed_cost", value: 1200),
    Case(table: "sites", row: 1, column: "capacity", value: 450),
    Case(table: "sites", row: 2, column: "capacity", value: 300),
    Case(table: "capacity_options", row: 0, column: "fixed_cost", value: 600),
    Case(table: "capacity_options", row: 0, column: "capex", value: 120_000),
    Case(table: "demand", row: 0, column: "quantity", value: 220),
    Case(table: "demand", row: 1, column: "penalty", value: 2500),
    Case(table: "demand", row: 1, column: "price", value: 3300, priced: true),
    Case(table: "demand", row: 1, column: "quantity", value: 180, priced: true),
    Case(table: "carbon_prices", row: 0, column: "price", value: 45),
    Case(table: "carbon_caps", row: 0, column: "cap", value: 5000),
    Case(table: "tariff_rules", row: 0, column: "ad_valorem", value: 0.5),
    Case(table: "tariff_rules", row: 0, column: "specific", value: 7),
    Case(table: "tariff_quotas", row: 0, column: "quantity", value: 100),
    Case(table: "tariff_quotas", row: 0, column: "in_quota_rate", value: 0.02),
    Case(table: "tariff_quotas", row: 0, column: "out_of_quota_rate", value: 0.2),
    Case(table: "origin_rules", row: 0, column: "threshold", value: 0.6),
    Case(table: "origin_rules", row: 0, column: "incentive_per_unit", value: 40),
  ]

  @Test("Every numeric column of the format is mapped, or structural with a reason, and each mapped one is tested")
  func everyNumericColumnHasARule() {
    var mapped: Set<String> = []
    for table in ScenarioSchema.tables {
      for column in table.columns {
        switch column.kind {
        case .number, .integer, .year, .date: break
        default: continue
        }
        let rule = Formulation.parameterRule(table: table.name, column: column.name)
        #expect(rule != nil, "\(table.name).\(column.name) has no parameter rule: map it or declare it structural")
        if case .structural(let reason)? = rule { #expect(reason.count > 10) }
        if rule?.isMapped == true { mapped.insert("\(table.name).\(column.name)") }
      }
    }
    let tested = Set(Self.cases.map { "\($0.table).\($0.column)" })
    #expect(mapped.subtracting(tested).sorted() == [], "mapped columns without a warm-equals-rebuilt case")
    #expect(tested.subtracting(mapped).sorted() == [])
  }

  @Test("A number written in place gives the rebuilt model, entry by entry", arguments: cases)
  func warmEqualsRebuilt(_ change: Case) throws {
    let base = try Fixtures.scenario(change.priced ? Self.priced : Self.network)
    let formulation = try Formulation(base)
    #expect(formulation.maximizesProfit == change.priced)
    let number = ScenarioNumber(table: change.table, row: change.row, column: change.column)
    let changes = try formulation.changes(setting: [number: change.value]).get()
    #expect(!changes.model.isEmpty)
    let warm = formulation.program().applying(changes.model)

    var edited = ScenarioTables(base)
    var rows = edited.rows[change.table] ?? []
    try #require(rows.indices.contains(change.row))
    rows[change.row][change.column] = "\(change.value)"
    edited.rows[change.table] = rows
    let rebuilt = try Formulation(try Self.scenario(edited)).program()
    // The change must show in the rebuilt model, or the case tests nothing.
    #expect(!Self.same(formulation.program(), rebuilt))
    #expect(Self.same(warm, rebuilt), "\(change.testDescription): the model changed in place differs from the rebuilt one")
  }

  @Test("A structural number says so, naming the column and the reason")
  func structuralNumbersRebuild() throws {
    let formulation = try Formulation(try Fixtures.scenario(Self.network))
    let number = ScenarioNumber(table: "recipes", row: 0, column: "quantity")
    guard case .failure(let change) = formulation.changes(setting: [number: 2]) else {
      Issue.record("a recipe quantity was changed in place")
      return
    }
    #expect(change.description.hasPrefix("recipes.quantity: it is a coefficient"))
    // With facility links, a demand decides which link rows exist.
    let linked = try Formulation(
      try Fixtures.scenario(Self.network.replacingOccurrences(of: "facility_links: aggregate", with: "facility_links: disaggregated")))
    let demand = ScenarioNumber(table: "demand", row: 0, column: "quantity")
    #expect(throws: StructureChange.self) { try linked.changes(setting: [demand: 220]).get() }
    // A blank lane capacity has no row to change.
    let blank = ScenarioNumber(table: "lanes", row: 0, column: "capacity")
    #expect(throws: StructureChange.self) { try formulation.changes(setting: [blank: 10]).get() }
  }

  /// The same numbers and shape: sense, offset, objective, bounds, kinds and matrix (relative 1e-12).
  static func same(_ a: LinearProgram, _ b: LinearProgram) -> Bool {
    func close(_ x: Double, _ y: Double) -> Bool {
      x == y || abs(x - y) <= 1e-12 * max(abs(x), abs(y))
    }
    func close(_ x: [Double], _ y: [Double]) -> Bool { x.count == y.count && zip(x, y).allSatisfy(close) }
    return a.sense == b.sense && close(a.objectiveOffset, b.objectiveOffset) && close(a.objective, b.objective)
      && close(a.columnLower, b.columnLower) && close(a.columnUpper, b.columnUpper) && a.columnKinds == b.columnKinds
      && close(a.rowLower, b.rowLower) && close(a.rowUpper, b.rowUpper)
      && a.matrix.columnStarts == b.matrix.columnStarts && a.matrix.rowIndices == b.matrix.rowIndices
      && close(a.matrix.values, b.matrix.values)
  }

  /// Reads edited tables back the way a variant does.
  static func scenario(_ tables: ScenarioTables) throws -> Scenario {
    let loaded = tables.load(named: "edited.yaml")
    #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
    return try #require(loaded.scenario)
  }
}
