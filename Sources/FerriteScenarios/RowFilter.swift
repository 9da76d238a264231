import FerriteIO
import FerriteModel
import Foundation

/// Which rows of a table a variant change applies to: conditions on columns joined by `and`.
///
/// `importer=US and hs_prefix=72*` holds for rows whose importer is US and whose HS prefix starts
/// with 72. Operators are `=`, `!=`, `<`, `<=`, `>`, `>=`; `*` in an `=`/`!=` value matches any text;
/// numbers and years compare as numbers; a list cell matches `=` when any of its items does. An
/// empty filter matches every row.
public struct RowFilter: Sendable, Equatable, CustomStringConvertible {
  public enum Operator: String, Sendable, CaseIterable {
    case notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", equal = "=", less = "<", greater = ">"
  }

  public struct Condition: Sendable, Equatable {
    public var column: String
    public var op: Operator
    public var value: String
  }

  public var conditions: [Condition]
  /// The filter as written, for messages.
  public var text: String

  public var description: String { text.isEmpty ? "(all rows)" : text }

  /// Every row.
  public static let all = RowFilter(conditions: [], text: "")

  init(conditions: [Condition], text: String) {
    self.conditions = conditions
    self.text = text
  }

  /// Parses `text` against `schema`; the problems name unknown columns and malformed conditions.
  public static func parse(_ text: String, schema: TableSchema) -> Result<RowFilter, VariantProblem> {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty || trimmed == "*" { return .success(RowFilter(conditions: [], text: "")) }
    var conditions: [Condition] = []
    for part in trimmed.components(separatedBy: " and ") {
      let clause = part.trimmingCharacters(in: .whitespaces)
      guard let (columnText, op, valueText) = Self.split(clause) else {
        return .failure(VariantProblem("condition '\(clause)' has no operator", fix: "write column=value, column>=value, ..."))
      }
      let column = columnText.trimmingCharacters(in: .whitespaces)
      var value = valueText.trimmingCharacters(in: .whitespaces)
      if value.count >= 2, let first = value.first, first == value.last, first == "'" || first == "\"" {
        value = String(value.dropFirst().dropLast())
      }
      guard schema.column(column) != nil else {
        let known = schema.columns.map(\.name)
        return .failure(VariantProblem(
          "table '\(schema.name)' has no column '\(column)'",
          fix: Suggestion.fix(for: column, among: known) ?? "columns: " + known.joined(separator: ", ")))
      }
      conditions.append(Condition(column: column, op: op, value: value))
    }
    return .success(RowFilter(conditions: conditions, text: trimmed))
  }

  /// `column`, operator and value of a condition, split at its first operator.
  static func split(_ clause: String) -> (String, Operator, String)? {
    guard let start = clause.firstIndex(where: { "!<>=".contains($0) }) else { return nil }
    let rest = clause[start...]
    let candidates: [Operator] = [.notEqual, .lessOrEqual, .greaterOrEqual, .equal, .less, .greater]
    guard let op = candidates.first(where: { rest.hasPrefix($0.rawValue) }) else { return nil }
    let valueStart = clause.index(start, offsetBy: op.rawValue.count)
    return (String(clause[..<start]), op, String(clause[valueStart...]))
  }

  /// Whether `row` of a table with `schema` meets every condition.
  public func matches(_ row: ScenarioTables.Row, schema: TableSchema) -> Bool {
    conditions.allSatisfy { condition in
      let kind = schema.column(condition.column)?.kind ?? .text
      let cell = row[condition.column] ?? ""
      let items = kind.isList ? cell.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } : [cell]
      switch condition.op {
      case .equal: return items.contains { Self.equal($0, condition.value, kind: kind) }
      case .notEqual: return !items.contains { Self.equal($0, condition.value, kind: kind) }
      default: return Self.ordered(cell, condition.op, condition.value)
      }
    }
  }

  static func equal(_ cell: String, _ value: String, kind: ColumnSchema.Kind) -> Bool {
    if value.contains("*") { return glob(cell, value) }
    if let a = Double(cell), let b = Double(value) { return a == b }
    switch kind {
    case .country, .countries, .place, .places: return cell.caseInsensitiveCompare(value) == .orderedSame
    default: return cell == value
    }
  }

  static func ordered(_ cell: String, _ op: Operator, _ value: String) -> Bool {
    let order: ComparisonResult
    if let a = Double(cell), let b = Double(value) {
      order = a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
    } else {
      guard !cell.isEmpty else { return false }
      order = cell.compare(value)
    }
    switch op {
    case .less: return order == .orderedAscending
    case .lessOrEqual: return order != .orderedDescending
    case .greater: return order == .orderedDescending
    case .greaterOrEqual: return order != .orderedAscending
    default: return false
    }
  }

  /// `*` matches any run of characters; everything else matches itself.
  static func glob(_ text: String, _ pattern: String) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
    guard parts.count > 1 else { return text == pattern }
    guard text.hasPrefix(parts[0]) else { return false }
    var rest = text.dropFirst(parts[0].count)
    for (position, part) in parts.enumerated().dropFirst() {
      if position == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) && rest.count >= part.count }
      guard !part.isEmpty else { continue }
      guard let range = rest.range(of: part) else { return false }
      rest = rest[range.upperBound...]
    }
    return true
  }
}

/// A problem with a variant before its position is known: message and fix.
public struct VariantProblem: Error, Sendable, Equatable {
  public var message: String
  public var fix: String?

  public init(_ message: String, fix: String? = nil) {
    self.message = message
    self.fix = fix
  }
}
