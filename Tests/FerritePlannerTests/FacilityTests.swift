import FerriteModel
import FerritePlanner
import Testing

@Suite("Facility decisions")
struct FacilityTests {
  /// A plant ships coil to four candidate distribution centres, which serve three customers
  /// (40, 30 and 50 t, hard). Each centre has a fixed cost and an inbound capacity:
  ///
  ///     centre  fixed  capacity  plant->  ->c1  ->c2  ->c3
  ///     d1       300       80       1       2     5     8
  ///     d2       250       70       2       6     2     3
  ///     d3       400      100       1       4     4     4
  ///     d4       150       50       3       7     3     2
  static let scenario = Scenario(
    settings: ScenarioSettings(name: "facility location", periods: [2026]),
    products: [Build.product("coil")],
    sites: [
      Build.site("plant"),
      Build.site("d1", status: .candidate, fixedCost: 300, capacity: 80),
      Build.site("d2", status: .candidate, fixedCost: 250, capacity: 70),
      Build.site("d3", status: .candidate, fixedCost: 400, capacity: 100),
      Build.site("d4", status: .candidate, fixedCost: 150, capacity: 50),
      Build.site("c1"), Build.site("c2"), Build.site("c3"),
    ],
    processes: [Build.process("plant/line", at: "plant", capacity: 1000, outputs: [("coil", 1)])],
    lanes: [
      Build.lane("plant", "d1", cost: 1), Build.lane("plant", "d2", cost: 2),
      Build.lane("plant", "d3", cost: 1), Build.lane("plant", "d4", cost: 3),
      Build.lane("d1", "c1", cost: 2), Build.lane("d1", "c2", cost: 5), Build.lane("d1", "c3", cost: 8),
      Build.lane("d2", "c1", cost: 6), Build.lane("d2", "c2", cost: 2), Build.lane("d2", "c3", cost: 3),
      Build.lane("d3", "c1", cost: 4), Build.lane("d3", "c2", cost: 4), Build.lane("d3", "c3", cost: 4),
      Build.lane("d4", "c1", cost: 7), Build.lane("d4", "c2", cost: 3), Build.lane("d4", "c3", cost: 2),
    ],
    demand: [
      Build.demand("c1", "coil", 2026, 40), Build.demand("c2", "coil", 2026, 30),
      Build.demand("c3", "coil", 2026, 50),
    ])

  /// The optimum is found by brute force: each of the 16 open/closed combinations is solved as an
  /// LP with the centres forced open or closed, and the MILP must match the cheapest.
  @Test("the MILP matches the best of all 16 open/closed combinations")
  func enumeration() throws {
    let centres: [Site.ID] = ["d1", "d2", "d3", "d4"]
    var costs: [Set<Site.ID>: Double] = [:]
    for mask in 0..<16 {
      let decisions = Dictionary(
        uniqueKeysWithValues: centres.enumerated().map { ($1, mask & (1 << $0) != 0) })
      let plan = try solve(Self.scenario, options: PlannerOptions(siteDecisions: decisions))
      // Without any centre, or with too little capacity (less than 120 t), nothing reaches the customers.
      let capacity = [80.0, 70, 100, 50].enumerated().filter { mask & (1 << $0.offset) != 0 }.reduce(0) {
        $0 + $1.element
      }
      if capacity < 120 {
        #expect(plan.termination == .infeasible)
        continue
      }
      #expect(plan.termination == .optimal)
      #expect(violations(of: plan, in: Self.scenario) == [])
      costs[Set(centres.filter { decisions[$0] == true })] = try #require(plan.objective)
    }
    // 11 of the 16 combinations have at least 120 t of capacity.
    #expect(costs.count == 11)
    let best = try #require(costs.values.min())
    let plan = try solve(Self.scenario)
    #expect(plan.isMixedInteger)
    #expect(close(plan.objective, best))
    // The centres the MILP opens are a cheapest combination (ties are possible).
    let open = Set(plan.sites.filter(\.isOpen).map { Site.ID($0.site) })
    #expect(close(costs[open], best))
    #expect(violations(of: plan, in: Self.scenario) == [])
  }

  /// A closable site, once closed, stays closed.
  ///
  /// Supplier s2 makes coil at 1/t against 2/t at the existing s1, but costs 100 a year
  /// while open; the customer needs 50 t in 2026 and 200 t in 2027 (no discounting). Once closed it
  /// stays closed, so it either runs both years (fixed 200, saves 50 + 200: total 250 + 200 = 450)
  /// or neither (500). Closing it in 2026 only and reopening in 2027 (400) is not allowed.
  /// With 200 t in 2026 and 50 t in 2027 it runs in 2026 and closes in 2027: 200 + 100 + 100 = 400.
  @Test("a closable site stays closed once closed")
  func closable() throws {
    var scenario = Scenario(
      settings: ScenarioSettings(name: "closable", periods: [2026, 2027]),
      products: [Build.product("coil")],
      sites: [Build.site("s1"), Build.site("s2", status: .closable, fixedCost: 100), Build.site("c")],
      processes: [
        Build.process("s1/line", at: "s1", capacity: 1000, cost: 2, outputs: [("coil", 1)]),
        Build.process("s2/line", at: "s2", capacity: 1000, cost: 1, outputs: [("coil", 1)]),
      ],
      lanes: [Build.lane("s1", "c", cost: 0), Build.lane("s2", "c", cost: 0)],
      demand: [Build.demand("c", "coil", 2026, 50), Build.demand("c", "coil", 2027, 200)])
    var plan = try solve(scenario)
    #expect(close(plan.objective, 450))
    #expect(plan.sites.map(\.isOpen) == [true, true])
    #expect(violations(of: plan, in: scenario) == [])

    scenario.demand = [Build.demand("c", "coil", 2026, 200), Build.demand("c", "coil", 2027, 50)]
    plan = try solve(scenario)
    #expect(close(plan.objective, 400))
    #expect(plan.sites.map(\.isOpen) == [true, false])
    #expect(violations(of: plan, in: scenario) == [])
  }
}
