import FerriteModel
import Foundation
import Yams

/// Writes a scenario as a folder (`scenario.yaml` plus CSV tables) or as one YAML or JSON file.
///
/// Whatever it writes, `ScenarioReader` reads back into an equal `Scenario`.
public struct ScenarioWriter: Sendable {
  public init() {}

  /// Writes `scenario` to `path`: one file for a `.yaml`, `.yml`, `.json` or `.xlsx` extension (the
  /// workbook is `ScenarioWorkbook`'s), else a folder.
  public func write(_ scenario: Scenario, to path: String) throws {
    switch URL(fileURLWithPath: path).pathExtension.lowercased() {
    case "json": try Data(json(scenario).utf8).write(to: URL(fileURLWithPath: path))
    case "yaml", "yml": try Data(yaml(scenario).utf8).write(to: URL(fileURLWithPath: path))
    case "xlsx": try WorkbookWriter().write(ScenarioWorkbook.workbook(scenario), to: URL(fileURLWithPath: path))
    default: try writeFolder(scenario, to: path)
    }
  }

  /// Writes `scenario.yaml` and one CSV file per table (required tables always, others when not empty).
  public func writeFolder(_ scenario: Scenario, to path: String) throws {
    let folder = URL(fileURLWithPath: path, isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let settings = try Yams.serialize(
      node: yamlNode(.object(settingsMembers(scenario.settings))), width: -1, allowUnicode: true)
    try Data(settings.utf8).write(to: folder.appendingPathComponent("scenario.yaml"))
    for schema in ScenarioSchema.tables {
      let rows = TableCoding.rows(of: schema.table, in: scenario)
      let url = folder.appendingPathComponent(schema.fileName)
      guard schema.isRequired || !rows.isEmpty else {
        // A stale table from an earlier write would be read back as part of this scenario.
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        continue
      }
      try Data(CSVWriter.text(schema: schema, rows: rows).utf8).write(to: url)
    }
  }

  /// The single-file scenario as JSON.
  public func json(_ scenario: Scenario) -> String { document(scenario).text() + "\n" }

  /// The single-file scenario as YAML.
  public func yaml(_ scenario: Scenario) -> String {
    // Serializing a tree of plain strings cannot fail; an empty document would be read back as an error.
    (try? Yams.serialize(node: yamlNode(document(scenario)), width: -1, allowUnicode: true)) ?? ""
  }

  func document(_ scenario: Scenario) -> JSONValue {
    var members = settingsMembers(scenario.settings)
    for schema in ScenarioSchema.tables {
      let rows = TableCoding.rows(of: schema.table, in: scenario)
      guard schema.isRequired || !rows.isEmpty else { continue }
      members.append((schema.name, .array(rows.map { typedRow($0, schema: schema) })))
    }
    return .object(members)
  }

  func settingsMembers(_ settings: ScenarioSettings) -> [(String, JSONValue)] {
    let periods = settings.periods
    let isRange = periods.count > 1 && zip(periods, periods.dropFirst()).allSatisfy { $1 == $0 + 1 }
    var members: [(String, JSONValue)] = [("name", .string(settings.name))]
    if !settings.description.isEmpty { members.append(("description", .string(settings.description))) }
    members += [
      (
        "periods",
        isRange
          ? .string("\(periods[0])-\(periods[periods.count - 1])")
          : .array(periods.map { .number(Double($0)) })
      ),
      ("discount_rate", .number(settings.discountRate)),
      ("currency", .string(settings.currency)),
      ("options", .object(Self.members(of: settings.options))),
      ("policy_packs", .array(settings.policyPacks.map { .string($0) })),
    ]
    if settings.allowsExtraColumns { members.append(("allow_extra_columns", .bool(true))) }
    return members
  }

  /// The options that differ from their defaults, in the schema's order.
  static func members(of options: ScenarioOptions) -> [(String, JSONValue)] {
    let defaults = ScenarioOptions()
    var members: [(String, JSONValue)] = []
    if let objective = options.objective { members.append(("objective", .string(objective.rawValue))) }
    if let company = options.carbonCompany { members.append(("carbon_company", .string(company.rawValue))) }
    if options.carbonBoundary != defaults.carbonBoundary {
      members.append(("carbon_boundary", .string(options.carbonBoundary.rawValue)))
    }
    if options.allocation != defaults.allocation { members.append(("allocation", .string(options.allocation.rawValue))) }
    if !options.carbonPriceComparison.isEmpty {
      members.append(("carbon_price_comparison", .array(options.carbonPriceComparison.map { .number($0) })))
    }
    if options.facilityLinks != defaults.facilityLinks {
      members.append(("facility_links", .string(options.facilityLinks.rawValue)))
    }
    return members
  }

  /// A row's cells as typed values: numbers, booleans, lists and share mappings; blanks left out.
  func typedRow(_ cells: [String: String], schema: TableSchema) -> JSONValue {
    var members: [(String, JSONValue)] = []
    for column in schema.columns {
      guard let text = cells[column.name], !text.isEmpty else { continue }
      members.append((column.name, typed(text, kind: column.kind)))
    }
    return .object(members)
  }

  func typed(_ text: String, kind: ColumnSchema.Kind) -> JSONValue {
    switch kind {
    case .number, .integer, .year:
      return ValueParser.number(text).map { JSONValue.number($0) } ?? .string(text)
    case .boolean: return ValueParser.boolean(text).map { JSONValue.bool($0) } ?? .string(text)
    case .shares:
      var members: [(String, JSONValue)] = []
      for item in ValueParser.items(text) {
        let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
        let value: JSONValue
        if parts.count == 2, let number = ValueParser.number(parts[1]) {
          value = .number(number)
        } else {
          value = .string(parts.count == 2 ? parts[1] : "")
        }
        members.append((parts[0], value))
      }
      return .object(members)
    case .references, .countries, .places, .hsCodes:
      return .array(ValueParser.items(text).map { .string($0) })
    default: return .string(text)
    }
  }

  /// The YAML node for a JSON value: lists of plain values in flow style, strings quoted when YAML
  /// would otherwise read them as numbers, booleans or null.
  func yamlNode(_ value: JSONValue) -> Node {
    switch value {
    case .null: return Node("~")
    case .bool(let flag): return Node(flag ? "true" : "false")
    case .number(let number): return Node(JSONValue.format(number))
    case .string(let text):
      let style: Node.Scalar.Style = ScenarioWriter.needsQuotes(text) ? .doubleQuoted : .any
      return Node.scalar(Node.Scalar(text, Tag(.str), style))
    case .array(let items):
      var nodes: [Node] = []
      var allScalar = true
      for item in items {
        nodes.append(yamlNode(item))
        if !item.isScalar { allScalar = false }
      }
      let style: Node.Sequence.Style = allScalar ? .flow : .block
      return Node.sequence(Node.Sequence(nodes, Tag(.seq), style))
    case .object(let members):
      var pairs: [(Node, Node)] = []
      var allScalar = true
      for (key, member) in members {
        pairs.append((Node(key), yamlNode(member)))
        if !member.isScalar { allScalar = false }
      }
      let style: Node.Mapping.Style = !pairs.isEmpty && pairs.count <= 4 && allScalar ? .flow : .block
      return Node.mapping(Node.Mapping(pairs, Tag(.map), style))
    }
  }

  /// Whether YAML would read `text` as something other than that string.
  static func needsQuotes(_ text: String) -> Bool {
    if text.isEmpty || text != text.trimmingWhitespace() { return true }
    let lowered = text.lowercased()
    if ["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(lowered) { return true }
    if Double(text) != nil || Int(text) != nil { return true }
    if let first = text.first, "-?:,[]{}#&*!|>'\"%@`0123456789.+".contains(first) { return true }
    return text.contains(": ") || text.contains(" #") || text.contains("\n")
  }
}

/// Writes a table as CSV the way spreadsheets do: a header, then one line per row, quoted when needed.
enum CSVWriter {
  static func text(schema: TableSchema, rows: [[String: String]]) -> String {
    var lines = [schema.columns.map { field($0.name) }.joined(separator: ",")]
    lines.reserveCapacity(rows.count + 1)
    for row in rows {
      lines.append(schema.columns.map { field(row[$0.name] ?? "") }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func field(_ text: String) -> String {
    let needsQuotes =
      text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
      || text.hasPrefix("#")
      || text != text.trimmingWhitespace()
    guard needsQuotes else { return text }
    return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
      + "\""
  }
}
