import FerriteModel
import FerritePlanner
import Testing

@Suite("Two mills, three plants")
struct TransportTests {
  /// Mills make coil (mill1: capacity 60 at 2/t; mill2: capacity 45 at 1/t) for plants needing
  /// 30, 20 and 40 t. Lane costs:
  ///
  ///            P1    P2   P3
  ///     mill1   4     6    9
  ///     mill2   4.5   8    3
  ///
  /// Delivered costs (making + shipping): mill1 6, 8, 11; mill2 5.5, 9, 4. P3 takes mill2's 40 at 4
  /// (mill1 would cost 11); mill2's last 5 go to P1 at 5.5 instead of mill1's 6; mill1 covers the
  /// other 25 of P1 at 6 and P2 at 8. Cost 40*4 + 5*5.5 + 25*6 + 20*8 = 497.5, mill1 at 45 of 60.
  /// Moving a unit of P3 to mill1 costs 11 - 4 - (6 - 5.5) = +6.5, so the optimum is unique.
  /// Duals: mill1 is slack, so coil there is worth 2; P1 = 2 + 4 = 6; mill2's coil is worth
  /// 6 - 4.5 = 1.5, so one more unit of mill2 capacity is worth 1.5 - 1 = 0.5; P3 = 1.5 + 3 = 4.5;
  /// P2 = 2 + 6 = 8.
  static let scenario = Scenario(
    settings: ScenarioSettings(name: "two mills", periods: [2026]),
    products: [Build.product("coil")],
    sites: ["mill1", "mill2", "p1", "p2", "p3"].map { Build.site($0) },
    processes: [
      Build.process("mill1/caster", at: "mill1", capacity: 60, cost: 2, outputs: [("coil", 1)]),
      Build.process("mill2/caster", at: "mill2", capacity: 45, cost: 1, outputs: [("coil", 1)]),
    ],
    lanes: [
      Build.lane("mill1", "p1", cost: 4), Build.lane("mill1", "p2", cost: 6),
      Build.lane("mill1", "p3", cost: 9),
      Build.lane("mill2", "p1", cost: 4.5), Build.lane("mill2", "p2", cost: 8),
      Build.lane("mill2", "p3", cost: 3),
    ],
    demand: [
      Build.demand("p1", "coil", 2026, 30), Build.demand("p2", "coil", 2026, 20),
      Build.demand("p3", "coil", 2026, 40),
    ])

  @Test("the optimum, flows, landed costs and the mill2 shadow price match the hand derivation")
  func optimum() throws {
    let plan = try solve(Self.scenario)
    #expect(plan.termination == .optimal)
    #expect(close(plan.objective, 497.5))
    #expect(close(plan.flow("mill2-p3", 2026), 40))
    #expect(close(plan.flow("mill2-p1", 2026), 5))
    #expect(close(plan.flow("mill1-p1", 2026), 25))
    #expect(close(plan.flow("mill1-p2", 2026), 20))
    #expect(close(plan.total(of: .production), 45 * 2 + 45 * 1))
    #expect(close(plan.total(of: .transport), 497.5 - 135))
    #expect(plan.dualSource == .linearProgram)
    #expect(close(plan.landedCost("p1", "coil", 2026), 6))
    #expect(close(plan.landedCost("p2", "coil", 2026), 8))
    #expect(close(plan.landedCost("p3", "coil", 2026), 4.5))
    #expect(close(plan.shadowPrice("process", "mill2/caster", 2026), 0.5))
    #expect(plan.shadowPrice("process", "mill1/caster", 2026) == 0)
    #expect(plan.bottlenecks.first?.subject == "mill2/caster")
    #expect(violations(of: plan, in: Self.scenario) == [])
    #expect(try landedCostMismatches(of: plan, in: Self.scenario) == [])
  }

  /// Profit maximization.
  ///
  /// With a price of 10 on every plant's demand and a penalty of 0 for not serving, profit is
  /// 90 * 10 - 497.5 = 402.5 (every plant's landed cost is below 10, so all is served). Duals
  /// change sign when maximizing; landed costs and shadow prices must not.
  @Test("maximizing profit keeps landed costs and shadow prices as costs")
  func profit() throws {
    var scenario = Self.scenario
    for index in scenario.demand.indices {
      scenario.demand[index].price = 10
      scenario.demand[index].penalty = 0
    }
    let plan = try solve(scenario)
    #expect(plan.objectiveSense == "maximize-profit")
    #expect(close(plan.objective, 402.5))
    #expect(close(plan.revenue, 900))
    #expect(close(plan.landedCost("p3", "coil", 2026), 4.5))
    #expect(close(plan.shadowPrice("process", "mill2/caster", 2026), 0.5))
    #expect(violations(of: plan, in: scenario) == [])
    #expect(try landedCostMismatches(of: plan, in: scenario) == [])
  }

  /// A lane capacity.
  ///
  /// A capacity of 30 on mill2-p3 sends the other 10 of P3 from mill1 at 11 and frees 10 of
  /// mill2 for P1 at 5.5: cost 497.5 + 10 * (11 - 4) - 10 * (6 - 5.5) = 562.5. One more unit of
  /// lane capacity moves a unit of P3 from mill1 (11) to mill2 (4), saving 7, and takes that unit of
  /// mill2 away from P1, which mill1 then serves for 0.5 more: the lane is worth 6.5 a unit, and
  /// mill2's capacity still 0.5.
  @Test("a lane capacity binds and is priced")
  func laneCapacity() throws {
    var scenario = Self.scenario
    scenario.lanes[5].capacity = 30
    let plan = try solve(scenario)
    #expect(close(plan.objective, 562.5))
    #expect(close(plan.shadowPrice("lane", "mill2-p3", 2026), 6.5))
    #expect(close(plan.shadowPrice("process", "mill2/caster", 2026), 0.5))
    #expect(violations(of: plan, in: scenario) == [])
  }
}
