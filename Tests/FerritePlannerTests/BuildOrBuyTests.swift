import FerriteModel
import FerritePlanner
import Foundation
import Testing

@Suite("Build or buy capacity")
struct BuildOrBuyTests {
  /// A plant needs 90 t of coil a year in 2026-2028. Its line makes 40 t at 10/t; coil can be bought
  /// at 100/t; modules of 30 t cost 300 each (10-year life, so at 5 % an annuity of
  /// A = 300 * 0.05 / (1 - 1.05^-10) = 38.8514 a year) plus 20 a year to run, and come online one
  /// year after the decision (lead time 1), so 2027 at the earliest.
  ///
  /// 2026: make 40, buy 50: 5400. From 2027, 2 modules (A + 20 + 10 * 30 = 358.85 for 30 t, far
  /// below buying 3000) bring capacity to 100 >= 90: 900 + 2 (A + 20) = 1017.70 a year. One module
  /// would leave 20 t to buy (2000 + ...), three would add 58.85 for nothing. The LP relaxation
  /// would build 5/3 modules, so this needs the integers. Total = 5400 + 1017.70 (1/1.05 + 1/1.05^2).
  static let scenario = Scenario(
    settings: ScenarioSettings(name: "build or buy", periods: [2026, 2027, 2028], discountRate: 0.05),
    products: [Build.product("coil")],
    sites: [Build.site("plant")],
    processes: [Build.process("plant/line", at: "plant", capacity: 40, cost: 10, outputs: [("coil", 1)])],
    demand: [2026, 2027, 2028].map { Build.demand("plant", "coil", $0, 90) },
    purchases: [Build.purchase("spot", at: "plant", "coil", price: 100)],
    capacityOptions: [
      CapacityOption(
        id: "plant/expansion", site: "plant", process: "plant/line", moduleSize: 30, capex: 300, fixedCost: 20,
        lifetime: 10, leadTime: 1, maxModules: 3)
    ])

  @Test("two modules come online in 2027; capex is annualized and counted while alive")
  func optimum() throws {
    let annuity = 300 * 0.05 / (1 - pow(1.05, -10))
    #expect(abs(annuity - 38.85137) < 1e-4)
    #expect(close(Discounting.annuity(capex: 300, rate: 0.05, lifetime: 10), annuity))
    #expect(close(Discounting.annuity(capex: 300, rate: 0, lifetime: 10), 30))
    let later = 1 / 1.05 + 1 / (1.05 * 1.05)
    let plan = try solve(Self.scenario)
    #expect(plan.termination == .optimal)
    #expect(plan.isMixedInteger)
    #expect(close(plan.objective, 5400 + (900 + 2 * (annuity + 20)) * later))
    #expect(plan.builds.map { "\($0.modules) x \($0.option) in \($0.period)" } == ["2 x plant/expansion in 2027"])
    #expect(plan.builds.first?.addedCapacity == 60)
    #expect(close(plan.total(of: .capex), 2 * annuity * later))
    #expect(close(plan.total(of: .fixed), 2 * 20 * later))
    #expect(close(plan.production.first { $0.period == 2028 }?.capacity, 100))
    // Duals from the LP with the modules fixed: in 2026 the next unit is bought, later it is made.
    #expect(plan.dualSource == .fixedIntegerLP)
    #expect(close(plan.landedCost("plant", "coil", 2026), 100))
    #expect(close(plan.landedCost("plant", "coil", 2027), 10))
    #expect(close(plan.shadowPrice("process", "plant/line", 2026), 90))
    #expect(violations(of: plan, in: Self.scenario) == [])
    #expect(try landedCostMismatches(of: plan, in: Self.scenario) == [])
  }

  @Test("modules cannot come online before the lead time or the earliest period")
  func buildPeriods() throws {
    var scenario = Self.scenario
    scenario.capacityOptions[0].earliestPeriod = 2028
    let formulation = try Formulation(scenario)
    let builds = formulation.columnMeanings.compactMap { meaning -> Int? in
      guard case .build(_, let period) = meaning else { return nil }
      return formulation.periods[period]
    }
    #expect(builds == [2028])
  }
}
