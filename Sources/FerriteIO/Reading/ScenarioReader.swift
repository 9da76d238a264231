import FerriteModel
import Foundation

/// A scenario as far as it could be read, with every problem found in it.
public struct LoadedScenario: Sendable {
  /// The scenario, unless the files could not be read at all; with errors it is incomplete.
  public var scenario: Scenario?
  /// Every problem found, in file and line order.
  public var diagnostics: [Diagnostic]

  /// Whether the scenario was read and has no errors (warnings allowed).
  public var isValid: Bool { scenario != nil && !diagnostics.containsErrors }
}

/// Thrown when a scenario has errors; lists every one of them.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
  public var diagnostics: [Diagnostic]

  public var description: String {
    diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
  }
}

/// Reads scenario folders (`scenario.yaml` plus CSV tables) and single YAML or JSON files.
///
/// ```swift
/// let scenario = try ScenarioReader().read("examples/north-america")
/// ```
public struct ScenarioReader: Sendable {
  public var limits: ReadLimits
  /// Whether a folder's tables are read on several threads (tests compare with one thread).
  var readsInParallel = true

  public init(limits: ReadLimits = .standard) { self.limits = limits }

  /// Reads and validates the scenario at `path`, throwing every error when there is any.
  public func read(_ path: String) throws(ScenarioError) -> Scenario {
    let loaded = load(path)
    guard let scenario = loaded.scenario, loaded.isValid else {
      throw ScenarioError(diagnostics: loaded.diagnostics)
    }
    return scenario
  }

  /// Reads and validates the scenario at `path`: a folder, a `.yaml`, `.yml` or `.json` file, or an
  /// Excel workbook (`.xlsx`, `ScenarioWorkbook`).
  public func load(_ path: String) -> LoadedScenario {
    var isDirectory: ObjCBool = false
    let name = URL(fileURLWithPath: path).lastPathComponent
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return LoadedScenario(
        scenario: nil,
        diagnostics: [
          Diagnostic(
            .error, "no such file or folder", fix: "give a scenario folder or a .yaml/.json file",
            at: .init(file: path))
        ])
    }
    if isDirectory.boolValue { return loadFolder(URL(fileURLWithPath: path, isDirectory: true)) }
    if let problem = CSVReader.notAFile(path, file: name) {
      return LoadedScenario(scenario: nil, diagnostics: [problem])
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    if size > limits.maximumFileSize {
      return failure(
        name, "file is \(byteSize(size)), more than the limit of \(byteSize(limits.maximumFileSize))",
        fix: "check that this is the right file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return failure(name, "cannot read the file")
    }
    if URL(fileURLWithPath: path).pathExtension.lowercased() == "xlsx" { return load(workbook: data, named: name) }
    return load(document: data, named: name)
  }

  /// Reads and validates a single-file scenario (YAML or JSON) from memory, naming it `name` in diagnostics.
  public func load(document data: Data, named name: String) -> LoadedScenario {
    let parsed = load(document: data, named: name, settingsOnly: false)
    guard parsed.isDocument else { return LoadedScenario(scenario: nil, diagnostics: parsed.diagnostics) }
    return finish(
      settings: parsed.settings, tables: parsed.tables, incomplete: parsed.incomplete,
      diagnostics: parsed.diagnostics, document: name)
  }

  /// What a YAML or JSON document holds before the tables are decoded.
  struct ParsedDocument {
    var isDocument = false
    var settings = ScenarioSettings(name: "", periods: [])
    var tables: [Table: RawTable] = [:]
    var incomplete = Set<Table>()
    var diagnostics: [Diagnostic] = []
    /// The line of each name under `policy_packs`.
    var policyPackLines: [String: Int] = [:]
  }

  /// Parses a document; with `settingsOnly` (a folder's scenario.yaml) tables in it are errors.
  func load(document data: Data, named name: String, settingsOnly: Bool) -> ParsedDocument {
    var result = ParsedDocument()
    func fail(_ message: String, fix: String? = nil) -> ParsedDocument {
      result.diagnostics.append(Diagnostic(.error, message, fix: fix, at: .init(file: name)))
      return result
    }
    guard data.count <= limits.maximumFileSize else {
      return fail(
        "file is \(byteSize(data.count)), more than the limit of \(byteSize(limits.maximumFileSize))",
        fix: "check that this is the right file")
    }
    let start = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    // The CSV reader's check, so NUL bytes and invalid UTF-8 get a line in YAML and JSON too.
    let encoding = data.withUnsafeBytes { raw in
      CSVReader.encodingProblem(in: raw.bindMemory(to: UInt8.self), from: start)
    }
    if let encoding {
      result.diagnostics.append(
        Diagnostic(
          .error, encoding.message,
          fix: encoding.message.hasPrefix("binary") ? "give a YAML or JSON text file" : "save it as UTF-8 text",
          at: .init(file: name, line: encoding.line)))
      return result
    }
    guard let text = String(data: data.dropFirst(start), encoding: .utf8) else {
      return fail("the file is not valid UTF-8", fix: "save it as UTF-8 text")
    }
    let (parsed, parseDiagnostics) = YAMLDocument.parse(text, file: name, limits: limits)
    result.diagnostics = parseDiagnostics
    guard var document = parsed else { return result }
    result.isDocument = true
    var settingsDecoder = SettingsDecoder(file: name)
    let tableNames = Set(ScenarioSchema.tables.map(\.name))
    result.settings = settingsDecoder.decode(document.root, isOtherKey: { tableNames.contains($0) })
    result.diagnostics += settingsDecoder.diagnostics
    result.policyPackLines = settingsDecoder.policyPackLines
    for (keyNode, value) in document.root {
      let key = YAMLDocument.key(keyNode)
      guard let schema = ScenarioSchema.tables.first(where: { $0.name == key }) else { continue }
      if settingsOnly {
        result.diagnostics.append(
          Diagnostic(
            .error, "table '\(key)' is inline in a scenario folder", fix: "move its rows to \(key).csv",
            at: .init(file: name, line: keyNode.mark?.line)))
        continue
      }
      let (table, tableDiagnostics) = document.table(
        value, schema: schema, allowsExtraColumns: result.settings.allowsExtraColumns)
      result.tables[schema.table] = table
      if tableDiagnostics.containsErrors && table.rowCount == 0 { result.incomplete.insert(schema.table) }
      result.diagnostics += tableDiagnostics
    }
    if !settingsOnly {
      for schema in ScenarioSchema.tables where schema.isRequired && result.tables[schema.table] == nil {
        result.incomplete.insert(schema.table)
        result.diagnostics.append(
          Diagnostic(
            .error, "missing table '\(schema.name)'", fix: "add `\(schema.name):` with a list of rows",
            at: .init(file: name, line: 1)))
      }
    }
    return result
  }

  /// The size of the file at `path` in bytes, or nil when there is no such file.
  static func fileSize(_ path: String) -> Int? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
    return (attributes[.size] as? NSNumber)?.intValue ?? 0
  }

  func loadFolder(_ folder: URL) -> LoadedScenario {
    var diagnostics: [Diagnostic] = []
    let settingsFile = folder.appendingPathComponent("scenario.yaml")
    var settings = ScenarioSettings(name: "", periods: [])
    var packLines: [String: Int] = [:]
    let settingsSize = ScenarioReader.fileSize(settingsFile.path)
    if settingsSize == nil {
      diagnostics.append(
        Diagnostic(
          .error, "missing scenario.yaml", fix: "add scenario.yaml with `name:` and `periods:`",
          at: .init(file: "scenario.yaml")))
    } else if let size = settingsSize, size > limits.maximumFileSize {
      diagnostics.append(
        Diagnostic(
          .error, "file is \(byteSize(size)), more than the limit of \(byteSize(limits.maximumFileSize))",
          fix: "check that this is the right file", at: .init(file: "scenario.yaml")))
    } else if let problem = CSVReader.notAFile(settingsFile.path, file: "scenario.yaml") {
      diagnostics.append(problem)
    } else {
      let data = FileManager.default.contents(atPath: settingsFile.path) ?? Data()
      let loaded = load(document: data, named: "scenario.yaml", settingsOnly: true)
      settings = loaded.settings
      packLines = loaded.policyPackLines
      diagnostics += loaded.diagnostics
    }
    // Each table is read on its own thread (as many at once as there are cores); the results are
    // put together in schema order, so diagnostics come out as a sequential read gives them.
    let schemas = ScenarioSchema.tables
    let reads = TableReads(count: schemas.count)
    let reader = CSVReader(limits: limits)
    let allowsExtraColumns = settings.allowsExtraColumns
    let readOne: @Sendable (Int) -> Void = { index in
      reads.set(
        index,
        ScenarioReader.readTable(
          schemas[index], in: folder, reader: reader, allowsExtraColumns: allowsExtraColumns))
    }
    if readsInParallel {
      DispatchQueue.concurrentPerform(iterations: schemas.count, execute: readOne)
    } else {
      for index in schemas.indices { readOne(index) }
    }
    var tables: [Table: RawTable] = [:]
    var incomplete = Set<Table>()
    for (schema, read) in zip(schemas, reads.results) {
      guard let read else { continue }
      diagnostics += read.diagnostics
      if let table = read.table {
        tables[schema.table] = table
      } else if read.isIncomplete {
        incomplete.insert(schema.table)
      }
    }
    let known = Set(ScenarioSchema.tables.map(\.fileName))
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names.sorted() where name.hasSuffix(".csv") && !known.contains(name) {
      diagnostics.append(
        Diagnostic(
          .warning, "unknown table \(name) is ignored",
          fix: Suggestion.fix(for: name, among: known) ?? "see docs/scenario-format.md for the tables",
          at: .init(file: name)))
    }
    let packs = PolicyPacks(limits: limits).read(
      settings.policyPacks, from: folder, lines: packLines, allowsExtraColumns: settings.allowsExtraColumns)
    return finish(
      settings: settings, tables: tables, incomplete: incomplete, diagnostics: diagnostics + packs.diagnostics,
      packs: packs)
  }

  /// One table of a folder as read: the table (nil when missing or unreadable) and its problems.
  struct TableRead {
    var table: RawTable?
    var isIncomplete = false
    var diagnostics: [Diagnostic] = []
  }

  /// The results of reading a folder's tables in parallel, each written once by its own thread.
  final class TableReads: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [TableRead?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ read: TableRead) {
      lock.lock()
      storage[index] = read
      lock.unlock()
    }

    var results: [TableRead?] {
      lock.lock()
      defer { lock.unlock() }
      return storage
    }
  }

  /// Reads the table of `schema` in `folder`: a missing required table is an error, a missing
  /// optional one is no table.
  static func readTable(
    _ schema: TableSchema, in folder: URL, reader: CSVReader, allowsExtraColumns: Bool
  ) -> TableRead {
    let url = folder.appendingPathComponent(schema.fileName)
    guard FileManager.default.fileExists(atPath: url.path) else {
      guard schema.isRequired else { return TableRead() }
      let header = schema.columns.map(\.name).joined(separator: ",")
      return TableRead(
        isIncomplete: true,
        diagnostics: [
          Diagnostic(
            .error, "missing table \(schema.fileName)", fix: "create it with the header \(header)",
            at: .init(file: schema.fileName))
        ])
    }
    let (csv, csvDiagnostics) = reader.read(contentsOf: url, file: schema.fileName)
    guard let csv else { return TableRead(isIncomplete: true, diagnostics: csvDiagnostics) }
    let (table, tableDiagnostics) = RawTable.from(
      csv, schema: schema, file: schema.fileName, allowsExtraColumns: allowsExtraColumns)
    return TableRead(table: table, diagnostics: csvDiagnostics + tableDiagnostics)
  }

  /// Assembles and validates the scenario; `document` names a single-file scenario, the file named
  /// for problems in tables it lacks.
  func finish(
    settings: ScenarioSettings, tables: [Table: RawTable], incomplete: Set<Table>,
    diagnostics readDiagnostics: [Diagnostic], packs: PolicyPacks.Result = .init(), document: String? = nil
  ) -> LoadedScenario {
    var assembler = ScenarioAssembler(tables: tables)
    var scenario = assembler.assemble(settings: settings)
    scenario.policy = PolicyPacks.merge(packs.policy, over: scenario.policy)
    // Rows from packs are placed in the packs' files; the scenario's own rows keep their places.
    assembler.sourceMap.add(packs.sourceMap, replacing: false)
    assembler.sourceMap.fallbackFile = document
    let modelDiagnostics = ScenarioValidator(scenario, incompleteTables: incomplete).diagnostics().map(
      assembler.sourceMap.resolve)
    let all = readDiagnostics + assembler.diagnostics + modelDiagnostics
    return LoadedScenario(scenario: scenario, diagnostics: ScenarioReader.ordered(all))
  }

  /// Diagnostics in reading order: scenario.yaml first, then tables in schema order, then by line.
  static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var rank: [String: Int] = ["scenario.yaml": 0]
    for (index, schema) in ScenarioSchema.tables.enumerated() { rank[schema.fileName] = index + 1 }
    return diagnostics.enumerated().sorted { a, b in
      let fileA = a.element.location.map { rank[$0.file] ?? 999 } ?? 1000
      let fileB = b.element.location.map { rank[$0.file] ?? 999 } ?? 1000
      if fileA != fileB { return fileA < fileB }
      // Files outside the scenario's own tables (policy packs) are grouped by name.
      let nameA = a.element.location?.file ?? "", nameB = b.element.location?.file ?? ""
      if nameA != nameB { return nameA < nameB }
      let lineA = a.element.location?.line ?? 0, lineB = b.element.location?.line ?? 0
      if lineA != lineB { return lineA < lineB }
      return a.offset < b.offset
    }.map(\.element)
  }

  func failure(_ file: String, _ message: String, fix: String? = nil) -> LoadedScenario {
    LoadedScenario(scenario: nil, diagnostics: [Diagnostic(.error, message, fix: fix, at: .init(file: file))])
  }
}
