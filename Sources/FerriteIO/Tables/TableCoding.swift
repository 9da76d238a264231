import FerriteModel

// How each table's rows map to domain values and back. Decoding takes a row's typed cells (bad
// cells are reported by the decoder and replaced by neutral values so the rest of the row is still
// checked); a row is dropped only when the columns that identify it are unusable. Encoding writes
// every column of the schema as cell text; blanks stand for nil.

/// Cell text for writing: numbers without a trailing `.0`, lists joined with `;`.
enum Cell {
  static func number(_ value: Double?) -> String { value.map(ColumnSchema.format) ?? "" }
  static func integer(_ value: Int?) -> String { value.map(String.init) ?? "" }
  static func boolean(_ value: Bool) -> String { value ? "yes" : "no" }
  static func list<S: Sequence>(_ items: S) -> String where S.Element: CustomStringConvertible {
    items.map(\.description).joined(separator: "; ")
  }
  static func shares(_ shares: [Share]) -> String {
    shares.map { "\($0.company)=\(ColumnSchema.format($0.fraction))" }.joined(separator: "; ")
  }
}

enum TableCoding {
  // MARK: Network

  static func product(_ row: inout RowDecoder) -> Product? {
    guard let id: Product.ID = row.id("id") else { return nil }
    return Product(
      id: id, name: row.text("name") ?? id.rawValue, unit: row.choice("unit") ?? .t,
      hsCode: row.hsCode("hs_code"),
      family: row.choice("family") ?? .other, customsValue: row.number("customs_value"),
      steelContent: row.number("steel_content"), aluminiumContent: row.number("aluminium_content"),
      source: row.text("source"))
  }

  static func cells(_ product: Product) -> [String: String] {
    [
      "id": product.id.rawValue, "name": product.name, "unit": product.unit.rawValue,
      "hs_code": product.hsCode ?? "", "family": product.family.rawValue,
      "customs_value": Cell.number(product.customsValue),
      "steel_content": Cell.number(product.steelContent),
      "aluminium_content": Cell.number(product.aluminiumContent), "source": product.source ?? "",
    ]
  }

  static func customsValue(_ row: inout RowDecoder) -> CustomsValue? {
    guard let product: Product.ID = row.id("product"), let period = row.year("period") else { return nil }
    return CustomsValue(
      product: product, period: period, value: row.number("value") ?? 0, source: row.text("source"))
  }

  static func cells(_ value: CustomsValue) -> [String: String] {
    [
      "product": value.product.rawValue, "period": String(value.period), "value": Cell.number(value.value),
      "source": value.source ?? "",
    ]
  }

  static func site(_ row: inout RowDecoder) -> Site? {
    guard let id: Site.ID = row.id("id") else { return nil }
    return Site(
      id: id, name: row.text("name") ?? id.rawValue, country: row.country("country") ?? "",
      subdivision: row.text("subdivision"), latitude: row.number("latitude"),
      longitude: row.number("longitude"),
      kind: row.choice("kind") ?? .other, owners: row.shares("owners"),
      operator: row.id("operator"), status: row.choice("status") ?? .existing,
      fixedCost: row.number("fixed_cost") ?? 0, capacity: row.number("capacity"), source: row.text("source"))
  }

  static func cells(_ site: Site) -> [String: String] {
    [
      "id": site.id.rawValue, "name": site.name, "country": site.country,
      "subdivision": site.subdivision ?? "",
      "latitude": Cell.number(site.latitude), "longitude": Cell.number(site.longitude),
      "kind": site.kind.rawValue,
      "owners": Cell.shares(site.owners), "operator": site.operator?.rawValue ?? "",
      "status": site.status.rawValue,
      "fixed_cost": Cell.number(site.fixedCost),
      "capacity": Cell.number(site.capacity), "source": site.source ?? "",
    ]
  }

  static func process(_ row: inout RowDecoder) -> Process? {
    guard let id: Process.ID = row.id("id") else { return nil }
    return Process(
      id: id, site: row.id("site") ?? "", name: row.text("name"), route: row.identifier("route"),
      capacity: row.number("capacity") ?? 0, variableCost: row.number("variable_cost") ?? 0,
      energy: row.number("energy") ?? 0, emissions: row.number("emissions") ?? 0,
      availableFrom: row.year("available_from"), availableUntil: row.year("available_until"),
      confersOrigin: row.boolean("confers_origin") ?? false, source: row.text("source"))
  }

  static func cells(_ process: Process) -> [String: String] {
    [
      "id": process.id.rawValue, "site": process.site.rawValue, "name": process.name ?? "",
      "route": process.route ?? "",
      "capacity": Cell.number(process.capacity), "variable_cost": Cell.number(process.variableCost),
      "energy": Cell.number(process.energy), "emissions": Cell.number(process.emissions),
      "available_from": Cell.integer(process.availableFrom),
      "available_until": Cell.integer(process.availableUntil),
      "confers_origin": Cell.boolean(process.confersOrigin), "source": process.source ?? "",
    ]
  }

  static func recipeLine(_ row: inout RowDecoder) -> RecipeLine? {
    guard let process: Process.ID = row.id("process"), let role: Process.Role = row.choice("role"),
      let product: Product.ID = row.id("product")
    else { return nil }
    let item = Process.Item(
      product: product, quantity: row.number("quantity") ?? 0, isPrincipal: row.boolean("principal") ?? false,
      source: row.text("source"))
    return RecipeLine(process: process, role: role, item: item)
  }

  static func cells(_ line: RecipeLine) -> [String: String] {
    [
      "process": line.process.rawValue, "role": line.role.rawValue, "product": line.item.product.rawValue,
      "quantity": Cell.number(line.item.quantity), "principal": Cell.boolean(line.item.isPrincipal),
      "source": line.item.source ?? "",
    ]
  }

  static func lane(_ row: inout RowDecoder) -> Lane? {
    guard let id: Lane.ID = row.id("id") else { return nil }
    return Lane(
      id: id, from: row.id("from") ?? "", to: row.id("to") ?? "", mode: row.choice("mode") ?? .truck,
      distance: row.number("distance_km"), costPerUnit: row.number("cost_per_unit") ?? 0,
      costPerUnitKm: row.number("cost_per_unit_km") ?? 0, transitDays: row.number("transit_days"),
      capacity: row.number("capacity"), emissionFactor: row.number("emission_factor"),
      products: row.ids("products"),
      source: row.text("source"))
  }

  static func cells(_ lane: Lane) -> [String: String] {
    [
      "id": lane.id.rawValue, "from": lane.from.rawValue, "to": lane.to.rawValue, "mode": lane.mode.rawValue,
      "distance_km": Cell.number(lane.distance), "cost_per_unit": Cell.number(lane.costPerUnit),
      "cost_per_unit_km": Cell.number(lane.costPerUnitKm), "transit_days": Cell.number(lane.transitDays),
      "capacity": Cell.number(lane.capacity), "emission_factor": Cell.number(lane.emissionFactor),
      "products": Cell.list(lane.products), "source": lane.source ?? "",
    ]
  }

  static func demand(_ row: inout RowDecoder) -> Demand? {
    guard let site: Site.ID = row.id("site"), let product: Product.ID = row.id("product"),
      let period = row.year("period")
    else { return nil }
    return Demand(
      site: site, product: product, period: period, quantity: row.number("quantity") ?? 0,
      price: row.number("price"), penalty: row.number("penalty"), source: row.text("source"))
  }

  static func cells(_ demand: Demand) -> [String: String] {
    [
      "site": demand.site.rawValue, "product": demand.product.rawValue, "period": String(demand.period),
      "quantity": Cell.number(demand.quantity), "price": Cell.number(demand.price),
      "penalty": Cell.number(demand.penalty), "source": demand.source ?? "",
    ]
  }

  static func purchase(_ row: inout RowDecoder) -> Purchase? {
    guard let id: Purchase.ID = row.id("id") else { return nil }
    return Purchase(
      id: id, site: row.id("site") ?? "", product: row.id("product") ?? "", period: row.year("period"),
      price: row.number("price") ?? 0, limit: row.number("limit"), footprint: row.number("footprint"),
      origin: row.country("origin"), source: row.text("source"))
  }

  static func cells(_ purchase: Purchase) -> [String: String] {
    [
      "id": purchase.id.rawValue, "site": purchase.site.rawValue, "product": purchase.product.rawValue,
      "period": Cell.integer(purchase.period), "price": Cell.number(purchase.price),
      "limit": Cell.number(purchase.limit), "footprint": Cell.number(purchase.footprint),
      "origin": purchase.origin ?? "", "source": purchase.source ?? "",
    ]
  }

  static func capacityOption(_ row: inout RowDecoder) -> CapacityOption? {
    guard let id: CapacityOption.ID = row.id("id") else { return nil }
    return CapacityOption(
      id: id, site: row.id("site") ?? "", process: row.id("process") ?? "",
      moduleSize: row.number("module_size") ?? 0,
      capex: row.number("capex") ?? 0, fixedCost: row.number("fixed_cost") ?? 0,
      lifetime: row.integer("lifetime") ?? 1,
      leadTime: row.integer("lead_time") ?? 0, earliestPeriod: row.year("earliest_period"),
      maxModules: row.integer("max_modules"), owners: row.shares("owners"), source: row.text("source"))
  }

  static func cells(_ option: CapacityOption) -> [String: String] {
    [
      "id": option.id.rawValue, "site": option.site.rawValue, "process": option.process.rawValue,
      "module_size": Cell.number(option.moduleSize), "capex": Cell.number(option.capex),
      "fixed_cost": Cell.number(option.fixedCost), "lifetime": String(option.lifetime),
      "lead_time": String(option.leadTime), "earliest_period": Cell.integer(option.earliestPeriod),
      "max_modules": Cell.integer(option.maxModules), "owners": Cell.shares(option.owners),
      "source": option.source ?? "",
    ]
  }

  // MARK: Policy

  static func bloc(_ row: inout RowDecoder) -> Bloc? {
    guard let id: Bloc.ID = row.id("id") else { return nil }
    return Bloc(id: id, name: row.text("name"), members: row.countries("members"), source: row.text("source"))
  }

  static func cells(_ bloc: Bloc) -> [String: String] {
    [
      "id": bloc.id.rawValue, "name": bloc.name ?? "", "members": Cell.list(bloc.members),
      "source": bloc.source ?? "",
    ]
  }

  static func tariffRule(_ row: inout RowDecoder) -> TariffRule? {
    guard let id: TariffRule.ID = row.id("id") else { return nil }
    return TariffRule(
      id: id, importer: row.place("importer") ?? "", hsPrefix: row.hsCode("hs_prefix") ?? "",
      origin: row.place("origin") ?? "*", originStatus: row.identifier("origin_status"),
      effectiveFrom: row.date("effective_from"), effectiveUntil: row.date("effective_until"),
      adValorem: row.number("ad_valorem") ?? 0, specific: row.number("specific") ?? 0,
      base: row.choice("base") ?? .value, stacking: row.choice("stacking") ?? .cumulative,
      excludes: row.ids("excludes"), exemptSites: row.ids("exempt_sites"), source: row.text("source"))
  }

  static func cells(_ rule: TariffRule) -> [String: String] {
    [
      "id": rule.id.rawValue, "importer": rule.importer, "hs_prefix": rule.hsPrefix, "origin": rule.origin,
      "origin_status": rule.originStatus ?? "", "effective_from": rule.effectiveFrom?.description ?? "",
      "effective_until": rule.effectiveUntil?.description ?? "", "ad_valorem": Cell.number(rule.adValorem),
      "specific": Cell.number(rule.specific), "base": rule.base.rawValue, "stacking": rule.stacking.rawValue,
      "excludes": Cell.list(rule.excludes), "exempt_sites": Cell.list(rule.exemptSites),
      "source": rule.source ?? "",
    ]
  }

  static func tariffQuota(_ row: inout RowDecoder) -> TariffQuota? {
    guard let id: TariffQuota.ID = row.id("id") else { return nil }
    return TariffQuota(
      id: id, importer: row.place("importer") ?? "", origin: row.place("origin") ?? "*",
      hsPrefixes: row.hsCodes("hs_prefixes"), period: row.year("period"),
      quantity: row.number("quantity") ?? 0,
      inQuotaRate: row.number("in_quota_rate") ?? 0, outOfQuotaRate: row.number("out_of_quota_rate"),
      effectiveFrom: row.date("effective_from"), effectiveUntil: row.date("effective_until"),
      source: row.text("source"))
  }

  static func cells(_ quota: TariffQuota) -> [String: String] {
    [
      "id": quota.id.rawValue, "importer": quota.importer, "origin": quota.origin,
      "hs_prefixes": Cell.list(quota.hsPrefixes), "period": Cell.integer(quota.period),
      "quantity": Cell.number(quota.quantity), "in_quota_rate": Cell.number(quota.inQuotaRate),
      "out_of_quota_rate": Cell.number(quota.outOfQuotaRate),
      "effective_from": quota.effectiveFrom?.description ?? "",
      "effective_until": quota.effectiveUntil?.description ?? "", "source": quota.source ?? "",
    ]
  }

  static func originRule(_ row: inout RowDecoder) -> OriginRule? {
    guard let id: OriginRule.ID = row.id("id") else { return nil }
    return OriginRule(
      id: id, site: row.id("site"), company: row.id("company"), region: row.place("region"),
      products: row.ids("products"), basis: row.choice("basis") ?? .mass,
      qualifyingOrigins: row.places("qualifying_origins"), excludedOrigins: row.places("excluded_origins"),
      threshold: row.number("threshold") ?? 0, effectiveFrom: row.date("effective_from"),
      effectiveUntil: row.date("effective_until"), mode: row.choice("mode") ?? .hard,
      incentivePerUnit: row.number("incentive_per_unit"), incentiveProduct: row.id("incentive_product"),
      source: row.text("source"))
  }

  static func cells(_ rule: OriginRule) -> [String: String] {
    [
      "id": rule.id.rawValue, "site": rule.site?.rawValue ?? "", "company": rule.company?.rawValue ?? "",
      "region": rule.region ?? "", "products": Cell.list(rule.products), "basis": rule.basis.rawValue,
      "qualifying_origins": Cell.list(rule.qualifyingOrigins),
      "excluded_origins": Cell.list(rule.excludedOrigins),
      "threshold": Cell.number(rule.threshold), "effective_from": rule.effectiveFrom?.description ?? "",
      "effective_until": rule.effectiveUntil?.description ?? "", "mode": rule.mode.rawValue,
      "incentive_per_unit": Cell.number(rule.incentivePerUnit),
      "incentive_product": rule.incentiveProduct?.rawValue ?? "",
      "source": rule.source ?? "",
    ]
  }

  static func carbonPrice(_ row: inout RowDecoder) -> CarbonPrice? {
    guard let kind: CarbonPrice.Kind = row.choice("kind"), let period = row.year("period") else { return nil }
    return CarbonPrice(
      kind: kind, jurisdiction: row.place("jurisdiction"), period: period, price: row.number("price") ?? 0,
      source: row.text("source"))
  }

  static func cells(_ price: CarbonPrice) -> [String: String] {
    [
      "kind": price.kind.rawValue, "jurisdiction": price.jurisdiction ?? "", "period": String(price.period),
      "price": Cell.number(price.price), "source": price.source ?? "",
    ]
  }

  static func carbonCap(_ row: inout RowDecoder) -> CarbonCap? {
    guard let id: CarbonCap.ID = row.id("id") else { return nil }
    return CarbonCap(
      id: id, scope: row.choice("scope") ?? .total, subject: row.text("subject"), period: row.year("period"),
      cap: row.number("cap") ?? 0, source: row.text("source"))
  }

  static func cells(_ cap: CarbonCap) -> [String: String] {
    [
      "id": cap.id.rawValue, "scope": cap.scope.rawValue, "subject": cap.subject ?? "",
      "period": Cell.integer(cap.period), "cap": Cell.number(cap.cap), "source": cap.source ?? "",
    ]
  }

  static func gridFactor(_ row: inout RowDecoder) -> GridFactor? {
    guard let country = row.country("country") else { return nil }
    return GridFactor(
      country: country, subdivision: row.text("subdivision"), period: row.year("period"),
      factor: row.number("factor") ?? 0, source: row.text("source"))
  }

  static func cells(_ factor: GridFactor) -> [String: String] {
    [
      "country": factor.country, "subdivision": factor.subdivision ?? "",
      "period": Cell.integer(factor.period),
      "factor": Cell.number(factor.factor), "source": factor.source ?? "",
    ]
  }
}

extension TableCoding {
  /// The cells of every row of `table` in `scenario`, in row order.
  static func rows(of table: Table, in scenario: Scenario) -> [[String: String]] {
    let policy = scenario.policy
    switch table {
    case .products: return scenario.products.map(cells)
    case .customsValues: return scenario.customsValueRows.map(cells)
    case .sites: return scenario.sites.map(cells)
    case .processes: return scenario.processes.map(cells)
    case .recipes: return scenario.processes.flatMap(\.recipeLines).map(cells)
    case .lanes: return scenario.lanes.map(cells)
    case .demand: return scenario.demand.map(cells)
    case .purchases: return scenario.purchases.map(cells)
    case .capacityOptions: return scenario.capacityOptions.map(cells)
    case .blocs: return policy.blocs.map(cells)
    case .tariffRules: return policy.tariffRules.map(cells)
    case .tariffQuotas: return policy.tariffQuotas.map(cells)
    case .originRules: return policy.originRules.map(cells)
    case .carbonPrices: return policy.carbonPrices.map(cells)
    case .carbonCaps: return policy.carbonCaps.map(cells)
    case .gridFactors: return policy.gridFactors.map(cells)
    }
  }
}
