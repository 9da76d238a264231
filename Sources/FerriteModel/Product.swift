/// Anything that is made, bought, shipped or demanded: ore, slab, coil, lithium hydroxide, cathode...
public struct Product: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<Product>

  /// The broad group a product belongs to, used by reports and rules.
  public enum Family: String, Sendable, Codable, CaseIterable {
    case rawMaterial = "raw-material"
    case intermediate
    case steel
    case batteryMaterial = "battery-material"
    case component
    case vehicle
    case energy
    case other
  }

  /// The unit quantities of the product are counted in.
  public enum Unit: String, Sendable, Codable, CaseIterable {
    case t, kg, kt, Mt, MWh, GWh, unit, vehicle

    /// How many tonnes one unit weighs, or nil when the unit is not a mass.
    public var tonnes: Double? {
      switch self {
      case .t: 1
      case .kg: 0.001
      case .kt: 1_000
      case .Mt: 1_000_000
      case .MWh, .GWh, .unit, .vehicle: nil
      }
    }
  }

  public var id: ID
  public var name: String
  public var unit: Unit
  /// The Harmonized System code (or prefix) customs classifies the product under, such as 7210.
  public var hsCode: String?
  public var family: Family
  /// The customs value per unit used for ad valorem duties, in every period without its own value.
  public var customsValue: Double?
  /// The share of the customs value that is steel, the base of duties on steel content (0...1);
  /// nil means all of it for the steel family and none otherwise.
  public var steelContent: Double?
  /// The share of the customs value that is aluminium (0...1); nil means none.
  public var aluminiumContent: Double?
  /// Customs values per unit for particular periods (customs_values rows), overriding `customsValue`.
  public var periodCustomsValues: [CustomsValue]
  /// Where the figures come from; estimates say so.
  public var source: String?

  public init(
    id: ID, name: String, unit: Unit = .t, hsCode: String? = nil, family: Family = .other,
    customsValue: Double? = nil, steelContent: Double? = nil, aluminiumContent: Double? = nil,
    periodCustomsValues: [CustomsValue] = [], source: String? = nil
  ) {
    self.id = id
    self.name = name
    self.unit = unit
    self.hsCode = hsCode
    self.family = family
    self.customsValue = customsValue
    self.steelContent = steelContent
    self.aluminiumContent = aluminiumContent
    self.periodCustomsValues = periodCustomsValues
    self.source = source
  }

  /// The customs value per unit in `period`: its own value if it has one, else the general one.
  public func customsValue(in period: Year) -> Double? {
    periodCustomsValues.last { $0.period == period }?.value ?? customsValue
  }
}
