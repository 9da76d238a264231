import Foundation
import FerriteModel

/// The scenario's entities by position, with the lookups the formulation needs.
///
/// The formulation works on integer positions (into `scenario.sites`, `scenario.products`, ...,
/// and into `periods`) so that its meanings stay small; reports turn them back into ids.
struct ScenarioIndex: Sendable {
  let scenario: Scenario
  let periods: [Year]
  let discount: [Double]
  let siteIndex: [Site.ID: Int]
  let productIndex: [Product.ID: Int]
  let processIndex: [FerriteModel.Process.ID: Int]
  let periodIndex: [Year: Int]
  /// Site position of each process.
  let processSite: [Int]
  /// Input and output items of each process as (product position, quantity).
  let processInputs: [[(product: Int, quantity: Double)]]
  let processOutputs: [[(product: Int, quantity: Double)]]
  /// Principal output product position of each process, or nil when it makes nothing.
  let principalOutput: [Int?]
  let laneFrom: [Int]
  let laneTo: [Int]
  /// Product positions each lane carries.
  let laneProducts: [[Int]]
  let demandSite: [Int]
  let demandProduct: [Int]
  let demandPeriod: [Int]
  let purchaseSite: [Int]
  let purchaseProduct: [Int]
  let optionProcess: [Int]
  /// Options adding capacity to each process.
  let processOptions: [[Int]]

  /// Indexes `scenario`, or throws every reference the planner cannot resolve.
  init(_ scenario: Scenario) throws(PlanningError) {
    self.scenario = scenario
    var problems: [String] = []
    periods = scenario.periods
    if periods.isEmpty { problems.append("scenario.yaml: 'periods' is empty (give at least one year)") }
    if zip(periods, periods.dropFirst()).contains(where: { $0 >= $1 }) {
      problems.append("scenario.yaml: 'periods' must be strictly increasing")
    }
    let first = periods.first ?? 0
    let rate = scenario.settings.discountRate
    if rate <= -1 { problems.append("scenario.yaml: 'discount_rate' must be above -1") }
    discount = periods.map { Discounting.factor(rate: rate, years: $0 - first) }

    func positions<ID: Hashable>(_ ids: [ID], table: String) -> [ID: Int] {
      var map: [ID: Int] = [:]
      for (position, id) in ids.enumerated() {
        if map[id] != nil { problems.append("\(table): id '\(id)' appears twice (ids must be unique)") }
        map[id] = map[id] ?? position
      }
      return map
    }
    let siteIndex = positions(scenario.sites.map(\.id), table: "sites")
    let productIndex = positions(scenario.products.map(\.id), table: "products")
    let processIndex = positions(scenario.processes.map(\.id), table: "processes")
    self.siteIndex = siteIndex
    self.productIndex = productIndex
    self.processIndex = processIndex
    var periodIndex: [Year: Int] = [:]
    for (position, year) in periods.enumerated() { periodIndex[year] = position }
    self.periodIndex = periodIndex

    func site(_ id: Site.ID, _ place: String) -> Int {
      if let position = siteIndex[id] { return position }
      problems.append("\(place): unknown site '\(id)' (add it to sites or fix the id)")
      return 0
    }
    func product(_ id: Product.ID, _ place: String) -> Int {
      if let position = productIndex[id] { return position }
      problems.append("\(place): unknown product '\(id)' (add it to products or fix the id)")
      return 0
    }

    processSite = scenario.processes.map { site($0.site, "processes[\($0.id)]") }
    processInputs = scenario.processes.map { process in
      process.inputs.map { (product($0.product, "recipes[\(process.id)]"), $0.quantity) }
    }
    processOutputs = scenario.processes.map { process in
      process.outputs.map { (product($0.product, "recipes[\(process.id)]"), $0.quantity) }
    }
    principalOutput = scenario.processes.map { process in
      process.principalOutput.flatMap { productIndex[$0.product] }
    }
    laneFrom = scenario.lanes.map { site($0.from, "lanes[\($0.id)]") }
    laneTo = scenario.lanes.map { site($0.to, "lanes[\($0.id)]") }
    let allProducts = Array(scenario.products.indices)
    laneProducts = scenario.lanes.map { lane in
      lane.products.isEmpty ? allProducts : lane.products.map { product($0, "lanes[\(lane.id)]") }
    }
    demandSite = scenario.demand.map { site($0.site, "demand[\($0.site), \($0.product), \($0.period)]") }
    demandProduct = scenario.demand.map {
      product($0.product, "demand[\($0.site), \($0.product), \($0.period)]")
    }
    demandPeriod = scenario.demand.map { demand in
      if let position = periodIndex[demand.period] { return position }
      problems.append(
        "demand[\(demand.site), \(demand.product), \(demand.period)]: period \(demand.period) is not "
          + "in the horizon (add it to 'periods' or remove the row)")
      return 0
    }
    purchaseSite = scenario.purchases.map { site($0.site, "purchases[\($0.id)]") }
    purchaseProduct = scenario.purchases.map { product($0.product, "purchases[\($0.id)]") }
    var processOptions = [[Int]](repeating: [], count: scenario.processes.count)
    optionProcess = scenario.capacityOptions.enumerated().map { position, option in
      guard let process = processIndex[option.process] else {
        problems.append(
          "capacity_options[\(option.id)]: unknown process '\(option.process)' (fix the id)")
        return 0
      }
      processOptions[process].append(position)
      if option.moduleSize <= 0 || option.lifetime < 1 {
        problems.append(
          "capacity_options[\(option.id)]: module_size must be > 0 and lifetime >= 1")
      }
      return process
    }
    self.processOptions = processOptions
    if !problems.isEmpty { throw PlanningError(problems) }
  }

  var siteCount: Int { scenario.sites.count }
  var productCount: Int { scenario.products.count }
  var periodCount: Int { periods.count }

  /// Position of `(site, product, period)` in dense per-node arrays.
  func node(site: Int, product: Int, period: Int) -> Int {
    (period * siteCount + site) * productCount + product
  }
}

/// Discount factors and annuities.
public enum Discounting {
  /// `(1 + rate)^-years`.
  public static func factor(rate: Double, years: Int) -> Double {
    rate == 0 ? 1 : pow(1 + rate, -Double(years))
  }

  /// The yearly payment that repays `capex` over `lifetime` years at `rate`:
  /// `capex * r / (1 - (1 + r)^-L)`, or `capex / L` when the rate is zero.
  public static func annuity(capex: Double, rate: Double, lifetime: Int) -> Double {
    guard lifetime > 0 else { return capex }
    if rate == 0 { return capex / Double(lifetime) }
    return capex * rate / (1 - pow(1 + rate, -Double(lifetime)))
  }
}
