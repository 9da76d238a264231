import Foundation
import ZIPFoundation

/// Writes a `Workbook` as an Office Open XML spreadsheet (.xlsx): inline strings, numbers and
/// booleans, a bold frozen header row per sheet, column widths. Excel, LibreOffice and openpyxl
/// open it; nothing in it is a formula.
public struct WorkbookWriter: Sendable {
  public init() {}

  /// The .xlsx file's bytes.
  public func data(_ workbook: Workbook) throws -> Data {
    let archive = try Archive(accessMode: .create)
    func add(_ path: String, _ text: String) throws {
      let data = Data(text.utf8)
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
      ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
    }
    let count = workbook.sheets.count
    try add("[Content_Types].xml", contentTypes(sheets: count))
    try add("_rels/.rels", Self.packageRelationships)
    try add("xl/workbook.xml", workbookXML(workbook))
    try add("xl/_rels/workbook.xml.rels", workbookRelationships(sheets: count))
    try add("xl/styles.xml", Self.styles)
    for (index, sheet) in workbook.sheets.enumerated() {
      try add("xl/worksheets/sheet\(index + 1).xml", sheetXML(sheet))
    }
    guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
    return data
  }

  /// Writes the workbook to `url`.
  public func write(_ workbook: Workbook, to url: URL) throws {
    try data(workbook).write(to: url, options: .atomic)
  }

  static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  func contentTypes(sheets: Int) -> String {
    var text = Self.header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    text += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    text += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    text += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    text += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    for index in 1...max(1, sheets) where index <= sheets {
      text += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }
    return text + "</Types>"
  }

  static let packageRelationships = header
    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    + "</Relationships>"

  func workbookXML(_ workbook: Workbook) -> String {
    var text = Self.header + "<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationshipsNamespace)\"><sheets>"
    for (index, sheet) in workbook.sheets.enumerated() {
      text += "<sheet name=\"\(Self.escaped(Self.sheetName(sheet.name)))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
    }
    return text + "</sheets></workbook>"
  }

  func workbookRelationships(sheets: Int) -> String {
    var text = Self.header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    for index in 0..<sheets {
      text += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relationshipsNamespace)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
    }
    text += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(Self.relationshipsNamespace)/styles\" Target=\"styles.xml\"/>"
    return text + "</Relationships>"
  }

  /// Style 0 is plain, style 1 bold (headers).
  static let styles = header + "<styleSheet xmlns=\"\(main)\">"
    + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
    + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
    + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
    + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    + "</styleSheet>"

  func sheetXML(_ sheet: Workbook.Sheet) -> String {
    var text = Self.header + "<worksheet xmlns=\"\(Self.main)\">"
    text += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
    if !sheet.columnWidths.isEmpty {
      text += "<cols>"
      for (index, width) in sheet.columnWidths.enumerated() {
        text += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
      }
      text += "</cols>"
    }
    text += "<sheetData>"
    for row in sheet.rows {
      text += "<row r=\"\(row.number)\">"
      let style = row.number == 1 ? " s=\"1\"" : ""
      for column in row.cells.keys.sorted() {
        guard let cell = row.cells[column] else { continue }
        let reference = Workbook.reference(column: column, row: row.number)
        switch cell {
        case .text(let value):
          let space = value.first?.isWhitespace == true || value.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
          text += "<c r=\"\(reference)\" t=\"inlineStr\"\(style)><is><t\(space)>\(Self.escaped(value))</t></is></c>"
        case .number(let value):
          text += "<c r=\"\(reference)\"\(style)><v>\(Self.number(value))</v></c>"
        case .boolean(let value):
          text += "<c r=\"\(reference)\" t=\"b\"\(style)><v>\(value ? 1 : 0)</v></c>"
        }
      }
      text += "</row>"
    }
    return text + "</sheetData></worksheet>"
  }

  /// A number as the shortest text that reads back to the same double; integers without a point.
  static func number(_ value: Double) -> String { JSONValue.format(value) }

  /// Text for XML: markup characters escaped, characters XML 1.0 cannot hold dropped.
  static func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Excel's rules for sheet names: at most 31 characters, none of `: \ / ? * [ ]`.
  static func sheetName(_ name: String) -> String {
    String(name.filter { !":\\/?*[]".contains($0) }.prefix(31))
  }
}
