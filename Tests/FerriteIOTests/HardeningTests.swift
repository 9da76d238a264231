import FerriteIO
import FerriteModel
import Foundation
import Testing

/// Hostile and absurd input: each gets an error naming file, line, field and fix, quickly.
@Suite("Input hardening")
struct HardeningTests {
  let reader = ScenarioReader()

  func messages(_ text: String, named name: String = "s.yaml") -> [String] {
    reader.load(document: Data(text.utf8), named: name).diagnostics.filter { $0.severity == .error }
      .map(\.description)
  }

  /// The reproducer's alias ladder: level k repeats level k-1 nine times (9^levels values).
  static func ladder(_ levels: Int) -> String {
    var text = "a0: &a0 [lol]\n"
    for level in 1...levels {
      text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n"
    }
    return text
  }

  // MARK: 1. YAML aliases

  @Test("an alias used as a key is refused before Yams hashes it, at the top and inside options")
  func aliasKeys() {
    // Two levels only (81 values), so the alias budget is not what stops it: the key is.
    let top = Self.ladder(2) + "name: x\nperiods: 2026\n? *a2\n: 1\n"
    #expect(
      messages(top) == [
        "s.yaml:6: the YAML alias *a2 is used as a key (write the key out as plain text; aliases may stand only for values)"
      ])
    let options = Self.ladder(2) + "name: x\nperiods: 2026\noptions:\n  ? *a2\n  : 1\n"
    #expect(messages(options).first?.hasPrefix("s.yaml:7: the YAML alias *a2 is used as a key") == true)
    // An alias inside a complex key counts too.
    let nested = "a: &a [x]\nname: x\nperiods: 2026\n? [1, *a]\n: 1\n"
    #expect(messages(nested).first?.hasPrefix("s.yaml:4: the YAML alias *a is used as a key") == true)
  }

  @Test("the 11-level alias key bomb is refused in well under a second, also as a scenario folder")
  func aliasBomb() throws {
    let bomb = Self.ladder(11) + "name: x\nperiods: 2026\n? *a11\n: 1\n"
    let start = ContinuousClock.now
    let errors = messages(bomb)
    // Level k holds 1 + 9 x (level k-1) values: 2, 19, 172, 1549, 13942, 125479; the aliases of
    // level 5 (line 6) bring the count past 100,000.
    #expect(errors.first == "s.yaml:6: YAML aliases repeat more than 100000 values (write the values out instead of repeating anchors with *aliases)")
    let folder = try ScenarioFolder { $0["scenario.yaml"] = bomb }
    defer { folder.remove() }
    #expect(folder.load().diagnostics.contains { $0.location?.file == "scenario.yaml" && $0.location?.line == 6 })
    #expect(ContinuousClock.now - start < .seconds(1))
  }

  @Test("duplicate keys, deep nesting, control characters, NUL and invalid UTF-8 give a line")
  func documentProblems() {
    #expect(
      messages("name: x\nperiods: 2026\nname: y\n") == [
        "s.yaml:3: duplicate key 'name' (first on line 1) (remove one of them or rename it)"
      ])
    let deep = "name: x\nperiods: 2026\nsites: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    let nesting = messages(deep)
    #expect(nesting == ["s.yaml:3: values nested more than 64 levels deep (check the brackets and indentation; scenario values nest a few levels at most)"])
    #expect(!nesting.joined().contains("yaml_set_max_nest_level"))
    let control = messages("name: x\nperiods: 2026\ndescription: a\u{7}b\n")
    #expect(control.count == 1 && control[0].hasPrefix("s.yaml:3: not valid YAML or JSON: control characters are not allowed"))
    #expect(messages("name: x\nperiods: 2026\n\u{0}\n", named: "s.json") == ["s.json:3: binary content (NUL byte) (give a YAML or JSON text file)"])
    let invalid = reader.load(document: Data("name: x\nperiods: 2026\nx: \u{FF}".utf8) + Data([0xC3, 0x28]), named: "s.yaml")
    #expect(invalid.diagnostics.map(\.description) == ["s.yaml:3: invalid UTF-8 byte 0xC3 (save it as UTF-8 text)"])
  }

  // MARK: 2. Numbers near the limits

  @Test("a recipe making 1e19 t is an error with its line; the validator never traps on huge masses")
  func hugeRecipe() throws {
    let folder = try ScenarioFolder { $0.replace("mill-a/bof,output,coil,1,", with: "mill-a/bof,output,coil,1e19,", in: "recipes.csv") }
    defer { folder.remove() }
    #expect(
      folder.load().diagnostics.filter { $0.severity == .error }.map(\.description) == [
        "recipes.csv:3: column 'quantity': 1e19 is above the maximum of 10000 (use a value of at most 10000 (in unit/activity))"
      ])
    // A model built in code skips the readers' ranges: the mass-balance warning must still print.
    var scenario = try #require(folder.load().scenario)
    scenario.processes[0].outputs = [Process.Item(product: "coil", quantity: 1e300)]
    let warning = ScenarioValidator(scenario).diagnostics().first { $0.message.hasPrefix("recipe of") }
    #expect(warning?.message == "recipe of 'mill-a/bof' makes 1e+300 t from 1.5 t of inputs")
  }

  @Test("every number column has a documented range whose products stay below 1e15")
  func everyNumberHasARange() {
    for schema in ScenarioSchema.tables {
      for column in schema.columns where column.kind == .number || column.kind == .integer {
        #expect(column.maximum != nil && column.minimum != nil, "\(schema.name).\(column.name)")
        #expect((column.maximum ?? .infinity) <= 1e12, "\(schema.name).\(column.name)")
      }
    }
    for column in ScenarioSchema.options + ScenarioSchema.settings where column.kind == .number {
      #expect(column.maximum != nil && column.minimum != nil, "option \(column.name)")
    }
    // The internal carbon prices of options: and of carbon_prices.csv share one ceiling.
    #expect(
      ScenarioSchema.options.first { $0.name == "carbon_price_comparison" }?.maximum
        == ScenarioSchema.carbonPrices.column("price")?.maximum)
    // The largest products the planner forms: a duty rate on a customs value, energy x grid factor x
    // carbon price, a footprint x carbon price.
    func top(_ table: Table, _ column: String) -> Double {
      ScenarioSchema.schema(of: table).column(column)?.maximum ?? .infinity
    }
    #expect(top(.tariffRules, "ad_valorem") * top(.products, "customs_value") < 1e15)
    #expect(top(.processes, "energy") * top(.gridFactors, "factor") * top(.carbonPrices, "price") < 1e15)
    #expect(top(.purchases, "footprint") * top(.carbonPrices, "price") < 1e15)
    #expect(top(.lanes, "cost_per_unit_km") * top(.lanes, "distance_km") < 1e15)
    // A candidate site's derived throughput bound; a module's capex counted in each of 301 periods.
    #expect(top(.capacityOptions, "module_size") * top(.capacityOptions, "max_modules") <= top(.processes, "capacity"))
    // A process at full capacity consumes a recipe quantity of an input: a flow and bound of that size.
    #expect(top(.processes, "capacity") * top(.recipes, "quantity") <= 1e15)
    #expect(top(.capacityOptions, "capex") * 301 < 1e15)
    let doc = FormatDocument.markdown()
    #expect(doc.contains("0 to 1e12"))
  }

  @Test("NaN, infinity and 1e400 are refused with the allowed range; -0 is zero")
  func nonFiniteNumbers() throws {
    for value in ["nan", "inf", "-inf", "1e400", ".nan"] {
      let folder = try ScenarioFolder { $0.replace("a-1,mill-a,plant-1,ocean,17500,4,", with: "a-1,mill-a,plant-1,ocean,17500,\(value),", in: "lanes.csv") }
      defer { folder.remove() }
      let errors = folder.load().diagnostics.filter { $0.severity == .error }.map(\.description)
      #expect(errors.count == 1, "\(value)")
      #expect(errors.first?.hasPrefix("lanes.csv:2: column 'cost_per_unit': '\(value)' is not") == true, "\(value): \(errors)")
    }
    let folder = try ScenarioFolder { $0.replace("a-1,mill-a,plant-1,ocean,17500,4,", with: "a-1,mill-a,plant-1,ocean,17500,-0,", in: "lanes.csv") }
    defer { folder.remove() }
    #expect(folder.load().isValid)
    let json = messages("{\"name\": \"x\", \"periods\": 2026, \"lanes\": [{\"id\": \"l\", \"capacity\": 1e400}]}", named: "s.json")
    #expect(json.contains { $0.hasPrefix("s.json:1: column 'capacity': '1e400' is not a finite number (write a number from 0 to 1e11)") })
  }

  // MARK: 3. Unknown columns

  @Test("an unknown column is an error with a guess, a warning with allow_extra_columns: true")
  func unknownColumns() throws {
    let folder = try ScenarioFolder { $0.replace("cost_per_unit,cost_per_unit_km", with: "cost,cost_per_unit_km", in: "lanes.csv") }
    defer { folder.remove() }
    // `cost` is no typo of a column, but it is the first word of cost_per_unit.
    let unknown = folder.load().diagnostics.filter { $0.message.contains("unknown column") }.map(\.description)
    #expect(
      unknown == [
        "lanes.csv:1: unknown column 'cost' (column 6) in table 'lanes' (did you mean 'cost_per_unit'? or set "
          + "`allow_extra_columns: true` in scenario.yaml to ignore extra columns)"
      ])
    let allowed = try ScenarioFolder {
      $0.replace("cost_per_unit,cost_per_unit_km", with: "cost,cost_per_unit_km", in: "lanes.csv")
      $0.append("allow_extra_columns: true", to: "scenario.yaml")
    }
    defer { allowed.remove() }
    let loaded = allowed.load()
    #expect(loaded.isValid)
    #expect(loaded.scenario?.settings.allowsExtraColumns == true)
    #expect(loaded.diagnostics.contains { $0.severity == .warning && $0.message.hasPrefix("unknown column 'cost'") })
    let yaml = "name: x\nperiods: 2026\nproducts:\n  - {id: a, colour: red}\n"
    #expect(messages(yaml).contains { $0.hasPrefix("s.yaml:4: unknown column 'colour' in table 'products' (known columns:") })
    #expect(messages("allow_extra_columns: maybe\n" + yaml).contains("s.yaml:1: key 'allow_extra_columns': 'maybe' is not yes or no (write `allow_extra_columns: true`)"))
  }

  // MARK: 4. Policy packs

  static let ruleHeader = PolicyPackTests.header

  @Test("pack names are plain names; paths and .. are errors with their line")
  func packNames() throws {
    let folder = try PolicyPackTests.folder(packs: "\n  - us\n  - ../../etc\n  - Policy/US", tables: [:])
    defer { folder.remove() }
    let errors = folder.load().diagnostics.filter { $0.severity == .error }.map(\.description)
    #expect(errors.count == 2)
    #expect(errors.first?.hasPrefix("scenario.yaml:10: key 'policy_packs': '../../etc' is not a policy pack name") == true)
    #expect(errors.last?.hasPrefix("scenario.yaml:11: key 'policy_packs': 'Policy/US' is not a policy pack name") == true)
  }

  @Test("with strict packs a missing pack is an error on its line")
  func strictPacks() throws {
    let folder = try PolicyPackTests.folder(packs: "[nowhere]", tables: [:])
    defer { folder.remove() }
    var limits = ReadLimits.standard
    limits.requiresPolicyPacks = true
    let loaded = ScenarioReader(limits: limits).load(folder.path)
    #expect(
      loaded.diagnostics.map(\.description) == [
        "scenario.yaml:8: key 'policy_packs': policy pack 'nowhere' not found (add a folder policy/nowhere/ next "
          + "to the scenario or in a parent folder, or remove it from policy_packs)"
      ])
  }

  @Test("only-these-folders finds the scenario's own and the configured packs, never a parent's")
  func packFolders() throws {
    let parent = try ScenarioFolder(files: [:])
    defer { parent.remove() }
    let rules = Self.ruleHeader + "\nr1,US,72,KR,,,,0.25,0,value,cumulative,,,a\n"
    for pack in ["parent-pack", "shared/server-pack"] {
      let url = parent.url.appendingPathComponent(pack.hasPrefix("shared") ? pack : "policy/" + pack)
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      try Data("name: x\n".utf8).write(to: url.appendingPathComponent("pack.yaml"))
      try Data(rules.utf8).write(to: url.appendingPathComponent("tariff_rules.csv"))
    }
    let scenario = parent.url.appendingPathComponent("upload")
    try FileManager.default.createDirectory(at: scenario, withIntermediateDirectories: true)
    for (name, text) in try ScenarioFolder.files(ofFixture: "two-mills") {
      try Data(text.replacingOccurrences(of: "policy_packs: []", with: "policy_packs: [parent-pack, server-pack]").utf8)
        .write(to: scenario.appendingPathComponent(name))
    }
    // The CLI default looks in parents only.
    let cli = ScenarioReader().load(scenario.path)
    #expect(cli.diagnostics.map(\.message) == ["policy pack 'server-pack' not found: only the scenario's own rules apply"])
    var limits = ReadLimits.standard
    limits.policyPacks = .scenarioAnd(folders: [parent.url.appendingPathComponent("shared").path])
    limits.requiresPolicyPacks = true
    let server = ScenarioReader(limits: limits).load(scenario.path)
    #expect(
      server.diagnostics.map(\.description) == [
        "scenario.yaml:8: key 'policy_packs': policy pack 'parent-pack' not found (add policy/parent-pack/ to the "
          + "scenario, or use one of the packs available: server-pack)"
      ])
    #expect(server.scenario?.policy.tariffRules.map(\.id) == ["r1"])
  }

  @Test("errors in a pack name the pack's file and line, also for tables the scenario lacks")
  func packErrorPlaces() throws {
    let quotas =
      "id,importer,origin,hs_prefixes,period,quantity,in_quota_rate,out_of_quota_rate,effective_from,effective_until,source\n"
      + "q1,XXX,KR,72,2026,100,0,,,,p\n"
    let folder = try PolicyPackTests.folder(
      packs: "[p]",
      tables: [
        "p": [
          "pack.yaml": "name: p\n", "tariff_rules.csv": Self.ruleHeader + "\n\nr1,MXX,72,KR,,,,0.25,0,value,cumulative,,,p\n",
          "tariff_quotas.csv": quotas,
        ]
      ])
    defer { folder.remove() }
    #expect(
      folder.load().diagnostics.map(\.description) == [
        "policy/p/tariff_quotas.csv:2: column 'importer': unknown country or bloc 'XXX' (use a country code such as US, or add the bloc to blocs.csv)",
        "policy/p/tariff_rules.csv:3: column 'importer': unknown country or bloc 'MXX' (use a country code such as US, or add the bloc to blocs.csv)",
      ])
  }

  // MARK: 5. Messages

  @Test("grammar of fixes and messages; an empty name has its line; a folder for a table says so")
  func messageWording() throws {
    let folder = try ScenarioFolder {
      $0.replace("mill-a,Mill A,KR,", with: "mill-a,Mill A,,", in: "sites.csv")
      $0.replace("mill-a,Mill A,,,34.92,127.74,steel-mill", with: "mill-a,Mill A,,,34.92,127.74,", in: "sites.csv")
      $0.replace("name: Two mills, three plants", with: "name:", in: "scenario.yaml")
      $0["carbon_prices.csv"] = "kind,jurisdiction,period,price,source\nemissions,,2026,10,x\n"
    }
    defer { folder.remove() }
    let texts = folder.load().diagnostics.map(\.description)
    #expect(texts.contains("scenario.yaml:1: key 'name': missing scenario name (add `name: ...`)"))
    #expect(texts.contains("sites.csv:2: column 'country': missing value (fill in a country code)"))
    #expect(texts.contains { $0.hasPrefix("sites.csv:2: column 'kind': missing value (fill in one of `") })
    #expect(texts.contains("carbon_prices.csv:2: column 'jurisdiction': an emissions price needs a jurisdiction (name the country or bloc)"))
    let table = try ScenarioFolder { $0["sites.csv"] = nil }
    defer { table.remove() }
    try FileManager.default.createDirectory(at: table.url.appendingPathComponent("sites.csv"), withIntermediateDirectories: true)
    #expect(table.load().diagnostics.map(\.description).first == "sites.csv: sites.csv is a folder (replace it with a CSV file)")
  }

  @Test("terminal escapes in a name or any echoed text are neutralized")
  func escapes() throws {
    let loaded = reader.load(
      document: Data("name: \"x\\e[2J\\u009b31m\"\nperiods: 2026\n\"foo\\e[1m\": 1\n".utf8), named: "s.yaml")
    #expect(loaded.scenario?.settings.name == "x?[2J?31m")
    let texts = loaded.diagnostics.map(\.description)
    #expect(texts.contains("s.yaml:1: key 'name': the name holds control characters (write the name as plain text on one line)"))
    for text in texts { #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }, "\(text)") }
    let diagnostic = Diagnostic(.error, "unknown company '\u{1B}]0;owned\u{7}'", at: .init(file: "x.csv", line: 2))
    #expect(diagnostic.description == "x.csv:2: unknown company '?]0;owned?'")
  }
}
