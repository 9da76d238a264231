/// A whole planning case: settings, the network tables and the policy data.
///
/// Arrays keep the order of the rows they were read from, so reports and round trips are stable.
public struct Scenario: Sendable, Equatable, Codable {
  public var settings: ScenarioSettings
  public var products: [Product]
  public var sites: [Site]
  public var processes: [Process]
  public var lanes: [Lane]
  public var demand: [Demand]
  public var purchases: [Purchase]
  public var capacityOptions: [CapacityOption]
  public var policy: Policy

  public init(
    settings: ScenarioSettings, products: [Product] = [], sites: [Site] = [],
    processes: [Process] = [], lanes: [Lane] = [], demand: [Demand] = [],
    purchases: [Purchase] = [], capacityOptions: [CapacityOption] = [], policy: Policy = Policy()
  ) {
    self.settings = settings
    self.products = products
    self.sites = sites
    self.processes = processes
    self.lanes = lanes
    self.demand = demand
    self.purchases = purchases
    self.capacityOptions = capacityOptions
    self.policy = policy
  }

  /// The periods of the horizon, as years.
  public var periods: [Year] { settings.periods }

  public func site(_ id: Site.ID) -> Site? { sites.first { $0.id == id } }
  public func product(_ id: Product.ID) -> Product? { products.first { $0.id == id } }
  public func process(_ id: Process.ID) -> Process? { processes.first { $0.id == id } }
}
