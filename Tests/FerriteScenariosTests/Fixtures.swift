import FerriteIO
import FerriteModel
import Foundation
import Testing

/// Small scenarios whose optima are worked out by hand next to the tests that use them.
enum Fixtures {
  /// Two plants serve one customer with 150 t of hard demand in 2026 (no discounting).
  /// plant-a: capacity 100, 10 $/t, lane 2 $/t (landed 12); plant-b: capacity 100, 14 $/t, lane
  /// 1 $/t (landed 15). Optimum: 100 t from a, 50 t from b; production 1000 + 700 = 1700,
  /// transport 200 + 50 = 250, total 1950.
  static let twoPlants = """
    name: two plants
    periods: [2026]
    discount_rate: 0
    products:
      - {id: coil}
    sites:
      - {id: plant-a, country: US, kind: steel-mill}
      - {id: plant-b, country: US, kind: steel-mill}
      - {id: customer, country: US, kind: vehicle-plant}
    processes:
      - {id: plant-a/line, site: plant-a, capacity: 100, variable_cost: 10}
      - {id: plant-b/line, site: plant-b, capacity: 100, variable_cost: 14}
    recipes:
      - {process: plant-a/line, role: output, product: coil, quantity: 1, principal: yes}
      - {process: plant-b/line, role: output, product: coil, quantity: 1, principal: yes}
    lanes:
      - {id: a-c, from: plant-a, to: customer, mode: truck, cost_per_unit: 2}
      - {id: b-c, from: plant-b, to: customer, mode: truck, cost_per_unit: 1}
    demand:
      - {site: customer, product: coil, period: 2026, quantity: 150}

    """

  static func scenario(_ text: String) throws -> Scenario {
    let loaded = ScenarioReader().load(document: Data(text.utf8), named: "fixture.yaml")
    let errors = loaded.diagnostics.filter { $0.severity == .error }.map(\.description)
    #expect(errors == [])
    return try #require(loaded.scenario)
  }

  static var northAmerica: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/north-america").path
  }
}
