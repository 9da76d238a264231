import FerriteModel
import FerritePlanner
import Testing

/// Small trade cases whose duties, quota use, origins and duals are derived by hand in comments.
enum TradeCase {
  static func site(_ id: String, _ country: String) -> Site {
    Site(id: Site.ID(id), name: id, country: country, kind: .other)
  }

  static func coil(value: Double = 800, steelContent: Double? = nil, hs: String = "7208") -> Product {
    Product(
      id: "coil", name: "coil", hsCode: hs, family: .steel, customsValue: value, steelContent: steelContent)
  }

  static func buy(_ id: String, at site: String, _ product: String, price: Double, origin: String) -> Purchase {
    Purchase(id: Purchase.ID(id), site: Site.ID(site), product: Product.ID(product), price: price, origin: origin)
  }

  /// Korean coil bought at the Korean mill (500/t) shipped to a US plant (50/t) that needs 100 t.
  static func korea(
    periods: [Year] = [2026], rules: [TariffRule] = [], quotas: [TariffQuota] = [], product: Product = coil()
  ) -> Scenario {
    Scenario(
      settings: ScenarioSettings(name: "duties", periods: periods),
      products: [product],
      sites: [site("krmill", "KR"), site("usplant", "US")],
      lanes: [Build.lane("krmill", "usplant", cost: 50)],
      demand: periods.map { Build.demand("usplant", "coil", $0, 100) },
      purchases: [buy("kr-coil", at: "krmill", "coil", price: 500, origin: "KR")],
      policy: Policy(tariffRules: rules, tariffQuotas: quotas))
  }

  /// `korea` plus a US mill selling US coil at 600/t, 10/t from the plant (610 landed against 550).
  static func twoMills(
    rules: [OriginRule] = [], quotas: [TariffQuota] = [], usPrice: Double = 600
  ) -> Scenario {
    var scenario = korea(quotas: quotas)
    scenario.sites.append(site("usmill", "US"))
    scenario.lanes.append(Build.lane("usmill", "usplant", cost: 10))
    scenario.purchases.append(buy("us-coil", at: "usmill", "coil", price: usPrice, origin: "US"))
    scenario.policy.originRules = rules
    return scenario
  }

  static func rule(
    _ id: String, importer: String = "US", hs: String = "72", origin: String = "*", from: Day? = nil,
    until: Day? = nil, adValorem: Double = 0, specific: Double = 0, base: TariffRule.Base = .value,
    exclusive: [String]? = nil, exempt: [String] = []
  ) -> TariffRule {
    TariffRule(
      id: TariffRule.ID(id), importer: importer, hsPrefix: hs, origin: origin, effectiveFrom: from,
      effectiveUntil: until, adValorem: adValorem, specific: specific, base: base,
      stacking: exclusive == nil ? .cumulative : .exclusive,
      excludes: (exclusive ?? []).map { TariffRule.ID($0) }, exemptSites: exempt.map { Site.ID($0) })
  }

  static func share(
    threshold: Double, mode: OriginRule.Mode = .hard, incentive: Double? = nil
  ) -> OriginRule {
    OriginRule(
      id: "na-share", site: "usplant", products: ["coil"], qualifyingOrigins: ["US"], threshold: threshold,
      mode: mode, incentivePerUnit: incentive)
  }
}

@Suite("Trade rules: duties, quotas, origin, origin shares")
struct TradeTests {
  /// Per t of Korean coil (customs value 800, half of it steel): ad valorem 25 % on the value = 200,
  /// specific 10, 10 % on the steel content = 0.1 * 400 = 40; cumulative: 250/t, 25,000 on 100 t.
  /// Objective 100 * (500 + 50) + 25,000 = 80,000.
  @Test("ad valorem, specific and steel-content duties stack cumulatively")
  func stackedDuties() throws {
    let scenario = TradeCase.korea(
      rules: [
        TradeCase.rule("ad-valorem", origin: "KR", adValorem: 0.25),
        TradeCase.rule("specific", hs: "7208", specific: 10),
        TradeCase.rule("content", adValorem: 0.1, base: .steelContent),
        // Another importer and another chapter: never apply.
        TradeCase.rule("mexico", importer: "MX", adValorem: 0.9),
        TradeCase.rule("aluminium", hs: "76", adValorem: 0.9),
      ], product: TradeCase.coil(steelContent: 0.5))
    let plan = try solve(scenario)
    #expect(close(plan.objective, 80_000))
    #expect(close(plan.total(of: .duties), 25_000))
    let byRule = Dictionary(grouping: plan.trade?.duties ?? [], by: \.rule).mapValues {
      $0.reduce(0) { $0 + $1.amount }
    }
    #expect(close(byRule["ad-valorem"], 20_000))
    #expect(close(byRule["specific"], 1_000))
    #expect(close(byRule["content"], 4_000))
    #expect(byRule["mexico"] == nil && byRule["aluminium"] == nil)
    #expect(violations(of: plan, in: scenario).isEmpty)
  }

  /// 50 % replaces 25 % from 2026-07-02: 2026 has 365 days, 182 before (Jan 181 + Jul 1) and 183 from
  /// it, so the duty per t is 800 * (0.25 * 182 + 0.5 * 183) / 365 = 800 * 137 / 365 = 300.27397...
  @Test("an exclusive rule replacing another mid-period applies pro rata by day")
  func exclusiveMidPeriod() throws {
    let change = Day(year: 2026, month: 7, day: 2)
    let scenario = TradeCase.korea(rules: [
      TradeCase.rule("s232-25", origin: "KR", adValorem: 0.25),
      TradeCase.rule("s232-50", origin: "KR", from: change, adValorem: 0.5, exclusive: ["s232-25"]),
    ])
    let plan = try solve(scenario)
    let perUnit = 800.0 * 137 / 365
    #expect(close(plan.total(of: .duties), 100 * perUnit))
    let lines = plan.trade?.duties ?? []
    #expect(close(lines.first { $0.rule == "s232-25" }?.share, 182.0 / 365))
    #expect(close(lines.first { $0.rule == "s232-50" }?.share, 183.0 / 365))
  }

  /// 25 % until 2026-12-31, 50 % from 2027-01-01: 20,000 in 2026 and 40,000 in 2027; with a 10 %
  /// discount rate the duties total 20,000 + 40,000 / 1.1 = 56,363.63...
  @Test("a rule change in mid-horizon")
  func changeMidHorizon() throws {
    var scenario = TradeCase.korea(
      periods: [2026, 2027],
      rules: [
        TradeCase.rule("old", origin: "KR", until: Day(year: 2026, month: 12, day: 31), adValorem: 0.25),
        TradeCase.rule("new", origin: "KR", from: Day(year: 2027, month: 1, day: 1), adValorem: 0.5),
      ])
    scenario.settings.discountRate = 0.1
    let plan = try solve(scenario)
    #expect(close(plan.total(of: .duties), 20_000 + 40_000 / 1.1))
    let byYear = Dictionary(grouping: plan.trade?.duties ?? [], by: \.period).mapValues {
      $0.reduce(0) { $0 + $1.amount }
    }
    #expect(close(byYear[2026], 20_000) && close(byYear[2027], 40_000))
    #expect(violations(of: plan, in: scenario).isEmpty)
  }

  @Test("domestic flows and exempt importing sites pay no duty")
  func exemptions() throws {
    var scenario = TradeCase.korea(rules: [TradeCase.rule("all", adValorem: 0.5, exempt: ["usplant"])])
    #expect(close(try solve(scenario).total(of: .duties), 0))
    scenario.sites[0].country = "US"
    scenario.policy.tariffRules[0].exemptSites = []
    #expect(close(try solve(scenario).total(of: .duties), 0))
  }

  /// 60 t of Korean coil enter at 0 %, the other 40 t at 25 % of 800: 40 * 200 = 8,000.
  @Test("a quota fills and spills into the out-of-quota rate")
  func quotaSpills() throws {
    let quota = TariffQuota(
      id: "kr-steel", importer: "US", origin: "KR", hsPrefixes: ["72"], quantity: 60, inQuotaRate: 0,
      outOfQuotaRate: 0.25)
    let scenario = TradeCase.korea(quotas: [quota])
    let plan = try solve(scenario)
    let line = plan.trade?.quotas.first
    #expect(close(line?.inQuota, 60) && close(line?.outOfQuota, 40) && close(line?.fill, 1))
    #expect(close(plan.total(of: .duties), 8_000))
    #expect(close(plan.objective, 55_000 + 8_000))
    // One more unit of quota saves the out-of-quota duty: 200.
    #expect(close(line?.shadowPrice, 200))
    #expect(violations(of: plan, in: scenario).isEmpty)
  }

  /// An absolute quota of 60 t: the other 40 t come from the US mill (610 landed against 550), so one
  /// more unit of quota is worth 60; the total is 60 * 550 + 40 * 610 = 57,400.
  @Test("an absolute quota: nothing beyond it may enter")
  func absoluteQuota() throws {
    let quota = TariffQuota(id: "kr-steel", importer: "US", origin: "KR", quantity: 60)
    let plan = try solve(TradeCase.twoMills(quotas: [quota]))
    #expect(close(plan.objective, 57_400))
    #expect(close(plan.trade?.quotas.first?.outOfQuota, 0))
    #expect(close(plan.trade?.quotas.first?.shadowPrice, 60))
  }

  /// Ore (origin AU) is melted at a Korean mill (confers origin: KR), rolled there, galvanized in
  /// Mexico (does not confer origin) and shipped to the US, which charges 50 % on Korean galvanized
  /// coil (value 1000) and 90 % on Mexican: the coil entering the US is Korean, so it pays 500/t.
  @Test("origin passes through a three-stage chain: melted in Korea, galvanized in Mexico")
  func threeStageOrigin() throws {
    let products: [Product] = [
      Product(id: "ore", name: "ore", hsCode: "2601", customsValue: 100),
      Product(id: "slab", name: "slab", hsCode: "7207", family: .steel, customsValue: 500),
      Product(id: "coil", name: "coil", hsCode: "7208", family: .steel, customsValue: 700),
      Product(id: "galv", name: "galv", hsCode: "7210", family: .steel, customsValue: 1000),
      Product(id: "zinc", name: "zinc", hsCode: "7901", customsValue: 3000),
    ]
    func process(_ id: String, _ site: String, confers: Bool, _ inputs: [(String, Double)], _ output: String)
      -> FerriteModel.Process
    {
      FerriteModel.Process(
        id: FerriteModel.Process.ID(id), site: Site.ID(site), capacity: 1000, variableCost: 10,
        confersOrigin: confers, inputs: inputs.map { .init(product: Product.ID($0.0), quantity: $0.1) },
        outputs: [.init(product: Product.ID(output), quantity: 1, isPrincipal: true)])
    }
    let scenario = Scenario(
      settings: ScenarioSettings(name: "chain", periods: [2026]),
      products: products,
      sites: [TradeCase.site("krmill", "KR"), TradeCase.site("mxgalv", "MX"), TradeCase.site("usplant", "US")],
      processes: [
        process("melt", "krmill", confers: true, [("ore", 1.5)], "slab"),
        process("roll", "krmill", confers: false, [("slab", 1.1)], "coil"),
        process("galvanize", "mxgalv", confers: false, [("coil", 1.0), ("zinc", 0.01)], "galv"),
      ],
      lanes: [Build.lane("krmill", "mxgalv", cost: 40), Build.lane("mxgalv", "usplant", cost: 20)],
      demand: [Build.demand("usplant", "galv", 2026, 100)],
      purchases: [
        TradeCase.buy("ore", at: "krmill", "ore", price: 100, origin: "AU"),
        TradeCase.buy("zinc", at: "mxgalv", "zinc", price: 3000, origin: "MX"),
      ],
      policy: Policy(tariffRules: [
        TradeCase.rule("us-kr", hs: "7210", origin: "KR", adValorem: 0.5),
        TradeCase.rule("us-mx", hs: "7210", origin: "MX", adValorem: 0.9),
        // Mexico's duty on Korean coil, waived for the galvanizer (IMMEX).
        TradeCase.rule("mx-kr", importer: "MX", origin: "KR", adValorem: 0.35, exempt: ["mxgalv"]),
      ]))
    let plan = try solve(scenario)
    let duties = plan.trade?.duties ?? []
    #expect(duties.count == 1)
    #expect(duties.first?.rule == "us-kr" && duties.first?.origin == "KR")
    #expect(close(plan.total(of: .duties), 50_000))
    let galv = plan.trade?.originFlows.filter { $0.product == "galv" } ?? []
    #expect(galv.count == 1 && galv.first?.origin == "KR" && close(galv.first?.quantity, 100))
    #expect(violations(of: plan, in: scenario).isEmpty)
  }

  @Test("flows are split by origin only when a rule needs origin")
  func sizeWithoutOriginRules() throws {
    let plain = try Formulation(TradeCase.twoMills())
    let everyOrigin = try Formulation(
      TradeCase.twoMills(quotas: [TariffQuota(id: "q", importer: "US", quantity: 1000, outOfQuotaRate: 0.1)]))
    var byOrigin = TradeCase.twoMills()
    byOrigin.policy.tariffRules = [TradeCase.rule("kr", origin: "KR", adValorem: 0.25)]
    let split = try Formulation(byOrigin)
    #expect(plain.model.columnCount == 5)  // two purchases, two flows, one served
    // The quota on every origin adds its own in/out columns but splits nothing.
    #expect(everyOrigin.model.columnCount == plain.model.columnCount + 2)
    #expect(split.trade?.tracksOrigin == true)
    #expect(split.model.columnCount > plain.model.columnCount)
    #expect(plain.trade == nil)
  }

  /// 70 % of the plant's coil must be US: 70 t at 610 and 30 t at 550, 59,200. The row
  /// 0.3 x_US - 0.7 x_KR >= 0 with x_US + x_KR = 100: raising its right side by one moves one t from
  /// Korean to US coil, so its dual is 610 - 550 = 60.
  @Test("a binding share rule and its dual")
  func bindingShare() throws {
    let scenario = TradeCase.twoMills(rules: [TradeCase.share(threshold: 0.7)])
    let plan = try solve(scenario)
    #expect(close(plan.objective, 59_200))
    let line = plan.trade?.originShares.first
    #expect(close(line?.reached, 0.7) && line?.binds == true)
    #expect(close(line?.shadowPrice, 60))
    #expect(close(line?.costPerPoint, 60))  // 60 per t * 100 t / 100
    let us = plan.trade?.originFlows.first { $0.origin == "US" }
    #expect(us?.qualifiesFor == ["na-share"])
    #expect(violations(of: plan, in: scenario).isEmpty)
  }

  /// US coil is cheaper (500 + 10 against 550): all 100 t are US, the share is 100 %, and the
  /// rule does not bind (dual 0).
  @Test("a share rule that does not bind")
  func slackShare() throws {
    let plan = try solve(TradeCase.twoMills(rules: [TradeCase.share(threshold: 0.7)], usPrice: 500))
    let line = plan.trade?.originShares.first
    #expect(close(plan.objective, 51_000))
    #expect(close(line?.reached, 1) && line?.binds == false && close(line?.shadowPrice, 0))
  }

  /// Qualifying costs 70 * 60 = 4,200 more than all-Korean coil (55,000). An incentive of 50 per t
  /// received earns 5,000 > 4,200: qualify (59,200 - 5,000 = 54,200). At 40 per t it earns only
  /// 4,000 < 4,200: forgo (55,000).
  @Test("qualify or forgo: qualifies when the incentive outweighs the cost, not otherwise")
  func qualifyOrForgo() throws {
    let pays = try solve(TradeCase.twoMills(rules: [TradeCase.share(threshold: 0.7, mode: .incentive, incentive: 50)]))
    #expect(close(pays.objective, 54_200))
    #expect(pays.trade?.originShares.first?.qualifies == true)
    #expect(close(pays.trade?.originShares.first?.incentive, 5_000))
    #expect(close(pays.trade?.totalIncentives, 5_000))
    let scenario = TradeCase.twoMills(rules: [TradeCase.share(threshold: 0.7, mode: .incentive, incentive: 40)])
    let forgoes = try solve(scenario)
    #expect(close(forgoes.objective, 55_000))
    #expect(forgoes.trade?.originShares.first?.qualifies == false)
    #expect(close(forgoes.trade?.originShares.first?.reached, 0))
    #expect(violations(of: pays, in: TradeCase.twoMills(rules: [TradeCase.share(threshold: 0.7, mode: .incentive, incentive: 50)])).isEmpty)
  }

  @Test("excluded origins may not be received under a hard rule")
  func excludedOrigin() throws {
    var rule = TradeCase.share(threshold: 0)
    rule.excludedOrigins = ["KR"]
    let plan = try solve(TradeCase.twoMills(rules: [rule]))
    #expect(close(plan.objective, 61_000))  // all US: 100 * 610
  }
}
