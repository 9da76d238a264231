import FerriteIO
import FerriteModel
import Foundation
import Testing

/// Hundreds of deterministic mutations of valid scenarios: the reader must answer each with
/// diagnostics (or a valid scenario), never crash, hang or print an unreadable message.
@Suite("Fuzzing")
struct FuzzTests {
  /// The CSV and YAML files of a scenario that uses every table.
  static func baseFiles() throws -> [String: Data] {
    let folder = try ScenarioFolder(files: [:])
    defer { folder.remove() }
    try ScenarioWriter().writeFolder(RoundTripTests.everyTable, to: folder.path)
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[name] = try Data(contentsOf: folder.url.appendingPathComponent(name))
    }
    return files
  }

  enum Mutation: CaseIterable {
    case truncate, randomBytes, dropComma, duplicateLine, deleteLine, strayQuote, garbageCell, swapLines,
      emptyFile
  }

  static let garbage = [
    "", "-1", "1e400", "NaN", "inf", "∞", "x", "\"", "0x10", "2026.5", "99999999999999999999", ";;;", "=",
    "a=b=c",
    String(repeating: "z", count: 70_000), "\u{0}", "KR;US;", "-", "*", "yes please",
  ]

  static func mutate(_ data: Data, _ mutation: Mutation, _ random: inout SplitMix64) -> Data {
    var bytes = [UInt8](data)
    var lines = String(decoding: bytes, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false
    ).map(String.init)
    func pickLine() -> Int { Int.random(in: 0..<max(1, lines.count), using: &random) }
    switch mutation {
    case .truncate:
      bytes = Array(bytes.prefix(Int.random(in: 0...max(0, bytes.count), using: &random)))
      return Data(bytes)
    case .randomBytes:
      for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
        bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
      }
      return Data(bytes)
    case .dropComma:
      let index = pickLine()
      if let comma = lines[index].firstIndex(of: ",") { lines[index].remove(at: comma) }
    case .duplicateLine:
      let index = pickLine()
      lines.insert(lines[index], at: index)
    case .deleteLine:
      lines.remove(at: pickLine())
    case .strayQuote:
      let index = pickLine()
      let position = lines[index].index(
        lines[index].startIndex, offsetBy: Int.random(in: 0...lines[index].count, using: &random))
      lines[index].insert("\"", at: position)
    case .garbageCell:
      let index = pickLine()
      var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let value = garbage[Int.random(in: 0..<garbage.count, using: &random)]
      cells[Int.random(in: 0..<cells.count, using: &random)] = value.contains(",") ? "\"\(value)\"" : value
      lines[index] = cells.joined(separator: ",")
    case .swapLines:
      let a = pickLine(), b = pickLine()
      lines.swapAt(a, b)
    case .emptyFile:
      return Data()
    }
    return Data(lines.joined(separator: "\n").utf8)
  }

  /// Every diagnostic names a file and reads as one short line.
  static func checkReadable(_ loaded: LoadedScenario, context: String) {
    for diagnostic in loaded.diagnostics {
      let text = diagnostic.description
      #expect(diagnostic.location?.file.isEmpty == false, "\(context): \(text)")
      #expect(!text.contains("\n") && text.count < 600, "\(context): \(text.prefix(200))")
    }
  }

  @Test("400 mutated scenario folders give diagnostics, never a crash")
  func mutatedFolders() throws {
    let base = try FuzzTests.baseFiles()
    let names = base.keys.sorted()
    var random = SplitMix64(seed: 2026)
    var withDiagnostics = 0
    let start = ContinuousClock.now
    // One folder for all rounds: each round overwrites one file and puts it back afterwards.
    let folder = try ScenarioFolder(bytes: base)
    defer { folder.remove() }
    for round in 0..<400 {
      let mutation = Mutation.allCases[round % Mutation.allCases.count]
      let name = names[Int.random(in: 0..<names.count, using: &random)]
      let url = folder.url.appendingPathComponent(name)
      try FuzzTests.mutate(base[name] ?? Data(), mutation, &random).write(to: url)
      let loaded = ScenarioReader().load(folder.path)
      try (base[name] ?? Data()).write(to: url)
      FuzzTests.checkReadable(loaded, context: "round \(round) \(mutation) \(name)")
      if !loaded.diagnostics.isEmpty { withDiagnostics += 1 }
      // A mutation the reader accepts must still give a scenario the validator is happy with.
      if loaded.isValid, let scenario = loaded.scenario {
        #expect(!ScenarioValidator(scenario).diagnostics().containsErrors)
      }
    }
    // Most mutations break something; a reader that silently accepted them would fail here.
    #expect(withDiagnostics > 300)
    #expect(ContinuousClock.now - start < .seconds(120))
  }

  @Test("shuffling the columns of every table changes nothing")
  func shuffledColumns() throws {
    let base = try FuzzTests.baseFiles()
    var random = SplitMix64(seed: 7)
    for round in 0..<20 {
      var files = base
      for (name, data) in base where name.hasSuffix(".csv") {
        files[name] = FuzzTests.shuffleColumns(data, &random)
      }
      let folder = try ScenarioFolder(bytes: files)
      defer { folder.remove() }
      let loaded = ScenarioReader().load(folder.path)
      // The fixture names packs that a temporary folder cannot find; its rules are in its tables.
      let problems = loaded.diagnostics.filter { !$0.message.hasPrefix("policy pack") }
      #expect(problems.map(\.description) == [], "round \(round)")
      #expect(loaded.scenario == RoundTripTests.everyTable, "round \(round)")
    }
  }

  /// Reorders the columns of a CSV file (header and rows alike), quoting kept intact.
  static func shuffleColumns(_ data: Data, _ random: inout SplitMix64) -> Data {
    let text = String(decoding: data, as: UTF8.self)
    var records: [[String]] = []
    var field = "", record: [String] = [], inQuotes = false
    for character in text {
      if character == "\"" { inQuotes.toggle() }
      if character == "," && !inQuotes {
        record.append(field)
        field = ""
      } else if character == "\n" && !inQuotes {
        record.append(field)
        records.append(record)
        field = ""
        record = []
      } else {
        field.append(character)
      }
    }
    guard let width = records.first?.count else { return data }
    let order = Array(0..<width).shuffled(using: &random)
    return Data(
      records.map { row in order.map { $0 < row.count ? row[$0] : "" }.joined(separator: ",") + "\n" }
        .joined().utf8)
  }

  @Test("300 mutated single-file scenarios (YAML and JSON) give diagnostics, never a crash")
  func mutatedDocuments() throws {
    let writer = ScenarioWriter()
    let documents = [
      ("scenario.yaml", Data(writer.yaml(RoundTripTests.everyTable).utf8)),
      ("scenario.json", Data(writer.json(RoundTripTests.everyTable).utf8)),
    ]
    var random = SplitMix64(seed: 99)
    var withDiagnostics = 0
    for round in 0..<300 {
      let (name, data) = documents[round % 2]
      let mutation = Mutation.allCases[(round / 2) % Mutation.allCases.count]
      let mutated = FuzzTests.mutate(data, mutation, &random)
      let loaded = ScenarioReader().load(document: mutated, named: name)
      FuzzTests.checkReadable(loaded, context: "round \(round) \(mutation) \(name)")
      if !loaded.diagnostics.isEmpty { withDiagnostics += 1 }
    }
    #expect(withDiagnostics > 200)
  }

  @Test("hostile single files: binary, aliases that multiply, deep nesting, not a mapping")
  func hostileDocuments() {
    let reader = ScenarioReader()
    func messages(_ text: String) -> [String] {
      reader.load(document: Data(text.utf8), named: "s.yaml").diagnostics.map(\.description)
    }
    #expect(
      reader.load(document: Data([0x7B, 0x00, 0x7D]), named: "s.json").diagnostics.map(\.description) == [
        "s.json:1: binary content (NUL byte) (give a YAML or JSON text file)"
      ])
    #expect(
      messages("- a\n- b\n") == [
        "s.yaml:1: the document is not a mapping of keys to values (start with `name:` and `periods:`)"
      ])
    #expect(messages("") == ["s.yaml:1: the document is empty (start with `name:` and `periods:`)"])
    // "Billion laughs": each alias doubles the rows; reading must stop at the budget, quickly.
    var bomb = "name: x\nperiods: 2026\nsites:\n  - &a0 {id: s, country: KR, kind: mine}\n"
    bomb += "products: &l0 [*a0, *a0]\n"
    for level in 1...40 { bomb += "k\(level): &l\(level) [*l\(level - 1), *l\(level - 1)]\n" }
    bomb += "demand: *l40\n"
    let start = ContinuousClock.now
    let loaded = reader.load(document: Data(bomb.utf8), named: "s.yaml")
    #expect(loaded.diagnostics.containsErrors)
    #expect(ContinuousClock.now - start < .seconds(30))
    let deep =
      "name: x\nperiods: 2026\nsites: " + String(repeating: "[", count: 5000)
      + String(repeating: "]", count: 5000)
    #expect(reader.load(document: Data(deep.utf8), named: "s.yaml").diagnostics.containsErrors)
  }
}
