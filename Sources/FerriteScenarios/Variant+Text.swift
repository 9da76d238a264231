import FerriteIO
import FerriteModel
import Foundation
import Yams

extension Variant {
  /// The variant as a variant file (docs/sweeps.md): set, scale and remove changes as one-line
  /// statements, added rows as `table:`/`add:` mappings. `VariantReader` reads it back to an equal
  /// variant.
  public var text: String {
    var pairs: [(Node, Node)] = [(Node("name"), Node(name))]
    if !description.isEmpty { pairs.append((Node("description"), Node(description))) }
    if !settings.isEmpty {
      let members = settings.sorted { $0.key < $1.key }.map { key, value -> (Node, Node) in
        switch value {
        case .text(let text): (Node(key), ScenarioTables.scalar(text, quoted: true))
        case .list(let items): (Node(key), .sequence(.init(items.map { ScenarioTables.scalar($0, quoted: true) }, Tag(.seq), .flow)))
        case .mapping(let members):
          (Node(key), .mapping(.init(members.map { (Node($0.0), ScenarioTables.scalar($0.1, quoted: true)) }, Tag(.map), .flow)))
        }
      }
      pairs.append((Node("settings"), .mapping(.init(members, Tag(.map), .flow))))
    }
    let changes = changes.map { change -> Node in
      guard case .add(let rows) = change.action else { return ScenarioTables.scalar(change.description, quoted: true) }
      let schema = ScenarioSchema.schema(of: change.table)
      let items = rows.map { row -> Node in
        let cells = schema.columns.compactMap { column -> (Node, Node)? in
          guard let text = row[column.name], !text.isEmpty else { return nil }
          return (Node(column.name), ScenarioTables.scalar(text, quoted: true))
        }
        return .mapping(.init(cells, Tag(.map), .flow))
      }
      return .mapping(
        .init([(Node("table"), Node(change.table.rawValue)), (Node("add"), .sequence(.init(items, Tag(.seq), .block)))], Tag(.map), .block))
    }
    pairs.append((Node("changes"), .sequence(.init(changes, Tag(.seq), .block))))
    // Serializing plain strings cannot fail.
    return (try? Yams.serialize(node: .mapping(.init(pairs, Tag(.map), .block)), width: -1, allowUnicode: true)) ?? ""
  }

  /// The rows each change touches in `base`, before and after it, for a preview before saving.
  ///
  /// Changes apply in order, as `apply(to:)` does, so a later change sees the earlier ones' rows.
  public func preview(on base: ScenarioTables, limit: Int = 200) throws(VariantError) -> [VariantPreview] {
    var tables = base
    var previews: [VariantPreview] = []
    var problems: [VariantError.Problem] = []
    for change in changes {
      let before = tables.rows(of: change.table)
      let selected = change.selectedRows(in: before)
      do throws(VariantProblem) {
        try change.apply(to: &tables)
      } catch {
        problems.append(.init(change: change, message: error.message, fix: error.fix))
        continue
      }
      let after = tables.rows(of: change.table)
      var preview = VariantPreview(change: change.description, table: change.table.rawValue, matched: selected.count)
      switch change.action {
      case .add(let rows): preview.after = Array(rows.prefix(limit))
      case .remove: preview.before = selected.prefix(limit).map { before[$0] }
      case .set, .scale:
        preview.before = selected.prefix(limit).map { before[$0] }
        preview.after = selected.prefix(limit).map { after[$0] }
      }
      previews.append(preview)
    }
    guard problems.isEmpty else { throw VariantError(variant: name, problems: problems) }
    return previews
  }
}

/// What one change of a variant does to its base: the rows it selects, as they were and as they become.
public struct VariantPreview: Sendable, Equatable, Codable {
  /// The change as a variant statement.
  public var change: String
  public var table: String
  /// How many rows the filter selects (for additions: how many rows are added).
  public var matched: Int
  /// The selected rows before the change (at most the preview's limit).
  public var before: [ScenarioTables.Row] = []
  /// The same rows after it (added rows for an addition, none for a removal).
  public var after: [ScenarioTables.Row] = []

  public init(change: String, table: String, matched: Int) {
    self.change = change
    self.table = table
    self.matched = matched
  }
}
