/// What kind of activity an emission comes from; fixes its scope for the company that runs it.
public enum EmissionKind: String, Sendable, Codable, CaseIterable, Comparable {
  /// Direct emissions of a process (scope 1).
  case direct
  /// Grid electricity a process uses (scope 2).
  case electricity
  /// The cradle-to-gate footprint of purchased inputs (scope 3, category 1).
  case purchased
  /// Well-to-wheel emissions of moving goods on a lane (scope 3, category 4).
  case transport

  /// 1, 2 or 3 in the GHG Protocol's sense, for the company the emission is attributed to.
  public var scope: Int {
    switch self {
    case .direct: 1
    case .electricity: 2
    case .purchased, .transport: 3
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }
}

/// t CO2e per unit of one model column from one kind of activity.
struct EmissionSource: Sendable {
  var column: Int
  /// t CO2e per unit of the column.
  var perUnit: Double
  var kind: EmissionKind
  /// The site the emission belongs to: the process's or purchase's site, a lane's origin.
  var site: Int
  var period: Int
  var process: Int?
  var lane: Int?
  var product: Int?
}

/// The emissions of every column of a formulation, and where its carbon rows are.
struct CarbonLedger: Sendable {
  var sources: [EmissionSource] = []
  /// Row of each carbon cap (position in `policy.carbonCaps`) that is in the model.
  var capRows: [Int: Int] = [:]
  /// Claim column of each low-carbon class (position in `lowCarbonClasses`) and demand row.
  var claimColumns: [LowCarbonKey: Int] = [:]
  /// Qualifying processes of each low-carbon class and the principal-output units of the class's
  /// route content per unit of each covered product.
  var qualifying: [[Int]] = []
  var routeContent: [[Int: Double]] = []
}

struct LowCarbonKey: Hashable, Sendable {
  var rule: Int
  var demand: Int
}
