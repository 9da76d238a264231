/// A place in the network: a mine, mill, plant, port, warehouse or customer.
public struct Site: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<Site>

  /// What a site does.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case mine, refinery
    case steelMill = "steel-mill"
    case processingCentre = "processing-centre"
    case cathodePlant = "cathode-plant"
    case anodePlant = "anode-plant"
    case cellPlant = "cell-plant"
    case vehiclePlant = "vehicle-plant"
    case port, warehouse, supplier, other
  }

  /// Whether the planner may open or close the site.
  public enum Status: String, Sendable, Codable, CaseIterable {
    /// Open in every period; its fixed cost is always paid.
    case existing
    /// Closed unless the planner decides to open it.
    case candidate
    /// Open unless the planner decides to close it.
    case closable
  }

  public var id: ID
  public var name: String
  public var country: CountryCode
  /// The state, province or region (ISO 3166-2 suffix or name), such as AL or QC.
  public var subdivision: String?
  public var latitude: Double?
  public var longitude: Double?
  public var kind: Kind
  /// The owners with their equity shares; several for a joint venture.
  public var owners: [Share]
  /// The company with operational control, for emissions counted by control; nil means the largest owner.
  public var `operator`: Company.ID?
  public var status: Status
  /// Cost per period while the site is open.
  public var fixedCost: Double
  /// Most units that may flow through the site per period (inbound), or nil for no limit.
  public var capacity: Double?
  public var source: String?

  public init(
    id: ID, name: String, country: CountryCode, subdivision: String? = nil,
    latitude: Double? = nil, longitude: Double? = nil, kind: Kind, owners: [Share] = [],
    operator: Company.ID? = nil, status: Status = .existing, fixedCost: Double = 0, capacity: Double? = nil,
    source: String? = nil
  ) {
    self.id = id
    self.name = name
    self.country = country
    self.subdivision = subdivision
    self.latitude = latitude
    self.longitude = longitude
    self.kind = kind
    self.owners = owners
    self.operator = `operator`
    self.status = status
    self.fixedCost = fixedCost
    self.capacity = capacity
    self.source = source
  }

  /// The company that operates the site: the named operator, else the owner with the largest share.
  public var operatingCompany: Company.ID? {
    `operator` ?? owners.max { $0.fraction < $1.fraction }?.company
  }
}
