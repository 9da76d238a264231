import FerriteIO
import FerriteModel
import Foundation
import Yams

/// Reads variant files:
///
/// ```yaml
/// name: duty-50
/// settings: {discount_rate: 0.1}
/// changes:
///   - "tariff_rules where importer=US and hs_prefix=72*: ad_valorem = 0.5"
///   - "demand where period >= 2028: quantity * 1.2"
///   - table: capacity_options
///     where: id=louisiana-mill
///     set: {earliest_period: 2031}
///   - table: lanes
///     remove: id=busan-houston
///   - table: demand
///     add: [{site: kia-georgia, product: cold-rolled-coil, period: 2030, quantity: 1000}]
/// ```
public struct VariantReader: Sendable {
  public init() {}

  /// Reads the variant at `path`; every problem is reported at once with its line.
  public func read(_ path: String) throws(VariantError) -> Variant {
    let url = URL(fileURLWithPath: path)
    let name = url.deletingPathExtension().lastPathComponent
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw VariantError(variant: name, problems: [.init(change: nil, message: "cannot read \(path) as UTF-8 text", fix: "give a variant .yaml file")])
    }
    return try parse(text, file: url.lastPathComponent, name: name)
  }

  /// Parses variant text; `file` names it in messages, `name` is the label unless the text sets one.
  public func parse(_ text: String, file: String, name: String) throws(VariantError) -> Variant {
    let (mapping, diagnostics) = YAMLMapping.parse(text, file: file)
    guard let root = mapping else {
      throw VariantError(
        variant: name,
        problems: diagnostics.map { .init(change: nil, message: $0.description, fix: nil) })
    }
    return try variant(root, file: file, name: name)
  }

  /// The variant a YAML mapping describes (a variant file's root, or a future's inline variant);
  /// `file` names it in messages, with the mapping's own lines.
  func variant(_ root: Node.Mapping, file: String, name: String) throws(VariantError) -> Variant {
    var problems: [VariantError.Problem] = []
    func problem(_ line: Int?, _ message: String, fix: String? = nil) {
      problems.append(.init(change: nil, message: "\(file)\(line.map { ":\($0)" } ?? ""): " + message, fix: fix))
    }
    var variant = Variant(name: name)
    for (keyNode, value) in root {
      let line = keyNode.mark?.line
      switch keyNode.string ?? "" {
      case "name": variant.name = value.string ?? name
      case "description": variant.description = value.string ?? ""
      case "base": break
      case "settings":
        guard case .mapping(let pairs) = value else {
          problem(line, "settings is not a mapping", fix: "write settings: {discount_rate: 0.1}")
          continue
        }
        let known = ScenarioSchema.settings.map(\.name)
        for (settingKey, settingValue) in pairs {
          let key = settingKey.string ?? ""
          guard known.contains(key) else {
            problem(settingKey.mark?.line, "unknown setting '\(key)'", fix: Suggestion.fix(for: key, among: known))
            continue
          }
          variant.settings[key] = ScenarioTables.settingValue(settingValue)
        }
      case "changes":
        guard case .sequence(let items) = value else {
          problem(line, "changes is not a list", fix: "write each change as `- ...`")
          continue
        }
        for item in items {
          let origin = "\(file):\(item.mark?.line ?? 0)"
          switch change(item, origin: origin) {
          case .success(let change): variant.changes.append(change)
          case .failure(let error): problem(item.mark?.line, error.message, fix: error.fix)
          }
        }
      case let other:
        problem(line, "unknown key '\(other)'", fix: Suggestion.fix(for: other, among: ["name", "description", "settings", "changes"]))
      }
    }
    guard problems.isEmpty else { throw VariantError(variant: variant.name, problems: problems) }
    return variant
  }

  func change(_ node: Node, origin: String) -> Result<VariantChange, VariantProblem> {
    if case .scalar(let scalar) = node { return Self.statement(scalar.string, origin: origin) }
    guard case .mapping(let mapping) = node else {
      return .failure(VariantProblem("a change is a text statement or a mapping", fix: "write `- table: demand` ..."))
    }
    var fields: [String: Node] = [:]
    for (key, value) in mapping { fields[key.string ?? ""] = value }
    guard let tableName = fields["table"]?.string else {
      return .failure(VariantProblem("the change names no table", fix: "add `table: NAME`"))
    }
    let schema: TableSchema
    switch Self.schema(named: tableName) {
    case .success(let found): schema = found
    case .failure(let error): return .failure(error)
    }
    var filter = RowFilter.all
    if let whereText = fields["where"].map(ScenarioTables.cellText) {
      switch RowFilter.parse(whereText, schema: schema) {
      case .success(let parsed): filter = parsed
      case .failure(let error): return .failure(error)
      }
    }
    if let removeNode = fields["remove"] {
      if let text = removeNode.string, text != "true", text != "yes" {
        switch RowFilter.parse(text, schema: schema) {
        case .success(let parsed): filter = parsed
        case .failure(let error): return .failure(error)
        }
      }
      return .success(VariantChange(table: schema.table, filter: filter, action: .remove, origin: origin))
    }
    if let addNode = fields["add"] {
      let rows = addNode.sequence.map { $0.map(ScenarioTables.cells) } ?? [ScenarioTables.cells(addNode)]
      return .success(VariantChange(table: schema.table, filter: filter, action: .add(rows), origin: origin))
    }
    if case .mapping(let pairs)? = fields["set"] {
      var values: [String: String] = [:]
      for (key, value) in pairs { values[key.string ?? ""] = ScenarioTables.cellText(value) }
      return .success(VariantChange(table: schema.table, filter: filter, action: .set(values), origin: origin))
    }
    if case .mapping(let pairs)? = fields["scale"] {
      var factors: [String: Double] = [:]
      for (key, value) in pairs {
        guard let factor = Double(ScenarioTables.cellText(value)) else {
          return .failure(VariantProblem("scale factor of '\(key.string ?? "")' is not a number", fix: "write scale: {quantity: 1.2}"))
        }
        factors[key.string ?? ""] = factor
      }
      return .success(VariantChange(table: schema.table, filter: filter, action: .scale(factors), origin: origin))
    }
    return .failure(VariantProblem("the change has no action", fix: "add set:, scale:, add: or remove:"))
  }

  /// Parses `TABLE [where FILTER]: COLUMN = VALUE, COLUMN * FACTOR` or `remove TABLE where FILTER`.
  public static func statement(_ text: String, origin: String? = nil) -> Result<VariantChange, VariantProblem> {
    var body = text.trimmingCharacters(in: .whitespaces)
    var isRemoval = false
    if body.hasPrefix("remove ") {
      isRemoval = true
      body = String(body.dropFirst("remove ".count))
    }
    let head: String
    var assignments = ""
    if isRemoval {
      head = body
    } else {
      guard let colon = body.range(of: ":", options: .backwards) else {
        return .failure(VariantProblem("'\(text)' has no ':' before its assignments", fix: "write `demand where period >= 2028: quantity * 1.2`"))
      }
      head = String(body[..<colon.lowerBound])
      assignments = String(body[colon.upperBound...])
    }
    let tableName: String
    var filterText = ""
    if let whereRange = head.range(of: " where ") {
      tableName = head[..<whereRange.lowerBound].trimmingCharacters(in: .whitespaces)
      filterText = String(head[whereRange.upperBound...])
    } else {
      tableName = head.trimmingCharacters(in: .whitespaces)
    }
    let schema: TableSchema
    switch Self.schema(named: tableName) {
    case .success(let found): schema = found
    case .failure(let error): return .failure(error)
    }
    let filter: RowFilter
    switch RowFilter.parse(filterText, schema: schema) {
    case .success(let parsed): filter = parsed
    case .failure(let error): return .failure(error)
    }
    if isRemoval { return .success(VariantChange(table: schema.table, filter: filter, action: .remove, origin: origin)) }
    var values: [String: String] = [:]
    var factors: [String: Double] = [:]
    for part in Self.splitAssignments(assignments) {
      if let star = part.range(of: "*"), !part.contains("=") {
        let column = part[..<star.lowerBound].trimmingCharacters(in: .whitespaces)
        guard let factor = Double(part[star.upperBound...].trimmingCharacters(in: .whitespaces)) else {
          return .failure(VariantProblem("'\(part)' does not scale by a number", fix: "write `quantity * 1.2`"))
        }
        factors[column] = factor
      } else if let equals = part.range(of: "=") {
        let column = part[..<equals.lowerBound].trimmingCharacters(in: .whitespaces)
        values[column] = part[equals.upperBound...].trimmingCharacters(in: .whitespaces)
      } else {
        return .failure(VariantProblem("'\(part)' is neither `column = value` nor `column * factor`"))
      }
    }
    guard values.isEmpty != factors.isEmpty else {
      return .failure(VariantProblem(
        values.isEmpty ? "'\(text)' changes nothing" : "'\(text)' mixes = and *",
        fix: "write one statement per kind of change"))
    }
    let action: VariantChange.Action = values.isEmpty ? .scale(factors) : .set(values)
    return .success(VariantChange(table: schema.table, filter: filter, action: action, origin: origin))
  }

  /// Splits `a = 1, b * 2` at commas that start a new assignment (values may hold commas).
  static func splitAssignments(_ text: String) -> [String] {
    var parts: [String] = []
    for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = piece.trimmingCharacters(in: .whitespaces)
      let startsAssignment = trimmed.range(of: #"^[a-z_][a-z0-9_]*\s*[=*]"#, options: .regularExpression) != nil
      if startsAssignment || parts.isEmpty {
        parts.append(trimmed)
      } else {
        parts[parts.count - 1] += "," + piece
      }
    }
    return parts.filter { !$0.isEmpty }
  }

  static func schema(named name: String) -> Result<TableSchema, VariantProblem> {
    if let schema = ScenarioSchema.tables.first(where: { $0.name == name }) { return .success(schema) }
    let names = ScenarioSchema.tables.map(\.name)
    return .failure(VariantProblem(
      "unknown table '\(name)'", fix: Suggestion.fix(for: name, among: names) ?? "tables: " + names.joined(separator: ", ")))
  }
}
