import FerriteModel
import FerritePlanner
import FerriteReports
import Foundation
import HiGHS
import Testing

/// A mill makes 1 t slab per 1.6 t ore (bought at 0.05 t CO2e/t) with 1.8 t direct emissions and
/// ships it 1,000 km by rail (20 g/t-km: 0.02 t/t) to a customer who needs 50 t in 2030: the slab
/// delivered carries 1.6 * 0.05 + 1.8 + 0.02 = 1.9 t CO2e/t, that is 1.9 kg CO2e per kg.
private func plan() throws -> (Scenario, Plan) {
  var mill = Site(id: "mill", name: "Mill", country: "KR", kind: .steelMill, owners: [Share(company: "posco", fraction: 1)])
  mill.subdivision = "46"
  let customer = Site(id: "oem", name: "Vehicle plant", country: "US", kind: .vehiclePlant)
  var ore = Purchase(id: "ore", site: "mill", product: "ore", price: 100)
  ore.footprint = 0.05
  let scenario = Scenario(
    settings: ScenarioSettings(name: "PACT check", periods: [2030]),
    products: [
      Product(id: "ore", name: "Iron ore", family: .rawMaterial),
      Product(id: "slab", name: "Steel slab", family: .steel),
    ],
    sites: [mill, customer],
    processes: [
      FerriteModel.Process(
        id: "mill/bf-bof", site: "mill", route: "bf-bof", capacity: 100, variableCost: 80, emissions: 1.8,
        confersOrigin: true, inputs: [.init(product: "ore", quantity: 1.6)], outputs: [.init(product: "slab", quantity: 1)])
    ],
    lanes: [
      Lane(id: "mill:oem", from: "mill", to: "oem", mode: .rail, distance: 1_000, costPerUnit: 10, emissionFactor: 20)
    ],
    demand: [Demand(site: "oem", product: "slab", period: 2030, quantity: 50)],
    purchases: [ore])
  return (scenario, try Planner(solver: HiGHSSolver()).solve(scenario))
}

private let fixedDate = Date(timeIntervalSince1970: 1_900_000_000)

@Suite("PACT product footprints and the transport report")
struct ProductFootprintTests {
  @Test("every delivery becomes a conforming PACT v2 and v3 ProductFootprint with the hand-computed value")
  func conforming() throws {
    let (scenario, plan) = try plan()
    for version in PACTVersion.allCases {
      let documents = ProductFootprintExport(
        scenario: scenario, plan: plan, version: version, company: "posco", created: fixedDate
      ).documents()
      #expect(documents.count == 1)
      let document = try #require(documents.first)
      let object = try #require(try JSONSerialization.jsonObject(with: document.json()) as? [String: Any])
      #expect(PACTConformance.problems(in: object, version: version) == [])
      let pcf = try #require(object["pcf"] as? [String: Any])
      let key = version == .v2 ? "pCfExcludingBiogenic" : "pcfExcludingBiogenicUptake"
      #expect(pcf[key] as? String == "1.9")
      #expect(object["specVersion"] as? String == version.rawValue)
    }
  }

  @Test("the conformance check rejects what the specification forbids")
  func rejects() throws {
    let (scenario, plan) = try plan()
    let document = try #require(ProductFootprintExport(scenario: scenario, plan: plan, created: fixedDate).documents().first)
    var object = document.jsonObject()
    object["companyIds"] = ["posco"]
    object.removeValue(forKey: "productCategoryCpc")
    var pcf = try #require(object["pcf"] as? [String: Any])
    pcf["unitaryProductAmount"] = "0"
    pcf["pCfExcludingBiogenic"] = "1e3"
    object["pcf"] = pcf
    let problems = PACTConformance.problems(in: object, version: .v2)
    #expect(problems.contains("companyIds: every id must be a URN"))
    #expect(problems.contains("productCategoryCpc: missing"))
    #expect(problems.contains("pcf.unitaryProductAmount: must be a decimal > 0"))
    #expect(problems.contains("pcf.pCfExcludingBiogenic: must be a decimal >= 0"))
  }

  /// The published schemas (wbcsd data-exchange-protocol) where this machine has them, with
  /// Python's jsonschema and format checking on.
  static let schemaFolder = ProcessInfo.processInfo.environment["FERRITE_PACT_SCHEMAS"]
    ?? [
      URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/pact").path,
      "/work/shared/reference/pact",
    ].first { FileManager.default.fileExists(atPath: $0) } ?? "/work/shared/reference/pact"
  /// Whether the published schemas are here and python3 has jsonschema (scripts/test installs it;
  /// in CI its absence is a failure, elsewhere a skip).
  static var canValidate: Bool {
    // The schemas live in the workplace's shared reference folder, outside the repository.
    guard FileManager.default.fileExists(atPath: schemaFolder + "/v2/ProductFootprint.schema.json") else { return false }
    let found = (try? python(["-c", "import jsonschema"]).status) == 0
    if !found, ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record("python's jsonschema is missing: run the tests through scripts/test, which installs it")
    }
    return found
  }

  /// Runs python3 from the PATH; its exit status and output.
  static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Foundation.Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test("the documents validate against the published JSON schemas", .enabled(if: canValidate))
  func schema() throws {
    let (scenario, plan) = try plan()
    for version in PACTVersion.allCases {
      let folder = version == .v2 ? "v2" : "v3"
      let document = try #require(
        ProductFootprintExport(scenario: scenario, plan: plan, version: version, created: fixedDate).documents().first)
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-pact-\(folder).json")
      try document.json().write(to: file)
      let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1])); document = json.load(open(sys.argv[2]))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = [e.message for e in validator.iter_errors(document)]
        print("\\n".join(errors)); sys.exit(1 if errors else 0)
        """
      let (status, text) = try Self.python(
        ["-c", script, "\(Self.schemaFolder)/\(folder)/ProductFootprint.schema.json", file.path])
      #expect(status == 0, "\(folder): \(text)")
    }
  }

  /// 50 t over 1,000 km = 50,000 t-km at 20 g = 1 t CO2e.
  @Test("the transport report gives tonne-km, intensity and emissions per lane")
  func transport() throws {
    let (_, plan) = try plan()
    let table = try #require(PlanTables(plan).tables.first { $0.name == "transport-emissions" })
    let csv = table.csv
    #expect(csv.contains("mill:oem,mill,oem,rail,2030,50,1000,50000,20,1\n"))
  }
}
