/// A value that is one row of a scenario table, identified by its key columns.
public protocol TableRow {
  /// The table the row belongs to.
  static var table: Table { get }
  /// The values of the table's key columns, in schema order; no two rows of a table share them.
  var rowKey: [String] { get }
}

extension TableRow {
  /// A reference to this row (and optionally one of its columns), for diagnostics.
  public func reference(_ field: String? = nil) -> RowReference {
    RowReference(Self.table, rowKey, field: field)
  }
}

/// One line of a process recipe as a table row.
public struct RecipeLine: TableRow, Sendable, Equatable {
  public static let table = Table.recipes
  public var process: Process.ID
  public var role: Process.Role
  public var item: Process.Item

  public init(process: Process.ID, role: Process.Role, item: Process.Item) {
    self.process = process
    self.role = role
    self.item = item
  }

  public var rowKey: [String] { [process.rawValue, role.rawValue, item.product.rawValue] }
}

/// A product's customs value in one period as a table row.
public struct CustomsValue: TableRow, Sendable, Equatable, Codable {
  public static let table = Table.customsValues
  public var product: Product.ID
  public var period: Year
  public var value: Double
  public var source: String?

  public init(product: Product.ID, period: Year, value: Double, source: String? = nil) {
    self.product = product
    self.period = period
    self.value = value
    self.source = source
  }

  public var rowKey: [String] { [product.rawValue, String(period)] }
}

extension Product: TableRow {
  public static let table = Table.products
  public var rowKey: [String] { [id.rawValue] }
}
extension Site: TableRow {
  public static let table = Table.sites
  public var rowKey: [String] { [id.rawValue] }
}
extension Process: TableRow {
  public static let table = Table.processes
  public var rowKey: [String] { [id.rawValue] }

  /// The recipe as table rows: inputs first, then outputs.
  public var recipeLines: [RecipeLine] {
    inputs.map { RecipeLine(process: id, role: .input, item: $0) }
      + outputs.map { RecipeLine(process: id, role: .output, item: $0) }
  }
}
extension Lane: TableRow {
  public static let table = Table.lanes
  public var rowKey: [String] { [id.rawValue] }
}
extension Demand: TableRow {
  public static let table = Table.demand
  public var rowKey: [String] { [site.rawValue, product.rawValue, String(period)] }
}
extension Purchase: TableRow {
  public static let table = Table.purchases
  public var rowKey: [String] { [id.rawValue] }
}
extension CapacityOption: TableRow {
  public static let table = Table.capacityOptions
  public var rowKey: [String] { [id.rawValue] }
}
extension Bloc: TableRow {
  public static let table = Table.blocs
  public var rowKey: [String] { [id.rawValue] }
}
extension TariffRule: TableRow {
  public static let table = Table.tariffRules
  public var rowKey: [String] { [id.rawValue] }
}
extension TariffQuota: TableRow {
  public static let table = Table.tariffQuotas
  public var rowKey: [String] { [id.rawValue] }
}
extension OriginRule: TableRow {
  public static let table = Table.originRules
  public var rowKey: [String] { [id.rawValue] }
}
extension CarbonPrice: TableRow {
  public static let table = Table.carbonPrices
  public var rowKey: [String] { [kind.rawValue, jurisdiction ?? "", String(period)] }
}
extension CarbonCap: TableRow {
  public static let table = Table.carbonCaps
  public var rowKey: [String] { [id.rawValue] }
}
extension GridFactor: TableRow {
  public static let table = Table.gridFactors
  public var rowKey: [String] { [country, subdivision ?? "", period.map(String.init) ?? ""] }
}

extension Scenario {
  /// Every product's per-period customs values as table rows, in product order.
  public var customsValueRows: [CustomsValue] { products.flatMap(\.periodCustomsValues) }
}
