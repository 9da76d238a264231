import FerriteIO
import FerriteModel
import FerritePlanner
import Foundation
import Testing

@Suite("Carbon in the North America default case")
struct CarbonNorthAmericaTests {
  static var northAmerica: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("examples/north-america").path
  }

  /// Korean BF-BOF: 1.95 t direct + 0.15 MWh * 0.4173 = 2.0126 t per t slab (POSCO reports 2.02,
  /// scope 1+2). Louisiana gas DRI-EAF: 0.65 + 1.2 * 0.37 = 1.094. Gwangyang EAF: 0.45 + 0.55 *
  /// 0.4173 = 0.6795.
  ///
  /// The case is solved without its trade rules (with them the Louisiana mill is built and part of
  /// HMGMA's coil is DRI-EAF). Without duties nothing but BF-BOF steel reaches HMGMA at price 0, so the BF-BOF part of its
  /// galvanized coil is 2.0126 t per t slab times the slab in a t of galvanized coil,
  /// 1.036 * 1.053 * 1.025 = 1.11817: 2.2505. Ocean from Korea to Savannah (18,000 km at 16.2 g)
  /// adds 0.2916.
  @Test("route intensities and the footprint of galvanized coil at HMGMA match the hand figures")
  func routesAndFootprint() throws {
    var scenario = try ScenarioReader().read(Self.northAmerica)
    scenario.policy.tariffRules = []
    scenario.policy.tariffQuotas = []
    scenario.policy.originRules = []
    let plan = try solve(scenario)
    let carbon = try #require(plan.carbon)
    func route(_ process: String) -> RouteIntensity? { carbon.routes.first { $0.process == process } }
    #expect(close(route("pohang/bf-bof")?.scope1And2, 1.95 + 0.15 * 0.4173))
    #expect(close(route("louisiana/dri-eaf")?.scope1And2, 0.65 + 1.2 * 0.37))
    #expect(close(route("gwangyang/eaf")?.scope1And2, 0.45 + 0.55 * 0.4173))
    let galvanized = try #require(carbon.footprint(site: "hmgma", product: "galvanized-coil", period: 2035))
    #expect(close(galvanized.byRoute["bf-bof"], (1.95 + 0.15 * 0.4173) * 1.036 * 1.053 * 1.025, tolerance: 1e-4))
    #expect(close(galvanized.byStage["transport"], 0.2916, tolerance: 0.05))
    #expect(close(galvanized.byStage.values.reduce(0, +), galvanized.perUnit))
    #expect(carbon.unresolvedLoops.isEmpty)
  }
}
