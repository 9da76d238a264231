/// The planner and report options of a scenario (`options:` in scenario.yaml), typed.
///
/// Every door (the command line, the server, sweeps and workers) turns these into the planner's
/// options the same way, so one scenario gives one plan wherever it is solved; command-line flags
/// only override them. docs/scenario-format.md lists each key with its values (from the schema).
public struct ScenarioOptions: Sendable, Equatable, Codable {
  /// What the plan optimizes.
  public enum Objective: String, Sendable, Codable, CaseIterable {
    /// Revenue of priced demand less every cost.
    case profit
    /// Every cost; demand prices are ignored.
    case cost
  }

  /// The objective; nil means profit. Without a price on any demand row there is no revenue, and
  /// the plan minimizes cost either way.
  public var objective: Objective?
  /// The company whose scopes 1, 2 and 3 are reported besides the whole network; nil for none.
  public var carbonCompany: Company.ID?
  /// How a joint venture's emissions count for `carbonCompany`.
  public var carbonBoundary: CarbonBoundary
  /// How a process's emissions and inputs are split between its outputs.
  public var allocation: FootprintAllocation
  /// Internal carbon prices (per t CO2e) at which the command line also solves and compares the plan.
  public var carbonPriceComparison: [Double]
  /// How candidate and closable sites' open decisions are linked to the flows through them.
  public var facilityLinks: FacilityLinks

  public init(
    objective: Objective? = nil, carbonCompany: Company.ID? = nil, carbonBoundary: CarbonBoundary = .equityShare,
    allocation: FootprintAllocation = .mass, carbonPriceComparison: [Double] = [],
    facilityLinks: FacilityLinks = .disaggregated
  ) {
    self.objective = objective
    self.carbonCompany = carbonCompany
    self.carbonBoundary = carbonBoundary
    self.allocation = allocation
    self.carbonPriceComparison = carbonPriceComparison
    self.facilityLinks = facilityLinks
  }

  /// Whether the plan maximizes profit for `demand`: some row has a price and the objective is not cost.
  public func maximizesProfit(_ demand: [Demand]) -> Bool {
    objective != .cost && demand.contains { $0.price != nil }
  }

  enum CodingKeys: String, CodingKey {
    case objective
    case carbonCompany = "carbon_company"
    case carbonBoundary = "carbon_boundary"
    case allocation
    case carbonPriceComparison = "carbon_price_comparison"
    case facilityLinks = "facility_links"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    objective = try container.decodeIfPresent(Objective.self, forKey: .objective)
    carbonCompany = try container.decodeIfPresent(Company.ID.self, forKey: .carbonCompany)
    carbonBoundary = try container.decodeIfPresent(CarbonBoundary.self, forKey: .carbonBoundary) ?? .equityShare
    allocation = try container.decodeIfPresent(FootprintAllocation.self, forKey: .allocation) ?? .mass
    carbonPriceComparison = try container.decodeIfPresent([Double].self, forKey: .carbonPriceComparison) ?? []
    facilityLinks = try container.decodeIfPresent(FacilityLinks.self, forKey: .facilityLinks) ?? .disaggregated
  }
}

/// How the open decision of a candidate or closable site is linked to the flows through it
/// (docs/formulation.md, "Facility links").
public enum FacilityLinks: String, Sendable, Codable, CaseIterable {
  /// The site's throughput row, plus one row per lane and product bounding its flow by the most it
  /// can carry times the open decision, wherever that tightens the LP relaxation.
  case disaggregated
  /// Only the site's throughput row: a smaller model with a weaker LP relaxation.
  case aggregate
}

/// How a joint venture's emissions count for one of its companies.
public enum CarbonBoundary: String, Sendable, Codable, CaseIterable {
  /// In proportion to the company's equity share in the site.
  case equityShare = "equity-share"
  /// In full at sites the company operates, not at all elsewhere.
  case operationalControl = "operational-control"
}

/// How a process's emissions and inputs are split between its outputs.
public enum FootprintAllocation: String, Sendable, Codable, CaseIterable {
  /// By the mass of each output (units converted to tonnes where the unit is a mass).
  case mass
  /// By the value of each output (quantity times the product's customs value).
  case economic
}
