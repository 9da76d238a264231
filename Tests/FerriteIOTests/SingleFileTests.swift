import FerriteIO
import FerriteModel
import Foundation
import Testing

/// The single-file form: YAML or JSON, diagnostics on the line of the offending cell.
@Suite("Single-file scenarios")
struct SingleFileTests {
  func load(_ text: String, named name: String = "s.yaml") -> LoadedScenario {
    ScenarioReader().load(document: Data(text.utf8), named: name)
  }

  static let yaml = """
    name: Tiny
    periods: [2026]
    products:
      - {id: coil, family: steel}
    sites:
      - id: mill
        country: KR
        kind: steel-mill
        owners: {posco: 0.2, hyundai-steel: 0.8}
      - {id: plant, country: US, kind: vehicle-plant}
    processes:
      - {id: mill/bof, site: mill, capacity: 10}
    recipes:
      - {process: mill/bof, role: output, product: coil, quantity: 1}
    lanes:
      - id: l1
        from: mill
        to: plantt
        mode: ocean
        products: [coil]
    demand:
      - {site: plant, product: coil, period: 2026, quantity: 5}

    """

  @Test("a bad cell is reported on its own line")
  func cellLines() {
    let messages = load(SingleFileTests.yaml).diagnostics.map(\.description)
    #expect(messages.contains("s.yaml:18: column 'to': unknown site 'plantt' (did you mean 'plant'?)"))
  }

  @Test("lists and shares may be YAML sequences and mappings or `;` text")
  func listForms() throws {
    let structured = try #require(
      load(SingleFileTests.yaml.replacingOccurrences(of: "plantt", with: "plant")).scenario)
    let textual = load(
      SingleFileTests.yaml.replacingOccurrences(of: "plantt", with: "plant")
        .replacingOccurrences(
          of: "owners: {posco: 0.2, hyundai-steel: 0.8}", with: "owners: posco=0.2; hyundai-steel=0.8"
        )
        .replacingOccurrences(of: "products: [coil]", with: "products: coil"))
    #expect(textual.diagnostics.map(\.description) == [])
    #expect(textual.scenario == structured)
    #expect(
      structured.sites[0].owners == [
        Share(company: "posco", fraction: 0.2), Share(company: "hyundai-steel", fraction: 0.8),
      ])
  }

  @Test("JSON as editors write it, tabs and all")
  func json() throws {
    let text =
      "{\n\t\"name\": \"J\",\n\t\"periods\": [2026, 2027],\n\t\"products\": [{\"id\": \"ore\", \"family\": \"raw-material\"}],\n"
      + "\t\"sites\": [{\"id\": \"m\", \"country\": \"AU\", \"kind\": \"mine\", \"latitude\": -23.5, \"fixed_cost\": 1e3}],\n"
      + "\t\"purchases\": [{\"id\": \"p\", \"site\": \"m\", \"product\": \"ore\", \"price\": 90}]\n}\n"
    let loaded = load(text, named: "s.json")
    #expect(loaded.diagnostics.map(\.description) == [])
    let scenario = try #require(loaded.scenario)
    #expect(scenario.sites.first?.latitude == -23.5)
    #expect(scenario.sites.first?.fixedCost == 1000)
    #expect(scenario.periods == [2026, 2027])
  }

  @Test("unknown columns and tables, missing tables, rows that are not mappings")
  func structure() {
    let text = """
      name: S
      periods: 2026
      products:
        - {id: coil, colour: red}
        - coil
      lanse: []

      """
    #expect(
      load(text).diagnostics.map(\.description) == [
        "s.yaml:1: missing table 'sites' (add `sites:` with a list of rows)",
        "s.yaml:4: unknown column 'colour' in table 'products' (known columns: id, name, unit, hs_code, family, customs_value, steel_content, aluminium_content, source; or set `allow_extra_columns: true` in scenario.yaml to ignore extra columns)",
        "s.yaml:4: warning: column 'id': product 'coil' is never made, bought, used or demanded (remove it or use it)",
        "s.yaml:5: a row of 'products' is not a mapping of columns to values (write the row as `- column: value, ...`)",
        "s.yaml:6: warning: unknown key 'lanse' is ignored (did you mean 'lanes'?)",
      ])
  }
}
