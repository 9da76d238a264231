/// A price on emissions in a jurisdiction and period.
public struct CarbonPrice: Sendable, Equatable, Codable {
  /// Which kind of carbon price this is.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// An emissions trading system or tax on emissions in a country (Korea's K-ETS).
    case emissions
    /// A border charge on the embedded emissions of imports (CBAM-like).
    case border
    /// A company's internal shadow price, applied everywhere.
    case `internal`
  }

  public var kind: Kind
  /// The country or bloc; nil for an internal price.
  public var jurisdiction: String?
  public var period: Year
  /// Price per t CO2e.
  public var price: Double
  public var source: String?

  public init(kind: Kind, jurisdiction: String? = nil, period: Year, price: Double, source: String? = nil) {
    self.kind = kind
    self.jurisdiction = jurisdiction
    self.period = period
    self.price = price
    self.source = source
  }
}

/// An upper limit on emissions of a company, country, site or the whole network.
public struct CarbonCap: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<CarbonCap>

  /// What the cap limits.
  public enum Scope: String, Sendable, Codable, CaseIterable {
    case total, company, country, site
  }

  public var id: ID
  public var scope: Scope
  /// The company id, country code or site id the cap applies to; nil for `total`.
  public var subject: String?
  /// The one period capped, or nil for a cumulative budget over the whole horizon.
  public var period: Year?
  /// Most t CO2e.
  public var cap: Double
  public var source: String?

  public init(
    id: ID, scope: Scope, subject: String? = nil, period: Year? = nil, cap: Double, source: String? = nil
  ) {
    self.id = id
    self.scope = scope
    self.subject = subject
    self.period = period
    self.cap = cap
    self.source = source
  }
}

/// The emissions of one MWh of grid electricity in a country (or subdivision) and period.
public struct GridFactor: Sendable, Equatable, Codable {
  public var country: CountryCode
  /// A state or region with its own factor (such as LA), or nil for the country average.
  public var subdivision: String?
  /// The one period, or nil for every period without its own factor.
  public var period: Year?
  /// t CO2e per MWh.
  public var factor: Double
  public var source: String?

  public init(
    country: CountryCode, subdivision: String? = nil, period: Year? = nil, factor: Double,
    source: String? = nil
  ) {
    self.country = country
    self.subdivision = subdivision
    self.period = period
    self.factor = factor
    self.source = source
  }
}
