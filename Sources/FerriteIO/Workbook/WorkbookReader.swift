import FerriteModel
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads the cells of an .xlsx workbook strictly: shared and inline strings, numbers, booleans,
/// and dates (cells with a date format, read as `yyyy-mm-dd`). A formula, an error value or a part
/// that is not there is a problem named by sheet and cell, never a guess.
struct WorkbookReader {
  let file: String
  let limits: ReadLimits
  var diagnostics: [Diagnostic] = []

  init(file: String, limits: ReadLimits) {
    self.file = file
    self.limits = limits
  }

  /// The diagnostic's file for a sheet: `book.xlsx, sheet sites`.
  func place(_ sheet: String?) -> String { sheet.map { "\(file), sheet \($0)" } ?? file }

  mutating func problem(_ message: String, fix: String?, sheet: String? = nil, row: Int? = nil) {
    diagnostics.append(Diagnostic(.error, message, fix: fix, at: .init(file: place(sheet), line: row)))
  }

  /// The workbook held by `parts` (a zip entry's path to its bytes); nil when it cannot be read at all.
  mutating func read(parts: (String) -> Data?) -> Workbook? {
    guard let workbookData = parts("xl/workbook.xml") else {
      problem("this is not an Excel workbook (no xl/workbook.xml inside)", fix: "save it from Excel or LibreOffice as .xlsx")
      return nil
    }
    let book = WorkbookPart.parse(workbookData)
    let relationships = parts("xl/_rels/workbook.xml.rels").map(RelationshipsPart.parse) ?? [:]
    let shared = parts("xl/sharedStrings.xml").map(SharedStringsPart.parse) ?? []
    let dateStyles = parts("xl/styles.xml").map(StylesPart.dateStyles) ?? []
    guard book.sheets.count <= 100 else {
      problem("the workbook has \(book.sheets.count) sheets, more than 100", fix: "keep one sheet per table")
      return nil
    }
    var sheets: [Workbook.Sheet] = []
    for (name, relationship) in book.sheets {
      guard let target = relationships[relationship], let data = parts(Self.partPath(target)) else {
        problem("sheet \(shown(name)) has no worksheet part", fix: "save the workbook again from Excel or LibreOffice")
        continue
      }
      var parser = SheetPart(
        sheet: name, shared: shared, dateStyles: dateStyles, date1904: book.date1904, maximumRows: limits.maximumRows,
        maximumText: limits.maximumFieldLength)
      let rows = parser.parse(data)
      for issue in parser.problems { problem(issue.message, fix: issue.fix, sheet: name, row: issue.row) }
      sheets.append(Workbook.Sheet(name: name, rows: rows))
    }
    return Workbook(sheets: sheets)
  }

  /// A relationship target as a path inside the zip: relative targets live under `xl/`.
  static func partPath(_ target: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts: [Substring] = ["xl"]
    for part in target.split(separator: "/") {
      if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." { parts.append(part) }
    }
    return parts.joined(separator: "/")
  }
}

/// A SAX pass over one XML part, elements by their local name (any namespace prefix dropped).
private final class XMLEvents: NSObject, XMLParserDelegate {
  var start: (String, [String: String]) -> Void = { _, _ in }
  var end: (String) -> Void = { _ in }
  var text: (String) -> Void = { _ in }

  /// Runs the pass; false when the XML is malformed.
  func run(_ data: Data) -> Bool {
    let parser = XMLParser(data: data)
    parser.shouldResolveExternalEntities = false
    parser.delegate = self
    return parser.parse()
  }

  static func local(_ name: String) -> String { name.split(separator: ":").last.map(String.init) ?? name }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {
    var attributes: [String: String] = [:]
    for (key, value) in attributeDict { attributes[Self.local(key)] = value }
    start(Self.local(elementName), attributes)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    end(Self.local(elementName))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
}

/// xl/workbook.xml: the sheets in order with their relationship ids, and the date system.
private enum WorkbookPart {
  static func parse(_ data: Data) -> (sheets: [(String, String)], date1904: Bool) {
    var sheets: [(String, String)] = []
    var date1904 = false
    let events = XMLEvents()
    events.start = { name, attributes in
      if name == "sheet", let sheet = attributes["name"], let id = attributes["id"] { sheets.append((sheet, id)) }
      if name == "workbookPr", let value = attributes["date1904"] { date1904 = value == "1" || value == "true" }
    }
    _ = events.run(data)
    return (sheets, date1904)
  }
}

/// xl/_rels/workbook.xml.rels: relationship id to target.
private enum RelationshipsPart {
  static func parse(_ data: Data) -> [String: String] {
    var targets: [String: String] = [:]
    let events = XMLEvents()
    events.start = { name, attributes in
      if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
    _ = events.run(data)
    return targets
  }
}

/// xl/sharedStrings.xml: each string item's text, rich-text runs joined, phonetic hints left out.
private enum SharedStringsPart {
  static func parse(_ data: Data) -> [String] {
    var strings: [String] = []
    var current = ""
    var inText = false
    var phonetic = 0
    let events = XMLEvents()
    events.start = { name, _ in
      switch name {
      case "si": current = ""
      case "t": inText = phonetic == 0
      case "rPh": phonetic += 1
      default: break
      }
    }
    events.end = { name in
      switch name {
      case "si": strings.append(current)
      case "t": inText = false
      case "rPh": phonetic -= 1
      default: break
      }
    }
    events.text = { text in if inText { current += text } }
    _ = events.run(data)
    return strings
  }
}

/// xl/styles.xml: which cell styles (positions in `cellXfs`) show their number as a date.
private enum StylesPart {
  static func dateStyles(_ data: Data) -> Set<Int> {
    var customFormats: [Int: String] = [:]
    var formats: [Int] = []
    var inCellFormats = false
    let events = XMLEvents()
    events.start = { name, attributes in
      switch name {
      case "numFmt":
        if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { customFormats[id] = code }
      case "cellXfs": inCellFormats = true
      case "xf" where inCellFormats: formats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
      default: break
      }
    }
    events.end = { name in if name == "cellXfs" { inCellFormats = false } }
    _ = events.run(data)
    var styles = Set<Int>()
    for (style, format) in formats.enumerated() where isDate(format, code: customFormats[format]) { styles.insert(style) }
    return styles
  }

  /// Excel's built-in date formats, or a custom code that shows a day, month or year.
  static func isDate(_ format: Int, code: String?) -> Bool {
    if (14...22).contains(format) || (27...36).contains(format) || (45...47).contains(format)
      || (50...58).contains(format)
    {
      return true
    }
    guard let code else { return false }
    var quoted = false
    var bracketed = false
    for character in code.lowercased() {
      switch character {
      case "\"": quoted.toggle()
      case "[": bracketed = true
      case "]": bracketed = false
      case "d", "m", "y" where !quoted && !bracketed: return true
      default: break
      }
    }
    return false
  }
}

/// One worksheet's cells, read with the strictness the scenario needs.
private struct SheetPart {
  struct Problem {
    var message: String
    var fix: String?
    var row: Int?
  }

  let sheet: String
  let shared: [String]
  let dateStyles: Set<Int>
  let date1904: Bool
  let maximumRows: Int
  let maximumText: Int
  var problems: [Problem] = []

  init(sheet: String, shared: [String], dateStyles: Set<Int>, date1904: Bool, maximumRows: Int, maximumText: Int) {
    self.sheet = sheet
    self.shared = shared
    self.dateStyles = dateStyles
    self.date1904 = date1904
    self.maximumRows = maximumRows
    self.maximumText = maximumText
  }

  mutating func parse(_ data: Data) -> [Workbook.Row] {
    final class State {
      var rows: [Workbook.Row] = []
      var rowNumber = 0
      var cells: [Int: Workbook.Cell] = [:]
      var column = -1
      var reference = ""
      var type = "n"
      var style = 0
      var value = ""
      var inline = ""
      var capture: String? = nil  // "v" or "t"
      var inInline = false
      var hasFormula = false
      var problems: [Problem] = []
      var stopped = false
    }
    let state = State()
    let events = XMLEvents()
    let (shared, dateStyles, date1904, maximumRows, maximumText) = (
      self.shared, self.dateStyles, self.date1904, self.maximumRows, self.maximumText
    )
    events.start = { name, attributes in
      guard !state.stopped else { return }
      switch name {
      case "row":
        state.rowNumber = attributes["r"].flatMap { Int($0) } ?? state.rowNumber + 1
        state.cells = [:]
        state.column = -1
        if state.rows.count >= maximumRows {
          state.problems.append(Problem(message: "the sheet has more than \(maximumRows) rows", fix: "split the table", row: state.rowNumber))
          state.stopped = true
        }
      case "c":
        if let reference = attributes["r"], let position = Workbook.position(of: reference) {
          state.column = position.column
          state.reference = reference
        } else {
          state.column += 1
          state.reference = Workbook.reference(column: state.column, row: state.rowNumber)
        }
        state.type = attributes["t"] ?? "n"
        state.style = attributes["s"].flatMap { Int($0) } ?? 0
        state.value = ""
        state.inline = ""
        state.hasFormula = false
      case "v": state.capture = "v"
      case "f": state.hasFormula = true
      case "is": state.inInline = true
      case "t" where state.inInline: state.capture = "t"
      default: break
      }
    }
    events.text = { text in
      switch state.capture {
      case "v"?: state.value += text
      case "t"?: if state.inline.utf8.count <= maximumText { state.inline += text }
      default: break
      }
    }
    events.end = { name in
      guard !state.stopped else { return }
      switch name {
      case "v", "t": state.capture = nil
      case "is": state.inInline = false
      case "row":
        if !state.cells.isEmpty { state.rows.append(Workbook.Row(number: state.rowNumber, cells: state.cells)) }
      case "c":
        let reference = state.reference
        func fail(_ message: String, _ fix: String) {
          state.problems.append(Problem(message: "cell \(reference) " + message, fix: fix, row: state.rowNumber))
        }
        if state.hasFormula {
          fail("holds a formula", "replace it with its value (copy, then paste values only)")
          return
        }
        let value = state.value.trimmingCharacters(in: .whitespaces)
        switch state.type {
        case "s":
          guard let index = Int(value), shared.indices.contains(index) else {
            fail("refers to a shared string that is not there", "save the workbook again from Excel or LibreOffice")
            return
          }
          state.cells[state.column] = .text(shared[index])
        case "inlineStr":
          state.cells[state.column] = .text(state.inline)
        case "str":
          state.cells[state.column] = .text(state.value)
        case "b":
          state.cells[state.column] = .boolean(value == "1" || value == "true")
        case "e":
          fail("holds an error value (\(shown(value)))", "correct the cell or clear it")
        case "d":
          state.cells[state.column] = .text(String(value.prefix(10)))
        default:
          guard !value.isEmpty else { return }
          guard let number = Double(value), number.isFinite else {
            fail("holds \(shown(value)), which is not a number", "write a number")
            return
          }
          if dateStyles.contains(state.style) {
            guard let date = Self.date(serial: number, date1904: date1904) else {
              fail("holds a date out of range", "write a date from 1900 on")
              return
            }
            state.cells[state.column] = .text(date)
          } else {
            state.cells[state.column] = .number(number)
          }
        }
      default: break
      }
    }
    if !events.run(data) {
      problems.append(Problem(message: "the worksheet's XML is damaged", fix: "save the workbook again from Excel or LibreOffice"))
    }
    problems += state.problems
    return state.rows
  }

  /// A spreadsheet date serial as `yyyy-mm-dd` (the 1900 system counts 1900-02-29, which never was).
  static func date(serial: Double, date1904: Bool) -> String? {
    guard serial >= 0, serial < 2_958_466 else { return nil }
    var days = Int(serial.rounded(.down))
    if date1904 {
      days += 1462
    } else if days < 61 {
      days += 1  // Before the phantom 29 February the count starts one day later.
    }
    // Day 0 is 1899-12-30; convert days since 1970-01-01 to a civil date.
    let sinceEpoch = days - 25569
    let z = sinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shifted = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shifted + 2) / 5 + 1
    let month = shifted < 10 ? shifted + 3 : shifted - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))"
  }
}
