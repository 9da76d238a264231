/// One problem found in a scenario, with where it is and how to fix it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  /// Errors make a scenario invalid; warnings point at something that looks wrong but may be meant.
  public enum Severity: String, Hashable, Sendable, Comparable {
    case warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
  }

  public var severity: Severity
  /// Where the problem is in the files, once known.
  public var location: SourceLocation?
  /// Which row of which table the problem is in, for problems found on the model.
  public var row: RowReference?
  /// What is wrong, such as "unknown site 'gwangyan'".
  public var message: String
  /// How to fix it, such as "did you mean 'gwangyang'?".
  public var fix: String?

  public init(
    _ severity: Severity, _ message: String, fix: String? = nil, at location: SourceLocation? = nil,
    row: RowReference? = nil
  ) {
    self.severity = severity
    self.message = message
    self.fix = fix
    self.location = location
    self.row = row
  }

  /// `file:line: column 'field': message (fix)`, with `warning: ` after the place for warnings.
  public var description: String {
    var place = ""
    var subject = (location?.field ?? row?.field).map { "column '\($0)': " } ?? ""
    if let location {
      place = location.file
      if let line = location.line { place += ":\(line)" }
      if location.isDocumentKey, let key = location.field { subject = "key '\(key)': " }
    } else if let row {
      place = row.table.rawValue + (row.key.isEmpty ? "" : "[\(row.key.joined(separator: ", "))]")
    }
    var text = place.isEmpty ? "" : place + ": "
    if severity == .warning { text += "warning: " }
    text += subject + message
    if let fix { text += " (\(fix))" }
    return Diagnostic.printable(text)
  }

  /// `text` with control characters (C0, DEL, C1) and bidirectional overrides shown as `?`, so
  /// user text quoted in a message cannot recolour, clear or reorder the terminal it is printed on.
  public static func printable(_ text: String) -> String {
    func isControl(_ scalar: Unicode.Scalar) -> Bool {
      switch scalar.value {
      case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
      default: false
      }
    }
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
  }
}

/// A place in a scenario's files: file name (relative to the scenario), line and column or key.
public struct SourceLocation: Hashable, Sendable {
  public var file: String
  public var line: Int?
  public var field: String?
  /// Whether `field` names a key of a YAML document rather than a table column.
  public var isDocumentKey: Bool

  public init(file: String, line: Int? = nil, field: String? = nil, isDocumentKey: Bool = false) {
    self.file = file
    self.line = line
    self.field = field
    self.isDocumentKey = isDocumentKey
  }
}

/// A row of a scenario table named by its key (its id, or the columns that identify it).
public struct RowReference: Hashable, Sendable {
  public var table: Table
  public var key: [String]
  public var field: String?

  public init(_ table: Table, _ key: [String], field: String? = nil) {
    self.table = table
    self.key = key
    self.field = field
  }
}

/// The tables a scenario consists of; each is one CSV file in a scenario folder.
public enum Table: String, Hashable, Sendable, CaseIterable, Codable {
  case products, customsValues = "customs_values", sites, processes, recipes, lanes, demand
  case purchases, capacityOptions = "capacity_options"
  case blocs, tariffRules = "tariff_rules", tariffQuotas = "tariff_quotas"
  case originRules = "origin_rules", carbonPrices = "carbon_prices", carbonCaps = "carbon_caps"
  case gridFactors = "grid_factors"
}

extension Array where Element == Diagnostic {
  /// Whether any diagnostic is an error.
  public var containsErrors: Bool { contains { $0.severity == .error } }
}
