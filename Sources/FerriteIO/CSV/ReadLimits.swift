/// Bounds on what the readers accept, so a wrong or hostile file yields a diagnostic, not a hang.
public struct ReadLimits: Sendable, Equatable {
  /// Largest file read, in bytes.
  public var maximumFileSize: Int
  /// Most columns in a CSV header.
  public var maximumColumns: Int
  /// Longest field, in bytes.
  public var maximumFieldLength: Int
  /// Most rows in one table.
  public var maximumRows: Int
  /// Most values YAML aliases (`*name`) may repeat in one document, counted at their full size.
  public var maximumAliasedValues: Int
  /// Deepest nesting of lists and mappings in a YAML or JSON document.
  public var maximumNesting: Int
  /// Where the policy packs a scenario names are looked up.
  public var policyPacks: PolicyPackSource
  /// Whether a policy pack that cannot be found is an error (a server that must apply every rule
  /// it was asked for) rather than a warning (the CLI, where a written copy holds the packs' rows).
  public var requiresPolicyPacks: Bool

  public init(
    maximumFileSize: Int, maximumColumns: Int, maximumFieldLength: Int, maximumRows: Int,
    maximumAliasedValues: Int = 100_000, maximumNesting: Int = 64,
    policyPacks: PolicyPackSource = .scenarioAndParents, requiresPolicyPacks: Bool = false
  ) {
    self.maximumFileSize = maximumFileSize
    self.maximumColumns = maximumColumns
    self.maximumFieldLength = maximumFieldLength
    self.maximumRows = maximumRows
    self.maximumAliasedValues = maximumAliasedValues
    self.maximumNesting = maximumNesting
    self.policyPacks = policyPacks
    self.requiresPolicyPacks = requiresPolicyPacks
  }

  /// Generous enough for networks of millions of rows, small enough to fail fast on garbage.
  public static let standard = ReadLimits(
    maximumFileSize: 256 << 20, maximumColumns: 256, maximumFieldLength: 64 << 10, maximumRows: 5_000_000)

  /// The limits in words, for the docs.
  public var summary: String {
    "files up to \(maximumFileSize >> 20) MiB, \(maximumColumns) columns, fields of \(maximumFieldLength >> 10) KiB, "
      + "\(maximumRows) rows per table; in YAML and JSON at most \(maximumNesting) levels of nesting and "
      + "\(maximumAliasedValues) values repeated by aliases, which may not be keys"
  }
}

/// Where a scenario's `policy_packs` are looked up. A pack name is always a plain name
/// (`[a-z0-9][a-z0-9_-]*`), never a path.
public enum PolicyPackSource: Sendable, Equatable {
  /// `policy/<name>/` in the scenario's folder or the nearest parent folder that has one (the CLI).
  case scenarioAndParents
  /// `policy/<name>/` in the scenario's own folder, then `<folder>/<name>/` in each of `folders`,
  /// and nowhere else; a pack that resolves (through links) outside them is not found. For a server,
  /// where an upload may see only its own files and the server's configured pack folder.
  case scenarioAnd(folders: [String])
}

/// A byte count in words: "300 bytes", "64 KiB", "256 MiB".
func byteSize(_ bytes: Int) -> String {
  if bytes >= 1 << 20 { return "\(bytes >> 20) MiB" }
  if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
  return "\(bytes) bytes"
}
