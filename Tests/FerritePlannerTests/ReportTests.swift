import FerriteModel
import FerritePlanner
import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("Reports, positions and in-place changes")
struct ReportTests {
  @Test("the summary fits 100 columns and states decisions in words")
  func summary() throws {
    let plan = try solve(BuildOrBuyTests.scenario)
    let text = PlanSummary(plan).text(width: 100)
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 100 })
    #expect(text.contains("build 2 modules of plant/expansion in 2027"))
    #expect(text.contains("plant/line capacity in 2026"))
    #expect(text.contains("integer decisions fixed"))
    #expect(text.contains("capex"))

    let facility = try solve(FacilityTests.scenario)
    let sentences = PlanSummary(facility).decisionSentences()
    let opened = facility.sites.filter(\.isOpen).map { "open site \($0.site) in 2026" }
    #expect(!opened.isEmpty)
    for sentence in opened { #expect(sentences.contains(sentence)) }
    #expect(sentences.filter { $0.hasPrefix("keep candidate site") }.count == 4 - opened.count)
  }

  @Test("an infeasible MILP explains itself too")
  func infeasibleSummary() throws {
    let closed = Dictionary(uniqueKeysWithValues: ["d1", "d2", "d3", "d4"].map { (Site.ID($0), false) })
    let plan = try solve(FacilityTests.scenario, options: PlannerOptions(siteDecisions: closed))
    #expect(plan.termination == .infeasible)
    let text = PlanSummary(plan).text()
    #expect(text.contains("No feasible plan."))
    #expect(text.contains("cannot be met"))
    #expect(text.contains("in 2026"))
  }

  @Test("tables and JSON carry the whole plan")
  func tables() throws {
    let plan = try solve(RecipeChainTests.scenario)
    let tables = PlanTables(plan).tables
    let names = tables.map(\.name)
    #expect(names.contains("flows") && names.contains("landed_costs") && names.contains("bottlenecks"))
    let flows = try #require(tables.first { $0.name == "flows" })
    #expect(flows.rows.count == plan.flows.count)
    #expect(flows.csv.hasPrefix("lane,from,to,product,period,quantity,unit_cost\n"))
    let encoded = try JSONEncoder().encode(plan)
    let decoded = try JSONDecoder().decode(Plan.self, from: encoded)
    #expect(decoded.flows == plan.flows)
    #expect(decoded.objective == plan.objective)
  }

  /// Names reach the CSV from uploaded files: one that starts like a formula must arrive as text.
  @Test("CSV cells that look like formulas are defused, numbers are not")
  func formulaInjection() {
    let table = PlanTables.Table(
      name: "t", header: ["name", "amount"],
      rows: [["=HYPERLINK(\"http://x\",\"y\")", "-12.5"], ["@SUM(A1)", "+3"], ["-site", "1e-3"], ["\tx", "0"]])
    #expect(
      table.csv == """
        name,amount
        "'=HYPERLINK(""http://x"",""y"")",-12.5
        '@SUM(A1),+3
        '-site,1e-3
        '\tx,0

        """)
  }

  /// A lane cost changed in place gives the optimum of the scenario rebuilt with that cost.
  ///
  /// mill2-p3 goes from 3 to 10. Delivered from mill2, P3 now costs 11, the same as from mill1, so mill2's 45 t
  /// go first to P1 (5.5 against 6) and the rest to P3 at no saving: 30 * 5.5 + 20 * 8 + 40 * 11 = 765.
  @Test("a cost changed in place matches a rebuilt scenario")
  func inPlaceCost() throws {
    let formulation = try Formulation(TransportTests.scenario)
    var program = formulation.program()
    program.objective = formulation.objectiveCoefficients(setting: [.laneCost(lane: 5): 10])
    let inPlace = try HiGHSSolver().solve(program, options: SolveOptions())
    var changed = TransportTests.scenario
    changed.lanes[5].costPerUnit = 10
    let rebuilt = try solve(changed)
    #expect(close(inPlace.objective, try #require(rebuilt.objective)))
    #expect(close(inPlace.objective, 765))

    let positions = formulation.rowPositions()
    #expect(positions[.processCapacity(process: 1, period: 0)] != nil)
    #expect(formulation.column(for: .served(demand: 2)) != nil)
  }
}
