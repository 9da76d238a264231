import FerriteModel
import Foundation
import Testing

@testable import FerriteIO

/// The byte-level reading path: field spans, numbers and ids from bytes, tables read in parallel.
@Suite("Reading from bytes")
struct ByteReadingTests {
  func csv(_ text: String, limits: ReadLimits = .standard) -> (CSVFile?, [String]) {
    let (file, diagnostics) = CSVReader(limits: limits).read(Data(text.utf8), file: "t.csv")
    return (file, diagnostics.map(\.description))
  }

  @Test("quoted fields are unescaped in place and the fields after them keep their text")
  func inPlaceUnescaping() throws {
    // "a""b" shrinks by one byte and "x\r\ny" by one (CRLF becomes \n); the fields after them are
    // spans of the original bytes and must still read 'next' and 'last'.
    let (file, problems) = csv("h1,h2,h3\r\n\"a\"\"b\",next,\"x\r\ny\"\r\nlast,\"\",\r\n")
    #expect(problems == [])
    let records = try #require(file).records
    #expect(records.map(\.fields) == [["a\"b", "next", "x\ny"], ["last", "", ""]])
    #expect(records.map(\.line) == [2, 4])
  }

  @Test("byte-order mark, lone CR inside quotes, no final line end, trailing comma at the end")
  func edges() throws {
    let (file, problems) = csv("\u{FEFF}a,b\r\"1\r2\",3\n4,")
    #expect(problems == [])
    let csv = try #require(file)
    #expect(csv.header == CSVRecord(line: 1, fields: ["a", "b"]))
    #expect(csv.records == [CSVRecord(line: 2, fields: ["1\n2", "3"]), CSVRecord(line: 4, fields: ["4", ""])])
  }

  @Test("only a header, an empty last line, a file of blank lines")
  func headerOnly() throws {
    #expect(try #require(csv("a,b\n").0).records == [])
    #expect(try #require(csv("a,b\n1,2\n\n").0).records == [CSVRecord(line: 2, fields: ["1", "2"])])
    #expect(csv("\n\r\n# only a comment\n").1 == ["t.csv:1: the file is empty (write a header row naming the columns)"])
  }

  @Test("invalid UTF-8 and NUL bytes are diagnostics with their line, in a quoted field too")
  func invalidBytes() {
    var data = Data("a\n\"x\ny".utf8)
    data.append(contentsOf: [0xC3, 0x28])  // a lead byte followed by '(' is no UTF-8
    data.append(contentsOf: Array("\"\n".utf8))
    #expect(
      CSVReader().read(data, file: "t.csv").1.map(\.description) == [
        "t.csv:3: invalid UTF-8 byte 0xC3 (save the file as CSV UTF-8)"
      ])
    #expect(csv("a\n1\n\u{0}\n").1.first?.hasPrefix("t.csv:3: binary content (NUL byte)") == true)
  }

  @Test("a quoted field of exactly the length limit passes, one byte more does not")
  func fieldLimit() {
    let limits = ReadLimits(maximumFileSize: 1000, maximumColumns: 4, maximumFieldLength: 4, maximumRows: 10)
    #expect(csv("a\n\"1\n34\"\n", limits: limits).1 == [])
    #expect(
      csv("a\n\"12345\"\n", limits: limits).1 == [
        "t.csv:2: a field is longer than 4 bytes (check for a quote that is never closed)"
      ])
  }

  @Test("cells are trimmed as text trims them: ASCII spaces, tabs, no-break spaces, not a space before a combining mark")
  func trimming() throws {
    let cells = ["  x ", "\u{A0}y\t", " ", "", " \u{301}z", "\"q\" "]
    for cell in cells {
      let data = [UInt8](cell.utf8)
      let span = data.withUnsafeBufferPointer {
        RawTable.trimmed($0, TextSpan(start: 0, count: UInt32(data.count)))
      }
      let text = String(decoding: data[span.range], as: UTF8.self)
      #expect(text == cell.trimmingWhitespace(), "\(cell)")
    }
  }

  @Test("numbers from bytes equal Double(String), exponents, limits and rejects included")
  func numbers() {
    let corpus = [
      "0", "-0", "+0", "12", "-12", "+7", "0.1", ".5", "5.", "-.5", "123456789", "0.000001",
      "3.14159265358979", "1.7976931348623157", "9007199254740992", "9007199254740993",
      "18446744073709551615", "18446744073709551616", "1234567890123456789012", "0.1234567890123456789",
      "1e6", "1E6", "2.5e-3", "-1e-300", "1e308", "1.8e308", "1e300", "1e400", "4.9e-324", "2e-324", "1e-400",
      "0.0000000000000000000001", "0.00000000000000000000001", "100000000000000000000000",
      "1-2", "--1", "+-1", "1e", "e5", ".", "-", "+", "1..2", "1e5.5", "00012", "0012.500", "1,5", "1 2",
      "inf", "nan", "0x10", "", String(repeating: "1", count: 40), String(repeating: "1", count: 41),
      "6.02214076e23", "1.0000000000000002", "0.30000000000000004", "2251799813685248.5",
      "4503599627370495.5", "123.456e2", "-9999999999999999999",
    ]
    for text in corpus {
      let data = [UInt8](text.utf8)
      let fromBytes = data.withUnsafeBufferPointer {
        ByteValues.number($0, TextSpan(start: 0, count: UInt32(data.count)))
      }
      let fromText = ValueParser.number(text)
      #expect(fromBytes?.bitPattern == fromText?.bitPattern, "\(text)")
    }
    // A deterministic sweep of decimals with up to 17 significant digits and 0 to 25 decimals.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let digits = String(state % 100_000_000_000_000_000)
      let point = Int(state >> 58) % (digits.count + 8)
      let text =
        point >= digits.count
        ? "0." + String(repeating: "0", count: point - digits.count) + digits
        : String(digits.prefix(digits.count - point)) + "." + String(digits.suffix(point))
      let data = [UInt8](text.utf8)
      let fromBytes = data.withUnsafeBufferPointer {
        ByteValues.number($0, TextSpan(start: 0, count: UInt32(data.count)))
      }
      #expect(fromBytes?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }
  }

  @Test("years and ids from bytes agree with the text parsers")
  func yearsAndIDs() {
    for text in ["2026", "1900", "2200", "1899", "2201", "0202", "20a6", "2026.0", "202", "20266"] {
      let data = [UInt8](text.utf8)
      let span = TextSpan(start: 0, count: UInt32(data.count))
      let year = data.withUnsafeBufferPointer { ByteValues.year($0, span) }
      // The byte path answers only the plain four-digit case; the text parser takes the rest.
      if let year { #expect(ValueParser.year(text) == year, "\(text)") }
      if text.count == 4, text.allSatisfy(\.isASCIIDigit) { #expect(year == ValueParser.year(text), "\(text)") }
    }
    let ids = [
      "mill-1", "A.b/c:d_e", "-x", "x y", "é", "9", "", "a" + String(repeating: "b", count: 199),
      "a" + String(repeating: "b", count: 200), "a\u{301}", "Z", "@", "`a", "[", "{",
    ]
    for text in ids {
      let data = [UInt8](text.utf8)
      let isID = data.withUnsafeBufferPointer {
        ByteValues.isIdentifier($0, TextSpan(start: 0, count: UInt32(data.count)))
      }
      #expect(isID == ValueParser.isIdentifier(text), "\(text)")
    }
  }

  @Test("an id's text is made once per table and shared by every row naming it")
  func interning() {
    var interner = IdentifierInterner()
    let data = [UInt8]("customer-1,customer-2,customer-1,bad id".utf8)
    var made = 0
    func intern(_ start: UInt32, _ count: UInt32) -> String? {
      data.withUnsafeBufferPointer { bytes in
        interner.value(bytes, TextSpan(start: start, count: count)) {
          made += 1
          let text = String(decoding: bytes[Int(start)..<Int(start + count)], as: UTF8.self)
          return ValueParser.isIdentifier(text) ? text : nil
        }
      }
    }
    #expect(intern(0, 10) == "customer-1")
    #expect(intern(11, 10) == "customer-2")
    #expect(intern(22, 10) == "customer-1")
    #expect(made == 2)
    // Text that is no id is not kept: asked again, it is checked again.
    #expect(intern(33, 6) == nil)
    #expect(intern(33, 6) == nil)
    #expect(made == 4)
    // Past the first table size, every id is still found.
    var many: [String] = []
    let text = (0..<3000).map { "site-\($0)" }.joined(separator: ",")
    let bytes = [UInt8](text.utf8)
    var big = IdentifierInterner()
    var offset = 0
    for index in 0..<3000 {
      let count = "site-\(index)".utf8.count
      let span = TextSpan(start: UInt32(offset), count: UInt32(count))
      many.append(bytes.withUnsafeBufferPointer { b in big.value(b, span) { "site-\(index)" } } ?? "")
      offset += count + 1
    }
    offset = 0
    var found = 0
    for index in 0..<3000 {
      let count = "site-\(index)".utf8.count
      let span = TextSpan(start: UInt32(offset), count: UInt32(count))
      if bytes.withUnsafeBufferPointer({ b in big.value(b, span) { nil } }) == "site-\(index)" { found += 1 }
      offset += count + 1
    }
    #expect(found == 3000)
  }

  @Test("the default case read on several threads equals the same case read on one, field by field")
  func parallelEqualsSequential() throws {
    let path = Paths.repository.appendingPathComponent("examples/north-america").path
    var sequential = ScenarioReader()
    sequential.readsInParallel = false
    let one = sequential.load(path)
    let many = ScenarioReader().load(path)
    let a = try #require(one.scenario), b = try #require(many.scenario)
    #expect(a.products == b.products)
    #expect(a.sites == b.sites)
    #expect(a.processes == b.processes)
    #expect(a.lanes == b.lanes)
    #expect(a.demand == b.demand)
    #expect(a.purchases == b.purchases)
    #expect(a.capacityOptions == b.capacityOptions)
    #expect(a.policy == b.policy)
    #expect(a == b)
    #expect(one.diagnostics == many.diagnostics)
  }

  @Test("every problem of a broken folder is reported the same on one thread and on several")
  func parallelDiagnostics() throws {
    let folder = try ScenarioFolder(files: [
      "scenario.yaml": "name: t\nperiods: [2026]\n",
      "products.csv": "id,name\nsteel,Steel\nsteel,Again\n",
      "sites.csv": "id,name,country,kind\nm,M,KR,steel-mill\nn,N,XX,mine\n",
      "demand.csv": "site,product,period,quantity\nm,steel,2026,abc\nm,iron,1800,-1\n",
      "lanes.csv": "id,from,to,mode,cost_per_unit\nl,m,n,truck,1e400\n",
    ])
    defer { folder.remove() }
    var sequential = ScenarioReader()
    sequential.readsInParallel = false
    let one = sequential.load(folder.url.path).diagnostics.map(\.description)
    let many = ScenarioReader().load(folder.url.path).diagnostics.map(\.description)
    #expect(one == many)
    #expect(one.count >= 5)
    #expect(one.contains { $0.hasPrefix("demand.csv:2: column 'quantity': 'abc' is not a number") })
    #expect(one.contains { $0.hasPrefix("lanes.csv:2: column 'cost_per_unit': '1e400' is not a finite number") })
  }
}
