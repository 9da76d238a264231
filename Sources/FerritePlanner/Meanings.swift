/// The index of a flow variable: which lane, which product, which period.
///
/// A struct rather than a tuple so that trade rules can later index flows by origin as well,
/// without touching the code that only needs lane, product and period.
public struct FlowIndex: Hashable, Sendable {
  /// Position in `scenario.lanes`.
  public var lane: Int
  /// Position in `scenario.products`.
  public var product: Int
  /// Position in `scenario.periods`.
  public var period: Int

  public init(lane: Int, product: Int, period: Int) {
    self.lane = lane
    self.product = product
    self.period = period
  }
}

/// What a column of the model stands for, in the scenario's terms.
///
/// Integers are positions in the scenario's arrays (`sites`, `products`, `processes`, `lanes`,
/// `demand`, `purchases`, `capacityOptions`) and in `periods`.
public enum ColumnMeaning: Hashable, Sendable {
  /// Units of activity of a process.
  case activity(process: Int, period: Int)
  /// Units bought under a purchase offer.
  case purchase(offer: Int, period: Int)
  /// Units of a product moved on a lane.
  case flow(FlowIndex)
  /// Units of a co-product left unused at a site.
  case disposal(site: Int, product: Int, period: Int)
  /// Units delivered against a demand row.
  case served(demand: Int)
  /// Units of a demand row not delivered (penalized).
  case unmet(demand: Int)
  /// Modules of a capacity option coming online in a period.
  case build(option: Int, period: Int)
  /// Whether a candidate or closable site is open in a period.
  case open(site: Int, period: Int)
  /// Units of a demand row claimed in a low-carbon class (position in the planner's classes).
  case lowCarbonClaim(rule: Int, demand: Int)
  /// A column of the trade rules: origin-split flows, quota use, qualification (Trade/).
  case trade(TradeColumn)
}

/// What a row of the model stands for, in the scenario's terms.
public enum RowMeaning: Hashable, Sendable {
  /// What arrives at and is made at a site equals what is used, shipped and delivered there.
  case balance(site: Int, product: Int, period: Int)
  /// Served plus unmet equals the quantity of a demand row with a penalty.
  case demand(demand: Int)
  /// Activity within existing capacity plus modules alive.
  case processCapacity(process: Int, period: Int)
  /// All products together within a lane's capacity.
  case laneCapacity(lane: Int, period: Int)
  /// Inbound flows and purchases within a site's capacity (zero when the site is closed).
  case siteThroughput(site: Int, period: Int)
  /// No activity at a closed site.
  case siteActivity(process: Int, period: Int)
  /// Nothing moves on a lane into or out of a closed site; open, at most what the lane can carry
  /// (docs/formulation.md, "Facility links").
  case facilityLink(site: Int, flow: FlowIndex)
  /// Modules of an option over the horizon within its maximum.
  case moduleLimit(option: Int)
  /// A candidate site stays open once opened; a closable site stays closed once closed.
  case openingOrder(site: Int, period: Int)
  /// Emissions within a carbon cap (position in `policy.carbonCaps`).
  case carbonCap(cap: Int)
  /// Low-carbon units claimed for a demand row at least the class's share of what is served.
  case lowCarbonShare(rule: Int, demand: Int)
  /// Low-carbon units claimed in a period within what qualifying routes made.
  case lowCarbonSupply(rule: Int, period: Int)
  /// A row of the trade rules: origin balances, quotas, origin shares (Trade/).
  case trade(TradeRow)

  /// The period the row belongs to, when it belongs to one.
  var period: Int? {
    switch self {
    case .balance(_, _, let period), .processCapacity(_, let period), .laneCapacity(_, let period),
      .siteThroughput(_, let period), .siteActivity(_, let period), .openingOrder(_, let period),
      .lowCarbonSupply(_, let period):
      period
    case .facilityLink(_, let flow): flow.period
    case .trade(let row): row.period
    case .demand, .moduleLimit, .carbonCap, .lowCarbonShare: nil
    }
  }

  /// Whether the row is a capacity whose dual is the value of one more unit of it.
  var isCapacity: Bool {
    switch self {
    case .processCapacity, .laneCapacity, .siteThroughput, .moduleLimit: true
    default: false
    }
  }
}
