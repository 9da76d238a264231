import FerriteIO
import FerriteModel
import FerritePlanner
import Foundation
import Testing

@Suite("Scenarios read from files")
struct ScenarioFileTests {
  static var twoMills: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("FerriteIOTests/Fixtures/two-mills").path
  }

  /// The IO fixture solves end to end.
  ///
  /// Mill-b is a candidate without a capacity of its own, so its throughput row
  /// uses the derived bound. Mill-a alone (60 t) cannot cover the 90 t of hard demand in 2026, so
  /// forcing mill-b closed is infeasible, with an explanation; forcing it open in both years is one
  /// of the plans the MILP may choose, so the MILP is no worse.
  @Test("the two-mills fixture solves, satisfies every property and beats forcing mill-b open")
  func twoMills() throws {
    let scenario = try ScenarioReader().read(Self.twoMills)
    let plan = try solve(scenario)
    #expect(plan.termination == .optimal)
    #expect(violations(of: plan, in: scenario) == [])
    let objective = try #require(plan.objective)

    let open = try solve(scenario, options: PlannerOptions(siteDecisions: ["mill-b": true]))
    #expect(violations(of: open, in: scenario) == [])
    let forcedObjective = try #require(open.objective)
    #expect(objective <= forcedObjective + 1e-6)

    // Mill-a is full in both years and worth the same (8 a tonne) in each: one summary line.
    let summary = PlanSummary(plan).text()
    #expect(summary.contains("mill-a/bof capacity in 2026-2027"))
    #expect(PlanSummary.yearList([2026, 2027, 2028, 2030, 2032, 2033]) == "2026-2028, 2030, 2032-2033")

    let closed = try solve(scenario, options: PlannerOptions(siteDecisions: ["mill-b": false]))
    #expect(closed.termination == .infeasible)
    let text = try #require(closed.infeasibility).description
    #expect(text.contains("in 2026 (") && text.contains("site mill-b forced closed in 2026"))
    #expect(text.contains("mill-a/bof capacity 60 t in 2026"))
  }
}
