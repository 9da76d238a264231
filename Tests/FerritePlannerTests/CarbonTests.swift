import FerriteModel
import FerritePlanner
import Testing

@Suite("Carbon: emissions, footprints, caps, low-carbon classes")
struct CarbonTests {
  /// A three-stage chain with a co-product and a recycling loop.
  ///
  /// The mill smelts 1.5 t ore (bought at 0.04 t CO2e/t) and 0.2 t scrap into 1 t slab and 0.5 t
  /// slag (direct 1.0 t, 0.5 MWh at 0.4 t/MWh = 0.2 t per unit). The finisher rolls 1.25 t slab
  /// into 1 t coil and 0.25 t scrap (direct 0.1 t), and the scrap goes back to the mill: the only
  /// scrap there is. Lanes are 100 km at 50 g/t-km (0.005 t/t) mill <-> finisher and 200 km at
  /// 100 g/t-km (0.02 t/t) finisher -> customer, who needs 100 t coil.
  ///
  /// Scrap can also be bought at the mill, but at 1,000 $/t, so none is.
  /// Plan: rolling 100, smelting 125, ore 187.5, slag 62.5, scrap 25 around the loop.
  /// Emissions: direct 125 + 10 = 135 (scope 1), electricity 25 (scope 2), ore 7.5 and transport
  /// 0.625 + 0.125 + 2 (scope 3): 170.25 t.
  ///
  /// Footprints (mass allocation: slab 2/3 of the smelter, coil 0.8 of the rolling mill, scrap 0.2
  /// of it for 0.25 t, so 0.8 per t too):
  ///   F_slab = 2/3 (1.2 + 1.5 * 0.04 + 0.2 F_scrap,mill), F_scrap,mill = F_coil + 0.005,
  ///   F_coil = 0.8 (0.1 + 1.25 (F_slab + 0.005)) = F_slab + 0.085,
  /// so F_slab = 2/3 (1.278 + 0.2 F_slab) = 0.852 / (1 - 0.4 / 3) = 0.98307692..., coil at the
  /// customer = F_slab + 0.105 = 1.08807692... Check: slag carries 125 * F_slab / 2 = 61.442 t and
  /// the coil 100 * 1.08808 = 108.808 t, together the 170.25 t emitted.
  static func loop(allocation: CarbonOptions.Allocation = .mass) -> Scenario {
    var mill = Build.site("mill")
    mill.owners = [Share(company: "alpha", fraction: 0.6), Share(company: "beta", fraction: 0.4)]
    mill.operator = "beta"
    var finisher = Build.site("finisher")
    finisher.owners = [Share(company: "alpha", fraction: 1)]
    var smelter = Build.process(
      "mill/smelter", at: "mill", capacity: 1000, cost: 10, inputs: [("ore", 1.5), ("scrap", 0.2)],
      outputs: [("slab", 1), ("slag", 0.5)])
    smelter.emissions = 1.0
    smelter.energy = 0.5
    smelter.route = "bf-bof"
    smelter.confersOrigin = true
    var rolling = Build.process(
      "finisher/rolling", at: "finisher", capacity: 1000, cost: 5, inputs: [("slab", 1.25)],
      outputs: [("coil", 1), ("scrap", 0.25)])
    rolling.emissions = 0.1
    rolling.route = "rolling"
    var ore = Build.purchase("ore", at: "mill", "ore", price: 1)
    ore.footprint = 0.04
    // Dear enough that the loop supplies all the scrap (a loop needs a way in to be reachable).
    var scrap = Build.purchase("scrap", at: "mill", "scrap", price: 1_000)
    scrap.footprint = 0.5
    func lane(_ from: String, _ to: String, km: Double, factor: Double, _ product: String) -> Lane {
      var lane = Build.lane(from, to, cost: 1, products: [product])
      lane.distance = km
      lane.emissionFactor = factor
      lane.mode = .rail
      return lane
    }
    return Scenario(
      settings: ScenarioSettings(name: "loop", periods: [2030]),
      products: ["ore", "slab", "slag", "coil", "scrap"].map { Build.product($0) },
      sites: [mill, finisher, Build.site("customer")],
      processes: [smelter, rolling],
      lanes: [
        lane("mill", "finisher", km: 100, factor: 50, "slab"),
        lane("finisher", "mill", km: 100, factor: 50, "scrap"),
        lane("finisher", "customer", km: 200, factor: 100, "coil"),
      ],
      demand: [Build.demand("customer", "coil", 2030, 100)],
      purchases: [ore, scrap],
      policy: Policy(gridFactors: [GridFactor(country: "US", factor: 0.4)]))
  }

  @Test("emissions by kind and scope, and footprints through the recycling loop, match the hand derivation")
  func loopFootprints() throws {
    let plan = try solve(Self.loop())
    let carbon = try #require(plan.carbon)
    #expect(close(carbon.total(), 170.25))
    let network = try #require(carbon.scopes.first { $0.company == nil })
    #expect(close(network.scope1, 135))
    #expect(close(network.scope2, 25))
    #expect(close(network.scope3, 10.25))
    let slab = 0.852 / (1 - 0.4 / 3)
    let coil = try #require(carbon.footprint(site: "customer", product: "coil", period: 2030))
    #expect(close(coil.perUnit, slab + 0.105))
    #expect(close(coil.quantity, 100))
    // Transport: T_slab = 2/3 * 0.2 * (T_slab + 0.01) through the loop, so 0.004 / 2.6; the coil adds
    // the slab lane (0.005) and its own (0.02).
    #expect(close(coil.byStage["transport"] ?? 0, 0.025 + 0.004 / 2.6))
    #expect(close(coil.byKind.values.reduce(0, +), coil.perUnit))
    #expect(close(coil.byStage.values.reduce(0, +), coil.perUnit))
    // What the coil and the slag carry adds up to what the network emits.
    #expect(close(100 * coil.perUnit + 125 * slab / 2, 170.25))
    #expect(carbon.unresolvedLoops.isEmpty)
    let rail = carbon.transport.first { $0.lane == "finisher-customer" }
    #expect(close(rail?.tonneKm, 20_000))
    #expect(close(rail?.emissions, 2))
  }

  /// Alpha holds 60 % of the mill and all of the finisher; beta operates the mill.
  /// Equity: scope 1 = 0.6 * 125 + 10 = 85, scope 2 = 0.6 * 25 = 15, scope 3 = 0.6 * (7.5 + 0.625)
  /// + 0.125 + 2 = 7. Control: the finisher only, 10, 0 and 2.125.
  @Test("a company's scopes by equity share and by operational control")
  func companyScopes() throws {
    for (boundary, expected) in [
      (CarbonOptions.Boundary.equityShare, [85.0, 15, 7]), (.operationalControl, [10, 0, 2.125]),
    ] {
      var options = PlannerOptions()
      options.carbon = CarbonOptions(company: "alpha", boundary: boundary)
      let plan = try solve(Self.loop(), options: options)
      let line = try #require(plan.carbon?.scopes.first { $0.company == "alpha" })
      #expect(close(line.scope1, expected[0]))
      #expect(close(line.scope2, expected[1]))
      #expect(close(line.scope3, expected[2]))
    }
  }

  /// Economic allocation with slab worth 400 and slag 20: the slab carries 400 / (400 + 10) = 40/41
  /// of the smelter; with coil 500 and scrap 300 per t the coil
  /// carries 500 / (500 + 75) = 20/23 of the rolling mill and scrap 75/575 for 0.25 t (12/23 per t).
  /// F_coil = 20/23 (0.1 + 1.25 (F_slab + 0.005)), F_scrap = 12/23 (same bracket),
  /// F_slab = 40/41 (1.26 + 0.2 (F_scrap + 0.005)).
  @Test("economic allocation solves the same loop with value shares")
  func economicAllocation() throws {
    var scenario = Self.loop()
    for (id, value) in [("slab", 400.0), ("slag", 20), ("coil", 500), ("scrap", 300)] {
      if let position = scenario.products.firstIndex(where: { $0.id.rawValue == id }) {
        scenario.products[position].customsValue = value
      }
    }
    var options = PlannerOptions()
    options.carbon = CarbonOptions(allocation: .economic)
    let plan = try solve(scenario, options: options)
    // Solve the two equations by substitution: bracket B = 0.1 + 1.25 (F_slab + 0.005).
    // F_slab = 40/41 (1.26 + 0.001 + 0.2 * 12/23 * (0.10625 + 1.25 F_slab))
    let a = 40.0 / 41 * (1.261 + 0.2 * 12 / 23 * 0.10625)
    let b = 40.0 / 41 * 0.2 * 12 / 23 * 1.25
    let slab = a / (1 - b)
    let coil = 20.0 / 23 * (0.10625 + 1.25 * slab) + 0.02
    #expect(close(plan.carbon?.footprint(site: "customer", product: "coil", period: 2030)?.perUnit, coil))
  }

  /// Two routes make steel for one customer (100 t): dirty at 100 $/t emitting 2.0 t CO2e/t, clean
  /// at 150 $/t emitting 0.5. A cap of 110 t allows 2x + 0.5 (100 - x) <= 110, x = 40 dirty t;
  /// cost 40 * 100 + 60 * 150 = 13,000. One more t of allowance saves (150 - 100) / (2.0 - 0.5)
  /// = 33.33 $: the cap's marginal abatement cost.
  static func twoRoutes(cap: Double? = nil, internalPrice: Double? = nil) -> Scenario {
    func route(_ id: String, cost: Double, emissions: Double) -> FerriteModel.Process {
      var process = Build.process(id, at: "plant", capacity: 100, cost: cost, outputs: [("steel", 1)])
      process.emissions = emissions
      process.route = id
      process.confersOrigin = true
      return process
    }
    var policy = Policy()
    if let cap { policy.carbonCaps = [CarbonCap(id: "total-2030", scope: .total, period: 2030, cap: cap)] }
    if let internalPrice { policy.carbonPrices = [CarbonPrice(kind: .internal, period: 2030, price: internalPrice)] }
    return Scenario(
      settings: ScenarioSettings(name: "routes", periods: [2030]),
      products: [Build.product("steel")],
      sites: [Build.site("plant"), Build.site("oem")],
      processes: [route("dirty", cost: 100, emissions: 2.0), route("clean", cost: 150, emissions: 0.5)],
      lanes: [Build.lane("plant", "oem", cost: 0)],
      demand: [Build.demand("oem", "steel", 2030, 100)], policy: policy)
  }

  @Test("a binding cap's dual is the cost difference per t CO2e between the two routes")
  func capDual() throws {
    let plan = try solve(Self.twoRoutes(cap: 110))
    #expect(close(plan.objective, 13_000))
    let cap = try #require(plan.carbon?.caps.first)
    #expect(cap.isBinding)
    #expect(close(cap.emissions, 110))
    #expect(close(cap.marginalAbatementCost, 50.0 / 1.5))
    let loose = try solve(Self.twoRoutes(cap: 1_000))
    #expect(close(loose.carbon?.caps.first?.marginalAbatementCost, 0))
    #expect(close(loose.objective, 10_000))
  }

  /// An internal price of 40 $/t makes dirty steel 100 + 80 = 180 against clean 150 + 20 = 170:
  /// all clean, carbon cost 40 * 50 = 2,000, total 17,000.
  @Test("an internal carbon price is a cost component and switches routes")
  func internalPrice() throws {
    let plan = try solve(Self.twoRoutes(internalPrice: 40))
    #expect(close(plan.objective, 17_000))
    #expect(close(plan.total(of: .carbon), 2_000))
    #expect(close(plan.production.first { $0.process == "clean" }?.activity, 100))
  }

  /// A class "at most 1.0 t/t" qualifies the clean route only (0.5 t/t); 30 % of the customer's
  /// steel must be in it: clean 30, dirty 70, cost 7,000 + 4,500 = 11,500 instead of 10,000.
  @Test("a low-carbon share rule binds")
  func lowCarbonShare() throws {
    var options = PlannerOptions()
    options.carbon = CarbonOptions(lowCarbonClasses: [
      LowCarbonClass(name: "low-carbon", threshold: 1.0, products: ["steel"], minimumShare: 0.3)
    ])
    let plan = try solve(Self.twoRoutes(), options: options)
    #expect(close(plan.objective, 11_500))
    #expect(close(plan.production.first { $0.process == "clean" }?.activity, 30))
    let claim = try #require(plan.carbon?.lowCarbon.first)
    #expect(close(claim.claimed, 30))
  }

  /// A Korean mill (2.0 t CO2e/t direct) ships 100 t to a US customer. Korea's emissions price of
  /// 5 $/t charges 2.0 * 5 * 100 = 1,000; a US border price of 10 $/t charges the default embedded
  /// emissions of steel at the mill (its only source: 2.0 t/t) on the 100 t entering the US:
  /// 2,000. Carbon cost 3,000 on top of production 100 * 100 = 10,000.
  @Test("an emissions price in its jurisdiction and a border price on imports")
  func jurisdictionAndBorder() throws {
    var scenario = Self.twoRoutes()
    scenario.processes.removeAll { $0.id == "clean" }
    if let plant = scenario.sites.firstIndex(where: { $0.id == "plant" }) { scenario.sites[plant].country = "KR" }
    scenario.policy.carbonPrices = [
      CarbonPrice(kind: .emissions, jurisdiction: "KR", period: 2030, price: 5),
      CarbonPrice(kind: .border, jurisdiction: "US", period: 2030, price: 10),
      // Another jurisdiction's price charges nothing here.
      CarbonPrice(kind: .emissions, jurisdiction: "MX", period: 2030, price: 1_000),
    ]
    let plan = try solve(scenario)
    #expect(close(plan.total(of: .carbon), 3_000))
    #expect(close(plan.objective, 13_000))
  }

  /// The class covers the customer's steel, but with "routes: [none-such]" nothing qualifies, so a
  /// 30 % share cannot be claimed and the hard demand makes the plan infeasible.
  @Test("a low-carbon class nothing qualifies for cannot be met")
  func lowCarbonUnreachable() throws {
    var options = PlannerOptions()
    options.carbon = CarbonOptions(lowCarbonClasses: [
      LowCarbonClass(name: "low-carbon", threshold: 1.0, products: ["steel"], minimumShare: 0.3, routes: ["none-such"])
    ])
    let plan = try solve(Self.twoRoutes(), options: options)
    #expect(plan.termination == .infeasible)
    #expect(plan.warnings.contains { $0.contains("no route qualifies") })
  }
}
