import FerriteModel
import Foundation

/// One column of a scenario table: its name, type, unit, default, whether it is required, and meaning.
///
/// The same description drives the CSV and YAML readers, the range checks, the writers, the generated
/// docs/scenario-format.md and the JSON Schema, so none of them can drift from the others.
public struct ColumnSchema: Sendable, Equatable {
  /// What a cell may hold.
  public enum Kind: Sendable, Equatable {
    /// Free text.
    case text
    /// An id: letters, digits and `- _ . / :`, no spaces.
    case identifier
    /// The id of a row of another table.
    case reference(Table)
    /// Several ids of another table, separated by `;`.
    case references(Table)
    case number
    case integer
    /// A period, as a year.
    case year
    /// yes/no, true/false or 1/0.
    case boolean
    /// A calendar day, yyyy-mm-dd.
    case date
    /// An ISO 3166-1 alpha-2 country code.
    case country
    /// Several country codes separated by `;`.
    case countries
    /// A country code, a bloc id, or `*` for anywhere.
    case place
    /// Several places separated by `;`.
    case places
    /// One of a fixed set of words.
    case choice([String])
    /// Equity shares, `company=fraction` separated by `;`.
    case shares
    /// A Harmonized System code or prefix: 2 to 10 digits (dots are ignored).
    case hsCode
    /// Several HS codes or prefixes separated by `;`.
    case hsCodes

    /// Whether a cell holds a `;`-separated list.
    public var isList: Bool {
      switch self {
      case .references, .countries, .places, .hsCodes, .shares: true
      default: false
      }
    }
  }

  public var name: String
  public var kind: Kind
  /// The unit of a number, such as `km` or `currency/t`; `unit` means the product's own unit.
  public var unit: String?
  /// The value a blank cell stands for, as written in a cell.
  public var defaultValue: String?
  /// Whether every row must give a value.
  public var isRequired: Bool
  /// Smallest allowed number, if any.
  public var minimum: Double?
  /// Largest allowed number, if any.
  public var maximum: Double?
  /// Whether the minimum itself is not allowed (quantities that must be positive).
  public var minimumIsExclusive: Bool
  /// What the column means, in one or two sentences.
  public var meaning: String

  public init(
    _ name: String, _ kind: Kind, unit: String? = nil, default defaultValue: String? = nil,
    required isRequired: Bool = false, minimum: Double? = nil, maximum: Double? = nil,
    exclusiveMinimum minimumIsExclusive: Bool = false, _ meaning: String
  ) {
    self.name = name
    self.kind = kind
    self.unit = unit
    self.defaultValue = defaultValue
    self.isRequired = isRequired
    self.minimum = minimum
    self.maximum = maximum
    self.minimumIsExclusive = minimumIsExclusive
    self.meaning = meaning
  }

  /// The allowed range in words, such as ">= 0" or "0 to 1", or nil when any number is allowed.
  public var rangeDescription: String? {
    switch (minimum, maximum) {
    case (let low?, let high?):
      (minimumIsExclusive ? "> \(ColumnSchema.limit(low)) and <= " : "\(ColumnSchema.limit(low)) to ")
        + ColumnSchema.limit(high)
    case (let low?, nil): (minimumIsExclusive ? "> " : ">= ") + ColumnSchema.limit(low)
    case (nil, let high?): "<= " + ColumnSchema.limit(high)
    case (nil, nil): nil
    }
  }

  /// A range limit as a person reads it: `1e12` for large powers of ten, else as in a cell.
  public static func limit(_ value: Double) -> String {
    let exponent = value > 0 ? log10(value).rounded() : 0
    if value >= 1e6, exponent < 300, pow(10, exponent) == value { return "1e\(Int(exponent))" }
    return format(value)
  }

  /// A number as a person would write it in a cell: no trailing `.0`, no exponent for usual sizes.
  public static func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }
}
