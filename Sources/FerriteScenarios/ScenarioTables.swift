import FerriteIO
import FerriteModel
import Foundation
import Yams

/// A scenario as text cells, table by table, in the shape the scenario files have.
///
/// Variants edit scenarios at this level so that every table and column the schema knows can be
/// addressed by name, and the edited result goes back through the same reader and validator as a
/// scenario file does.
public struct ScenarioTables: Sendable, Equatable {
  /// One row: cell text by column name; a missing cell is blank.
  public typealias Row = [String: String]

  /// The settings mapping as the writer emits it (name, periods, discount_rate, ...), in order.
  public var settings: [(key: String, value: SettingValue)]
  /// Rows of each table by table name, in the order the scenario holds them.
  public var rows: [String: [Row]]

  /// A settings value: a scalar, a list of scalars or a mapping of scalars.
  public enum SettingValue: Sendable, Equatable {
    case text(String)
    case list([String])
    case mapping([(String, String)])

    public static func == (lhs: SettingValue, rhs: SettingValue) -> Bool {
      switch (lhs, rhs) {
      case let (.text(a), .text(b)): a == b
      case let (.list(a), .list(b)): a == b
      case let (.mapping(a), .mapping(b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
      default: false
      }
    }
  }

  public static func == (lhs: ScenarioTables, rhs: ScenarioTables) -> Bool {
    lhs.rows == rhs.rows && lhs.settings.map(\.key) == rhs.settings.map(\.key)
      && lhs.settings.map(\.value) == rhs.settings.map(\.value)
  }

  /// The cells of `scenario`, through the writer's single-file form.
  public init(_ scenario: Scenario) {
    settings = []
    rows = [:]
    let text = ScenarioWriter().yaml(scenario)
    // The writer's own output always parses; an empty result would leave every table empty.
    guard case .mapping(let root)? = try? Yams.compose(yaml: text) else { return }
    let tableNames = Set(ScenarioSchema.tables.map(\.name))
    for (keyNode, value) in root {
      let key = keyNode.string ?? ""
      if tableNames.contains(key) {
        rows[key] = value.sequence.map { $0.map(Self.cells) } ?? []
      } else {
        settings.append((key, Self.settingValue(value)))
      }
    }
  }

  /// The rows of `table` (empty when the scenario has none).
  public func rows(of table: Table) -> [Row] { rows[table.rawValue] ?? [] }

  /// Reads the tables back into a validated scenario, naming the document `name` in diagnostics.
  public func load(named name: String) -> LoadedScenario {
    ScenarioReader().load(document: Data(yaml().utf8), named: name)
  }

  /// The tables as a single-file YAML scenario, every cell quoted so that its text is kept exactly.
  public func yaml() -> String {
    var pairs: [(Node, Node)] = []
    for (key, value) in settings {
      let node: Node
      switch value {
      case .text(let text): node = Self.scalar(text, quoted: false)
      case .list(let items): node = .sequence(.init(items.map { Self.scalar($0, quoted: false) }, Tag(.seq), .flow))
      case .mapping(let members):
        node = .mapping(.init(members.map { (Node($0.0), Self.scalar($0.1, quoted: true)) }, Tag(.map), .block))
      }
      pairs.append((Node(key), node))
    }
    for schema in ScenarioSchema.tables {
      guard let tableRows = rows[schema.name], !tableRows.isEmpty || schema.isRequired else { continue }
      let items = tableRows.map { row -> Node in
        let cells = schema.columns.compactMap { column -> (Node, Node)? in
          guard let text = row[column.name], !text.isEmpty else { return nil }
          return (Node(column.name), Self.scalar(text, quoted: true))
        }
        return .mapping(.init(cells, Tag(.map), .flow))
      }
      pairs.append((Node(schema.name), .sequence(.init(items, Tag(.seq), .block))))
    }
    // Serializing plain strings cannot fail.
    return (try? Yams.serialize(node: .mapping(.init(pairs, Tag(.map), .block)), width: -1, allowUnicode: true)) ?? ""
  }

  static func scalar(_ text: String, quoted: Bool) -> Node {
    .scalar(.init(text, Tag(.str), quoted ? .doubleQuoted : .any))
  }

  /// A node as cell text: a scalar as written, a list joined with `;`, a mapping as `key=value` pairs.
  static func cellText(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar):
      if scalar.style == .plain || scalar.style == .any, ["~", "null", "Null", "NULL"].contains(scalar.string) {
        return ""
      }
      return scalar.string
    case .sequence(let items): return items.map(cellText).joined(separator: ";")
    case .mapping(let pairs): return pairs.map { ($0.key.string ?? "") + "=" + cellText($0.value) }.joined(separator: ";")
    case .alias: return ""
    }
  }

  static func cells(_ node: Node) -> Row {
    guard case .mapping(let mapping) = node else { return [:] }
    var row: Row = [:]
    for (key, value) in mapping { row[key.string ?? ""] = cellText(value) }
    return row
  }

  static func settingValue(_ node: Node) -> SettingValue {
    switch node {
    case .sequence(let items): .list(items.map(cellText))
    case .mapping(let pairs): .mapping(pairs.map { ($0.key.string ?? "", cellText($0.value)) })
    default: .text(cellText(node))
    }
  }
}
