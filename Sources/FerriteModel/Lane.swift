/// A transport link from one site to another by one mode.
public struct Lane: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<Lane>

  /// How goods travel on a lane.
  public enum Mode: String, Sendable, Codable, CaseIterable {
    case ocean, rail, truck, barge, pipeline
  }

  public var id: ID
  public var from: Site.ID
  public var to: Site.ID
  public var mode: Mode
  /// Distance in km.
  public var distance: Double?
  /// Cost per unit shipped, independent of distance (handling, port dues, ocean freight).
  public var costPerUnit: Double
  /// Cost per unit per km (trucking, rail).
  public var costPerUnitKm: Double
  /// Days in transit.
  public var transitDays: Double?
  /// Most units per period on the lane, all products together, or nil for no limit.
  public var capacity: Double?
  /// Well-to-wheel emissions in g CO2e per tonne-km.
  public var emissionFactor: Double?
  /// The products the lane may carry; empty means every product.
  public var products: [Product.ID]
  public var source: String?

  public init(
    id: ID, from: Site.ID, to: Site.ID, mode: Mode, distance: Double? = nil,
    costPerUnit: Double = 0, costPerUnitKm: Double = 0, transitDays: Double? = nil,
    capacity: Double? = nil, emissionFactor: Double? = nil, products: [Product.ID] = [],
    source: String? = nil
  ) {
    self.id = id
    self.from = from
    self.to = to
    self.mode = mode
    self.distance = distance
    self.costPerUnit = costPerUnit
    self.costPerUnitKm = costPerUnitKm
    self.transitDays = transitDays
    self.capacity = capacity
    self.emissionFactor = emissionFactor
    self.products = products
    self.source = source
  }

  /// Whether the lane may carry `product`.
  public func carries(_ product: Product.ID) -> Bool {
    products.isEmpty || products.contains(product)
  }

  /// The cost of moving one unit over the whole lane: the fixed part plus the per-km part.
  public var unitCost: Double { costPerUnit + costPerUnitKm * (distance ?? 0) }
}
