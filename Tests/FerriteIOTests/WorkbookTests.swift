import FerriteIO
import FerriteModel
import Foundation
import Testing
import ZIPFoundation

/// Scenarios as Excel workbooks, both ways, checked against workbooks another program writes.
@Suite("Excel workbooks")
struct WorkbookTests {
  /// python3 with openpyxl (scripts/test installs it); in CI its absence is a failure, elsewhere a skip.
  static let openpyxl: Bool = {
    let found = (try? python("import openpyxl")) != nil
    if !found, ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record("openpyxl is missing: run the tests through scripts/test, which installs it")
    }
    return found
  }()

  @Test("the default case and the two-mills fixture round-trip through a workbook to equal models",
    arguments: ["examples/north-america", "Tests/FerriteIOTests/Fixtures/two-mills"])
  func roundTrip(path: String) throws {
    let original = try ScenarioReader().read(Paths.repository.appendingPathComponent(path).path)
    let folder = try ScenarioFolder(files: [:])
    defer { folder.remove() }
    let book = folder.url.appendingPathComponent("book.xlsx").path
    try ScenarioWriter().write(original, to: book)
    let loaded = ScenarioReader().load(book)
    #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
    #expect(loaded.scenario == original)
    let workbook = ScenarioWorkbook.workbook(original)
    #expect(workbook.sheets.first?.name == "settings" && workbook.sheets.last?.name == "README")
  }

  @Test("formulas and error values are refused with sheet, row and cell; shared strings, booleans and dates read")
  func strictCells() throws {
    // A hand-made workbook: the header in shared strings, row 2 a formula in D2, row 3 an error
    // value in D3, row 4 a period written as a date (style 1 = built-in format 14; serial 46568 is
    // 2027-06-30) and a boolean `hard` cell.
    let sheet = """
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
      <row r="2"><c r="A2" t="inlineStr"><is><t>plant-1</t></is></c><c r="B2" t="s"><v>5</v></c><c r="C2"><v>2026</v></c><c r="D2"><f>SUM(1,2)</f><v>3</v></c></row>
      <row r="3"><c r="A3" t="inlineStr"><is><t>plant-1</t></is></c><c r="B3" t="s"><v>5</v></c><c r="C3"><v>2027</v></c><c r="D3" t="e"><v>#N/A</v></c></row>
      <row r="4"><c r="A4" t="inlineStr"><is><t>plant-2</t></is></c><c r="B4" t="s"><v>5</v></c><c r="C4" s="1"><v>46568</v></c><c r="D4"><v>12.5</v></c><c r="E4" t="b"><v>1</v></c></row>
      </sheetData></worksheet>
      """
    let parts = [
      "xl/workbook.xml": """
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="demand" sheetId="1" r:id="rId1"/></sheets></workbook>
        """,
      "xl/_rels/workbook.xml.rels": """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
        """,
      "xl/styles.xml": """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>
        """,
      "xl/sharedStrings.xml": """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>site</t></si><si><t>product</t></si><si><t>period</t></si><si><r><t>quan</t></r><r><t>tity</t></r></si><si><t>hard</t></si><si><t>coil</t></si></sst>
        """,
      "xl/worksheets/sheet1.xml": sheet,
    ]
    let archive = try Archive(accessMode: .create)
    for (path, text) in parts {
      let data = Data(text.utf8)
      try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
        position, size in data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    let loaded = ScenarioReader().load(workbook: try #require(archive.data), named: "plan.xlsx")
    let errors = loaded.diagnostics.filter { $0.severity == .error }
    #expect(
      errors.contains { $0.description.hasPrefix("plan.xlsx, sheet demand:2") && $0.message.contains("cell D2 holds a formula") },
      "\(errors.map(\.description))")
    #expect(errors.contains { $0.location?.line == 3 && $0.message.contains("cell D3 holds an error value") })
    // The rich-text header "quan"+"tity" is the quantity column, the date a year, `hard` a boolean:
    // nothing on row 4 is wrong but the sites the other sheets would define.
    #expect(!errors.contains { $0.location?.line == 4 && ["period", "quantity", "hard"].contains($0.location?.field) },
      "\(errors.map(\.description))")
    #expect(errors.contains { $0.message.contains("missing sheet sites") })
  }

  @Test("a workbook openpyxl writes reads into the same model as the folder", .enabled(if: openpyxl, "openpyxl is not installed"))
  func writtenByOpenpyxl() throws {
    let original = try ScenarioReader().read(Paths.fixture("two-mills"))
    let folder = try ScenarioFolder(files: [:])
    defer { folder.remove() }
    let book = folder.url.appendingPathComponent("openpyxl.xlsx").path
    // Each CSV becomes a sheet; numbers are written as numbers, the settings as key/value rows with
    // the periods as text and the year columns as numbers, as a planner typing them would.
    try WorkbookTests.python("""
      import csv, openpyxl, os, sys
      source, target = sys.argv[1], sys.argv[2]
      book = openpyxl.Workbook()
      settings = book.active
      settings.title = "settings"
      settings.append(["key", "value"])
      settings.append(["name", "Two mills, three plants"])
      settings.append(["periods", "2026-2027"])
      settings.append(["discount_rate", 0.08])
      settings.append(["currency", "USD"])
      settings.append(["options.objective", "cost"])
      def cell(text):
          try:
              return int(text)
          except ValueError:
              try:
                  return float(text)
              except ValueError:
                  return text if text != "" else None
      for name in sorted(os.listdir(source)):
          if not name.endswith(".csv"):
              continue
          sheet = book.create_sheet(name[:-4])
          with open(os.path.join(source, name), newline="") as handle:
              rows = [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
          sheet.append(rows[0])
          for row in rows[1:]:
              sheet.append([cell(value) if rows[0][i] not in ("id", "hs_code", "name") else value for i, value in enumerate(row)])
      book.save(target)
      """, arguments: [Paths.fixture("two-mills"), book])
    let loaded = ScenarioReader().load(book)
    #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
    var expected = original
    expected.settings.description = ""
    #expect(loaded.scenario == expected)
  }

  @Test("openpyxl reads every value of a workbook Ferrite writes", .enabled(if: openpyxl, "openpyxl is not installed"))
  func readByOpenpyxl() throws {
    let scenario = try ScenarioReader().read(Paths.repository.appendingPathComponent("examples/north-america").path)
    let folder = try ScenarioFolder(files: [:])
    defer { folder.remove() }
    let book = folder.url.appendingPathComponent("ferrite.xlsx").path
    try ScenarioWriter().write(scenario, to: book)
    let dump = try WorkbookTests.python("""
      import json, openpyxl, sys
      book = openpyxl.load_workbook(sys.argv[1])
      print(json.dumps({sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}))
      """, arguments: [book])
    let sheets = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: [[Any]]])
    let workbook = ScenarioWorkbook.workbook(scenario)
    #expect(Set(sheets.keys) == Set(workbook.sheets.map(\.name)))
    for sheet in workbook.sheets {
      let rows = try #require(sheets[sheet.name])
      #expect(rows.count == sheet.rows.count, "\(sheet.name)")
      for (row, theirs) in zip(sheet.rows, rows) {
        for (column, cell) in row.cells {
          let value = column < theirs.count ? theirs[column] : NSNull()
          switch cell {
          case .text(let text): #expect(value as? String == text, "\(sheet.name) \(Workbook.reference(column: column, row: row.number))")
          case .number(let number): #expect((value as? NSNumber)?.doubleValue == number, "\(sheet.name) \(Workbook.reference(column: column, row: row.number))")
          case .boolean(let flag): #expect((value as? NSNumber)?.boolValue == flag)
          }
        }
      }
    }
  }

  /// Runs `script` with python3; returns its standard output, throws on a non-zero exit.
  @discardableResult
  static func python(_ script: String, arguments: [String] = []) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problem = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw PythonFailure(message: String(decoding: problem, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
  }

  struct PythonFailure: Error { var message: String }
}
