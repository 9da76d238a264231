import FerriteIO
import FerriteModel
import Foundation
import HiGHS
import LinearProgramming
import Testing

@testable import FerritePlanner

/// A one-product network, mill to plant: the reproducers of shared/reliability/ in miniature.
///
/// Built in Swift rather than read: the reader now refuses such numbers itself, and these tests
/// are about the planner's own line of defence behind it.
private func scenario(
  capacity: Double = 10, cost: Double = 0, energy: Double = 0, demand: Double = 1,
  gridFactor: Double? = nil, laneCost: Double = 0, modules: Bool = false
) -> Scenario {
  var process = Build.process("mill/eaf", at: "mill", capacity: capacity, cost: cost, outputs: [("steel", 1)])
  process.energy = energy
  var scenario = Scenario(
    settings: ScenarioSettings(name: "hostile numbers", periods: [2026]),
    products: [Build.product("steel")],
    sites: [Build.site("mill"), Build.site("plant")],
    processes: [process],
    lanes: [Lane(id: "road", from: "mill", to: "plant", mode: .truck, costPerUnit: laneCost)],
    demand: [Build.demand("plant", "steel", 2026, demand)])
  if let gridFactor { scenario.policy.gridFactors = [GridFactor(country: "US", factor: gridFactor)] }
  if modules {
    scenario.capacityOptions = [
      CapacityOption(
        id: "more", site: "mill", process: "mill/eaf", moduleSize: 5, capex: 1, lifetime: 10, maxModules: 1)
    ]
  }
  return scenario
}

@Suite("Huge, infinite and NaN numbers: no traps, clear errors")
struct HostileNumbersTests {
  @Test("grouped numbers switch to scientific form beyond 1e15 and never trap")
  func groupedNumbers() {
    #expect(NumberText.grouped(1_234_567.891) == "1,234,568")
    #expect(NumberText.grouped(1_234_567.891, decimals: 2) == "1,234,567.89")
    #expect(NumberText.grouped(-0.004, decimals: 2) == "0.00")
    #expect(NumberText.grouped(999_999_999_999_999 - 0.5 + 0.5) == "999,999,999,999,999")
    // From 1e15 on a double holds no more exact whole numbers: scientific, four digits.
    #expect(NumberText.grouped(1e15) == "1.000e+15")
    #expect(NumberText.grouped(1e19) == "1.000e+19")
    #expect(NumberText.grouped(9.3e18, decimals: 2) == "9.300e+18")
    #expect(NumberText.grouped(1e300) == "1.000e+300")
    #expect(NumberText.grouped(-1e300) == "-1.000e+300")
    #expect(NumberText.grouped(.greatestFiniteMagnitude) == "1.798e+308")
    // 9.99996e20 rounds up to 10.000: the carry goes into the exponent.
    #expect(NumberText.grouped(9.99996e20) == "1.000e+21")
    #expect(NumberText.grouped(.nan) == "nan")
    #expect(NumberText.grouped(.infinity) == "inf")
    #expect(NumberText.grouped(-.infinity, decimals: 2) == "-inf")
    // Absurd decimals are capped instead of overflowing the fraction's digits.
    #expect(NumberText.grouped(1.5, decimals: 40) == "1.500000")
    #expect(NumberText.quantity(1e19) == "1.000e+19")
    #expect(NumberText.quantity(.nan) == "nan")
  }

  @Test("a 1e20 total cost is printed in the summary (it trapped converting to Int64)")
  func hugeTotalCost() throws {
    // 1e10 t at 1e10 per t: the total, 1e20, is far beyond Int64; each number alone is in range.
    let plan = try solve(scenario(capacity: 1e10, cost: 1e10, demand: 1e10))
    #expect(plan.termination == .optimal)
    let text = PlanSummary(plan).text(width: 100)
    #expect(text.contains("1.000e+20"))
  }

  @Test("1e19 t CO2e of emissions are printed in the summary")
  func hugeEmissions() throws {
    // 1 t needs 1 MWh at 1e19 t CO2e per MWh: scope 2 is 1e19 t (no carbon price, so the factor
    // never enters the model).
    let plan = try solve(scenario(energy: 1, gridFactor: 1e19))
    #expect(plan.termination == .optimal)
    let text = PlanSummary(plan).text(width: 100)
    #expect(text.contains("1.000e+19"))
  }

  @Test("an infeasible 1e19 t demand is explained (it trapped in the explanation)")
  func hugeInfeasibleDemand() throws {
    let plan = try solve(scenario(demand: 1e19, modules: true))
    #expect(plan.termination == .infeasible)
    let text = try #require(plan.infeasibility).description
    #expect(text.contains("demand for steel at plant in 2026 (1.000e+19 t)"))
    #expect(PlanSummary(plan).text().contains("No feasible plan."))
  }

  @Test("a demand HiGHS would read as infinite is refused naming the demand row")
  func infiniteDemand() throws {
    // shared/reliability/solve-highs-passmip-message: 1e20 made Highs_passMip fail silently.
    let error = #expect(throws: PlanningError.self) {
      try solve(scenario(capacity: 1e300, demand: 1e20, modules: true))
    }
    #expect(error?.cause == .scenario)
    let text = error?.description ?? ""
    // The hard demand is the lower bound of its deliveries: 1e20 t must be delivered.
    #expect(
      text.contains(
        "The lower limit of deliveries of steel to plant in 2026 [served[plant,steel,2026]] is 1.0e+20, "
          + "which the solver reads as +infinity."))
    #expect(text.contains("Fix the scenario value"))
    #expect(!text.contains("Highs_passMip"))
  }

  @Test("a 1e20 lane cost is refused naming the flow (it ran for 15 minutes)")
  func hugeLaneCost() throws {
    let error = #expect(throws: PlanningError.self) { try solve(scenario(laneCost: 1e20)) }
    #expect(error?.cause == .scenario)
    #expect(
      error?.description.contains(
        "The cost per unit of shipments of steel on lane road (mill to plant) in 2026 [flow[road,steel,2026]] "
          + "(all its costs together, discounted) is 1.0e+20, outside ±1.0e+15.") == true)
  }

  @Test("without names in the model the error still says what the column is")
  func unnamedModel() throws {
    var options = PlannerOptions(namesInModel: false)
    options.solve.computeInfeasibleSubset = false
    let error = #expect(throws: PlanningError.self) {
      try solve(scenario(laneCost: 1e20), options: options)
    }
    #expect(error?.description.contains("shipments of steel on lane road (mill to plant) in 2026") == true)
  }

  @Test("a deadline that has passed stops every solve at once: a time limit, not a plan")
  func passedDeadline() throws {
    var options = PlannerOptions()
    options.solve.deadline = .now - .seconds(1)
    let plan = try solve(scenario(modules: true), options: options)
    // HiGHS gets a time limit of zero; it may still find the trivial plan in presolve, but it
    // cannot prove more than the limit allows, and nothing waits.
    #expect(plan.termination == .timeLimit || plan.termination == .optimal)
  }

  @Test("a plan the deadline left without a solution is read without trapping (trade rules included)")
  func noSolutionWithTrade() throws {
    // `ferrite solve examples/north-america --carbon-prices 0,50,100 --time-limit 1` trapped in
    // the trade reader: the comparison's solves started after the deadline had no solution.
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("examples/north-america")
    var options = PlannerOptions()
    options.solve.deadline = .now - .seconds(1)
    let plan = try solve(try ScenarioReader().read(folder.path), options: options)
    #expect(plan.termination == .timeLimit)
    #expect(!plan.hasSolution)
    #expect(plan.trade?.totalDuties == 0)
    #expect(PlanSummary(plan).text().contains("No plan: the solver stopped (timeLimit) without a solution."))
  }
}
