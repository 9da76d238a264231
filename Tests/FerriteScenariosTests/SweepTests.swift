import FerriteIO
import FerriteModel
import FerritePlanner
import FerriteScenarios
import Foundation
import HiGHS
import Testing

@Suite("Sweeps")
struct SweepTests {
  func parameter(_ text: String) throws -> SweepParameter {
    try SweepParameter.parse(text).get()
  }

  /// Fixtures.twoPlants with demand 100, 150 and 250: 100 t all from plant-a at 12 $/t = 1200;
  /// 150 t = 1950 (base); 250 t exceeds both plants (200 t) and the demand is hard: infeasible.
  @Test("a grid over demand gives the hand-computed optima, infeasible where demand exceeds capacity")
  func gridOnTwoPlants() throws {
    let base = try Fixtures.scenario(Fixtures.twoPlants)
    let design = SweepDesign.grid([try parameter("demand.quantity=100,150,250")])
    let sweep = try Sweep(base: base, design: design, solver: HiGHSSolver())
    #expect(sweep.isInPlace)
    let runs = try sweep.run(workers: 2)
    #expect(runs.map(\.index) == [0, 1, 2])
    #expect(abs((runs[0].objective ?? 0) - 1200) < 1e-6)
    #expect(abs((runs[1].objective ?? 0) - 1950) < 1e-6)
    #expect(runs[2].objective == nil && runs[2].termination == "infeasible")
    #expect(abs((runs[0].figures["transport"] ?? 0) - 200) < 1e-6)
    #expect(runs[0].inputs == ["demand.quantity=100,150,250": 100])
    // An LP has no capacity decisions to regret.
    #expect(runs[0].regret == nil)
  }

  @Test("runs changed in place match the same runs rebuilt from scratch, LP and MILP")
  func inPlaceMatchesRebuilt() throws {
    // The North America case with its origin-share rules: demand and capacities feed their
    // qualify-or-forgo big-Ms, which the formulation recomputes in place.
    let base = try ScenarioReader().read(Fixtures.northAmerica)
    #expect(!base.policy.originRules.isEmpty)
    let design = SweepDesign.samples(
      [
        try parameter("demand.quantity*=±20%"),
        try parameter("purchases.price*=U(0.6,1.4)"),
        try parameter("lanes[mode=ocean].cost_per_unit*=U(0.5,2)"),
        try parameter("processes.variable_cost*=±30%"),
        try parameter("tariff_rules[id=us-s232-steel-50].ad_valorem=U(0.25,0.75)"),
        try parameter("carbon_prices[kind=internal].price=U(0,150)"),
        try parameter("origin_rules.threshold=U(0.5,0.9)"),
      ], count: 4, seed: 11)
    let sweep = try Sweep(base: base, design: design, solver: HiGHSSolver())
    #expect(sweep.isInPlace)
    let warm = try sweep.run(workers: 2)
    for run in warm {
      let cold = try sweep.rebuiltRun(run.index)
      #expect(!cold.inPlace && run.inPlace)
      let a = try #require(run.objective), b = try #require(cold.objective)
      #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "run \(run.index): in place \(a), rebuilt \(b)")
      #expect(run.decisions == cold.decisions)
      for (name, value) in cold.figures {
        #expect(abs((run.figures[name] ?? .nan) - value) <= 1e-5 * max(1, abs(value)), "\(name)")
      }
      let regret = try #require(run.regret), coldRegret = try #require(cold.regret)
      #expect(regret >= 0 && abs(regret - coldRegret) <= 1e-6 * max(1, abs(b)))
    }
  }

  @Test("the same seed gives the same results on 1, 2 and 3 workers")
  func deterministic() throws {
    let base = try ScenarioReader().read(Fixtures.northAmerica)
    let parameters = [try parameter("demand.quantity*=±20%"), try parameter("purchases[product=spodumene].price*=±40%")]
    let design = SweepDesign.samples(parameters, count: 6, seed: 42)
    #expect(design == SweepDesign.samples(parameters, count: 6, seed: 42))
    #expect(design != SweepDesign.samples(parameters, count: 6, seed: 43))
    let sweep = try Sweep(base: base, design: design, solver: HiGHSSolver())
    let one = try sweep.run(workers: 1).map(\.outcome)
    let two = try Sweep(base: base, design: design, solver: HiGHSSolver()).run(workers: 2).map(\.outcome)
    let three = try sweep.run(workers: 3).map(\.outcome)
    #expect(one.count == 6)
    #expect(one == two)
    #expect(one == three)
  }

  @Test("parameters that change structure rebuild each run and still agree with resolving the variant")
  func rebuilt() throws {
    let base = try Fixtures.scenario(Fixtures.twoPlants)
    // The number of the lane's distance feeds its cost through cost_per_unit_km, which the
    // in-place path does not handle: the sweep must rebuild.
    let design = SweepDesign.grid([try parameter("lanes[id=b-c].cost_per_unit_km=0,1"), try parameter("lanes[id=b-c].distance_km=3")])
    let sweep = try Sweep(base: base, design: design, solver: HiGHSSolver())
    #expect(!sweep.isInPlace)
    let runs = try sweep.run(workers: 2)
    // b-c costs 1 + 0 * 3 = 1 (base, 1950) and 1 + 1 * 3 = 4: 50 t at 14 + 4 = 18 instead of 15: 2100.
    #expect(abs((runs[0].objective ?? 0) - 1950) < 1e-6)
    #expect(abs((runs[1].objective ?? 0) - 2100) < 1e-6)
  }

  @Test("shards split a design so that every run is in exactly one")
  func shards() throws {
    let design = SweepDesign.samples([try parameter("demand.quantity*=±20%")], count: 10, seed: 3)
    let shards = (0..<3).map { design.indices(shard: $0, of: 3) }
    #expect(shards == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]])
    #expect(design.indices(shard: 3, of: 3) == [])
  }

  @Test("parameter syntax errors name the problem")
  func syntax() {
    #expect(throws: VariantProblem.self) { try SweepParameter.parse("demand.qty*=2").get() }
    #expect(throws: VariantProblem.self) { try SweepParameter.parse("demand.quantity=±20%").get() }
    #expect(throws: VariantProblem.self) { try SweepParameter.parse("demand.site=1,2").get() }
    #expect((try? SweepParameter.parse("carbon_prices.price=U(0,150)").get())?.values == .uniform(low: 0, high: 150))
  }

  @Test("the summary counts decisions and spreads figures over the runs")
  func summary() throws {
    let base = try Fixtures.scenario(Fixtures.twoPlants)
    let sweep = try Sweep(base: base, design: SweepDesign.grid([try parameter("demand.quantity=100,150,200")]), solver: HiGHSSolver())
    let summary = SweepSummary(base: sweep.baseRun, runs: try sweep.run(workers: 1))
    let objective = try #require(summary.figures.first { $0.name == "objective" })
    // 1200, 1950 and 100 * 12 + 100 * 15 = 2700.
    #expect(objective.minimum == 1200 && abs(objective.median - 1950) < 1e-6 && abs(objective.maximum - 2700) < 1e-6)
    #expect(abs(objective.mean - 1950) < 1e-6)
    #expect(summary.solved == 3 && summary.text().contains("objective"))
  }
}
