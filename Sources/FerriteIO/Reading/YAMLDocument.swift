import FerriteModel
import Foundation
import Yams

/// A parsed YAML or JSON document, and turning its nodes into settings and raw table rows.
struct YAMLDocument {
  let file: String
  let root: Node.Mapping
  /// Nodes visited so far; an alias-laden document ("billion laughs") stops at the budget.
  var budget: Int

  /// Parses `text`; nil with a diagnostic when it is not a YAML mapping.
  static func parse(_ text: String, file: String, limits: ReadLimits) -> (YAMLDocument?, [Diagnostic]) {
    if let problem = YAMLPrecheck(file: file, limits: limits).problem(in: text) { return (nil, [problem]) }
    do {
      guard let node = try Yams.compose(yaml: text) else {
        return (
          nil,
          [
            Diagnostic(
              .error, "the document is empty", fix: "start with `name:` and `periods:`",
              at: .init(file: file, line: 1))
          ]
        )
      }
      guard case .mapping(let mapping) = node else {
        return (
          nil,
          [
            Diagnostic(
              .error, "the document is not a mapping of keys to values",
              fix: "start with `name:` and `periods:`", at: .init(file: file, line: node.mark?.line ?? 1))
          ]
        )
      }
      return (YAMLDocument(file: file, root: mapping, budget: limits.maximumRows * 4), [])
    } catch let error as YamlError {
      let (problem, line) = describe(error, in: text)
      return (
        nil,
        [
          Diagnostic(
            .error, "not valid YAML or JSON: \(problem)",
            fix: problem.contains("control character")
              ? "remove the character, or write it as an escape such as \\t inside double quotes"
              : "check the indentation, quotes and brackets near this line",
            at: .init(file: file, line: line))
        ]
      )
    } catch {
      return (
        nil,
        [Diagnostic(.error, "not valid YAML or JSON", fix: "save it as YAML or JSON text", at: .init(file: file, line: 1))]
      )
    }
  }

  /// libyaml's problem in words for a person, with its line; libyaml's own phrasing (such as
  /// `set with yaml_set_max_nest_level()`) is never shown.
  static func describe(_ error: YamlError, in text: String) -> (String, Int?) {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      if problem.contains("nest") { return ("values nested too deeply", mark.line) }
      return ((context.map { "\($0.text) " } ?? "") + problem, mark.line)
    case .reader(let problem, let offset, let value, _):
      let line = offset.map { offset in text.utf8.prefix(max(0, offset)).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
      let character = problem.contains("control") ? " (character \(value))" : ""
      return (problem + character, line)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return ("duplicate keys " + duplicates.map(shown).joined(separator: ", "), context.mark.line)
    default: return ("the document cannot be read", nil)
    }
  }

  /// Text of a scalar node; nil for null (`~`, `null`, empty).
  static func text(_ node: Node) -> String? {
    guard case .scalar(let scalar) = node else { return nil }
    if scalar.style == .plain || scalar.style == .any,
      ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    {
      return nil
    }
    return scalar.string
  }

  static func key(_ node: Node) -> String { text(node) ?? "" }

  /// Converts a table's list of row mappings to a raw table.
  mutating func table(_ node: Node, schema: TableSchema, allowsExtraColumns: Bool = false) -> (
    RawTable, [Diagnostic]
  ) {
    var diagnostics: [Diagnostic] = []
    var table = RawTable(schema: schema, file: file)
    func note(
      _ severity: Diagnostic.Severity, _ message: String, fix: String?, line: Int?, field: String? = nil
    ) {
      diagnostics.append(
        Diagnostic(severity, message, fix: fix, at: .init(file: file, line: line, field: field)))
    }
    guard case .sequence(let sequence) = node else {
      if YAMLDocument.text(node) == nil, case .scalar = node { return (table, []) }
      note(
        .error, "table '\(schema.name)' is not a list of rows", fix: "write each row as `- column: value`",
        line: node.mark?.line)
      return (table, diagnostics)
    }
    var reportedUnknown: Set<String> = []
    for item in sequence {
      budget -= 1
      guard budget > 0 else {
        note(
          .error, "too many rows or nested values", fix: "split the scenario or remove YAML aliases",
          line: item.mark?.line)
        return (table, diagnostics)
      }
      guard case .mapping(let mapping) = item else {
        note(
          .error, "a row of '\(schema.name)' is not a mapping of columns to values",
          fix: "write the row as `- column: value, ...`", line: item.mark?.line)
        continue
      }
      var row = RawRow(line: item.mark?.line, cells: [:])
      defer { table.append(line: row.line, cells: row.cells, cellLines: row.cellLines) }
      for (keyNode, value) in mapping {
        budget -= 1
        let name = YAMLDocument.key(keyNode)
        guard schema.column(name) != nil else {
          if !reportedUnknown.contains(name) {
            reportedUnknown.insert(name)
            diagnostics.append(
              RawTable.unknownColumn(
                name, position: nil, schema: schema, allowed: allowsExtraColumns,
                at: .init(file: file, line: keyNode.mark?.line)))
          }
          continue
        }
        row.cellLines[name] = value.mark?.line ?? keyNode.mark?.line
        switch cellText(value) {
        case .success(let text): row.cells[name] = text
        case .failure(let problem):
          note(.error, problem.message, fix: problem.fix, line: value.mark?.line, field: name)
        }
      }
    }
    return (table, diagnostics)
  }

  struct CellProblem: Error {
    var message: String
    var fix: String
  }

  /// A cell's text: a scalar as written, a list joined with `;`, a mapping as `key=value` pairs.
  mutating func cellText(_ node: Node) -> Result<String, CellProblem> {
    switch node {
    case .scalar: return .success(YAMLDocument.text(node) ?? "")
    case .sequence(let items):
      var parts: [String] = []
      for item in items {
        budget -= 1
        guard case .scalar = item, budget > 0 else {
          return .failure(
            CellProblem(message: "a list may hold only plain values", fix: "write the list as [a, b]"))
        }
        parts.append(YAMLDocument.text(item) ?? "")
      }
      return .success(parts.joined(separator: ";"))
    case .mapping(let pairs):
      var parts: [String] = []
      for (key, value) in pairs {
        budget -= 1
        guard case .scalar = value, budget > 0 else {
          return .failure(
            CellProblem(
              message: "shares must map companies to numbers", fix: "write shares as {posco: 0.2, kia: 0.15}")
          )
        }
        parts.append(YAMLDocument.key(key) + "=" + (YAMLDocument.text(value) ?? ""))
      }
      return .success(parts.joined(separator: ";"))
    case .alias:
      return .failure(CellProblem(message: "YAML aliases are not supported", fix: "write the value out"))
    }
  }
}
