import FerriteModel

/// How emissions are attributed to a company, how co-products share a footprint, and which
/// low-carbon classes the plan must supply.
public struct CarbonOptions: Sendable {
  public typealias Boundary = CarbonBoundary
  public typealias Allocation = FootprintAllocation

  /// The company whose scopes 1, 2 and 3 are reported besides the whole network; nil for none.
  public var company: Company.ID?
  public var boundary: Boundary
  public var allocation: Allocation
  /// Classes such as "low-carbon steel: at most 1.0 t CO2e/t" with a minimum share per customer.
  public var lowCarbonClasses: [LowCarbonClass]

  public init(
    company: Company.ID? = nil, boundary: Boundary = .equityShare, allocation: Allocation = .mass,
    lowCarbonClasses: [LowCarbonClass] = []
  ) {
    self.company = company
    self.boundary = boundary
    self.allocation = allocation
    self.lowCarbonClasses = lowCarbonClasses
  }

  /// The carbon options a scenario's `options:` ask for (company, boundary, allocation).
  public init(_ options: ScenarioOptions) {
    self.init(company: options.carbonCompany, boundary: options.carbonBoundary, allocation: options.allocation)
  }

  /// The share of a site's emissions that belongs to `company` under `boundary`.
  public static func weight(of site: Site, for company: Company.ID, boundary: Boundary) -> Double {
    switch boundary {
    case .equityShare:
      site.owners.filter { $0.company == company }.reduce(0) { $0 + $1.fraction }
    case .operationalControl:
      site.operatingCompany == company ? 1 : 0
    }
  }
}

/// A class of product defined by a footprint threshold, with a minimum share of each customer's
/// supply that must belong to it (docs/formulation.md, "Low-carbon classes").
public struct LowCarbonClass: Sendable, Equatable, Codable {
  /// A short name for rows and reports, such as `low-carbon-steel`.
  public var name: String
  /// Most t CO2e per unit of a qualifying route's principal output (cradle to gate, nominal).
  public var threshold: Double
  /// The products the class covers; the share applies to each demand row of these products.
  public var products: [Product.ID]
  /// The customers the share applies to; empty means every customer of the products.
  public var customers: [Site.ID]
  /// The least fraction (0...1) of each covered demand row's served units that must be claimed
  /// in the class.
  public var minimumShare: Double
  /// The routes that qualify; empty means every origin-conferring route whose nominal footprint
  /// is within the threshold.
  public var routes: [String]

  public init(
    name: String, threshold: Double, products: [Product.ID], customers: [Site.ID] = [],
    minimumShare: Double, routes: [String] = []
  ) {
    self.name = name
    self.threshold = threshold
    self.products = products
    self.customers = customers
    self.minimumShare = minimumShare
    self.routes = routes
  }
}
