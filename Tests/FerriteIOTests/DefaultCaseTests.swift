import FerriteIO
import FerriteModel
import Testing

/// The shipped North America case must stay clean: the README's commands run on it.
@Suite struct DefaultCaseTests {
  static let path = Paths.repository.appendingPathComponent("examples/north-america").path

  @Test func validatesWithoutErrorsOrWarnings() {
    let loaded = ScenarioReader().load(Self.path)
    // Compare the messages, not the loaded value, so a failure prints the problems and not the model.
    #expect(loaded.diagnostics.map(\.description) == [])
    #expect(loaded.scenario != nil)
  }

  /// The facts the case is built around (issue 3 part 5), so an edit cannot silently drop one.
  @Test func keepsTheFactsTheCaseIsBuiltAround() throws {
    let scenario = try ScenarioReader().read(Self.path)
    #expect(scenario.periods == Array(2026...2035))

    let mill = try #require(scenario.capacityOptions.first { $0.id == "louisiana-mill" })
    #expect(mill.process == "louisiana/dri-eaf")
    #expect(mill.moduleSize == 2_700_000)
    #expect(mill.capex == 5_800_000_000)
    #expect(mill.earliestPeriod == 2029)
    #expect(mill.maxModules == 1)
    let shares = Dictionary(uniqueKeysWithValues: mill.owners.map { ($0.company.rawValue, $0.fraction) })
    #expect(shares == ["hyundai-steel": 0.5, "hyundai-motor": 0.15, "kia": 0.15, "posco": 0.2])
    // Without the option the mill melts nothing: building it is the planner's decision.
    #expect(scenario.process("louisiana/dri-eaf")?.capacity == 0)

    #expect(scenario.process("posco-mexico/cgl")?.capacity == 900_000)
    #expect(scenario.process("gwangyang/eaf")?.availableFrom == 2026)
    for customer in ["hmma", "hmgma", "kia-georgia", "kia-mexico", "hl-ga", "hsk-ga"] {
      #expect(scenario.demand.contains { $0.site.rawValue == customer }, "no demand at \(customer)")
    }
  }

  /// Every row says where its figures come from (a source id or an estimate), as the case promises.
  @Test func everyRowNamesItsSource() throws {
    let scenario = try ScenarioReader().read(Self.path)
    let sources: [String?] =
      scenario.products.map(\.source) + scenario.sites.map(\.source) + scenario.processes.map(\.source)
      + scenario.lanes.map(\.source) + scenario.demand.map(\.source) + scenario.purchases.map(\.source)
      + scenario.capacityOptions.map(\.source) + scenario.policy.tariffRules.map(\.source)
      + scenario.policy.gridFactors.map(\.source)
    let missing = sources.filter { ($0 ?? "").isEmpty }
    #expect(missing.isEmpty, "\(missing.count) rows without a source")
  }
}
