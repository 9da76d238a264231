import FerriteIO
import FerriteModel
import Foundation
import Testing

/// The default case the README runs must stay valid and convertible.
@Suite("Default case: examples/north-america")
struct DefaultCaseTests {
  static let path = Paths.repository.appendingPathComponent("examples/north-america").path

  @Test("validates without errors")
  func validatesClean() {
    let loaded = ScenarioReader().load(DefaultCaseTests.path)
    #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
    #expect(loaded.isValid)
  }

  @Test("converts to YAML and JSON and back to an equal model")
  func convertsBothWays() throws {
    let original = try ScenarioReader().read(DefaultCaseTests.path)
    #expect(original.periods == Array(2026...2035))
    #expect(original.capacityOptions.isEmpty == false)
    let folder = try ScenarioFolder(files: [:])
    defer { folder.remove() }
    for target in ["na.yaml", "na.json", "na-folder"] {
      let path = folder.url.appendingPathComponent(target).path
      try ScenarioWriter().write(original, to: path)
      #expect(try ScenarioReader().read(path) == original, "\(target)")
    }
  }
}
