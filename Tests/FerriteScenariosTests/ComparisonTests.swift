import FerriteModel
import FerritePlanner
import FerriteScenarios
import Foundation
import HiGHS
import Testing

@Suite("Comparisons")
struct ComparisonTests {
  /// Base (Fixtures.twoPlants): 100 t from a, 50 t from b; production 1700, transport 250, total 1950.
  /// Variant, plant-a capacity 120: 120 t from a (12 $/t landed), 30 t from b (15 $/t landed);
  /// production 1200 + 420 = 1620 (-80), transport 240 + 30 = 270 (+20), total 1890 (-60).
  @Test("key figure deltas and the largest changes match the hand calculation")
  func deltas() throws {
    let base = try Fixtures.scenario(Fixtures.twoPlants)
    let variant = try VariantReader().parse(
      "changes: [\"processes where id=plant-a/line: capacity = 120\"]", file: "more-a.yaml", name: "more-a")
    let planner = Planner(solver: HiGHSSolver())
    let plans = [try planner.solve(base), try planner.solve(try variant.apply(to: base))]
    let comparison = Comparison(names: ["base", "more-a"], plans: plans)
    func figure(_ name: String) -> Comparison.Figure? { comparison.figures.first { $0.name == name } }

    let total = try #require(figure("total cost"))
    #expect(abs((total.values[0] ?? 0) - 1950) < 1e-6)
    #expect(abs((total.values[1] ?? 0) - 1890) < 1e-6)
    #expect(abs((total.deltas[0] ?? 0) + 60) < 1e-6)
    #expect(abs((try #require(figure("production")).deltas[0] ?? 0) + 80) < 1e-6)
    #expect(abs((try #require(figure("transport")).deltas[0] ?? 0) - 20) < 1e-6)
    #expect(try #require(figure("service level")).values == [1, 1])

    let flows = comparison.changes.filter { $0.kind == "flow" }
    #expect(flows.count == 2)
    #expect(flows.contains { $0.subject == "a-c coil 2026" && abs($0.delta - 20) < 1e-6 })
    #expect(flows.contains { $0.subject == "b-c coil 2026" && abs($0.delta + 20) < 1e-6 })

    let report = ComparisonReport(comparison)
    #expect(report.table().contains("total cost") && report.table().contains("-60"))
    #expect(report.csv().contains("total cost,money,1950,1890,-60"))
    let html = report.html()
    #expect(html.hasPrefix("<!DOCTYPE html>") && !html.contains("<script") && !html.contains("http"))
    let json = try report.json()
    #expect(json.contains("\"names\""))
  }
}
