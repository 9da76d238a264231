import FerriteIO
import FerriteModel
import Foundation
import Testing

/// Folder and single-file forms must convert into each other without losing anything.
@Suite("Round trips")
struct RoundTripTests {
  @Test("the fixture folder reads into the expected model")
  func readsFixture() throws {
    let scenario = try ScenarioReader().read(Paths.fixture("two-mills"))
    #expect(scenario.settings.name == "Two mills, three plants")
    #expect(scenario.periods == [2026, 2027])
    #expect(scenario.settings.discountRate == 0.08)
    #expect(scenario.settings.options == ScenarioOptions(objective: .cost))
    #expect(scenario.sites.map(\.id) == ["mill-a", "mill-b", "plant-1", "plant-2", "plant-3"])
    #expect(scenario.sites[1].status == .candidate)
    #expect(
      scenario.sites[1].owners == [
        Share(company: "hyundai-steel", fraction: 0.5), Share(company: "posco", fraction: 0.5),
      ])
    let bof = try #require(scenario.process("mill-a/bof"))
    #expect(bof.inputs == [Process.Item(product: "ore", quantity: 1.5, isPrincipal: true, source: "fixture")])
    #expect(bof.outputs.map(\.product) == ["coil"])
    #expect(bof.confersOrigin)
    #expect(scenario.lanes.count == 6)
    #expect(scenario.lanes[0].products == ["coil"])
    #expect(scenario.demand.filter(\.isHard).count == 5)
    #expect(scenario.demand.last?.penalty == 500)
    #expect(scenario.capacityOptions.first?.maxModules == 2)
    #expect(scenario.purchases.first?.limit == nil)
  }

  @Test(
    "folder -> YAML, JSON and folder -> equal models", arguments: ["scenario.yaml", "scenario.json", "copy"])
  func fixtureRoundTrip(target: String) throws {
    let original = try ScenarioReader().read(Paths.fixture("two-mills"))
    let folder = try ScenarioFolder(files: [:])
    defer { folder.remove() }
    let path = folder.url.appendingPathComponent(target).path
    try ScenarioWriter().write(original, to: path)
    let copy = try ScenarioReader().read(path)
    #expect(copy == original)
  }

  @Test("a scenario using every table and awkward text survives every form")
  func everyTableRoundTrip() throws {
    let original = RoundTripTests.everyTable
    // The model itself must be valid, or reading it back would throw.
    #expect(ScenarioValidator(original).diagnostics().filter { $0.severity == .error } == [])
    let folder = try ScenarioFolder(files: [:])
    defer { folder.remove() }
    for target in ["folder", "one.yaml", "one.json"] {
      let path = folder.url.appendingPathComponent(target).path
      try ScenarioWriter().write(original, to: path)
      let loaded = ScenarioReader().load(path)
      #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [], "\(target)")
      #expect(loaded.scenario == original, "\(target)")
    }
    // And converting a converted file gives the same model again.
    let yamlPath = folder.url.appendingPathComponent("one.yaml").path
    let again = folder.url.appendingPathComponent("again").path
    try ScenarioWriter().write(try ScenarioReader().read(yamlPath), to: again)
    #expect(try ScenarioReader().read(again) == original)
  }

  static let everyTable: Scenario = {
    let settings = ScenarioSettings(
      name: "Every table: \"quoted\", commas, # hash", description: "Line one\nline two, with ünïcödé",
      periods: [2026, 2028, 2030], discountRate: 0.07, currency: "KRW",
      options: ScenarioOptions(
        objective: .profit, carbonCompany: "posco", carbonBoundary: .operationalControl, allocation: .economic,
        carbonPriceComparison: [0, 50.5]),
      policyPacks: ["us-2025", "kr-us"])
    let products = [
      Product(
        id: "ore", name: "Ore, pellets", unit: .t, hsCode: "2601", family: .rawMaterial, customsValue: 110,
        periodCustomsValues: [
          CustomsValue(product: "ore", period: 2028, value: 120.5, source: "estimate, 2025")
        ],
        source: "S1"),
      Product(id: "slab", name: "Slab", unit: .t, family: .intermediate),
      Product(
        id: "coil", name: "#1 coil", unit: .kt, hsCode: "7208", family: .steel, customsValue: 0.1,
        steelContent: 0.95, aluminiumContent: 0.01),
      Product(id: "car", name: "Car", unit: .vehicle, family: .vehicle),
    ]
    let sites = [
      Site(
        id: "mill", name: "Mill \"A\"", country: "KR", subdivision: "47", latitude: 36.0093,
        longitude: 129.3945,
        kind: .steelMill, owners: [Share(company: "posco", fraction: 1)], operator: "posco",
        status: .closable, fixedCost: 1e6,
        capacity: 2_700_000.5, source: "S15; S16"),
      Site(
        id: "plant", name: "Plant", country: "US", kind: .vehiclePlant, status: .candidate,
        source: "trailing; semicolon;"),
    ]
    let processes = [
      Process(
        id: "mill/bf", site: "mill", name: "BF-BOF", route: "bf-bof", capacity: 100, variableCost: 12.25,
        energy: 0.1,
        emissions: 2.1, availableFrom: 2026, availableUntil: 2030, confersOrigin: true,
        inputs: [Process.Item(product: "ore", quantity: 1.6, isPrincipal: true, source: "S67")],
        outputs: [
          Process.Item(product: "slab", quantity: 1, isPrincipal: true),
          Process.Item(product: "coil", quantity: 0.0005),
        ]),
      Process(
        id: "plant/assembly", site: "plant", capacity: 0,
        inputs: [Process.Item(product: "coil", quantity: 0.0009)],
        outputs: [Process.Item(product: "car", quantity: 1)]),
    ]
    let lanes = [
      Lane(
        id: "mill-plant", from: "mill", to: "plant", mode: .ocean, distance: 17_500, costPerUnit: 60,
        costPerUnitKm: 0.0001,
        transitDays: 35.5, capacity: 3e6, emissionFactor: 16.2, products: ["coil", "slab"], source: "E"),
      Lane(id: "plant-mill", from: "plant", to: "mill", mode: .rail),
    ]
    let demand = [
      Demand(
        site: "plant", product: "car", period: 2026, quantity: 100, price: 45_000, penalty: 1e5, source: "S47"
      ),
      Demand(site: "plant", product: "car", period: 2030, quantity: 120),
    ]
    let purchases = [
      Purchase(
        id: "ore-au", site: "mill", product: "ore", period: 2028, price: 95, limit: 5e6, footprint: 0.04,
        origin: "AU"),
      Purchase(id: "ore-any", site: "mill", product: "ore", price: 100),
    ]
    let options = [
      CapacityOption(
        id: "plant/line", site: "plant", process: "plant/assembly", moduleSize: 50, capex: 1e9,
        fixedCost: 2e6,
        lifetime: 25, leadTime: 2, earliestPeriod: 2028, maxModules: 3,
        owners: [Share(company: "hyundai-motor", fraction: 0.85), Share(company: "posco", fraction: 0.15)])
    ]
    let policy = Policy(
      blocs: [Bloc(id: "usmca", name: "USMCA", members: ["US", "MX", "CA"], source: "S93")],
      tariffRules: [
        TariffRule(
          id: "us-232", importer: "US", hsPrefix: "72", origin: "*",
          effectiveFrom: Day(year: 2025, month: 3, day: 12),
          effectiveUntil: Day(year: 2025, month: 6, day: 3), adValorem: 0.25, base: .value, source: "S87"),
        TariffRule(
          id: "us-232-50", importer: "US", hsPrefix: "72", origin: "*", originStatus: "non-originating",
          effectiveFrom: Day(year: 2025, month: 6, day: 4), adValorem: 0.5, specific: 1.5,
          base: .steelContent,
          stacking: .exclusive, excludes: ["us-232"]),
      ],
      tariffQuotas: [
        TariffQuota(
          id: "kr-quota", importer: "US", origin: "KR", hsPrefixes: ["72", "7306"], period: 2026,
          quantity: 2.68e6, inQuotaRate: 0),
        TariffQuota(id: "open", importer: "usmca", quantity: 10, inQuotaRate: 0.1, outOfQuotaRate: 0.25),
      ],
      originRules: [
        OriginRule(
          id: "usmca-steel", site: "plant", products: ["coil"], basis: .value, qualifyingOrigins: ["usmca"],
          excludedOrigins: ["CN", "RU"], threshold: 0.7, effectiveFrom: Day(year: 2027, month: 7, day: 1),
          mode: .incentive, incentivePerUnit: 3750, incentiveProduct: "car", source: "S93"),
        OriginRule(
          id: "posco-rule", company: "posco", products: ["ore"], qualifyingOrigins: ["KR"], threshold: 0),
      ],
      carbonPrices: [
        CarbonPrice(kind: .emissions, jurisdiction: "KR", period: 2026, price: 7.5),
        CarbonPrice(kind: .internal, period: 2030, price: 50),
      ],
      carbonCaps: [
        CarbonCap(id: "total", scope: .total, cap: 1e7),
        CarbonCap(id: "mill", scope: .site, subject: "mill", period: 2030, cap: 2e6),
      ],
      gridFactors: [
        GridFactor(country: "KR", period: 2026, factor: 0.4173, source: "S79"),
        GridFactor(country: "KR", factor: 0.42),
        GridFactor(country: "US", subdivision: "LA", factor: 0.37),
      ])
    return Scenario(
      settings: settings, products: products, sites: sites, processes: processes, lanes: lanes,
      demand: demand,
      purchases: purchases, capacityOptions: options, policy: policy)
  }()
}
