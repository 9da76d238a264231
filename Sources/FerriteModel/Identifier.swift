/// A string-backed identifier whose `Entity` keeps ids of different kinds apart at compile time.
///
/// `Site.ID("gwangyang")` and `Product.ID("gwangyang")` are different types, so a site id can never be
/// passed where a product id is expected.
public struct Identifier<Entity>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
  ExpressibleByStringLiteral, CustomStringConvertible
{
  public let rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public var description: String { rawValue }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A company that owns sites or takes equity in capacity options; known only by its id.
public enum Company {
  /// A company's id, such as `posco` or `hyundai-steel`.
  public typealias ID = Identifier<Company>
}

/// An ISO 3166-1 alpha-2 country code in upper case, such as `KR`, `US` or `MX`.
public typealias CountryCode = String

/// A period of the planning horizon, named by its year (2026, 2027, ...).
public typealias Year = Int

/// One company's equity share in a site or capacity option (joint ventures have several).
public struct Share: Sendable, Equatable, Hashable, Codable {
  /// The company holding the share.
  public var company: Company.ID
  /// The fraction held, in 0...1; the shares of one owner list sum to 1.
  public var fraction: Double

  public init(company: Company.ID, fraction: Double) {
    self.company = company
    self.fraction = fraction
  }
}
