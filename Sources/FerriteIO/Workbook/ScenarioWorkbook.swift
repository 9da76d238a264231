import FerriteModel
import Foundation

/// A scenario as an Excel workbook: a `settings` sheet (key, value, meaning), one sheet per table
/// named like the table, and a `README` sheet with every column's type, unit, default and meaning.
/// Reading it back gives an equal scenario (the policy packs' rows are in the tables, as in a
/// single-file scenario).
public enum ScenarioWorkbook {
  static let settingsSheet = "settings"
  static let readmeSheet = "README"

  /// The workbook of `scenario`.
  public static func workbook(_ scenario: Scenario) -> Workbook {
    let writer = ScenarioWriter()
    var settings: [[Workbook.Cell?]] = []
    func meaning(_ key: String) -> Workbook.Cell? {
      let schema = ScenarioSchema.settings.first { $0.name == key } ?? ScenarioSchema.options.first { "options.\($0.name)" == key }
      return schema.map { .text($0.meaning) }
    }
    for (key, value) in writer.settingsMembers(scenario.settings) {
      switch value {
      case .object(let members):
        for (member, value) in members { settings.append([.text("\(key).\(member)"), cell(value), meaning("\(key).\(member)")]) }
      default:
        settings.append([.text(key), cell(value), meaning(key)])
      }
    }
    var sheets = [Workbook.Sheet(name: settingsSheet, header: ["key", "value", "meaning"], rows: settings)]
    for schema in ScenarioSchema.tables {
      let rows = TableCoding.rows(of: schema.table, in: scenario)
      guard schema.isRequired || !rows.isEmpty else { continue }
      sheets.append(
        Workbook.Sheet(
          name: schema.name, header: schema.columns.map(\.name),
          rows: rows.map { row in schema.columns.map { column in cell(row[column.name], kind: column.kind) } }))
    }
    var readme: [[Workbook.Cell?]] = []
    for schema in ScenarioSchema.tables {
      for column in schema.columns {
        readme.append([
          .text(schema.name), .text(column.name), .text(column.kind.words + (column.rangeDescription.map { ", " + $0 } ?? "")),
          column.unit.map { .text($0) }, column.defaultValue.map { .text($0) }, .text(column.isRequired ? "yes" : ""),
          .text(column.meaning),
        ])
      }
    }
    sheets.append(
      Workbook.Sheet(
        name: readmeSheet, header: ["sheet", "column", "type", "unit", "default", "required", "meaning"], rows: readme))
    return Workbook(sheets: sheets)
  }

  static func cell(_ value: JSONValue) -> Workbook.Cell? {
    switch value {
    case .null: nil
    case .bool(let flag): .boolean(flag)
    case .number(let number): .number(number)
    case .string(let text): .text(text)
    case .array(let items):
      .text(items.compactMap { item -> String? in
        switch item {
        case .string(let text): text
        case .number(let number): WorkbookWriter.number(number)
        default: nil
        }
      }.joined(separator: "; "))
    case .object: nil
    }
  }

  /// A table cell typed by its column: numbers and booleans as such, everything else as text.
  static func cell(_ text: String?, kind: ColumnSchema.Kind) -> Workbook.Cell? {
    guard let text, !text.isEmpty else { return nil }
    switch kind {
    case .number, .integer, .year: return ValueParser.number(text).map { .number($0) } ?? .text(text)
    case .boolean: return ValueParser.boolean(text).map { .boolean($0) } ?? .text(text)
    default: return .text(text)
    }
  }

  /// A cell as the text a CSV file would hold; a date in a year column is its year.
  static func text(_ cell: Workbook.Cell, kind: ColumnSchema.Kind?) -> String {
    switch cell {
    case .text(let text):
      if case .year? = kind, text.count == 10, text.dropFirst(4).first == "-", let year = Int(text.prefix(4)) {
        return String(year)
      }
      return text
    case .number(let number): return WorkbookWriter.number(number)
    case .boolean(let flag): return flag ? "true" : "false"
    }
  }
}

extension ScenarioReader {
  /// Reads and validates a scenario workbook (.xlsx) from memory, naming it `name` in diagnostics.
  public func load(workbook data: Data, named name: String) -> LoadedScenario {
    var reader = WorkbookReader(file: name, limits: limits)
    let archive: ZipArchive
    do {
      archive = try ZipArchive(data, maximumEntries: 1_000)
    } catch {
      return LoadedScenario(
        scenario: nil,
        diagnostics: [
          Diagnostic(
            .error, "this is not an Excel workbook (\(error))", fix: "save it from Excel or LibreOffice as .xlsx",
            at: .init(file: name))
        ])
    }
    let entries = Dictionary(archive.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    var budget = limits.maximumFileSize
    var zipProblems: [Diagnostic] = []
    let workbook = reader.read { path in
      guard let entry = entries[path] else { return nil }
      do {
        let data = try archive.extract(entry, limit: budget)
        budget -= data.count
        return data
      } catch {
        zipProblems.append(
          Diagnostic(
            .error, "part \(path) cannot be unpacked (\(error))", fix: "save the workbook again from Excel or LibreOffice",
            at: .init(file: name)))
        return nil
      }
    }
    var diagnostics = zipProblems + reader.diagnostics
    guard let workbook else { return LoadedScenario(scenario: nil, diagnostics: diagnostics) }

    // Settings: the sheet's rows become a YAML document read as scenario.yaml is, with each
    // diagnostic's line turned back into the sheet's row.
    var settings = ScenarioSettings(name: "", periods: [])
    let settingsPlace = reader.place(ScenarioWorkbook.settingsSheet)
    if let sheet = workbook.sheet(ScenarioWorkbook.settingsSheet) {
      let (yaml, rowOfLine) = Self.settingsDocument(sheet)
      let parsed = load(document: Data(yaml.utf8), named: settingsPlace, settingsOnly: true)
      settings = parsed.settings
      diagnostics += parsed.diagnostics.map { diagnostic in
        var moved = diagnostic
        if let line = diagnostic.location?.line { moved.location?.line = rowOfLine[line] }
        return moved
      }
    } else {
      diagnostics.append(
        Diagnostic(
          .error, "missing sheet settings", fix: "add a sheet named settings with rows key, value (name, periods, ...)",
          at: .init(file: name)))
    }

    var tables: [Table: RawTable] = [:]
    var incomplete = Set<Table>()
    for schema in ScenarioSchema.tables {
      guard let sheet = workbook.sheet(schema.name) else {
        if schema.isRequired {
          incomplete.insert(schema.table)
          diagnostics.append(
            Diagnostic(
              .error, "missing sheet \(schema.name)",
              fix: "add a sheet named \(schema.name) with the header " + schema.columns.map(\.name).joined(separator: ", "),
              at: .init(file: name)))
        }
        continue
      }
      guard let csv = Self.csv(sheet, schema: schema) else {
        if schema.isRequired {
          incomplete.insert(schema.table)
          diagnostics.append(
            Diagnostic(.error, "the sheet is empty", fix: "put the column names in its first row", at: .init(file: reader.place(sheet.name))))
        }
        continue
      }
      let (table, tableDiagnostics) = RawTable.from(
        csv, schema: schema, file: reader.place(sheet.name), allowsExtraColumns: settings.allowsExtraColumns)
      diagnostics += tableDiagnostics
      tables[schema.table] = table
    }
    let known = Set(ScenarioSchema.tables.map(\.name) + [ScenarioWorkbook.settingsSheet, ScenarioWorkbook.readmeSheet])
    for sheet in workbook.sheets where !known.contains(sheet.name) {
      diagnostics.append(
        Diagnostic(
          .warning, "unknown sheet \(shown(sheet.name)) is ignored",
          fix: Suggestion.fix(for: sheet.name, among: known) ?? "see docs/scenario-format.md for the tables",
          at: .init(file: name)))
    }
    return finish(settings: settings, tables: tables, incomplete: incomplete, diagnostics: diagnostics, document: name)
  }

  /// The settings sheet as a YAML document, and the sheet row of each of its lines.
  static func settingsDocument(_ sheet: Workbook.Sheet) -> (String, [Int: Int]) {
    var lines = ["# the settings sheet"]
    var rowOfLine: [Int: Int] = [:]
    var options: [(String, String, Int)] = []
    // JSON strings are YAML double-quoted scalars.
    let quoted = JSONValue.quote
    for row in sheet.rows where row.number > (sheet.rows.first?.number ?? 1) {
      guard case .text(let rawKey)? = row.cells[0] else { continue }
      let key = rawKey.trimmingWhitespace()
      guard !key.isEmpty else { continue }
      var value: String
      switch row.cells[1] {
      case .text(let text)?:
        let trimmed = text.trimmingWhitespace()
        value = quoted(trimmed)
        if key == "periods", trimmed.contains(";") {
          value = "[" + ValueParser.items(trimmed).map(quoted).joined(separator: ", ") + "]"
        }
      case .number(let number)?: value = quoted(WorkbookWriter.number(number))
      case .boolean(let flag)?: value = flag ? "true" : "false"
      case nil: value = "\"\""
      }
      if key.hasPrefix("options.") {
        options.append((String(key.dropFirst("options.".count)), value, row.number))
      } else {
        lines.append("\(quoted(key)): \(value)")
        rowOfLine[lines.count] = row.number
      }
    }
    if !options.isEmpty {
      lines.append("options:")
      rowOfLine[lines.count] = options[0].2
      for (key, value, row) in options {
        lines.append("  \(quoted(key)): \(value)")
        rowOfLine[lines.count] = row
      }
    }
    return (lines.joined(separator: "\n") + "\n", rowOfLine)
  }

  /// A table sheet as the CSV reader would have read it: the first row is the header.
  static func csv(_ sheet: Workbook.Sheet, schema: TableSchema) -> CSVFile? {
    guard let headerRow = sheet.rows.first else { return nil }
    let width = (sheet.rows.flatMap { $0.cells.keys }.max() ?? -1) + 1
    let header = (0..<width).map { column in headerRow.cells[column].map { ScenarioWorkbook.text($0, kind: nil) } ?? "" }
    let kinds = header.map { name in schema.columns.first { $0.name == name.trimmingWhitespace() }?.kind }
    let records = sheet.rows.dropFirst().map { row in
      CSVRecord(
        line: row.number,
        fields: (0..<width).map { column in row.cells[column].map { ScenarioWorkbook.text($0, kind: kinds[column]) } ?? "" })
    }
    return CSVFile(header: CSVRecord(line: headerRow.number, fields: header), records: records)
  }
}
