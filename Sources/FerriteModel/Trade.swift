/// A named group of countries, such as USMCA or FTA partners, that trade rules refer to.
public struct Bloc: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<Bloc>

  public var id: ID
  public var name: String?
  public var members: [CountryCode]
  public var source: String?

  public init(id: ID, name: String? = nil, members: [CountryCode], source: String? = nil) {
    self.id = id
    self.name = name
    self.members = members
    self.source = source
  }
}

/// A duty an importing country charges on goods of an HS code from an origin, between two dates.
public struct TariffRule: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<TariffRule>

  /// What the ad valorem rate applies to.
  public enum Base: String, Sendable, Codable, CaseIterable {
    /// The full customs value.
    case value
    /// Only the value of the steel the goods contain (Section 232 derivatives).
    case steelContent = "steel-content"
    /// Only the value of the aluminium the goods contain.
    case aluminiumContent = "aluminium-content"
  }

  /// How a rule combines with other rules that match the same flow.
  public enum Stacking: String, Sendable, Codable, CaseIterable {
    /// Adds to every other matching rule.
    case cumulative
    /// Replaces the rules it lists in `excludes`.
    case exclusive
  }

  public var id: ID
  /// The importing country or bloc.
  public var importer: String
  /// The HS code prefix the rule covers; empty covers every product.
  public var hsPrefix: String
  /// The origin country or bloc, or `*` for every origin.
  public var origin: String
  /// A named origin status the rule applies to instead of a place (e.g. non-melted-and-poured).
  public var originStatus: String?
  public var effectiveFrom: Day?
  public var effectiveUntil: Day?
  /// Duty as a fraction of the base (0.25 = 25 %).
  public var adValorem: Double
  /// Duty per unit of product.
  public var specific: Double
  public var base: Base
  public var stacking: Stacking
  /// Rules this one replaces when it applies.
  public var excludes: [ID]
  /// Importing sites the rule does not charge (goods entering under PROSEC, IMMEX or a bonded regime).
  public var exemptSites: [Site.ID]
  public var source: String?

  /// `originating`: origins in `origin` only (the default); `non-originating`: every origin outside it.
  public static let originStatuses = ["originating", "non-originating"]

  public init(
    id: ID, importer: String, hsPrefix: String = "", origin: String = "*",
    originStatus: String? = nil, effectiveFrom: Day? = nil, effectiveUntil: Day? = nil,
    adValorem: Double = 0, specific: Double = 0, base: Base = .value,
    stacking: Stacking = .cumulative, excludes: [ID] = [], exemptSites: [Site.ID] = [],
    source: String? = nil
  ) {
    self.id = id
    self.importer = importer
    self.hsPrefix = hsPrefix
    self.origin = origin
    self.originStatus = originStatus
    self.effectiveFrom = effectiveFrom
    self.effectiveUntil = effectiveUntil
    self.adValorem = adValorem
    self.specific = specific
    self.base = base
    self.stacking = stacking
    self.excludes = excludes
    self.exemptSites = exemptSites
    self.source = source
  }
}

/// A tariff-rate quota: a quantity per period at the in-quota rate, the rest at the out-of-quota rate.
public struct TariffQuota: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<TariffQuota>

  public var id: ID
  public var importer: String
  /// The origin country or bloc, or `*`.
  public var origin: String
  /// The HS code prefixes forming the product group; empty covers every product.
  public var hsPrefixes: [String]
  /// The one period the quota applies to, or nil for every period.
  public var period: Year?
  /// Units that may enter at the in-quota rate per period.
  public var quantity: Double
  public var inQuotaRate: Double
  /// Ad valorem rate beyond the quota, or nil when imports beyond the quota are not allowed.
  public var outOfQuotaRate: Double?
  /// First day the quota applies; periods it covers in part get that share of `quantity`.
  public var effectiveFrom: Day?
  /// Last day the quota applies.
  public var effectiveUntil: Day?
  public var source: String?

  public init(
    id: ID, importer: String, origin: String = "*", hsPrefixes: [String] = [], period: Year? = nil,
    quantity: Double, inQuotaRate: Double = 0, outOfQuotaRate: Double? = nil,
    effectiveFrom: Day? = nil, effectiveUntil: Day? = nil, source: String? = nil
  ) {
    self.id = id
    self.importer = importer
    self.origin = origin
    self.hsPrefixes = hsPrefixes
    self.period = period
    self.quantity = quantity
    self.inQuotaRate = inQuotaRate
    self.outOfQuotaRate = outOfQuotaRate
    self.effectiveFrom = effectiveFrom
    self.effectiveUntil = effectiveUntil
    self.source = source
  }
}

/// A minimum share of qualifying origin in the inputs of a product group at a site or company.
public struct OriginRule: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<OriginRule>

  /// Whether the share is measured by mass or by customs value.
  public enum Basis: String, Sendable, Codable, CaseIterable {
    case mass, value
  }

  /// What happens when the share is not met.
  public enum Mode: String, Sendable, Codable, CaseIterable {
    /// The share must be met.
    case hard
    /// The incentive is earned only in periods where the share is met ("qualify or forgo").
    case incentive
  }

  public var id: ID
  /// The consuming site the rule applies to, or nil when it applies to a company or region.
  public var site: Site.ID?
  /// The company whose purchases the rule applies to.
  public var company: Company.ID?
  /// The country or bloc whose consuming sites the rule covers.
  public var region: String?
  /// The products whose inputs are counted.
  public var products: [Product.ID]
  public var basis: Basis
  /// Countries or blocs whose origin qualifies.
  public var qualifyingOrigins: [String]
  /// Countries or blocs whose material may not be used at all (foreign entities of concern).
  public var excludedOrigins: [String]
  /// The minimum qualifying share, in 0...1.
  public var threshold: Double
  public var effectiveFrom: Day?
  public var effectiveUntil: Day?
  public var mode: Mode
  /// Incentive earned per unit of `incentiveProduct` made when the rule is met.
  public var incentivePerUnit: Double?
  public var incentiveProduct: Product.ID?
  public var source: String?

  public init(
    id: ID, site: Site.ID? = nil, company: Company.ID? = nil, region: String? = nil,
    products: [Product.ID], basis: Basis = .mass, qualifyingOrigins: [String],
    excludedOrigins: [String] = [], threshold: Double, effectiveFrom: Day? = nil,
    effectiveUntil: Day? = nil, mode: Mode = .hard, incentivePerUnit: Double? = nil,
    incentiveProduct: Product.ID? = nil, source: String? = nil
  ) {
    self.id = id
    self.site = site
    self.company = company
    self.region = region
    self.products = products
    self.basis = basis
    self.qualifyingOrigins = qualifyingOrigins
    self.excludedOrigins = excludedOrigins
    self.threshold = threshold
    self.effectiveFrom = effectiveFrom
    self.effectiveUntil = effectiveUntil
    self.mode = mode
    self.incentivePerUnit = incentivePerUnit
    self.incentiveProduct = incentiveProduct
    self.source = source
  }
}
