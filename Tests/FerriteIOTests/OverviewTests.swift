@testable import FerriteIO
import FerriteModel
import Testing

/// `ferrite describe`: counts, sites by country and kind, capacity against demand.
@Suite("Overview")
struct OverviewTests {
  @Test("capacity against demand, worked out by hand for the fixture")
  func capacityBalance() throws {
    let scenario = try ScenarioReader().read(Paths.fixture("two-mills"))
    let coil = CapacityBalance(scenario).entries.filter { $0.product == "coil" }
    // 2026: mill-a 60 + mill-b 40 = 100 t of coil; the expansion (2 x 20 t) is alive from 2027.
    // Demand 30 + 20 + 40 = 90 t in both periods.
    #expect(coil.map(\.period) == [2026, 2027])
    #expect(coil.map(\.existing) == [100, 100])
    #expect(coil.map(\.options) == [0, 40])
    #expect(coil.map(\.demand) == [90, 90])
    #expect(coil.map(\.purchases) == [0, 0])
    let ore = CapacityBalance(scenario).entries.filter { $0.product == "ore" }
    #expect(ore.map(\.purchases) == [nil, nil])  // no limit on the ore offers
  }

  @Test("the overview fits 100 columns and says what matters")
  func rendered() throws {
    let text = ScenarioOverview(try ScenarioReader().read(Paths.fixture("two-mills"))).rendered(width: 100)
    let lines = text.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 100 })
    #expect(text.contains("2 periods (2026-2027), USD, discount rate 8 %"))
    #expect(
      text.contains("Counts: 2 products, 5 sites, 2 processes (4 recipe lines), 6 lanes, 6 demand rows"))
    #expect(lines.contains("  US vehicle-plant 2, steel-mill 1; mill-b (candidate)"))
    #expect(lines.contains { $0.hasPrefix("coil (t)") && $0.contains("2027") && $0.hasSuffix("1.6x") })
    #expect(lines.contains { $0.hasPrefix("coil (t)") && $0.contains("2026") && $0.hasSuffix("1.1x") })
  }

  @Test("quantities are short: -, 950, 12.5k, 2.70M")
  func quantities() {
    #expect(ScenarioOverview.quantity(0) == "-")
    #expect(ScenarioOverview.quantity(90) == "90")
    #expect(ScenarioOverview.quantity(2.5) == "2.5")
    #expect(ScenarioOverview.quantity(950) == "950")
    #expect(ScenarioOverview.quantity(12_500) == "12.5k")
    #expect(ScenarioOverview.quantity(2_700_000) == "2.70M")
  }
}
