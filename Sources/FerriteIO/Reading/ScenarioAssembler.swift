import FerriteModel
import Foundation

/// Decodes raw tables into a scenario: typed rows, duplicate keys, recipes joined to their processes.
struct ScenarioAssembler {
  var tables: [Table: RawTable]
  var diagnostics: [Diagnostic] = []
  var sourceMap = SourceMap()

  init(tables: [Table: RawTable]) {
    self.tables = tables
    for (table, raw) in tables { sourceMap.files[table] = raw.file }
  }

  mutating func assemble(settings: ScenarioSettings) -> Scenario {
    // Demand, usually most of a scenario's rows, is decoded on a second thread meanwhile; its
    // problems join the others at its place in table order, as if decoded here.
    let demandTable = tables[.demand]
    let pendingDemand = Pending<Decoded<Demand>>()
    if let demandTable {
      DispatchQueue.global().async(group: pendingDemand.group) {
        pendingDemand.value = ScenarioAssembler.decode(demandTable, .demand, TableCoding.demand)
      }
    }
    var products = rows(.products, TableCoding.product)
    let customs = rows(.customsValues, TableCoding.customsValue)
    var processes = rows(.processes, TableCoding.process)
    let recipe = rows(.recipes, TableCoding.recipeLine)

    let productIndex = Dictionary(
      products.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    for value in customs {
      guard let index = productIndex[value.product] else {
        unknown(
          value.reference("product"), "product", value.product.rawValue, among: products.map(\.id.rawValue))
        continue
      }
      products[index].periodCustomsValues.append(value)
    }
    let processIndex = Dictionary(
      processes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    for line in recipe {
      guard let index = processIndex[line.process] else {
        unknown(
          line.reference("process"), "process", line.process.rawValue, among: processes.map(\.id.rawValue))
        continue
      }
      switch line.role {
      case .input: processes[index].inputs.append(line.item)
      case .output: processes[index].outputs.append(line.item)
      }
    }
    let sites = rows(.sites, TableCoding.site)
    let lanes = rows(.lanes, TableCoding.lane)
    pendingDemand.group.wait()
    let demand = demandTable.map { merge(.demand, pendingDemand.value ?? Decoded(), of: $0) } ?? []
    return Scenario(
      settings: settings, products: products, sites: sites, processes: processes,
      lanes: lanes, demand: demand,
      purchases: rows(.purchases, TableCoding.purchase),
      capacityOptions: rows(.capacityOptions, TableCoding.capacityOption),
      policy: Policy(
        blocs: rows(.blocs, TableCoding.bloc), tariffRules: rows(.tariffRules, TableCoding.tariffRule),
        tariffQuotas: rows(.tariffQuotas, TableCoding.tariffQuota),
        originRules: rows(.originRules, TableCoding.originRule),
        carbonPrices: rows(.carbonPrices, TableCoding.carbonPrice),
        carbonCaps: rows(.carbonCaps, TableCoding.carbonCap),
        gridFactors: rows(.gridFactors, TableCoding.gridFactor)))
  }

  mutating func unknown(
    _ reference: RowReference, _ what: String, _ value: String, among candidates: [String]
  ) {
    let fix =
      Suggestion.fix(for: value, among: candidates)
      ?? "add it to \(what == "process" ? "processes" : "products").csv or correct the id"
    diagnostics.append(
      sourceMap.resolve(Diagnostic(.error, "unknown \(what) '\(value)'", fix: fix, row: reference)))
  }

  /// One table's rows decoded, with their problems and the index of their keys.
  struct Decoded<Row: TableRow> {
    var rows: [Row] = []
    var diagnostics: [Diagnostic] = []
    var index = RowKeyIndex()
  }

  /// A value made on another thread, read after `group` is waited for.
  final class Pending<Value>: @unchecked Sendable {
    let group = DispatchGroup()
    var value: Value?
  }

  /// Decodes every row of `table`, dropping and reporting rows whose key repeats an earlier row's.
  mutating func rows<Row: TableRow>(_ table: Table, _ decode: (inout RowDecoder) -> Row?) -> [Row] {
    guard let raw = tables[table] else { return [] }
    return merge(table, ScenarioAssembler.decode(raw, table, decode), of: raw)
  }

  /// Takes the problems and row places of a decoded table; returns its rows.
  mutating func merge<Row: TableRow>(_ table: Table, _ decoded: Decoded<Row>, of raw: RawTable) -> [Row] {
    diagnostics += decoded.diagnostics
    let rows = decoded.rows
    sourceMap.record(table, index: decoded.index, key: { rows[$0].rowKey }, of: raw)
    return rows
  }

  /// Decodes every row of `raw`, dropping and reporting rows whose key repeats an earlier row's.
  static func decode<Row: TableRow>(
    _ raw: RawTable, _ table: Table, _ decode: (inout RowDecoder) -> Row?
  ) -> Decoded<Row> {
    var result = Decoded<Row>(index: RowKeyIndex(capacity: raw.rowCount))
    result.rows.reserveCapacity(raw.rowCount)
    // One decoder for the whole table: its schema lookups and interned ids carry from row to row.
    var decoder = RowDecoder(table: raw, row: 0)
    for row in 0..<raw.rowCount {
      decoder.row = row
      let value = decode(&decoder)
      if !decoder.diagnostics.isEmpty {
        result.diagnostics += decoder.diagnostics
        decoder.diagnostics.removeAll()
      }
      guard let value else { continue }
      let key = value.rowKey
      let hash = key.hashValue
      if let position = result.index.find(hash, where: { result.rows[$0].rowKey == key }) {
        let first = result.index.rawRow(position)
        let field = raw.schema.key.first
        let what =
          raw.schema.key.count == 1
          ? "duplicate \(table.entityName) '\(key[0])'"
          : "duplicate \(table.entityName) row for "
            + zip(raw.schema.key, key).map { "\($0) '\($1)'" }.joined(separator: ", ")
        let firstPlace = raw.lines[first].map { " (first on line \($0))" } ?? ""
        result.diagnostics.append(
          Diagnostic(
            .error, what + firstPlace,
            fix: raw.schema.key.count == 1 ? "give each row its own id" : "merge the rows or remove one",
            at: .init(file: raw.file, line: raw.line(of: row, column: field), field: field)))
        continue
      }
      result.index.append(hash, rawRow: row)
      result.rows.append(value)
    }
    return result
  }
}
