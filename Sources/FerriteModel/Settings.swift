/// What `scenario.yaml` holds besides the tables: name, horizon, money and which rules apply.
public struct ScenarioSettings: Sendable, Equatable, Codable {
  /// A short name for reports, such as "North America 2026-2035".
  public var name: String
  /// A free-text description of what the scenario represents.
  public var description: String
  /// The periods of the horizon as years, strictly increasing (2026, 2027, ...).
  public var periods: [Year]
  /// The yearly rate at which future costs are discounted to the first period (0.08 = 8 %).
  public var discountRate: Double
  /// The ISO 4217 currency of every money figure in the scenario, such as USD.
  public var currency: String
  /// The planner and report options (`objective: cost`, `carbon_company: posco`, ...).
  public var options: ScenarioOptions
  /// The policy packs (trade and carbon rule sets) the scenario applies, by name.
  public var policyPacks: [String]
  /// Whether CSV columns (and YAML row keys) the format does not know are ignored with a warning
  /// rather than refused, for tables exported with columns of their own.
  public var allowsExtraColumns: Bool = false

  public init(
    name: String, description: String = "", periods: [Year], discountRate: Double = 0,
    currency: String = "USD", options: ScenarioOptions = ScenarioOptions(), policyPacks: [String] = []
  ) {
    self.name = name
    self.description = description
    self.periods = periods
    self.discountRate = discountRate
    self.currency = currency
    self.options = options
    self.policyPacks = policyPacks
  }

  /// The first and last period, or nil when the horizon is empty.
  public var horizon: ClosedRange<Year>? {
    guard let first = periods.first, let last = periods.last, first <= last else { return nil }
    return first...last
  }
}
