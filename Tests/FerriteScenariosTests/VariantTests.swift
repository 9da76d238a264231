import FerriteIO
import FerriteModel
import FerriteScenarios
import Foundation
import Testing

@Suite("Variants")
struct VariantTests {
  func apply(_ text: String, to scenario: Scenario) throws -> Scenario {
    try VariantReader().parse(text, file: "variant.yaml", name: "variant").apply(to: scenario)
  }

  @Test("set, scale, add and remove change exactly the rows their filters select")
  func semantics() throws {
    let base = try Fixtures.scenario(Fixtures.twoPlants)
    let changed = try apply("""
      name: bigger
      settings: {discount_rate: 0.05}
      changes:
        - "processes where site=plant-a: capacity * 1.5, variable_cost * 2"
        - "lanes where id=b-*: cost_per_unit = 3"
        - table: products
          add: [{id: slab, name: Slab}]
        - "demand where product=coil: penalty = 99"
        - table: lanes
          remove: id=a-c
      """, to: base)
    #expect(changed.settings.discountRate == 0.05)
    #expect(changed.processes.map(\.capacity) == [150, 100])
    #expect(changed.processes.map(\.variableCost) == [20, 14])
    #expect(changed.lanes.map(\.id.rawValue) == ["b-c"])
    #expect(changed.lanes[0].costPerUnit == 3)
    #expect(changed.products.map(\.id.rawValue) == ["coil", "slab"])
    #expect(changed.products[1].name == "Slab")
    #expect(changed.demand.map(\.penalty) == [99])
    // Everything not named stays as it was.
    #expect(changed.sites == base.sites)
  }

  @Test("numeric comparisons, globs and list cells in filters, on the North America case")
  func filtersOnNorthAmerica() throws {
    let base = try ScenarioReader().read(Fixtures.northAmerica)
    let later = base.demand.filter { $0.period >= 2028 }
    let changed = try apply("""
      changes:
        - "demand where period >= 2028: quantity * 1.2"
        - "capacity_options where id=louisiana-mill: earliest_period = 2031"
      """, to: base)
    #expect(changed.demand.count == base.demand.count)
    for (before, after) in zip(base.demand, changed.demand) {
      let expected = before.period >= 2028 ? before.quantity * 1.2 : before.quantity
      #expect(abs(after.quantity - expected) <= 1e-9 * max(1, expected))
    }
    #expect(!later.isEmpty)
    #expect(changed.capacityOptions.first { $0.id.rawValue == "louisiana-mill" }?.earliestPeriod == 2031)
    // A lane carrying several products matches `products=x` when any of them is x.
    let galvanized = base.lanes.filter { $0.products.contains { $0.rawValue == "galvanized-coil" } }
    let cheaper = try apply("changes: [\"lanes where products=galvanized-coil: cost_per_unit * 0\"]", to: base)
    #expect(cheaper.lanes.filter { $0.costPerUnit == 0 }.count >= galvanized.count)
  }

  @Test("a filter that matches nothing is an error naming it; every problem is reported at once")
  func errors() throws {
    let base = try Fixtures.scenario(Fixtures.twoPlants)
    let error = #expect(throws: VariantError.self) {
      _ = try apply("""
        changes:
          - "processes where site=plant-z: capacity * 2"
          - "lanes where id=a-c: cost_per_unit = 5"
          - table: demand
            where: period > 2030
            remove: true
        """, to: base)
    }
    #expect(error?.problems.count == 2)
    let text = error?.description ?? ""
    #expect(text.contains("the filter 'site=plant-z' matches no row of processes"))
    #expect(text.contains("the filter 'period > 2030' matches no row of demand"))
    #expect(text.contains("variant.yaml:2"))
    // Unknown tables and columns are found while reading, with suggestions.
    #expect(throws: VariantError.self) {
      _ = try VariantReader().parse("changes: [\"proceses: capacity * 2\"]", file: "v.yaml", name: "v")
    }
    let column = #expect(throws: VariantError.self) {
      _ = try VariantReader().parse("changes: [\"processes where sit=a: capacity * 2\"]", file: "v.yaml", name: "v")
    }
    let columnText = column?.description ?? ""
    #expect(columnText.contains("no column 'sit'") && columnText.contains("did you mean 'site'?"))
  }

  @Test("a change that makes the scenario invalid reports the validator's message")
  func invalidResult() throws {
    let base = try Fixtures.scenario(Fixtures.twoPlants)
    #expect(throws: VariantError.self) {
      _ = try apply("changes: [\"lanes where id=a-c: to = nowhere\"]", to: base)
    }
  }

  @Test("a variant with no changes resolves to the base itself")
  func identity() throws {
    let base = try ScenarioReader().read(Fixtures.northAmerica)
    #expect(try apply("changes: []", to: base) == base)
  }
}
