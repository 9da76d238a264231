import FerriteModel

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
    // Record recipe lines under the key they will have when the model refers to them.
    return Scenario(
      settings: settings, products: products, sites: rows(.sites, TableCoding.site), processes: processes,
      lanes: rows(.lanes, TableCoding.lane), demand: rows(.demand, TableCoding.demand),
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

  /// Decodes every row of `table`, dropping and reporting rows whose key repeats an earlier row's.
  mutating func rows<Row: TableRow>(_ table: Table, _ decode: (inout RowDecoder) -> Row?) -> [Row] {
    guard let raw = tables[table] else { return [] }
    var result: [Row] = []
    result.reserveCapacity(raw.rowCount)
    // The decoded rows by key; the source map keeps it to place later diagnostics.
    var index = RowKeyIndex(capacity: raw.rowCount)
    // One decoder for the whole table: its schema lookups and interned ids carry from row to row.
    var decoder = RowDecoder(table: raw, row: 0)
    for row in 0..<raw.rowCount {
      decoder.row = row
      let value = decode(&decoder)
      if !decoder.diagnostics.isEmpty {
        diagnostics += decoder.diagnostics
        decoder.diagnostics.removeAll()
      }
      guard let value else { continue }
      let key = value.rowKey
      let hash = key.hashValue
      if let position = index.find(hash, where: { result[$0].rowKey == key }) {
        let first = index.rawRow(position)
        let field = raw.schema.key.first
        let what =
          raw.schema.key.count == 1
          ? "duplicate \(table.entityName) '\(key[0])'"
          : "duplicate \(table.entityName) row for "
            + zip(raw.schema.key, key).map { "\($0) '\($1)'" }.joined(separator: ", ")
        let firstPlace = raw.lines[first].map { " (first on line \($0))" } ?? ""
        diagnostics.append(
          Diagnostic(
            .error, what + firstPlace,
            fix: raw.schema.key.count == 1 ? "give each row its own id" : "merge the rows or remove one",
            at: .init(file: raw.file, line: raw.line(of: row, column: field), field: field)))
        continue
      }
      index.append(hash, rawRow: row)
      result.append(value)
    }
    let rows = result
    sourceMap.record(table, index: index, key: { rows[$0].rowKey }, of: raw)
    return result
  }
}
