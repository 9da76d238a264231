import FerriteModel
import FerritePlanner
import Foundation
import Testing

@Suite("Build or buy capacity")
struct BuildOrBuyTests {
  /// A plant needs 90 t of coil a year in 2026-2028.
  ///
  /// Its line makes 40 t at 10/t; coil can be bought
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
        id: "plant/expansion", site: "plant", process: "plant/line", moduleSize: 30, capex: 300,
        fixedCost: 20,
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
    #expect(
      plan.builds.map { "\($0.modules) x \($0.option) in \($0.period)" } == ["2 x plant/expansion in 2027"])
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

@Suite("Module limits")
struct ModuleLimitTests {
  /// Without max_modules the planner's limit applies; with a limit of 1 module the plant builds one
  /// in 2027 (capacity 70) and buys the other 20 t, and the plan warns that the limit was reached.
  @Test("the planner's module limit applies to options without max_modules and is reported")
  func plannerLimit() throws {
    var scenario = BuildOrBuyTests.scenario
    scenario.capacityOptions[0].maxModules = nil
    let plan = try solve(scenario, options: PlannerOptions(moduleLimit: 1))
    #expect(plan.builds.map(\.modules) == [1])
    #expect(plan.warnings.contains { $0.contains("plant/expansion reached the planner's limit of 1") })
    #expect(violations(of: plan, in: scenario) == [])
    let unlimited = try solve(scenario)
    #expect(unlimited.builds.map(\.modules) == [2])
    #expect(unlimited.warnings.isEmpty)
  }
}

@Suite("Duals of a MILP")
struct MixedIntegerDualTests {
  /// Capacity that is not worth its module is still valued by the network.
  ///
  /// The line has no capacity of its own; a 30 t module would cost A + 3000 a year (A = 38.85)
  /// and save (100 - 10) * 30 = 2700 a year against buying, so none is built and all 90 t are
  /// bought each year: 9000 * (1 + 1/1.05 + 1/1.05^2). One more unit of line capacity would replace
  /// a bought unit: worth 100 - 10 = 90, not the module's (A + 3000) / 30 = 101.30 per unit, which a dual tied to the
  /// fixed module column would report.
  @Test("shadow prices come from the network, not from the cost of the integer decisions")
  func unbuiltModule() throws {
    var scenario = BuildOrBuyTests.scenario
    scenario.processes[0].capacity = 0
    scenario.capacityOptions[0].fixedCost = 3000
    scenario.capacityOptions[0].leadTime = 0
    let plan = try solve(scenario)
    #expect(plan.builds.isEmpty)
    #expect(close(plan.objective, 9000 * (1 + 1 / 1.05 + 1 / (1.05 * 1.05))))
    #expect(plan.dualSource == .fixedIntegerLP)
    for year in [2026, 2027, 2028] {
      #expect(close(plan.shadowPrice("process", "plant/line", year), 90))
      #expect(close(plan.landedCost("plant", "coil", year), 100))
    }
    #expect(violations(of: plan, in: scenario) == [])
  }
}
