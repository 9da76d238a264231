/// A raw input a site may buy from outside the network: ore, scrap, spodumene, power...
public struct Purchase: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<Purchase>

  public var id: ID
  public var site: Site.ID
  public var product: Product.ID
  /// The one period the offer applies to, or nil for every period.
  public var period: Year?
  /// Price per unit delivered to the site.
  public var price: Double
  /// Most units per period, or nil for no limit.
  public var limit: Double?
  /// Upstream cradle-to-gate emissions per unit, in t CO2e.
  public var footprint: Double?
  /// The country where the input originates (extracted, melted and poured, made).
  public var origin: CountryCode?
  public var source: String?

  public init(
    id: ID, site: Site.ID, product: Product.ID, period: Year? = nil, price: Double,
    limit: Double? = nil, footprint: Double? = nil, origin: CountryCode? = nil,
    source: String? = nil
  ) {
    self.id = id
    self.site = site
    self.product = product
    self.period = period
    self.price = price
    self.limit = limit
    self.footprint = footprint
    self.origin = origin
    self.source = source
  }

  /// Whether the offer applies in `period`.
  public func applies(in period: Year) -> Bool { self.period.map { $0 == period } ?? true }
}
