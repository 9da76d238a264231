import FerriteIO
import FerriteModel
import Foundation
import Testing

/// One broken scenario per validation rule, with the exact message the rule must print.
///
/// Each case edits the two-mills fixture (which validates clean) so that exactly one rule fails.
struct RuleCase: CustomTestStringConvertible, Sendable {
  let rule: String
  let expected: String
  let edit: @Sendable (inout [String: String]) -> Void

  init(_ rule: String, _ expected: String, edit: @escaping @Sendable (inout [String: String]) -> Void) {
    self.rule = rule
    self.expected = expected
    self.edit = edit
  }

  var testDescription: String { rule }
}

@Suite("Validation rules")
struct ValidationRuleTests {
  @Test("the unedited fixture is valid, without warnings")
  func fixtureIsClean() throws {
    let folder = try ScenarioFolder()
    defer { folder.remove() }
    #expect(folder.load().diagnostics.map(\.description) == [])
  }

  @Test("each rule reports its exact message", arguments: ValidationRuleTests.cases)
  func rule(_ rule: RuleCase) throws {
    let folder = try ScenarioFolder(edit: rule.edit)
    defer { folder.remove() }
    let messages = folder.load().diagnostics.map(\.description)
    #expect(messages.contains(rule.expected), "got:\n\(messages.joined(separator: "\n"))")
  }

  @Test("all problems are found in one pass")
  func allAtOnce() throws {
    let folder = try ScenarioFolder { files in
      files.replace("b-1,mill-b,plant-1", with: "b-1,mill-b,plant-l", in: "lanes.csv")
      files.replace(
        "mill-a/bof,mill-a,Blast furnace and converter,bf-bof,60",
        with: "mill-a/bof,mill-a,Blast furnace and converter,bf-bof,-60", in: "processes.csv")
      files.replace("plant-3,coil,2027,40", with: "plant-3,coil,2040,40", in: "demand.csv")
      files.replace("mill-a,Mill A,KR", with: "mill-a,Mill A,Korea", in: "sites.csv")
    }
    defer { folder.remove() }
    let loaded = folder.load()
    #expect(
      loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [
        "sites.csv:2: column 'country': 'Korea' is not an ISO 3166 country code (use the ISO 3166 two-letter code, such as KR, US or MX)",
        "processes.csv:2: column 'capacity': -60 is below the minimum of 0 (it cannot be negative)",
        "lanes.csv:5: column 'to': unknown site 'plant-l' (did you mean 'plant-1'?)",
        "demand.csv:7: column 'period': period 2040 is outside the horizon 2026-2027 (use a period listed in scenario.yaml or extend `periods`)",
      ])
    #expect(!loaded.isValid)
    #expect(throws: ScenarioError.self) { try ScenarioReader().read(folder.path) }
  }

  @Test("a missing or unreadable table is reported once, not again by every row that refers to it")
  func noCascades() throws {
    let missing = try ScenarioFolder { $0["sites.csv"] = nil }
    defer { missing.remove() }
    #expect(missing.load().diagnostics.filter { $0.severity == .error }.count == 1)
    let binary = try ScenarioFolder { $0["products.csv"] = "id,name\u{0}\n" }
    defer { binary.remove() }
    #expect(
      binary.load().diagnostics.map(\.description) == [
        "products.csv:1: binary content (NUL byte) (save the table as CSV text (UTF-8), not as a spreadsheet workbook)"
      ])
  }

  @Test("a 1 GB table or scenario.yaml is refused by its size, without reading it")
  func gigabyteFiles() throws {
    let folder = try ScenarioFolder()
    defer { folder.remove() }
    for name in ["lanes.csv", "scenario.yaml"] {
      // A sparse file: 1 GiB long, but it takes no disk space and no time to make.
      let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent(name))
      try handle.truncate(atOffset: 1 << 30)
      try handle.close()
    }
    let start = ContinuousClock.now
    let messages = folder.load().diagnostics.map(\.description)
    #expect(ContinuousClock.now - start < .seconds(10))
    #expect(messages.contains("lanes.csv: file is 1024 MiB, more than the limit of 256 MiB (split the table or check that this is the right file)"))
    #expect(messages.contains("scenario.yaml: file is 1024 MiB, more than the limit of 256 MiB (check that this is the right file)"))
    let single = folder.url.appendingPathComponent("scenario.yaml").path
    #expect(ScenarioReader().load(single).diagnostics.map(\.description) == [
      "scenario.yaml: file is 1024 MiB, more than the limit of 256 MiB (check that this is the right file)"
    ])
  }

  static let tariffHeader = "id,importer,hs_prefix,origin,effective_from,effective_until,ad_valorem,excludes"
  static let originHeader =
    "id,site,company,region,products,qualifying_origins,threshold,mode,incentive_per_unit,incentive_product"

  static let cases: [RuleCase] = [
    // References
    RuleCase("unknown site", "lanes.csv:5: column 'to': unknown site 'plant-l' (did you mean 'plant-1'?)") {
      $0.replace("b-1,mill-b,plant-1", with: "b-1,mill-b,plant-l", in: "lanes.csv")
    },
    RuleCase(
      "unknown site without a near match",
      "purchases.csv:2: column 'site': unknown site 'nowhere' (add it to sites.csv or correct the id)"
    ) {
      $0.replace("ore-a,mill-a", with: "ore-a,nowhere", in: "purchases.csv")
    },
    RuleCase(
      "unknown product", "demand.csv:2: column 'product': unknown product 'coill' (did you mean 'coil'?)"
    ) {
      $0.replace("plant-1,coil,2026", with: "plant-1,coill,2026", in: "demand.csv")
    },
    RuleCase(
      "unknown product in a lane's list",
      "lanes.csv:2: column 'products': unknown product 'coal' (did you mean 'coil'?)"
    ) {
      $0.replace(
        "a-1,mill-a,plant-1,ocean,17500,4,0,35,,16,coil",
        with: "a-1,mill-a,plant-1,ocean,17500,4,0,35,,16,coil;coal", in: "lanes.csv")
    },
    RuleCase(
      "unknown process in a recipe",
      "recipes.csv:2: column 'process': unknown process 'mill-a/bfo' (did you mean 'mill-a/bof'?)"
    ) {
      $0.replace("mill-a/bof,input", with: "mill-a/bfo,input", in: "recipes.csv")
    },
    RuleCase(
      "unknown process in a capacity option",
      "capacity_options.csv:2: column 'process': unknown process 'mill-b/ef' (did you mean 'mill-b/eaf'?)"
    ) {
      $0.replace("mill-b,mill-b/eaf,20", with: "mill-b,mill-b/ef,20", in: "capacity_options.csv")
    },
    RuleCase(
      "unknown product in customs values",
      "customs_values.csv:2: column 'product': unknown product 'coill' (did you mean 'coil'?)"
    ) {
      $0["customs_values.csv"] = "product,period,value\ncoill,2026,900\n"
    },
    // Duplicates
    RuleCase(
      "duplicate id",
      "sites.csv:7: column 'id': duplicate site 'mill-a' (first on line 2) (give each row its own id)"
    ) {
      $0.append("mill-a,Mill A again,KR,,,,steel-mill,,existing,0,,", to: "sites.csv")
    },
    RuleCase(
      "duplicate key of several columns",
      "demand.csv:8: column 'site': duplicate demand row for site 'plant-1', product 'coil', period '2026' (first on line 2) (merge the rows or remove one)"
    ) {
      $0.append("plant-1,coil,2026,5,,,", to: "demand.csv")
    },
    // Types and units
    RuleCase(
      "not a number",
      "lanes.csv:2: column 'cost_per_unit': 'four' is not a number (write a number such as 12.5, with . as the decimal mark)"
    ) {
      $0.replace(
        "a-1,mill-a,plant-1,ocean,17500,4,", with: "a-1,mill-a,plant-1,ocean,17500,four,", in: "lanes.csv")
    },
    RuleCase(
      "thousands separator",
      "demand.csv:2: column 'quantity': '1,000' is not a number (write 1000 without thousands separators (and . as the decimal mark))"
    ) {
      $0.replace("plant-1,coil,2026,30", with: "plant-1,coil,2026,\"1,000\"", in: "demand.csv")
    },
    RuleCase(
      "percent sign",
      "capacity_options.csv:2: column 'owners': share '50%' of 'posco' is not a number (write 0.5 for 50%)"
    ) {
      $0.replace(
        "100,20,1,2027,2,hyundai-steel=0.5;posco=0.5", with: "100,20,1,2027,2,hyundai-steel=0.5;posco=50%",
        in: "capacity_options.csv")
    },
    RuleCase(
      "number with a unit",
      "lanes.csv:2: column 'distance_km': '17500 km' is not a number (write the number only; units are given by the column)"
    ) {
      $0.replace("ocean,17500,4", with: "ocean,17500 km,4", in: "lanes.csv")
    },
    RuleCase(
      "not a whole number",
      "capacity_options.csv:2: column 'lifetime': '20.5' is not a whole number (write a whole number from 1 to 200, such as 20)"
    ) {
      $0.replace("5000,100,20,1", with: "5000,100,20.5,1", in: "capacity_options.csv")
    },
    RuleCase(
      "not a year",
      "demand.csv:2: column 'period': '26' is not a year (write a four-digit year, such as 2026)"
    ) {
      $0.replace("plant-1,coil,2026,30", with: "plant-1,coil,26,30", in: "demand.csv")
    },
    RuleCase(
      "not yes or no", "processes.csv:2: column 'confers_origin': 'maybe' is not yes or no (write yes or no)"
    ) {
      $0.replace("2.1,,,yes", with: "2.1,,,maybe", in: "processes.csv")
    },
    RuleCase(
      "invalid id",
      "sites.csv:7: column 'id': 'mill c' is not a valid id (use letters, digits and - _ . / : without spaces)"
    ) {
      $0.append("mill c,Mill C,KR,,,,steel-mill,,existing,0,,", to: "sites.csv")
    },
    RuleCase(
      "lower-case country",
      "sites.csv:2: column 'country': 'kr' is not an ISO 3166 country code (write it in upper case: KR)"
    ) {
      $0.replace("mill-a,Mill A,KR", with: "mill-a,Mill A,kr", in: "sites.csv")
    },
    RuleCase(
      "country that ISO spells differently",
      "purchases.csv:2: column 'origin': 'UK' is not an ISO 3166 country code (did you mean 'GB'?)"
    ) {
      $0.replace("0.05,AU", with: "0.05,UK", in: "purchases.csv")
    },
    RuleCase(
      "unknown choice", "sites.csv:2: column 'kind': unknown kind 'steelmill' (did you mean 'steel-mill'?)"
    ) {
      $0.replace("127.74,steel-mill", with: "127.74,steelmill", in: "sites.csv")
    },
    RuleCase(
      "unknown choice without a near match",
      "lanes.csv:2: column 'mode': unknown mode 'plane' (use one of ocean, rail, truck, barge, pipeline)"
    ) {
      $0.replace("plant-1,ocean", with: "plant-1,plane", in: "lanes.csv")
    },
    RuleCase(
      "not an HS code",
      "products.csv:2: column 'hs_code': '26O1' is not an HS code (write 2 to 10 digits, such as 7208)"
    ) {
      $0.replace("t,2601", with: "t,26O1", in: "products.csv")
    },
    RuleCase(
      "not a company=share pair",
      "sites.csv:2: column 'owners': 'posco' is not a company=share pair (write shares like posco=0.2; kia=0.15)"
    ) {
      $0.replace("steel-mill,posco=1", with: "steel-mill,posco", in: "sites.csv")
    },
    RuleCase(
      "missing required value", "sites.csv:4: column 'country': missing value (fill in a country code)"
    ) {
      $0.replace("plant-1,Plant 1,US", with: "plant-1,Plant 1,", in: "sites.csv")
    },
    RuleCase(
      "missing required column",
      "processes.csv:1: missing required column 'capacity' (add a column 'capacity' (number))"
    ) {
      $0["processes.csv"] = "id,site,name\nmill-a/bof,mill-a,BOF\nmill-b/eaf,mill-b,EAF\n"
    },
    RuleCase(
      "unknown column",
      "lanes.csv:1: unknown column 'cost_per_units' (column 13) in table 'lanes' (did you mean 'cost_per_unit'? or set `allow_extra_columns: true` in scenario.yaml to ignore extra columns)"
    ) {
      $0["lanes.csv"] =
        ($0["lanes.csv"] ?? "").split(separator: "\n").enumerated()
        .map { $0.offset == 0 ? $0.element + ",cost_per_units" : $0.element + ",1" }.joined(separator: "\n")
        + "\n"
    },
    RuleCase(
      "missing table",
      "sites.csv: missing table sites.csv (create it with the header id,name,country,subdivision,latitude,longitude,kind,owners,operator,status,fixed_cost,capacity,source)"
    ) {
      $0["sites.csv"] = nil
    },
    RuleCase(
      "unknown table", "lane.csv: warning: unknown table lane.csv is ignored (did you mean 'lanes.csv'?)"
    ) {
      $0["lane.csv"] = "id\n"
    },
    // Ranges
    RuleCase(
      "negative capacity",
      "processes.csv:2: column 'capacity': -60 is below the minimum of 0 (it cannot be negative)"
    ) {
      $0.replace("bf-bof,60", with: "bf-bof,-60", in: "processes.csv")
    },
    RuleCase(
      "quantity that must be positive",
      "recipes.csv:3: column 'quantity': 0 must be greater than 0 (use a positive value)"
    ) {
      $0.replace("mill-a/bof,output,coil,1", with: "mill-a/bof,output,coil,0", in: "recipes.csv")
    },
    RuleCase(
      "latitude out of range",
      "sites.csv:2: column 'latitude': 134.92 is above the maximum of 90 (use a value of at most 90 (in degree))"
    ) {
      $0.replace("KR,,34.92", with: "KR,,134.92", in: "sites.csv")
    },
    RuleCase(
      "share outside 0..1",
      "sites.csv:2: column 'owners': share 1.5 of 'posco' is outside 0 to 1 (write shares as fractions, e.g. 0.2 for 20 %)"
    ) {
      $0.replace("steel-mill,posco=1", with: "steel-mill,posco=1.5", in: "sites.csv")
    },
    RuleCase(
      "equity shares not summing to 1",
      "sites.csv:3: column 'owners': equity shares sum to 0.9, not 1 (adjust the shares so they add up to 1)"
    ) {
      $0.replace(
        "hyundai-steel=0.5;posco=0.5,candidate", with: "hyundai-steel=0.5;posco=0.4,candidate",
        in: "sites.csv")
    },
    RuleCase(
      "operator who owns nothing of the site",
      "sites.csv:3: warning: column 'operator': operator 'posko' is not among the owners of 'mill-b' (did you mean 'posco'?)"
    ) {
      // Insert an operator column after owners; only mill-b names one.
      $0["sites.csv"] =
        ($0["sites.csv"] ?? "").split(separator: "\n").map { line in
          let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
          guard cells.count == 12 else { return String(line) }
          let extra = cells[0] == "id" ? "operator" : cells[0] == "mill-b" ? "posko" : ""
          return (cells[0..<8] + [extra] + cells[8...]).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    },
    RuleCase(
      "company listed twice",
      "capacity_options.csv:2: column 'owners': a company is listed twice among the owners (give each company one share)"
    ) {
      $0.replace(
        "hyundai-steel=0.5;posco=0.5,fixture", with: "posco=0.5;posco=0.5,fixture", in: "capacity_options.csv"
      )
    },
    RuleCase(
      "threshold above 1",
      "origin_rules.csv:2: column 'threshold': 70 is above the maximum of 1 (write shares and rates as fractions from 0 to 1, e.g. 0.25 for 25 %)"
    ) {
      $0["origin_rules.csv"] = originHeader + "\nr,plant-1,,,coil,US,70,hard,,\n"
    },
    RuleCase(
      "period outside the horizon",
      "demand.csv:7: column 'period': period 2040 is outside the horizon 2026-2027 (use a period listed in scenario.yaml or extend `periods`)"
    ) {
      $0.replace("plant-3,coil,2027", with: "plant-3,coil,2040", in: "demand.csv")
    },
    RuleCase(
      "period in a gap of the horizon",
      "purchases.csv:2: column 'period': period 2027 is not one of the scenario's periods (use a period listed in scenario.yaml or extend `periods`)"
    ) {
      $0.replace("periods: 2026-2027", with: "periods: [2026, 2028]", in: "scenario.yaml")
      $0.replace("ore-a,mill-a,ore,,", with: "ore-a,mill-a,ore,2027,", in: "purchases.csv")
    },
    RuleCase(
      "option that can never be built in the horizon",
      "capacity_options.csv:2: warning: column 'earliest_period': period 2031 is outside the horizon 2026-2027 (use a period listed in scenario.yaml or extend `periods`)"
    ) {
      $0.replace("20,1,2027,2", with: "20,1,2031,2", in: "capacity_options.csv")
    },
    // Consistency across tables
    RuleCase(
      "lane from a site to itself",
      "lanes.csv:2: column 'to': lane 'a-1' starts and ends at 'mill-a' (correct 'from' or 'to')"
    ) {
      $0.replace("a-1,mill-a,plant-1", with: "a-1,mill-a,mill-a", in: "lanes.csv")
    },
    RuleCase(
      "available until before available from",
      "processes.csv:3: column 'available_until': available_until 2020 is before available_from 2026 (swap the years or correct one)"
    ) {
      $0.replace("1.1,2026,,yes", with: "1.1,2026,2020,yes", in: "processes.csv")
    },
    RuleCase(
      "capacity option at another site than its process",
      "capacity_options.csv:2: column 'site': process 'mill-b/eaf' is at site 'mill-b', not 'mill-a' (use site 'mill-b' or another process)"
    ) {
      $0.replace(
        "mill-b/eaf-expansion,mill-b,", with: "mill-b/eaf-expansion,mill-a,", in: "capacity_options.csv")
    },
    RuleCase(
      "process that makes nothing",
      "processes.csv:2: column 'id': process 'mill-a/bof' makes nothing (add an output row for it to recipes.csv)"
    ) {
      $0.replace("mill-a/bof,output,coil,1,yes,fixture\n", with: "", in: "recipes.csv")
    },
    RuleCase(
      "process without capacity or option",
      "processes.csv:2: warning: column 'capacity': process 'mill-a/bof' has no capacity and no capacity option (give it a capacity or a row in capacity_options.csv)"
    ) {
      $0.replace("bf-bof,60", with: "bf-bof,0", in: "processes.csv")
    },
    RuleCase(
      "recipe whose mass balance looks wrong",
      "processes.csv:2: warning: column 'id': recipe of 'mill-a/bof' makes 2 t from 1.5 t of inputs (check the recipe quantities and the products' units)"
    ) {
      $0.replace("mill-a/bof,output,coil,1", with: "mill-a/bof,output,coil,2", in: "recipes.csv")
    },
    RuleCase(
      "two principal inputs",
      "processes.csv:2: warning: column 'id': process 'mill-a/bof' marks more than one principal input (mark one input as principal in recipes.csv)"
    ) {
      $0.replace(
        "mill-a/bof,output,coil,1,yes,fixture",
        with: "mill-a/bof,output,coil,1,yes,fixture\nmill-a/bof,input,coil,0.1,yes,", in: "recipes.csv")
    },
    RuleCase(
      "demand no producer can reach",
      "demand.csv:4: column 'product': no producer or purchase can reach 'coil' at 'plant-3' (add a lane into 'plant-3' that carries it, a process there that makes it, or a purchase)"
    ) {
      $0.replace("a-3,mill-a,plant-3,ocean,17000,9,0,34,,16,coil,fixture\n", with: "", in: "lanes.csv")
      $0.replace(
        "b-3,mill-b,plant-3,rail,1150,3,0,5,,18,coil", with: "b-3,mill-b,plant-3,rail,1150,3,0,5,,18,ore",
        in: "lanes.csv")
    },
    RuleCase(
      "product nothing makes or sells",
      "products.csv:2: column 'id': nothing makes or sells product 'ore' (add a process whose recipe outputs it, or a purchase of it)"
    ) {
      $0["purchases.csv"] = "id,site,product,price\n"
    },
    RuleCase(
      "product nobody uses",
      "products.csv:4: warning: column 'id': product 'scrap' is never made, bought, used or demanded (remove it or use it)"
    ) {
      $0.append("scrap,Scrap,t,7204,raw-material,300,", to: "products.csv")
    },
    RuleCase(
      "per-km cost without distance",
      "lanes.csv:2: warning: column 'cost_per_unit_km': cost per unit-km without a distance counts as 0 (fill in distance_km)"
    ) {
      $0.replace(
        "a-1,mill-a,plant-1,ocean,17500,4,0", with: "a-1,mill-a,plant-1,ocean,,4,0.01", in: "lanes.csv")
    },
    // Policy data
    RuleCase(
      "unknown bloc",
      "tariff_rules.csv:2: column 'origin': unknown country or bloc 'usmcaa' (did you mean 'usmca'?)"
    ) {
      $0["blocs.csv"] = "id,members\nusmca,US;MX;CA\n"
      $0["tariff_rules.csv"] = tariffHeader + "\nr1,US,72,usmcaa,,,0.25,\n"
    },
    RuleCase(
      "bloc member that is no country",
      "blocs.csv:2: column 'members': 'XX' is not an ISO 3166 country code (use the ISO 3166 two-letter code, such as KR, US or MX)"
    ) {
      $0["blocs.csv"] = "id,members\nusmca,US;MX;XX\n"
    },
    RuleCase(
      "dates reversed",
      "tariff_rules.csv:2: column 'effective_until': effective_until 2025-03-12 is before effective_from 2025-06-04 (swap the dates or correct one)"
    ) {
      $0["tariff_rules.csv"] = tariffHeader + "\nr1,US,72,*,2025-06-04,2025-03-12,0.5,\n"
    },
    RuleCase(
      "not a date",
      "tariff_rules.csv:2: column 'effective_from': '12/03/2025' is not a date (write dates as yyyy-mm-dd, such as 2025-03-12)"
    ) {
      $0["tariff_rules.csv"] = tariffHeader + "\nr1,US,72,*,12/03/2025,,0.25,\n"
    },
    RuleCase(
      "unknown excluded rule",
      "tariff_rules.csv:3: column 'excludes': unknown tariff rule 'r11' (did you mean 'r1'?)"
    ) {
      $0["tariff_rules.csv"] = tariffHeader + "\nr1,US,72,*,,,0.25,\nr2,US,72,KR,,,0.5,r11\n"
    },
    RuleCase(
      "importer '*'",
      "tariff_rules.csv:2: column 'importer': '*' is not allowed here (name a country or bloc)"
    ) {
      $0["tariff_rules.csv"] = tariffHeader + "\nr1,*,72,*,,,0.25,\n"
    },
    RuleCase(
      "origin rule for nothing",
      "origin_rules.csv:2: column 'id': origin rule 'r' applies to nothing (fill in site, company or region)"
    ) {
      $0["origin_rules.csv"] = originHeader + "\nr,,,,coil,US,0.7,hard,,\n"
    },
    RuleCase(
      "incentive rule without incentive",
      "origin_rules.csv:2: column 'incentive_per_unit': an incentive rule needs incentive_per_unit (fill it in, or set mode to hard)"
    ) {
      $0["origin_rules.csv"] = originHeader + "\nr,plant-1,,,coil,US,0.7,incentive,,\n"
    },
    RuleCase(
      "origin rule company owning nothing",
      "origin_rules.csv:2: warning: column 'company': company 'posko' owns no site or option (did you mean 'posco'?)"
    ) {
      $0["origin_rules.csv"] = originHeader + "\nr,,posko,,coil,US,0.7,hard,,\n"
    },
    RuleCase(
      "carbon cap without subject",
      "carbon_caps.csv:2: column 'subject': a site cap needs a subject (name the site)"
    ) {
      $0["carbon_caps.csv"] = "id,scope,subject,period,cap\nc,site,,2026,100\n"
    },
    RuleCase(
      "carbon price without jurisdiction",
      "carbon_prices.csv:2: column 'jurisdiction': an emissions price needs a jurisdiction (name the country or bloc)"
    ) {
      $0["carbon_prices.csv"] = "kind,jurisdiction,period,price\nemissions,,2026,10\n"
    },
    RuleCase(
      "missing grid factor",
      "processes.csv:3: warning: column 'energy': no grid factor for US, where 'mill-b/eaf' uses electricity (add a row for US to grid_factors.csv)"
    ) {
      $0["grid_factors.csv"] = "country,period,factor\nKR,,0.42\n"
    },
    // scenario.yaml
    RuleCase(
      "periods not increasing",
      "scenario.yaml:3: key 'periods': periods are not strictly increasing (list each year once, in order)"
    ) {
      $0.replace("periods: 2026-2027", with: "periods: [2027, 2026]", in: "scenario.yaml")
    },
    RuleCase(
      "periods range backwards",
      "scenario.yaml:3: key 'periods': the range 2027-2026 ends before it starts (write the earlier year first, such as 2026-2035)"
    ) {
      $0.replace("periods: 2026-2027", with: "periods: 2027-2026", in: "scenario.yaml")
    },
    RuleCase(
      "discount rate as percent",
      "scenario.yaml:4: key 'discount_rate': '8' is not a rate from 0 to 1 (write 8 % as 0.08)"
    ) {
      $0.replace("discount_rate: 0.08", with: "discount_rate: 8", in: "scenario.yaml")
    },
    RuleCase(
      "currency not ISO 4217",
      "scenario.yaml:5: key 'currency': 'usd' is not an ISO 4217 currency code (write it like USD)"
    ) {
      $0.replace("currency: USD", with: "currency: usd", in: "scenario.yaml")
    },
    RuleCase(
      "unknown key",
      "scenario.yaml:9: warning: unknown key 'discount' is ignored (known keys: name, description, periods, discount_rate, currency, options, policy_packs, allow_extra_columns and the table names)"
    ) {
      $0.append("discount: 0.1", to: "scenario.yaml")
    },
    RuleCase("missing name", "scenario.yaml:1: key 'name': missing scenario name (add `name: ...`)") {
      $0.replace("name: Two mills, three plants\n", with: "", in: "scenario.yaml")
    },
    RuleCase(
      "table inline in a folder",
      "scenario.yaml:9: table 'sites' is inline in a scenario folder (move its rows to sites.csv)"
    ) {
      $0.append("sites: []", to: "scenario.yaml")
    },
    RuleCase(
      "YAML syntax error",
      "scenario.yaml:4: not valid YAML or JSON: while parsing a flow sequence did not find expected ',' or ']' (check the indentation, quotes and brackets near this line)"
    ) {
      $0.replace("periods: 2026-2027", with: "periods: [2026, 2027", in: "scenario.yaml")
    },
    RuleCase(
      "missing scenario.yaml",
      "scenario.yaml: missing scenario.yaml (add scenario.yaml with `name:` and `periods:`)"
    ) {
      $0["scenario.yaml"] = nil
    },
  ]
}
