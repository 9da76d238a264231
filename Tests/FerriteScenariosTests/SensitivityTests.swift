import FerriteModel
import FerriteScenarios
import HiGHS
import Testing

@Suite("Sensitivity")
struct SensitivityTests {
  /// Fixtures.twoPlants: plant-a (10 $/t + 2 $/t lane) is full, plant-b (14 + 1) tops up 50 t.
  /// plant-a's cost can rise to 13 before b (landed 15) is cheaper; plant-b's can fall to 11 before
  /// it undercuts a (landed 12). One more t of plant-a capacity saves 15 - 12 = 3, which holds from
  /// 50 t (below that b cannot cover the rest) to 150 t (then a serves everything).
  @Test("cost and capacity ranges match the hand calculation")
  func twoPlants() throws {
    let sensitivity = try Sensitivity(try Fixtures.scenario(Fixtures.twoPlants), solver: HiGHSSolver())
    #expect(!sensitivity.integersFixed)
    let a = try #require(sensitivity.costs.first { $0.subject == "variable cost of plant-a/line in 2026" })
    #expect(a.value == 10 && abs(a.high - 13) < 1e-6 && a.low < -1e20 && abs(a.quantity - 100) < 1e-6)
    let b = try #require(sensitivity.costs.first { $0.subject == "variable cost of plant-b/line in 2026" })
    #expect(b.value == 14 && abs(b.low - 11) < 1e-6 && b.high > 1e20)
    let capacity = try #require(sensitivity.bounds.first { $0.subject == "capacity[plant-a/line,2026]" })
    #expect(capacity.value == 100 && abs(capacity.dual + 3) < 1e-6)
    #expect(abs(capacity.low - 50) < 1e-6 && abs(capacity.high - 150) < 1e-6)
    #expect(sensitivity.text().contains("plant-a/line"))
  }
}
