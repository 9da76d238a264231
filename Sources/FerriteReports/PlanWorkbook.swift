import FerriteIO
import FerritePlanner
import Foundation

/// A plan as one Excel workbook: a `key figures` sheet, then every table of the plan (the same
/// tables `ferrite solve --out` writes as CSV), numbers as numbers.
public enum PlanWorkbook {
  /// The workbook of `plan`.
  public static func workbook(_ plan: Plan) -> Workbook {
    var sheets: [Workbook.Sheet] = []
    if let key = plan.keyFigures {
      let rows = (key.figures + key.decisions).map { figure -> [Workbook.Cell?] in
        let unit = figure.unit == "money" ? plan.currency : figure.unit
        return [.text(figure.name), .text(unit), figure.value.map { .number($0) }]
      }
      sheets.append(Workbook.Sheet(name: "key figures", header: ["figure", "unit", "value"], rows: rows))
    }
    for table in PlanTables(plan).tables {
      sheets.append(
        Workbook.Sheet(
          name: table.name, header: table.header,
          rows: table.rows.map { row in row.map { text in text.isEmpty ? nil : cell(text) } }))
    }
    return Workbook(sheets: sheets)
  }

  /// The .xlsx file of `plan`.
  public static func data(_ plan: Plan) throws -> Data { try WorkbookWriter().data(workbook(plan)) }

  /// A table cell as a number when it is one, else as text (never a formula: cells are typed).
  static func cell(_ text: String) -> Workbook.Cell {
    if let value = Double(text), value.isFinite, text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true {
      return .number(value)
    }
    return .text(text)
  }
}
