/// What a customer site needs of a product in a period.
public struct Demand: Sendable, Equatable, Codable {
  public var site: Site.ID
  public var product: Product.ID
  public var period: Year
  public var quantity: Double
  /// Revenue per unit served, for profit-maximizing plans.
  public var price: Double?
  /// Cost per unit not served; nil means the demand is hard and must be met.
  public var penalty: Double?
  public var source: String?

  public init(
    site: Site.ID, product: Product.ID, period: Year, quantity: Double, price: Double? = nil,
    penalty: Double? = nil, source: String? = nil
  ) {
    self.site = site
    self.product = product
    self.period = period
    self.quantity = quantity
    self.price = price
    self.penalty = penalty
    self.source = source
  }

  /// Whether the demand must be met in full (no penalty allows leaving some unserved).
  public var isHard: Bool { penalty == nil }
}
