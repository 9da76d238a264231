import FerriteIO
import FerriteModel
import Foundation
import Testing

/// `options:` in scenario.yaml are typed: every key and value is checked where it is written.
@Suite("Scenario options")
struct ScenarioOptionsTests {
  func load(options: String) throws -> LoadedScenario {
    let folder = try ScenarioFolder { files in
      files["scenario.yaml"] = files["scenario.yaml"]?.replacingOccurrences(of: "options:\n  objective: cost\n", with: options)
    }
    defer { folder.remove() }
    return folder.load()
  }

  @Test("every option is read into its type; an unset option keeps its default")
  func typed() throws {
    let loaded = try load(options: """
      options:
        objective: profit
        carbon_company: posco
        carbon_boundary: operational-control
        allocation: economic
        carbon_price_comparison: [0, 50, 100]

      """)
    #expect(loaded.isValid, "\(loaded.diagnostics)")
    #expect(
      loaded.scenario?.settings.options
        == ScenarioOptions(
          objective: .profit, carbonCompany: "posco", carbonBoundary: .operationalControl, allocation: .economic,
          carbonPriceComparison: [0, 50, 100]))
    let defaults = try load(options: "options: {carbon_price_comparison: \"0, 25.5\"}\n")
    #expect(defaults.scenario?.settings.options == ScenarioOptions(carbonPriceComparison: [0, 25.5]))
  }

  @Test("unknown keys and bad values are errors on their own lines, all at once, with a fix")
  func errors() throws {
    // Lines: 6 options, 7 objective, 8 carbon_boundry, 9 allocation, 10 carbon_price_comparison.
    let loaded = try load(options: """
      options:
        objective: banana
        carbon_boundry: equity-share
        allocation: mas
        carbon_price_comparison: "0,abc,-5"

      """)
    #expect(!loaded.isValid)
    let errors = loaded.diagnostics.filter { $0.severity == .error }
    func error(at line: Int) -> Diagnostic? { errors.first { $0.location?.line == line } }
    #expect(error(at: 7)?.message.contains("'banana' is not one of profit, cost") == true, "\(errors)")
    #expect(error(at: 8)?.message.contains("unknown option 'carbon_boundry'") == true, "\(errors)")
    #expect(error(at: 8)?.fix?.contains("carbon_boundary") == true, "\(errors)")
    #expect(error(at: 9)?.fix?.contains("mass") == true, "\(errors)")
    #expect(errors.filter { $0.location?.line == 10 }.count == 2, "\(errors)")
    #expect(errors.allSatisfy { $0.location?.file == "scenario.yaml" })
  }

  @Test("written scenarios keep their options")
  func roundTrip() throws {
    let loaded = try load(options: "options: {allocation: economic, carbon_price_comparison: [10]}\n")
    let scenario = try #require(loaded.scenario)
    let text = ScenarioWriter().yaml(scenario)
    let again = ScenarioReader().load(document: Data(text.utf8), named: "copy.yaml")
    #expect(again.scenario?.settings.options == ScenarioOptions(allocation: .economic, carbonPriceComparison: [10]))
  }
}
