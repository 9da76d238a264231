import FerriteIO
import FerriteModel
import Foundation
import Testing

@Suite("Synthetic networks")
struct SyntheticNetworkTests {
  @Test(
    "Generated scenarios of several sizes validate without errors",
    arguments: [
      SyntheticNetworkSize(sites: 3, customers: 1, products: 1, periods: 1),
      SyntheticNetworkSize(sites: 10, customers: 12, products: 3, periods: 4),
      SyntheticNetworkSize(sites: 40, customers: 80, products: 5, periods: 10, lanesPerSite: 2),
    ])
  func validates(size: SyntheticNetworkSize) throws {
    let scenario = SyntheticNetwork(size: size, seed: 7).scenario()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-synthetic-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try ScenarioWriter().write(scenario, to: folder)
    let loaded = ScenarioReader().load(folder)
    let errors = loaded.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    let roundTrips = loaded.scenario == scenario
    #expect(roundTrips, "the folder read back differs from the generated scenario")
    #expect(scenario.sites.count == max(size.sites, 3) + size.customers)
    #expect(scenario.demand.count >= size.customers * size.periods)
  }

  @Test("The same seed gives the same scenario; another seed another one")
  func deterministic() {
    let size = SyntheticNetworkSize(sites: 12, customers: 20, products: 3, periods: 3)
    let first = SyntheticNetwork(size: size, seed: 11).scenario()
    let same = first == SyntheticNetwork(size: size, seed: 11).scenario()
    let different = first != SyntheticNetwork(size: size, seed: 12).scenario()
    #expect(same)
    #expect(different)
  }
}
