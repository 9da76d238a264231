import FerriteModel

/// The format of a scenario: the keys of `scenario.yaml` and every table with its columns.
public enum ScenarioSchema {
  /// The keys of `scenario.yaml` (and of the top of a single-file scenario).
  public static let settings: [ColumnSchema] = [
    .init("name", .text, required: true, "A short name for reports."),
    .init("description", .text, "What the scenario represents; free text."),
    .init(
      "periods", .year, required: true,
      "The planning periods as years: a list (`[2026, 2027]`) or a range (`2026-2035`), strictly increasing."),
    .init(
      "discount_rate", .number, unit: "1/year", default: "0", minimum: 0, maximum: 1,
      "Yearly rate that discounts future costs to the first period (0.08 = 8 %)."),
    .init("currency", .text, default: "USD", "ISO 4217 code of every money figure, such as USD."),
    .init("options", .text, "Planner and report options as `key: value` pairs (see options below)."),
    .init(
      "policy_packs", .text,
      "Names of the trade and carbon rule packs the scenario applies, as a list."),
    .init(
      "allow_extra_columns", .boolean, default: "no",
      "Whether table columns the format does not know are ignored with a warning (yes) or are errors (no), "
        + "for tables exported with columns of their own."),
  ]

  /// The keys of `options:` in scenario.yaml (`ScenarioOptions`).
  public static let options: [ColumnSchema] = [
    .init(
      "objective", choices(ScenarioOptions.Objective.self), default: "profit",
      "`profit` maximizes revenue of priced demand less every cost; `cost` minimizes cost and ignores "
        + "demand prices. Without any demand price both minimize cost."),
    .init(
      "carbon_company", .identifier,
      "A company (as named in sites.csv `owners` or `operator`) whose scopes 1, 2 and 3 are reported "
        + "besides the whole network; `--company` overrides it."),
    .init(
      "carbon_boundary", choices(CarbonBoundary.self), default: "equity-share",
      "How a joint venture's emissions count for `carbon_company`: by equity share, or in full where it "
        + "has operational control."),
    .init(
      "allocation", choices(FootprintAllocation.self), default: "mass",
      "How a process's emissions and inputs are split between its outputs: by mass or by value."),
    .init(
      "carbon_price_comparison", .number, unit: "currency/t CO2e", minimum: 0, maximum: Ceiling.carbonPrice,
      "Internal carbon prices, as a list (`[0, 50, 100]` or `\"0,50,100\"`), at which `ferrite solve` "
        + "also solves the plan and compares it."),
    .init(
      "facility_links", choices(FacilityLinks.self), default: "disaggregated",
      "How a candidate or closable site's open decision bounds the flows through it: `disaggregated` adds "
        + "a bound per lane and product where it tightens the relaxation (faster proofs), `aggregate` keeps "
        + "only the site's throughput row (smaller model); `--facility-links` overrides it."),
  ]

  /// Every table, in the order the docs and the single-file form present them.
  public static let tables: [TableSchema] = [
    products, customsValues, sites, processes, recipes, lanes, demand, purchases, capacityOptions,
    blocs, tariffRules, tariffQuotas, originRules, carbonPrices, carbonCaps, gridFactors,
  ]

  /// The schema of `table`.
  public static func schema(of table: Table) -> TableSchema {
    tables.first { $0.table == table } ?? products
  }

  static let source = ColumnSchema(
    "source", .text, "Where the row's figures come from (publication, date); mark estimates as estimates.")

  static func choices<T: CaseIterable & RawRepresentable>(_: T.Type) -> ColumnSchema.Kind
  where T.RawValue == String {
    .choice(T.allCases.map(\.rawValue))
  }

  public static let products = TableSchema(
    .products, key: ["id"], required: true,
    meaning: "Anything made, bought, shipped or demanded: ore, slab, coil, lithium hydroxide, cathode.",
    columns: [
      .init("id", .identifier, required: true, "Unique product id, used by every other table."),
      .init("name", .text, default: "the id", "Readable name."),
      .init(
        "unit", choices(Product.Unit.self), default: "t", "Unit quantities of the product are counted in."),
      .init(
        "hs_code", .hsCode, "Harmonized System code or prefix customs classifies it under, such as 7210."),
      .init(
        "family", choices(Product.Family.self), default: "other", "Broad group, used by reports and rules."),
      .init(
        "customs_value", .number, unit: "currency/unit", minimum: 0, maximum: Ceiling.money,
        "Customs value per unit for ad valorem duties, in periods without a row in customs_values."),
      .init(
        "steel_content", .number, unit: "fraction", minimum: 0, maximum: 1,
        "Share of the customs value that is steel (duties on steel content); blank: 1 for steel, else 0."),
      .init(
        "aluminium_content", .number, unit: "fraction", minimum: 0, maximum: 1,
        "Share of the customs value that is aluminium; blank means 0."),
      source,
    ])

  public static let customsValues = TableSchema(
    .customsValues, key: ["product", "period"],
    meaning: "A product's customs value per unit in one period, overriding products.customs_value.",
    columns: [
      .init("product", .reference(.products), required: true, "The product."),
      .init("period", .year, required: true, "The period (year)."),
      .init("value", .number, unit: "currency/unit", required: true, minimum: 0, maximum: Ceiling.money, "Customs value per unit."),
      source,
    ])

  public static let sites = TableSchema(
    .sites, key: ["id"], required: true,
    meaning: "A place in the network: mine, refinery, mill, plant, port, warehouse or customer.",
    columns: [
      .init("id", .identifier, required: true, "Unique site id."),
      .init("name", .text, default: "the id", "Readable name."),
      .init("country", .country, required: true, "ISO 3166-1 alpha-2 country code, such as KR, US or MX."),
      .init("subdivision", .text, "State, province or region (ISO 3166-2 suffix), such as AL or QC."),
      .init("latitude", .number, unit: "degree", minimum: -90, maximum: 90, "WGS84 latitude."),
      .init("longitude", .number, unit: "degree", minimum: -180, maximum: 180, "WGS84 longitude."),
      .init("kind", choices(Site.Kind.self), required: true, "What the site does."),
      .init(
        "owners", .shares,
        "Owners and equity shares, such as `hyundai-steel=0.5; posco=0.2; kia=0.15; hyundai-motor=0.15`; shares sum to 1."
      ),
      .init(
        "operator", .identifier,
        "Company with operational control (for emissions by control); blank means the largest owner."),
      .init(
        "status", choices(Site.Status.self), default: "existing",
        "existing: always open; candidate: the planner may open it; closable: the planner may close it."),
      .init(
        "fixed_cost", .number, unit: "currency/period", default: "0", minimum: 0, maximum: Ceiling.money,
        "Cost per period while the site is open."),
      .init(
        "capacity", .number, unit: "unit/period", minimum: 0, maximum: Ceiling.quantity,
        "Most units flowing into the site per period, all products together; blank means no limit."),
      source,
    ])

  public static let processes = TableSchema(
    .processes, key: ["id"],
    meaning:
      "A production step at a site; its recipe (recipes table) says what one unit of activity consumes and makes.",
    columns: [
      .init("id", .identifier, required: true, "Unique process id, such as `gwangyang/eaf`."),
      .init("site", .reference(.sites), required: true, "The site it runs at."),
      .init("name", .text, "Readable name."),
      .init(
        "route", .identifier,
        "Technology: bf-bof, eaf, gas-dri-eaf, h2-dri-eaf, spodumene-conversion, brine, coating, slitting, ..."
      ),
      .init(
        "capacity", .number, unit: "activity/period", required: true, minimum: 0, maximum: Ceiling.quantity,
        "Most units of activity per period from existing equipment; capacity options add to it."),
      .init(
        "variable_cost", .number, unit: "currency/activity", default: "0", minimum: 0, maximum: Ceiling.money,
        "Cost per unit of activity, inputs excluded."),
      .init(
        "energy", .number, unit: "MWh/activity", default: "0", minimum: 0, maximum: Ceiling.perUnit, "Electricity per unit of activity."
      ),
      .init(
        "emissions", .number, unit: "t CO2e/activity", default: "0", minimum: 0, maximum: Ceiling.perUnit,
        "Direct (scope 1) emissions per unit of activity."),
      .init("available_from", .year, "First year the process may run; blank means from the start."),
      .init("available_until", .year, "Last year the process may run; blank means to the end."),
      .init(
        "confers_origin", .boolean, default: "no",
        "Whether the step confers origin on its outputs (melting and pouring, extraction, manufacture)."),
      source,
    ])

  public static let recipes = TableSchema(
    .recipes, key: ["process", "role", "product"],
    meaning:
      "One line of a process recipe: a product consumed or made per unit of activity (yields, co-products).",
    columns: [
      .init("process", .reference(.processes), required: true, "The process."),
      .init("role", choices(Process.Role.self), required: true, "input (consumed) or output (made)."),
      .init("product", .reference(.products), required: true, "The product consumed or made."),
      .init(
        "quantity", .number, unit: "unit/activity", required: true, minimum: 0, maximum: Ceiling.recipe, exclusiveMinimum: true,
        "Units of the product per unit of activity."),
      .init(
        "principal", .boolean, default: "no",
        "Marks the principal input (its origin passes on when the process confers none) or the principal output."
      ),
      source,
    ])

  public static let lanes = TableSchema(
    .lanes, key: ["id"],
    meaning: "A transport link from one site to another by one mode.",
    columns: [
      .init("id", .identifier, required: true, "Unique lane id."),
      .init("from", .reference(.sites), required: true, "Site the goods leave."),
      .init("to", .reference(.sites), required: true, "Site the goods reach."),
      .init("mode", choices(Lane.Mode.self), required: true, "How the goods travel."),
      .init("distance_km", .number, unit: "km", minimum: 0, maximum: Ceiling.distance, "Distance."),
      .init(
        "cost_per_unit", .number, unit: "currency/unit", default: "0", minimum: 0, maximum: Ceiling.money,
        "Cost per unit shipped regardless of distance (handling, ocean freight)."),
      .init(
        "cost_per_unit_km", .number, unit: "currency/unit/km", default: "0", minimum: 0, maximum: Ceiling.moneyPerKm,
        "Cost per unit and km (truck, rail); multiplied by distance_km."),
      .init("transit_days", .number, unit: "day", minimum: 0, maximum: Ceiling.days, "Days in transit."),
      .init(
        "capacity", .number, unit: "unit/period", minimum: 0, maximum: Ceiling.quantity,
        "Most units per period, all products together; blank means no limit."),
      .init(
        "emission_factor", .number, unit: "g CO2e/t-km", minimum: 0, maximum: Ceiling.transportFactor,
        "Well-to-wheel emissions per tonne-km (ISO 14083 / GLEC)."),
      .init("products", .references(.products), "Products the lane may carry; blank means every product."),
      source,
    ])

  public static let demand = TableSchema(
    .demand, key: ["site", "product", "period"],
    meaning: "What a customer site needs of a product in a period.",
    columns: [
      .init("site", .reference(.sites), required: true, "The customer site."),
      .init("product", .reference(.products), required: true, "The product."),
      .init("period", .year, required: true, "The period (year)."),
      .init("quantity", .number, unit: "unit/period", required: true, minimum: 0, maximum: Ceiling.quantity, "Units needed."),
      .init(
        "price", .number, unit: "currency/unit", minimum: 0, maximum: Ceiling.money, "Revenue per unit served, for profit plans."),
      .init(
        "penalty", .number, unit: "currency/unit", minimum: 0, maximum: Ceiling.money,
        "Cost per unit not served; blank means the demand is hard and must be met."),
      source,
    ])

  public static let purchases = TableSchema(
    .purchases, key: ["id"],
    meaning:
      "An input a site may buy from outside the network: ore, scrap, spodumene, coil from a third party.",
    columns: [
      .init("id", .identifier, required: true, "Unique purchase id."),
      .init("site", .reference(.sites), required: true, "The site that receives it."),
      .init("product", .reference(.products), required: true, "The product bought."),
      .init("period", .year, "The one period the offer applies to; blank means every period."),
      .init(
        "price", .number, unit: "currency/unit", required: true, minimum: 0, maximum: Ceiling.money, "Price delivered to the site."),
      .init(
        "limit", .number, unit: "unit/period", minimum: 0, maximum: Ceiling.quantity, "Most units per period; blank means no limit."),
      .init(
        "footprint", .number, unit: "t CO2e/unit", minimum: 0, maximum: Ceiling.perUnit, "Upstream cradle-to-gate emissions per unit."),
      .init("origin", .country, "Country of origin (extracted, melted and poured, or made)."),
      source,
    ])

  public static let capacityOptions = TableSchema(
    .capacityOptions, key: ["id"],
    meaning:
      "An investment the planner may make in whole modules: a new line, plant or expansion of a process.",
    columns: [
      .init("id", .identifier, required: true, "Unique option id."),
      .init("site", .reference(.sites), required: true, "The site of the process."),
      .init("process", .reference(.processes), required: true, "The process each module adds capacity to."),
      .init(
        "module_size", .number, unit: "activity/period", required: true, minimum: 0, maximum: Ceiling.moduleSize, exclusiveMinimum: true,
        "Capacity one module adds."),
      .init(
        "capex", .number, unit: "currency/module", required: true, minimum: 0, maximum: Ceiling.money,
        "Investment per module, annualized over the lifetime at the discount rate."),
      .init(
        "fixed_cost", .number, unit: "currency/module/period", default: "0", minimum: 0, maximum: Ceiling.money,
        "Fixed operating cost per module per period while alive."),
      .init(
        "lifetime", .integer, unit: "year", required: true, minimum: 1, maximum: Ceiling.years, "Years a module lives once built."),
      .init(
        "lead_time", .integer, unit: "year", default: "0", minimum: 0, maximum: Ceiling.years,
        "Years from the decision to build to the first period it produces."),
      .init("earliest_period", .year, "First period a module may produce; blank means the first period."),
      .init("max_modules", .integer, minimum: 0, maximum: Ceiling.modules, "Most modules over the horizon; blank means no limit."),
      .init(
        "owners", .shares, "Partners' equity shares, such as `hyundai-steel=0.5; posco=0.2`; shares sum to 1."
      ),
      source,
    ])

  public static let blocs = TableSchema(
    .blocs, key: ["id"],
    meaning: "A named group of countries that trade rules refer to, such as USMCA.",
    columns: [
      .init("id", .identifier, required: true, "Unique bloc id, such as `usmca`."),
      .init("name", .text, "Readable name."),
      .init("members", .countries, required: true, "Member countries, such as `US; MX; CA`."),
      source,
    ])

  public static let tariffRules = TableSchema(
    .tariffRules, key: ["id"],
    meaning:
      "A duty an importer charges on goods of an HS code from an origin between two dates "
      + "(docs/formulation.md, Trade rules).",
    columns: [
      .init("id", .identifier, required: true, "Unique rule id."),
      .init("importer", .place, required: true, "Importing country or bloc."),
      .init("hs_prefix", .hsCode, "HS code prefix covered; blank means every product."),
      .init("origin", .place, default: "*", "Origin country or bloc; `*` means every origin."),
      .init(
        "origin_status", .choice(TariffRule.originStatuses),
        "`originating` (default): origins in `origin`; `non-originating`: every origin outside it "
          + "(`origin: usmca, origin_status: non-originating` = all but USMCA melted and poured)."),
      .init("effective_from", .date, "First day in force; blank means always."),
      .init("effective_until", .date, "Last day in force; blank means open-ended."),
      .init(
        "ad_valorem", .number, unit: "fraction", default: "0", minimum: 0, maximum: Ceiling.rate,
        "Duty as a fraction of the base (0.25 = 25 %)."),
      .init("specific", .number, unit: "currency/unit", default: "0", minimum: 0, maximum: Ceiling.money, "Duty per unit."),
      .init("base", choices(TariffRule.Base.self), default: "value", "What the ad valorem rate applies to."),
      .init(
        "stacking", choices(TariffRule.Stacking.self), default: "cumulative",
        "cumulative: adds to other matching rules; exclusive: replaces the rules in `excludes`."),
      .init("excludes", .references(.tariffRules), "Rules this one replaces when it applies."),
      .init(
        "exempt_sites", .references(.sites),
        "Importing sites the rule does not charge (imports under PROSEC, IMMEX or a bonded regime)."),
      source,
    ])

  public static let tariffQuotas = TableSchema(
    .tariffQuotas, key: ["id"],
    meaning:
      "A tariff-rate quota: a quantity per period at the in-quota rate, the rest at the out-of-quota rate.",
    columns: [
      .init("id", .identifier, required: true, "Unique quota id."),
      .init("importer", .place, required: true, "Importing country or bloc."),
      .init("origin", .place, default: "*", "Origin country or bloc; `*` means every origin."),
      .init("hs_prefixes", .hsCodes, "HS code prefixes of the product group; blank means every product."),
      .init("period", .year, "The one period; blank means every period."),
      .init(
        "quantity", .number, unit: "unit/period", required: true, minimum: 0, maximum: Ceiling.quantity, "Units at the in-quota rate."),
      .init(
        "in_quota_rate", .number, unit: "fraction", default: "0", minimum: 0, maximum: Ceiling.rate,
        "Ad valorem rate within the quota."),
      .init(
        "out_of_quota_rate", .number, unit: "fraction", minimum: 0, maximum: Ceiling.rate,
        "Ad valorem rate beyond the quota; blank means imports beyond the quota are not allowed."),
      .init("effective_from", .date, "First day in force; a period covered in part gets that share."),
      .init("effective_until", .date, "Last day in force; blank means open-ended."),
      source,
    ])

  public static let originRules = TableSchema(
    .originRules, key: ["id"],
    meaning:
      "A minimum share of qualifying origin in the receipts of a product group at a site or for a company "
      + "(docs/formulation.md, Trade rules).",
    columns: [
      .init("id", .identifier, required: true, "Unique rule id."),
      .init("site", .reference(.sites), "Consuming site the rule applies to."),
      .init("company", .identifier, "Company whose purchases the rule applies to (an owner id)."),
      .init("region", .place, "Country or bloc whose consuming sites the rule covers."),
      .init("products", .references(.products), required: true, "Products whose inputs are counted."),
      .init("basis", choices(OriginRule.Basis.self), default: "mass", "Share by mass or by customs value."),
      .init("qualifying_origins", .places, required: true, "Countries or blocs whose origin qualifies."),
      .init("excluded_origins", .places, "Countries or blocs whose material may not be used at all."),
      .init(
        "threshold", .number, unit: "fraction", required: true, minimum: 0, maximum: 1,
        "Minimum qualifying share."),
      .init("effective_from", .date, "First day in force; blank means always."),
      .init("effective_until", .date, "Last day in force; blank means open-ended."),
      .init(
        "mode", choices(OriginRule.Mode.self), default: "hard",
        "hard: must be met; incentive: the incentive is earned only where the share is met."),
      .init(
        "incentive_per_unit", .number, unit: "currency/unit", minimum: 0, maximum: Ceiling.money,
        "Incentive per unit of incentive_product (blank product: per unit of the rule's products received)."),
      .init(
        "incentive_product", .reference(.products),
        "Product whose units delivered or made at the covered sites earn the incentive (e.g. vehicles)."),
      source,
    ])

  public static let carbonPrices = TableSchema(
    .carbonPrices, key: ["kind", "jurisdiction", "period"],
    meaning: "A price on emissions in a jurisdiction and period.",
    columns: [
      .init(
        "kind", choices(CarbonPrice.Kind.self), default: "emissions",
        "emissions: a trading system or tax; border: a charge on imports' embedded emissions; internal: a shadow price."
      ),
      .init("jurisdiction", .place, "Country or bloc; blank for an internal price."),
      .init("period", .year, required: true, "The period (year)."),
      .init(
        "price", .number, unit: "currency/t CO2e", required: true, minimum: 0, maximum: Ceiling.carbonPrice, "Price per tonne of CO2e."),
      source,
    ])

  public static let carbonCaps = TableSchema(
    .carbonCaps, key: ["id"],
    meaning: "An upper limit on emissions of a company, country, site or the whole network.",
    columns: [
      .init("id", .identifier, required: true, "Unique cap id."),
      .init("scope", choices(CarbonCap.Scope.self), required: true, "What the cap limits."),
      .init("subject", .text, "Company id, country code or site id; blank for total."),
      .init("period", .year, "The one period capped; blank means a budget over the whole horizon."),
      .init("cap", .number, unit: "t CO2e", required: true, minimum: 0, maximum: Ceiling.quantity, "Most emissions."),
      source,
    ])

  public static let gridFactors = TableSchema(
    .gridFactors, key: ["country", "subdivision", "period"],
    meaning: "Emissions of one MWh of grid electricity in a country or region and period.",
    columns: [
      .init("country", .country, required: true, "Country code."),
      .init("subdivision", .text, "State or region with its own factor; blank for the country average."),
      .init("period", .year, "The one period; blank means every period without its own row."),
      .init("factor", .number, unit: "t CO2e/MWh", required: true, minimum: 0, maximum: Ceiling.gridFactor, "Emissions per MWh."),
      source,
    ])
}
