/// The name of a part of the objective: purchases, production, transport, ...
///
/// Open for extension: duties and carbon add their own ids without changing the others.
public struct CostComponentID: RawRepresentable, Hashable, Sendable, Codable, Comparable,
  CustomStringConvertible
{
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }

  public static let purchases = CostComponentID(rawValue: "purchases")
  public static let production = CostComponentID(rawValue: "production")
  public static let transport = CostComponentID(rawValue: "transport")
  public static let fixed = CostComponentID(rawValue: "fixed")
  public static let capex = CostComponentID(rawValue: "capex")
  public static let unmetDemand = CostComponentID(rawValue: "unmet-demand")
  public static let revenue = CostComponentID(rawValue: "revenue")
  public static let carbon = CostComponentID(rawValue: "carbon")
  public static let duties = CostComponentID(rawValue: "duties")
  public static let incentives = CostComponentID(rawValue: "incentives")

  public var description: String { rawValue }
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which scenario number a cost term's coefficient is made of, so that a sweep can change the
/// number and recompute every coefficient it feeds in place.
public enum CostParameter: Hashable, Sendable {
  case purchasePrice(offer: Int)
  case variableCost(process: Int)
  case laneCost(lane: Int)
  case siteFixedCost(site: Int)
  case moduleFixedCost(option: Int)
  /// The annualized capex of an option (the multiplier holds the discount only).
  case annualizedCapex(option: Int)
  case penalty(demand: Int)
  case price(demand: Int)
  /// A carbon price row (position in `policy.carbonPrices`); the multiplier holds the emissions.
  case carbonPrice(price: Int)
  /// The ad valorem rate of a tariff rule (the multiplier holds discount, time share and base).
  case dutyRate(rule: Int)
  /// The specific duty per unit of a tariff rule (the multiplier holds discount and time share).
  case dutyPerUnit(rule: Int)
  /// The in-quota or out-of-quota rate of a tariff quota.
  case quotaRate(quota: Int, inQuota: Bool)
  /// The incentive per unit of an origin-share rule.
  case incentive(rule: Int)
}

/// One term of a component: `parameter * multiplier * column`, or a constant when `column` is nil.
public struct CostTerm: Sendable, Equatable {
  /// The model column, or nil for a constant (the fixed cost of an existing site).
  public var column: Int?
  /// Position in `periods` of the money this term is (terms of one column may span periods).
  public var period: Int
  /// Position in `scenario.sites` the cost is attributed to.
  public var site: Int
  /// Position in `scenario.products` the cost is attributed to, when one product is concerned.
  public var product: Int?
  public var parameter: CostParameter
  /// What the parameter is multiplied by: the discount factor of `period`.
  public var multiplier: Double
  /// `parameter value * multiplier`, the discounted coefficient.
  public var coefficient: Double
}

/// A named part of the objective with every term that makes it up.
///
/// The objective is the sum of the cost components minus the revenue components; each can be
/// evaluated on a solution, split by period, site or product, and changed in place.
public struct CostComponent: Sendable {
  public var id: CostComponentID
  /// Revenue counts against costs: profit = revenue - costs.
  public var isRevenue: Bool
  public var terms: [CostTerm]

  public init(id: CostComponentID, isRevenue: Bool = false, terms: [CostTerm] = []) {
    self.id = id
    self.isRevenue = isRevenue
    self.terms = terms
  }

  /// The discounted value of the component for column values `x`.
  public func value(_ x: [Double]) -> Double {
    terms.reduce(0) { sum, term in
      sum + term.coefficient * (term.column.map { x[$0] } ?? 1)
    }
  }
}
