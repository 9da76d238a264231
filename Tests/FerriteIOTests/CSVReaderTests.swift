import FerriteModel
import Foundation
import Testing

@testable import FerriteIO

/// The CSV reader takes what spreadsheets write and turns everything else into diagnostics.
@Suite("CSV reader")
struct CSVReaderTests {
  func read(_ text: String, limits: ReadLimits = .standard) -> (CSVFile?, [String]) {
    read(Data(text.utf8), limits: limits)
  }

  func read(_ data: Data, limits: ReadLimits = .standard) -> (CSVFile?, [String]) {
    let (file, diagnostics) = CSVReader(limits: limits).read(data, file: "t.csv")
    return (file, diagnostics.map(\.description))
  }

  @Test("quoted fields hold commas, doubled quotes and line breaks; lines are counted")
  func quotedFields() throws {
    let (file, problems) = read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,2,3\n")
    #expect(problems == [])
    let csv = try #require(file)
    #expect(csv.header == CSVRecord(line: 1, fields: ["a", "b", "c"]))
    #expect(
      csv.records == [
        CSVRecord(line: 2, fields: ["x, y", "say \"hi\"", "two\nlines"]),
        CSVRecord(line: 4, fields: ["1", "2", "3"]),
      ])
  }

  @Test("byte-order mark, CRLF, lone CR, blank and comment lines, blank trailing lines")
  func spreadsheetOutput() throws {
    let text =
      "\u{FEFF}# exported by a spreadsheet\r\na,b\r\n\r\n1,2\r\n# note\r\n3,\"4\r\nfour\"\r5,6\r\n\r\n\r\n"
    let (file, problems) = read(text)
    #expect(problems == [])
    let csv = try #require(file)
    #expect(csv.header.fields == ["a", "b"])
    #expect(csv.header.line == 2)
    #expect(
      csv.records == [
        CSVRecord(line: 4, fields: ["1", "2"]),
        CSVRecord(line: 6, fields: ["3", "4\nfour"]),
        CSVRecord(line: 8, fields: ["5", "6"]),
      ])
  }

  @Test("empty fields, a trailing comma and no final line break")
  func emptyFields() throws {
    let (file, problems) = read("a,b,c\n,,\n1,,")
    #expect(problems == [])
    #expect(
      try #require(file).records == [
        CSVRecord(line: 2, fields: ["", "", ""]), CSVRecord(line: 3, fields: ["1", "", ""]),
      ])
  }

  @Test("a quote that never closes is reported at the line it opens")
  func unterminatedQuote() {
    let (file, problems) = read("a,b\n1,2\n3,\"open\n4,5\n")
    #expect(file == nil)
    #expect(
      problems == [
        "t.csv:3: a quoted field opened here is never closed (add the closing \" or remove the opening one)"
      ])
  }

  @Test("text after a closing quote is kept and reported")
  func textAfterQuote() throws {
    let (file, problems) = read("a,b\n\"x\"y,2\n")
    #expect(
      problems == [
        "t.csv:2: text after a closing quote (quote the whole field and double any quote inside it)"
      ])
    #expect(try #require(file).records.first?.fields == ["xy", "2"])
  }

  @Test("binary files and invalid UTF-8 are refused with their line")
  func encodings() {
    var binary = Data("a,b\n1,2\n".utf8)
    binary.append(contentsOf: [0x50, 0x4B, 0x00, 0x03])
    #expect(
      read(binary).1 == [
        "t.csv:3: binary content (NUL byte) (save the table as CSV text (UTF-8), not as a spreadsheet workbook)"
      ])
    var latin1 = Data("a,b\n".utf8)
    latin1.append(contentsOf: [0x4D, 0xE9, 0x78, 0x2C, 0x31, 0x0A])  // "Méx,1" in Latin-1
    #expect(read(latin1).1 == ["t.csv:2: invalid UTF-8 byte 0xE9 (save the file as CSV UTF-8)"])
    #expect(
      read(Data([0xED, 0xA0, 0x80])).1 == ["t.csv:1: invalid UTF-8 byte 0xED (save the file as CSV UTF-8)"])
    #expect(read("").1 == ["t.csv:1: the file is empty (write a header row naming the columns)"])
  }

  @Test("limits on size, columns, field length and rows stop reading early")
  func limits() {
    let small = ReadLimits(maximumFileSize: 1000, maximumColumns: 4, maximumFieldLength: 10, maximumRows: 3)
    #expect(
      read(String(repeating: "a,b\n", count: 300), limits: small).1 == [
        "t.csv: file is 1 KiB, more than the limit of 1000 bytes (split the table or check that this is the right file)"
      ])
    #expect(
      read("a,b,c,d,e,f\n", limits: small).1 == [
        "t.csv:1: more than 4 columns (check the delimiter and that this is the right file)"
      ])
    #expect(
      read("a\n12345678901\n", limits: small).1 == [
        "t.csv:2: a field is longer than 10 bytes (check that this is a CSV table)"
      ])
    #expect(
      read("a\n\"12345678901\"\n", limits: small).1 == [
        "t.csv:2: a field is longer than 10 bytes (check for a quote that is never closed)"
      ])
    #expect(
      read("a\n1\n2\n3\n4\n5\n", limits: small).1 == [
        "t.csv:5: more than 3 rows (split the table or check that this is the right file)"
      ])
  }

  @Test("a million columns or a gigabyte-long line end in a diagnostic, fast")
  func hugeInput() {
    let wide = String(repeating: "x,", count: 1_000_000)
    let start = ContinuousClock.now
    let (file, problems) = read(wide)
    #expect(file == nil)
    #expect(
      problems == ["t.csv:1: more than 256 columns (check the delimiter and that this is the right file)"])
    let long = Data(repeating: 0x41, count: 2_000_000)
    #expect(read(long).1 == ["t.csv:1: a field is longer than 64 KiB (check that this is a CSV table)"])
    #expect(ContinuousClock.now - start < .seconds(20))
  }

  @Test("files larger than the limit are refused before they are read")
  func largeFileOnDisk() throws {
    let folder = try ScenarioFolder(files: ["big.csv": String(repeating: "a,b\n", count: 1000)])
    defer { folder.remove() }
    let limits = ReadLimits(
      maximumFileSize: 100, maximumColumns: 10, maximumFieldLength: 100, maximumRows: 10)
    let (file, problems) = CSVReader(limits: limits).read(
      contentsOf: folder.url.appendingPathComponent("big.csv"), file: "big.csv")
    #expect(file == nil)
    #expect(
      problems.map(\.description) == [
        "big.csv: file is 3 KiB, more than the limit of 100 bytes (split the table or check that this is the right file)"
      ])
  }

  @Test("header problems and ragged rows are reported against the schema")
  func headerAndRaggedRows() throws {
    let text = "id,nmae,id,kind,country\nm,M,x,steel-mill,KR\nn,N\no,O,p,mine,US,extra\n,,,,\n"
    let (file, _) = read(text)
    let (table, problems) = RawTable.from(try #require(file), schema: ScenarioSchema.sites, file: "sites.csv")
    #expect(
      problems.map(\.description) == [
        "sites.csv:1: unknown column 'nmae' (column 2) in table 'sites' (did you mean 'name'? or set `allow_extra_columns: true` in scenario.yaml to ignore extra columns)",
        "sites.csv:1: column 'id' appears twice in the header (remove or rename one of them)",
        "sites.csv:3: warning: row has 2 fields but the header has 5; the missing ones are blank (add the missing commas)",
        "sites.csv:4: row has 6 fields but the header has 5 (quote fields that contain commas, or add the missing header)",
      ])
    // The row of empty fields a spreadsheet leaves behind is skipped.
    #expect(table.rows.map(\.line) == [2, 3, 4])
    #expect(table.rows[0].cells == ["id": "m", "kind": "steel-mill", "country": "KR"])
  }

  @Test("a table saved with semicolons says so")
  func semicolons() throws {
    let (file, _) = read("id;name;country\nm;M;KR\n")
    let (_, problems) = RawTable.from(try #require(file), schema: ScenarioSchema.sites, file: "sites.csv")
    #expect(
      problems.first?.description
        == "sites.csv:1: the header has one column holding ';' (save the file with commas as separators)")
  }

  @Test("written CSV reads back field for field")
  func writerRoundTrip() throws {
    let awkward = ["plain", "with, comma", "with \"quote\"", "two\nlines", "#hash", " padded ", "", "ü"]
    let schema = TableSchema(
      .blocs, key: ["id"], meaning: "test",
      columns: awkward.indices.map { ColumnSchema("c\($0)", .text, "column \($0)") })
    let row = Dictionary(uniqueKeysWithValues: awkward.enumerated().map { ("c\($0.offset)", $0.element) })
    let text = CSVWriter.text(schema: schema, rows: [row, row])
    let (file, problems) = read(text)
    #expect(problems == [])
    #expect(try #require(file).records.map(\.fields) == [awkward, awkward])
  }
}
