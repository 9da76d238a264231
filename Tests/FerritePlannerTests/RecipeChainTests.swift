import FerriteModel
import FerritePlanner
import Testing

@Suite("Three-stage recipe chain with yields")
struct RecipeChainTests {
  /// Ore is bought at the mine (50/t) and shipped to the mill (5/t).
  ///
  /// The mill smelts 1.6 t ore into
  /// 1 t slab (300/t, plus 0.3 t slag as a co-product) and rolls 1.1 t slab into 1 t coil (80/t).
  /// Coil goes to the coater (10/t), which uses 1.05 t coil and 0.02 t zinc (bought at 2000/t) per
  /// t of galvanized coil (60/t), shipped to the OEM (20/t), which needs 100 t in 2026 and 2027.
  ///
  /// Per year: coating 100 (6000), coil 105 shipped (1050) and rolled (8400), slab 115.5 smelted
  /// (34650) from ore 184.8 shipped (924) and bought (9240), slag 34.65 disposed, zinc 2 (4000),
  /// delivery 2000: 66264 a year. At 10 % the total is 66264 * (1 + 1/1.1) = 126504, and the landed
  /// cost of galvanized coil at the OEM is 662.64 in each year's money.
  static let scenario = Scenario(
    settings: ScenarioSettings(name: "chain", periods: [2026, 2027], discountRate: 0.1),
    products: ["ore", "slab", "slag", "coil", "zinc", "galv", "hbi"].map { Build.product($0) },
    sites: ["mine", "mill", "coater", "oem", "nowhere"].map { Build.site($0) },
    processes: [
      Build.process(
        "mill/smelter", at: "mill", capacity: 1000, cost: 300, inputs: [("ore", 1.6)],
        outputs: [("slab", 1), ("slag", 0.3)]),
      Build.process(
        "mill/rolling", at: "mill", capacity: 1000, cost: 80, inputs: [("slab", 1.1)], outputs: [("coil", 1)]),
      Build.process(
        "coater/cgl", at: "coater", capacity: 1000, cost: 60, inputs: [("coil", 1.05), ("zinc", 0.02)],
        outputs: [("galv", 1)]),
      // Needs hot-briquetted iron, which nobody sells: it can never run.
      Build.process(
        "mill/eaf", at: "mill", capacity: 1000, cost: 1, inputs: [("hbi", 1)], outputs: [("slab", 1)]),
    ],
    lanes: [
      Build.lane("mine", "mill", cost: 5, products: ["ore"]),
      Build.lane("mill", "coater", cost: 10),
      Build.lane("coater", "oem", cost: 20, products: ["galv"]),
      // Leads nowhere anything is needed: no flow variables.
      Build.lane("coater", "nowhere", cost: 1),
    ],
    demand: [Build.demand("oem", "galv", 2026, 100), Build.demand("oem", "galv", 2027, 100)],
    purchases: [
      Build.purchase("ore-spot", at: "mine", "ore", price: 50),
      Build.purchase("zinc-spot", at: "coater", "zinc", price: 2000),
    ])

  @Test("the optimum, yields, co-product disposal and landed cost match the hand derivation")
  func optimum() throws {
    let plan = try solve(Self.scenario)
    #expect(plan.termination == .optimal)
    #expect(close(plan.objective, 126504))
    let discounted = 1 + 1 / 1.1
    #expect(close(plan.total(of: .purchases), (9240 + 4000) * discounted))
    #expect(close(plan.total(of: .production), (6000 + 8400 + 34650) * discounted))
    #expect(close(plan.total(of: .transport), (1050 + 924 + 2000) * discounted))
    let smelter = plan.production.first { $0.process == "mill/smelter" && $0.period == 2027 }
    #expect(close(smelter?.activity, 115.5))
    #expect(close(plan.disposals.first { $0.product == "slag" && $0.period == 2027 }?.quantity, 34.65))
    #expect(close(plan.landedCost("oem", "galv", 2026), 662.64))
    #expect(close(plan.landedCost("oem", "galv", 2027), 662.64))
    #expect(violations(of: plan, in: Self.scenario) == [])
    #expect(try landedCostMismatches(of: plan, in: Self.scenario) == [])
  }

  @Test("reachability leaves out what can never run or lead anywhere")
  func reachability() throws {
    let formulation = try Formulation(Self.scenario)
    let scenario = Self.scenario
    for meaning in formulation.columnMeanings {
      switch meaning {
      case .flow(let flow):
        #expect(scenario.lanes[flow.lane].to != "nowhere")
        // The mill-coater lane carries every product, but only coil is needed at the coater.
        #expect(
          scenario.products[flow.product].id == (flow.lane == 1 ? "coil" : scenario.products[flow.product].id)
        )
      case .activity(let process, _):
        #expect(scenario.processes[process].id != "mill/eaf")
      default:
        break
      }
    }
    let program = formulation.program()
    #expect(program.columnNames[0] == "activity[mill/smelter,2026]")
    #expect(program.rowNames[0].hasPrefix("balance["))
    // 3 activities, 2 purchases, 3 flows, 1 disposal, 1 served per year.
    #expect(program.columnCount == 20)
  }
}
