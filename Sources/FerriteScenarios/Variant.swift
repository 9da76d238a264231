import FerriteIO
import FerriteModel
import Foundation

/// A small set of changes to a base scenario: "what if the duty is 50 %, the mill two years late".
///
/// Changes apply in order to the base's tables; the result is read and validated like any
/// scenario file. A filter that matches no row is an error naming the filter, since it almost
/// always means a typo that would otherwise silently leave the base unchanged.
public struct Variant: Sendable, Equatable {
  /// A short label for reports (the file name without extension unless the file names one).
  public var name: String
  public var description: String
  /// Settings to replace (`discount_rate`, `name`, `periods`, `options`, ...), as cell text.
  public var settings: [String: ScenarioTables.SettingValue]
  public var changes: [VariantChange]

  public init(
    name: String, description: String = "", settings: [String: ScenarioTables.SettingValue] = [:],
    changes: [VariantChange] = []
  ) {
    self.name = name
    self.description = description
    self.settings = settings
    self.changes = changes
  }

  /// The effective scenario: `base` with every change applied, validated.
  public func apply(to base: Scenario) throws(VariantError) -> Scenario {
    let tables = try apply(to: ScenarioTables(base))
    let loaded = tables.load(named: name)
    guard let scenario = loaded.scenario, loaded.isValid else {
      throw VariantError(variant: name, problems: loaded.diagnostics.filter { $0.severity == .error }.map {
        VariantError.Problem(change: nil, message: "the changed scenario is invalid: " + $0.description, fix: nil)
      })
    }
    return scenario
  }

  /// The base's tables with every change applied; every problem is reported at once.
  public func apply(to base: ScenarioTables) throws(VariantError) -> ScenarioTables {
    var tables = base
    var problems: [VariantError.Problem] = []
    for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
      if let position = tables.settings.firstIndex(where: { $0.key == key }) {
        tables.settings[position].value = value
      } else {
        tables.settings.append((key, value))
      }
    }
    for change in changes {
      do throws(VariantProblem) {
        try change.apply(to: &tables)
      } catch {
        problems.append(.init(change: change, message: error.message, fix: error.fix))
      }
    }
    guard problems.isEmpty else { throw VariantError(variant: name, problems: problems) }
    return tables
  }
}

/// One change of a variant: set or scale columns of the rows a filter selects, add rows or remove them.
public struct VariantChange: Sendable, Equatable, CustomStringConvertible {
  public enum Action: Sendable, Equatable {
    /// Set columns to cell text.
    case set([String: String])
    /// Multiply numeric columns by factors.
    case scale([String: Double])
    /// Append rows (cell text by column).
    case add([ScenarioTables.Row])
    /// Remove the selected rows.
    case remove
  }

  public var table: Table
  public var filter: RowFilter
  public var action: Action
  /// Where the change was written (`variant.yaml:12`), for messages.
  public var origin: String?

  public init(table: Table, filter: RowFilter = .all, action: Action, origin: String? = nil) {
    self.table = table
    self.filter = filter
    self.action = action
    self.origin = origin
  }

  public var description: String {
    let place = filter.text.isEmpty ? table.rawValue : "\(table.rawValue) where \(filter.text)"
    switch action {
    case .set(let values):
      return place + ": " + values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
    case .scale(let factors):
      return place + ": " + factors.sorted { $0.key < $1.key }.map { "\($0.key) * \(ColumnSchema.format($0.value))" }
        .joined(separator: ", ")
    case .add(let rows): return "add \(rows.count) row\(rows.count == 1 ? "" : "s") to \(table.rawValue)"
    case .remove: return "remove " + place
    }
  }

  var schema: TableSchema { ScenarioSchema.schema(of: table) }

  /// The positions of the rows the filter selects in `rows`.
  public func selectedRows(in rows: [ScenarioTables.Row]) -> [Int] {
    rows.indices.filter { filter.matches(rows[$0], schema: schema) }
  }

  func apply(to tables: inout ScenarioTables) throws(VariantProblem) {
    var rows = tables.rows(of: table)
    if case .add(let added) = action {
      for row in added {
        for column in row.keys where schema.column(column) == nil {
          throw VariantProblem(
            "table '\(table.rawValue)' has no column '\(column)'",
            fix: Suggestion.fix(for: column, among: schema.columns.map(\.name)))
        }
      }
      tables.rows[table.rawValue] = rows + added
      return
    }
    let selected = selectedRows(in: rows)
    guard !selected.isEmpty else {
      throw VariantProblem(
        "the filter '\(filter.text)' matches no row of \(table.rawValue) (\(rows.count) rows)",
        fix: "check the column values; `ferrite resolve` prints the base's rows")
    }
    switch action {
    case .set(let values):
      for column in values.keys where schema.column(column) == nil {
        throw VariantProblem(
          "table '\(table.rawValue)' has no column '\(column)'",
          fix: Suggestion.fix(for: column, among: schema.columns.map(\.name)))
      }
      for position in selected { rows[position].merge(values) { $1 } }
    case .scale(let factors):
      for (column, factor) in factors {
        guard let columnSchema = schema.column(column) else {
          throw VariantProblem(
            "table '\(table.rawValue)' has no column '\(column)'",
            fix: Suggestion.fix(for: column, among: schema.columns.map(\.name)))
        }
        guard columnSchema.kind == .number || columnSchema.kind == .integer else {
          throw VariantProblem("column '\(column)' of \(table.rawValue) is not a number and cannot be scaled", fix: "set it instead")
        }
        for position in selected {
          let cell = rows[position][column] ?? ""
          guard let value = Double(cell.isEmpty ? columnSchema.defaultValue ?? "" : cell) else { continue }
          let scaled = columnSchema.kind == .integer ? (value * factor).rounded() : value * factor
          rows[position][column] = Self.text(scaled)
        }
      }
    case .remove:
      let removed = Set(selected)
      rows = rows.indices.filter { !removed.contains($0) }.map { rows[$0] }
    case .add: break
    }
    tables.rows[table.rawValue] = rows
  }

  /// A number as cell text that reads back to the same Double.
  static func text(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}

/// A variant that cannot be applied: every problem, each naming its change.
public struct VariantError: Error, Sendable, CustomStringConvertible {
  public struct Problem: Sendable, Equatable {
    public var change: VariantChange?
    public var message: String
    public var fix: String?
  }

  public var variant: String
  public var problems: [Problem]

  public var description: String {
    problems.map { problem in
      var line = problem.change.map { ($0.origin.map { "\($0): " } ?? "") + "'\($0)': " } ?? "\(variant): "
      line += problem.message
      if let fix = problem.fix { line += " (\(fix))" }
      return line
    }.joined(separator: "\n")
  }
}
