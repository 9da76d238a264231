import FerriteModel
import FerritePlanner
import Testing

@Suite("Infeasible scenarios explained")
struct InfeasibilityTests {
  /// Kia Mexico needs 1000 t of galvanized coil in 2027 but the only line that makes it, at
  /// posco-mexico, has a capacity of 900 t.
  static let scenario = Scenario(
    settings: ScenarioSettings(name: "short", periods: [2026, 2027]),
    products: [Build.product("galvanized-coil")],
    sites: [Build.site("posco-mexico"), Build.site("kia-mexico")],
    processes: [
      Build.process(
        "posco-mexico/cgl", at: "posco-mexico", capacity: 900, cost: 50, outputs: [("galvanized-coil", 1)])
    ],
    lanes: [Build.lane("posco-mexico", "kia-mexico", cost: 5)],
    demand: [
      Build.demand("kia-mexico", "galvanized-coil", 2026, 480),
      Build.demand("kia-mexico", "galvanized-coil", 2027, 1000),
    ])

  @Test("hard demand beyond capacity names the customer, product, period and the capacity")
  func capacityShort() throws {
    let plan = try solve(Self.scenario)
    #expect(plan.termination == .infeasible)
    #expect(!plan.hasSolution)
    let explanation = try #require(plan.infeasibility)
    let text = explanation.description
    #expect(text.contains("demand for galvanized-coil at kia-mexico in 2027 (1,000 t) cannot be met"))
    #expect(text.contains("posco-mexico/cgl capacity 900 t in 2027"))
    #expect(!text.contains("2026"))
    #expect(!text.contains("r1") && !text.contains("c0"))
  }

  @Test("demand nothing can reach says so")
  func unreachable() throws {
    var scenario = Self.scenario
    scenario.lanes = []
    let plan = try solve(scenario)
    #expect(plan.termination == .infeasible)
    let text = try #require(plan.infeasibility).description
    #expect(text.contains("demand for galvanized-coil at kia-mexico in"))
    #expect(text.contains("nothing can bring the product there"))
  }

  @Test("a penalty instead of a hard requirement leaves the excess unmet")
  func penalty() throws {
    var scenario = Self.scenario
    scenario.demand[1].penalty = 1000
    let plan = try solve(scenario)
    // 480 + 900 served at 55, 100 unmet at 1000.
    #expect(close(plan.objective, (480 + 900) * 55 + 100 * 1000))
    #expect(close(plan.demand[1].unmet, 100))
    #expect(close(plan.total(of: .unmetDemand), 100_000))
    // One more unit of line capacity in 2027 saves the penalty minus its cost: 1000 - 55.
    #expect(close(plan.shadowPrice("process", "posco-mexico/cgl", 2027), 945))
    #expect(violations(of: plan, in: scenario) == [])
  }

  @Test("references the planner cannot resolve are reported all at once")
  func badReferences() {
    var scenario = Self.scenario
    scenario.lanes.append(Build.lane("posco-mexico", "hmma", cost: 1))
    scenario.demand.append(Build.demand("kia-mexico", "slab", 2031, 1))
    #expect(throws: PlanningError.self) { try Formulation(scenario) }
    do {
      _ = try Formulation(scenario)
    } catch {
      #expect(error.problems.count == 3)
      #expect(error.description.contains("unknown site 'hmma'"))
      #expect(error.description.contains("period 2031 is not in the horizon"))
    }
  }
}
