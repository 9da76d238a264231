/// An investment the planner may make in whole modules: a new line, plant or expansion of a process.
public struct CapacityOption: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<CapacityOption>

  public var id: ID
  public var site: Site.ID
  /// The process whose capacity each module adds to.
  public var process: Process.ID
  /// Units of activity per period one module adds.
  public var moduleSize: Double
  /// Investment per module, paid once, annualized over `lifetime` at the discount rate.
  public var capex: Double
  /// Fixed operating cost per module per period while it is alive.
  public var fixedCost: Double
  /// Years a module lives once built.
  public var lifetime: Int
  /// Years between the decision to build and the first period the module produces.
  public var leadTime: Int
  /// First period a module may produce, or nil for the first period of the horizon.
  public var earliestPeriod: Year?
  /// Most modules that may be built over the horizon, or nil for no limit.
  public var maxModules: Int?
  /// The partners' equity shares in the investment.
  public var owners: [Share]
  public var source: String?

  public init(
    id: ID, site: Site.ID, process: Process.ID, moduleSize: Double, capex: Double,
    fixedCost: Double = 0, lifetime: Int, leadTime: Int = 0, earliestPeriod: Year? = nil,
    maxModules: Int? = nil, owners: [Share] = [], source: String? = nil
  ) {
    self.id = id
    self.site = site
    self.process = process
    self.moduleSize = moduleSize
    self.capex = capex
    self.fixedCost = fixedCost
    self.lifetime = lifetime
    self.leadTime = leadTime
    self.earliestPeriod = earliestPeriod
    self.maxModules = maxModules
    self.owners = owners
    self.source = source
  }
}
