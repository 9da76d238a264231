import FerriteIO
import FerriteModel
import Foundation
import Testing

@Suite("Policy packs")
struct PolicyPackTests {
  static let header =
    "id,importer,hs_prefix,origin,origin_status,effective_from,effective_until,ad_valorem,specific,base,"
    + "stacking,excludes,exempt_sites,source"

  /// The two-mills fixture selecting `packs`, with pack folders `policy/<name>/` holding `tables`.
  static func folder(packs: String, tables: [String: [String: String]], own rules: String? = nil) throws
    -> ScenarioFolder
  {
    let folder = try ScenarioFolder { files in
      files["scenario.yaml"] = files["scenario.yaml"]?.replacingOccurrences(
        of: "policy_packs: []", with: "policy_packs: \(packs)")
      if let rules { files["tariff_rules.csv"] = header + "\n" + rules + "\n" }
    }
    for (pack, files) in tables {
      let url = folder.url.appendingPathComponent("policy").appendingPathComponent(pack)
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
    }
    return folder
  }

  @Test("packs apply in order and the scenario's own rows replace pack rows with the same id")
  func overrides() throws {
    let folder = try Self.folder(
      packs: "[a, b]",
      tables: [
        "a": [
          "pack.yaml": "name: a\nversion: \"1\"\n",
          "tariff_rules.csv": Self.header + "\nr1,US,72,KR,,,,0.25,0,value,cumulative,,,a\nr2,US,72,*,,,,0.1,0,value,cumulative,,,a\n",
        ],
        "b": ["pack.yaml": "name: b\n", "tariff_rules.csv": Self.header + "\nr2,US,72,*,,,,0.2,0,value,cumulative,,,b\n"],
      ],
      own: "r1,US,72,KR,,,,0.5,0,value,cumulative,,mill-b,own")
    defer { folder.remove() }
    let scenario = try ScenarioReader().read(folder.path)
    let rules = scenario.policy.tariffRules
    #expect(rules.map(\.id.rawValue) == ["r2", "r1"])
    #expect(rules.first { $0.id == "r2" }?.adValorem == 0.2)  // b replaces a
    #expect(rules.first { $0.id == "r1" }?.adValorem == 0.5)  // the scenario replaces a
    #expect(rules.first { $0.id == "r1" }?.exemptSites == ["mill-b"])
  }

  @Test("a pack that cannot be found is a warning naming it")
  func missingPack() throws {
    let folder = try Self.folder(packs: "[nowhere]", tables: [:])
    defer { folder.remove() }
    let loaded = ScenarioReader().load(folder.path)
    #expect(
      loaded.diagnostics.map(\.message) == ["policy pack 'nowhere' not found: only the scenario's own rules apply"])
    #expect(loaded.diagnostics.first?.severity == .warning)
  }

  @Test("the default case takes its rules from the packs us, mx and kr-us")
  func defaultCase() throws {
    let scenario = try ScenarioReader().read(DefaultCaseTests.path)
    #expect(scenario.settings.policyPacks == ["us", "mx", "kr-us"])
    let rules = scenario.policy.tariffRules
    #expect(rules.first { $0.id == "us-s232-steel-50" }?.originStatus == "non-originating")
    #expect(rules.filter { $0.id == "mx-law-2026-steel" }.map(\.exemptSites) == [["port-altamira"]])
    #expect(scenario.policy.blocs.contains { $0.id == "usmca" && $0.members == ["US", "MX", "CA"] })
    let quota = scenario.policy.tariffQuotas.first { $0.id == "us-kr-steel-quota" }
    #expect(quota?.effectiveUntil == Day(year: 2025, month: 3, day: 11) && quota?.outOfQuotaRate == nil)
  }
}
