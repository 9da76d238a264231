import FerriteModel

/// The key figures of a plan, defined once: the summary, compare, sweeps, the API and the web app
/// all read them from here, so a figure means the same wherever it is shown.
///
/// Money is discounted to the first period. `revenue` is every revenue component together (sales
/// of priced demand and incentives earned) and `profit` is `revenue - totalCost`, which is the
/// objective of a profit plan.
public struct KeyFigures: Sendable, Codable, Equatable {
  /// A figure by name with its unit ("money", "fraction", "units", "modules", "year", "periods").
  public struct Figure: Sendable, Codable, Equatable {
    public var name: String
    public var unit: String
    /// nil where the plan has none (a capacity option never built has no first build year).
    public var value: Double?

    public init(name: String, unit: String, value: Double?) {
      self.name = name
      self.unit = unit
      self.value = value
    }
  }

  /// The discounted total of one objective component.
  public struct Component: Sendable, Codable, Equatable {
    public var id: CostComponentID
    public var isRevenue: Bool
    public var discounted: Double

    public init(id: CostComponentID, isRevenue: Bool, discounted: Double) {
      self.id = id
      self.isRevenue = isRevenue
      self.discounted = discounted
    }
  }

  /// Modules of one capacity option over the horizon and the year the first comes online.
  public struct Build: Sendable, Codable, Equatable {
    public var option: String
    public var modules: Int
    public var firstYear: Year?

    public init(option: String, modules: Int, firstYear: Year?) {
      self.option = option
      self.modules = modules
      self.firstYear = firstYear
    }
  }

  /// Periods a candidate or closable site is open.
  public struct OpenSite: Sendable, Codable, Equatable {
    public var site: String
    public var periodsOpen: Int

    public init(site: String, periodsOpen: Int) {
      self.site = site
      self.periodsOpen = periodsOpen
    }
  }

  /// The solver's objective: discounted cost, or discounted profit when maximizing.
  public var objective: Double?
  public var components: [Component]
  /// Units demanded and served over every demand row and period.
  public var demanded: Double
  public var served: Double
  public var builds: [Build]
  public var sites: [OpenSite]

  public init(
    objective: Double?, components: [Component], demanded: Double, served: Double, builds: [Build],
    sites: [OpenSite]
  ) {
    self.objective = objective
    self.components = components
    self.demanded = demanded
    self.served = served
    self.builds = builds
    self.sites = sites
  }

  /// The key figures of `plan`; `capacityOptions` are listed even where the plan builds none.
  public init(_ plan: Plan, capacityOptions: [String] = []) {
    let options = Set(plan.builds.map(\.option) + capacityOptions).sorted()
    self.init(
      objective: plan.hasSolution ? plan.objective : nil,
      components: plan.components.map { Component(id: $0.component, isRevenue: $0.isRevenue, discounted: $0.discounted) },
      demanded: plan.demand.reduce(0) { $0 + $1.quantity }, served: plan.demand.reduce(0) { $0 + $1.served },
      builds: options.map { option in
        let lines = plan.builds.filter { $0.option == option && $0.modules > 0 }
        return Build(
          option: option, modules: lines.reduce(0) { $0 + $1.modules }, firstYear: lines.map(\.period).min())
      },
      sites: Set(plan.sites.map(\.site)).sorted().map { site in
        OpenSite(site: site, periodsOpen: plan.sites.filter { $0.site == site && $0.isOpen }.count)
      })
  }

  /// Discounted cost of every cost component together.
  public var totalCost: Double { components.filter { !$0.isRevenue }.reduce(0) { $0 + $1.discounted } }
  /// Discounted revenue of every revenue component together (sales and incentives).
  public var revenue: Double { components.filter(\.isRevenue).reduce(0) { $0 + $1.discounted } }
  /// Revenue less cost.
  public var profit: Double { revenue - totalCost }
  /// Served over demanded units (1 when nothing is demanded).
  public var serviceLevel: Double { demanded > 0 ? served / demanded : 1 }
  public var unmetUnits: Double { max(0, demanded - served) }
  /// Whether any component earns revenue, so that revenue and profit mean something.
  public var hasRevenue: Bool { components.contains(where: \.isRevenue) }

  /// The money and service figures in the order every report shows them: objective, total cost,
  /// revenue and profit (when the plan has revenue components), each component (`name(of:)`),
  /// service level and unmet units.
  public var figures: [Figure] {
    var figures = [
      Figure(name: "objective", unit: "money", value: objective),
      Figure(name: "total cost", unit: "money", value: totalCost),
    ]
    if hasRevenue {
      figures.append(Figure(name: "revenue", unit: "money", value: revenue))
      figures.append(Figure(name: "profit", unit: "money", value: profit))
    }
    for component in components.sorted(by: { $0.id < $1.id }) {
      figures.append(Figure(name: Self.name(of: component.id), unit: "money", value: component.discounted))
    }
    figures.append(Figure(name: "service level", unit: "fraction", value: serviceLevel))
    figures.append(Figure(name: "unmet units", unit: "units", value: unmetUnits))
    return figures
  }

  private enum CodingKeys: String, CodingKey {
    case objective, components, demanded, served, builds, sites, figures, decisions
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    objective = try container.decodeIfPresent(Double.self, forKey: .objective)
    components = try container.decode([Component].self, forKey: .components)
    demanded = try container.decode(Double.self, forKey: .demanded)
    served = try container.decode(Double.self, forKey: .served)
    builds = try container.decode([Build].self, forKey: .builds)
    sites = try container.decode([OpenSite].self, forKey: .sites)
  }

  /// Encodes the parts and the named figures, so that the API and the web app read the figures
  /// as defined here rather than computing their own.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(objective, forKey: .objective)
    try container.encode(components, forKey: .components)
    try container.encode(demanded, forKey: .demanded)
    try container.encode(served, forKey: .served)
    try container.encode(builds, forKey: .builds)
    try container.encode(sites, forKey: .sites)
    try container.encode(figures, forKey: .figures)
    try container.encode(decisions, forKey: .decisions)
  }

  /// The figure name of a component: its id, but "sales revenue" for the revenue of priced demand,
  /// which "revenue" (every revenue component) includes.
  public static func name(of component: CostComponentID) -> String {
    component == .revenue ? "sales revenue" : component.rawValue
  }

  /// The capacity decisions as figures: "OPTION modules", "OPTION first build" (a year; nil when
  /// never built) and "SITE periods open".
  public var decisions: [Figure] {
    var figures: [Figure] = []
    for build in builds {
      figures.append(Figure(name: "\(build.option) modules", unit: "modules", value: Double(build.modules)))
      figures.append(Figure(name: "\(build.option) first build", unit: "year", value: build.firstYear.map(Double.init)))
    }
    for site in sites {
      figures.append(Figure(name: "\(site.site) periods open", unit: "periods", value: Double(site.periodsOpen)))
    }
    return figures
  }
}
