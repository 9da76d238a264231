/// A production step at a site: per unit of activity it consumes inputs and makes outputs.
public struct Process: Sendable, Equatable, Identifiable, Codable {
  public typealias ID = Identifier<Process>

  /// One line of a recipe: how much of a product one unit of activity consumes or makes.
  public struct Item: Sendable, Equatable, Codable {
    public var product: Product.ID
    /// Units of the product per unit of activity (> 0).
    public var quantity: Double
    /// Marks the principal input (whose origin passes on) or the principal output.
    public var isPrincipal: Bool
    public var source: String?

    public init(product: Product.ID, quantity: Double, isPrincipal: Bool = false, source: String? = nil) {
      self.product = product
      self.quantity = quantity
      self.isPrincipal = isPrincipal
      self.source = source
    }
  }

  /// Whether a recipe line is consumed or made.
  public enum Role: String, Sendable, Codable, CaseIterable {
    case input, output
  }

  public var id: ID
  public var site: Site.ID
  public var name: String?
  /// The technology, such as bf-bof, eaf, gas-dri-eaf, h2-dri, spodumene-conversion, brine, coating.
  public var route: String?
  /// Most units of activity per period from existing equipment (capacity options add to it).
  public var capacity: Double
  /// Cost per unit of activity, inputs excluded.
  public var variableCost: Double
  /// Electricity per unit of activity, in MWh.
  public var energy: Double
  /// Direct (scope 1) emissions per unit of activity, in t CO2e.
  public var emissions: Double
  /// First year the process may run, or nil for always.
  public var availableFrom: Year?
  /// Last year the process may run, or nil for always.
  public var availableUntil: Year?
  /// Whether this step confers origin on its outputs (melting and pouring, extraction, manufacture).
  public var confersOrigin: Bool
  public var inputs: [Item]
  public var outputs: [Item]
  public var source: String?

  public init(
    id: ID, site: Site.ID, name: String? = nil, route: String? = nil, capacity: Double,
    variableCost: Double = 0, energy: Double = 0, emissions: Double = 0,
    availableFrom: Year? = nil, availableUntil: Year? = nil, confersOrigin: Bool = false,
    inputs: [Item] = [], outputs: [Item] = [], source: String? = nil
  ) {
    self.id = id
    self.site = site
    self.name = name
    self.route = route
    self.capacity = capacity
    self.variableCost = variableCost
    self.energy = energy
    self.emissions = emissions
    self.availableFrom = availableFrom
    self.availableUntil = availableUntil
    self.confersOrigin = confersOrigin
    self.inputs = inputs
    self.outputs = outputs
    self.source = source
  }

  /// Whether the process may run in `period`.
  public func isAvailable(in period: Year) -> Bool {
    (availableFrom.map { period >= $0 } ?? true) && (availableUntil.map { period <= $0 } ?? true)
  }

  /// The input whose origin passes on to the outputs: the one marked principal, else the first.
  public var principalInput: Item? { inputs.first(where: \.isPrincipal) ?? inputs.first }

  /// The output the activity is measured in: the one marked principal, else the first.
  public var principalOutput: Item? { outputs.first(where: \.isPrincipal) ?? outputs.first }
}
