import FerriteModel
import FerritePlanner
import Testing

@Suite("Delivered cost build-up and series per period")
struct DeliveredCostTests {
  /// Two mills supply 100 t of coil to a US plant.
  /// - US mill: scrap 300/t, 1.1 t scrap per t coil, rolling 150/t, lane 10/t, at most 40 t:
  ///   330 + 150 + 10 = 490/t.
  /// - Korean mill: ore 100/t, 1.5 t ore per t coil, 200/t to make, lane 50/t, a 25 % duty on the
  ///   customs value 800 = 200/t: 150 + 200 + 50 + 200 = 600/t.
  /// The US mill runs full (40 t), Korea ships 60 t. By mass balance the 100 t at the plant carry
  ///   purchase (40 * 330 + 60 * 150) / 100 = 222, production (40 * 150 + 60 * 200) / 100 = 180,
  ///   transport (40 * 10 + 60 * 50) / 100 = 34, duties 60 * 200 / 100 = 120: 556/t,
  /// and 100 * 556 = 55,600 is the objective. One more tonne comes from Korea: landed cost 600.
  static var scenario: Scenario {
    Scenario(
      settings: ScenarioSettings(name: "two mills", periods: [2026]),
      products: [
        Product(id: "coil", name: "coil", hsCode: "7208", family: .steel, customsValue: 800),
        Product(id: "scrap", name: "scrap", family: .rawMaterial),
        Product(id: "ore", name: "ore", family: .rawMaterial),
      ],
      sites: [TradeCase.site("krmill", "KR"), TradeCase.site("usmill", "US"), TradeCase.site("usplant", "US")],
      processes: [
        FerriteModel.Process(
          id: "us-eaf", site: "usmill", route: "eaf", capacity: 40, variableCost: 150,
          inputs: [.init(product: "scrap", quantity: 1.1)], outputs: [.init(product: "coil", quantity: 1, isPrincipal: true)]),
        FerriteModel.Process(
          id: "kr-bof", site: "krmill", route: "bf-bof", capacity: 1000, variableCost: 200,
          inputs: [.init(product: "ore", quantity: 1.5)], outputs: [.init(product: "coil", quantity: 1, isPrincipal: true)]),
      ],
      lanes: [Build.lane("krmill", "usplant", cost: 50), Build.lane("usmill", "usplant", cost: 10)],
      demand: [Build.demand("usplant", "coil", 2026, 100)],
      purchases: [
        TradeCase.buy("scrap", at: "usmill", "scrap", price: 300, origin: "US"),
        TradeCase.buy("ore", at: "krmill", "ore", price: 100, origin: "AU"),
      ],
      policy: Policy(tariffRules: [TradeCase.rule("s232", adValorem: 0.25)]))
  }

  @Test("the build-up of coil at the plant sums to the delivered cost derived by hand")
  func twoMillsWithDuty() throws {
    let plan = try solve(Self.scenario)
    #expect(close(plan.objective, 55_600))
    let line = try #require(plan.series?.deliveredCosts.first { $0.site == "usplant" && $0.product == "coil" })
    #expect(close(line.quantity, 100))
    #expect(close(line.purchase, 222))
    #expect(close(line.production, 180))
    #expect(close(line.transport, 34))
    #expect(close(line.duties, 120))
    #expect(close(line.carbon, 0))
    #expect(close(line.total, 556))
    #expect(close(line.landedCost, 600))
    // Every variable cost reaches a customer: quantity times build-up is the objective here.
    #expect(close(line.total * line.quantity, plan.keyFigures?.totalCost ?? 0))
  }

  @Test("series: production by route, the binding mill in every period, chains, tables without float noise")
  func series() throws {
    let plan = try solve(Self.scenario)
    let series = try #require(plan.series)
    let us = try #require(series.production.first { $0.process == "us-eaf" })
    #expect(us.route == "eaf" && us.product == "coil" && close(us.quantity, 40) && close(us.utilization, 1))
    // The US mill binds: one more tonne from it saves 600 - 490 = 110.
    let binding = try #require(series.utilization.first { $0.subject == "us-eaf" })
    #expect(binding.kind == "process" && close(binding.used, 40) && close(binding.shadowPrice, 110))
    #expect(series.chains == ["coil": "steel", "scrap": "steel", "ore": "steel"])
    let tables = Dictionary(uniqueKeysWithValues: PlanTables(plan).tables.map { ($0.name, $0) })
    let delivered = try #require(tables["delivered_costs"])
    #expect(delivered.header.contains("total_USD_per_unit"))
    #expect(delivered.rows.first?[9] == "556")
    let costs = try #require(tables["series_costs"])
    let duties = costs.rows.first { $0[1] == "duties" }
    #expect(duties?[3] == "12000")
    #expect(tables["series_duties"]?.rows.first == ["2026", "s232", "12000", "12000"])
    #expect(PlanTables.number(26.099999999999998) == "26.1")
    #expect(PlanTables.number(-0.0) == "0")
    #expect(PlanTables.number(6_457_813_481.501159) == "6457813481.5")
  }
}
