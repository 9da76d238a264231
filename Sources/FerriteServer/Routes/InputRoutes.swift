import FerriteIO
import FerriteModel
import FerriteScenarios
import FerriteStore
import Foundation
import HTTPTypes
import Hummingbird

/// A scenario's inputs in the browser: the schema, tables as cells, edits checked and saved as
/// versions, the differences between versions, variants (from the variant language or a
/// planner's shortcut) saved under their base, and the inputs as a workbook (results: `WorkbookRoutes`).
struct InputRoutes: Sendable {
  let store: any ServerStore
  let limits: UploadLimits
  let networks: NetworkCache
  let loader: ScenarioLoader

  var routes: [Route] {
    [
      Route(.get, "/api/schema", role: .viewer) { _, _ in try JSONResponse.make(SchemaBody()) },
      Route(.get, "/api/scenarios/{id}/tables", role: .viewer) { _, context in
        let stored = try await scenario(context)
        let files = try await currentFiles(stored)
        let inputs = try await HeavyWork.run { [loader] in
          ScenarioInputs.read(format: stored.format, files: files, check: loader.load(format: stored.format, files: files))
        }
        return try JSONResponse.make(
          TablesBody(
            version: stored.version, format: stored.format, editable: inputs.editable, reason: inputs.reason,
            tables: inputs.rows))
      },
      Route(.post, "/api/scenarios/{id}/check", role: .viewer) { request, context in
        let stored = try await scenario(context)
        let edit = try await editBody(request)
        let (check, _) = try await checked(edit, of: stored)
        return try JSONResponse.make(ValidationBody(valid: check.valid, diagnostics: check.diagnostics))
      },
      Route(.get, "/api/scenarios/{id}/versions", role: .viewer) { _, context in
        let stored = try await scenario(context)
        return try JSONResponse.make(try await versions(of: stored))
      },
      Route(.post, "/api/scenarios/{id}/versions", role: .editor) { request, context in
        var stored = try await scenario(context)
        let original = stored
        let author = try await self.author(request)
        let edit = try await editBody(request)
        guard !edit.tables.isEmpty else { throw APIError.badRequest("the save changes no table; send {\"tables\": {\"demand\": [...]}}") }
        let (check, edited) = try await checked(edit, of: stored)
        let recorded = try await store.versions(ofScenario: stored.id)
        let number = (recorded.map(\.number).max() ?? stored.version) + 1
        stored.version = number
        stored.format = edited.format
        stored.isValid = check.valid
        stored.errorCount = check.diagnostics.filter { $0.severity == "error" }.count
        stored.warningCount = check.diagnostics.filter { $0.severity == "warning" }.count
        stored.sizeBytes = edited.files.values.reduce(0) { $0 + $1.count }
        let note = edit.note.map { String($0.prefix(200)) } ?? "edited " + edit.tables.keys.sorted().joined(separator: ", ")
        let version = StoredVersion(
          scenarioId: stored.id, number: number, parent: number - 1 >= 1 ? number - 1 : nil, author: author,
          createdAt: Date(), isValid: check.valid, errorCount: stored.errorCount, note: note)
        // Scenarios stored before versions were kept get their upload recorded as version 1 first.
        if recorded.isEmpty {
          try await store.save(
            original,
            version: StoredVersion(
              scenarioId: stored.id, number: 1, parent: nil, author: "upload", createdAt: original.uploadedAt,
              isValid: original.isValid, errorCount: original.errorCount, note: "upload"),
            files: try await store.files(ofScenario: stored.id))
        }
        try await store.save(
          stored, version: version,
          files: edited.files.sorted { $0.key < $1.key }.map { StoredScenarioFile(scenarioId: stored.id, name: $0.key, content: $0.value) })
        networks.forget(stored.id)
        return try JSONResponse.make(
          SavedBody(scenario: stored, version: version, valid: check.valid, diagnostics: check.diagnostics), status: .created)
      },
      Route(.get, "/api/scenarios/{id}/diff", role: .viewer) { request, context in
        let stored = try await scenario(context)
        let number = try request.integer("version", default: stored.version, in: 1...max(1, stored.version))
        let against = try request.integer("against", default: max(1, number - 1), in: 1...max(1, stored.version))
        let old = try await inputs(of: stored, version: against)
        let new = try await inputs(of: stored, version: number)
        return try JSONResponse.make(
          DiffBody(version: number, against: against, tables: TableDiff.tables(from: old.rows, to: new.rows)))
      },
      Route(.post, "/api/scenarios/{id}/variants/preview", role: .viewer) { request, context in
        let stored = try await scenario(context)
        let (variant, base) = try await variant(request, of: stored)
        let outcome: VariantBody
        do throws(VariantError) {
          outcome = VariantBody(name: variant.name, text: variant.text, previews: try variant.preview(on: base), problems: [])
        } catch {
          outcome = VariantBody(name: variant.name, text: variant.text, previews: [], problems: error.problems.map(Self.words))
        }
        return try JSONResponse.make(outcome)
      },
      Route(.post, "/api/scenarios/{id}/variants", role: .editor) { request, context in
        let stored = try await scenario(context)
        let author = try await self.author(request)
        let (variant, base) = try await variant(request, of: stored)
        let tables: ScenarioTables
        do throws(VariantError) {
          tables = try variant.apply(to: base)
        } catch {
          throw APIError(.unprocessableContent, "invalid-variant", error.problems.map(Self.words).joined(separator: "; "))
        }
        let edited = ScenarioInputs.document(tables)
        let check = try await loader.load(format: edited.format, files: edited.files)
        let id = UUID().uuidString.lowercased()
        // Named by the variant alone: the tree and the scenario list show it under its base.
        let variantScenario = StoredScenario(
          id: id, name: String(variant.name.prefix(200)), format: edited.format,
          isValid: check.scenario != nil, errorCount: check.errorCount, warningCount: check.warningCount,
          sizeBytes: edited.files.values.reduce(0) { $0 + $1.count }, uploadedAt: Date(), version: 1, baseId: stored.id,
          baseVersion: stored.version, variant: variant.text)
        try await store.save(
          variantScenario,
          version: StoredVersion(
            scenarioId: id, number: 1, parent: nil, author: author, createdAt: variantScenario.uploadedAt,
            isValid: variantScenario.isValid, errorCount: check.errorCount, note: "variant of \(stored.name) v\(stored.version)"),
          files: edited.files.map { StoredScenarioFile(scenarioId: id, name: $0.key, content: $0.value) })
        var body = ScenarioBody(
          scenario: variantScenario, files: edited.files.map { .init(name: $0.key, bytes: $0.value.count) }, diagnostics: [],
          ignored: nil)
        body.diagnostics = check.diagnostics.map(DiagnosticBody.init)
        return try JSONResponse.make(body, status: .created)
      },
      Route(.get, "/api/scenarios/{id}/workbook", role: .viewer) { _, context in
        let stored = try await scenario(context)
        let check = try await loader.load(stored, store: store)
        guard let scenario = check.scenario else {
          throw APIError(.unprocessableContent, "invalid-scenario", "the scenario has errors; validate it to see them")
        }
        let data = try await HeavyWork.run { try WorkbookWriter().data(ScenarioWorkbook.workbook(scenario)) }
        return Self.attachment(data, name: WorkbookRoutes.fileName(stored.name) + "-inputs.xlsx")
      },
    ]
  }

  // MARK: Helpers

  func scenario(_ context: BasicRequestContext) async throws -> StoredScenario {
    let id = try context.parameter("id")
    guard let stored = try await store.scenario(id: id) else { throw APIError.notFound("scenario", id) }
    return stored
  }

  func currentFiles(_ stored: StoredScenario) async throws -> [String: Data] {
    Self.dictionary(try await store.files(ofScenario: stored.id))
  }

  static func dictionary(_ files: [StoredScenarioFile]) -> [String: Data] {
    Dictionary(files.map { ($0.name, $0.content) }, uniquingKeysWith: { first, _ in first })
  }

  /// The caller's token label and the start of its id: who saved a version.
  func author(_ request: Request) async throws -> String {
    let header = request.headers[.authorization] ?? ""
    let token = header.hasPrefix("Bearer ") ? header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces) : ""
    guard let stored = try await store.token(hash: TokenIssuer.hash(token)) else { return "unknown" }
    return "\(stored.label.isEmpty ? stored.role.rawValue : stored.label) (\(stored.id.prefix(8)))"
  }

  /// The versions of `stored`; one standing for the upload when none was recorded.
  func versions(of stored: StoredScenario) async throws -> [StoredVersion] {
    let recorded = try await store.versions(ofScenario: stored.id)
    if !recorded.isEmpty { return recorded }
    return [
      StoredVersion(
        scenarioId: stored.id, number: 1, parent: nil, author: "upload", createdAt: stored.uploadedAt,
        isValid: stored.isValid, errorCount: stored.errorCount, note: StoredVersion.uploadNote)
    ]
  }

  /// The cells of one version's files.
  func inputs(of stored: StoredScenario, version: Int) async throws -> ScenarioInputs {
    var files = Self.dictionary(try await store.files(ofScenario: stored.id, version: version))
    // Scenarios stored before versions were kept have only their current files.
    if files.isEmpty, version == stored.version { files = try await currentFiles(stored) }
    let format = ScenarioInputs.format(of: files.keys, stored: stored.format)
    let snapshot = files
    return try await HeavyWork.run { [loader] in
      ScenarioInputs.read(format: format, files: snapshot, check: loader.load(format: format, files: snapshot))
    }
  }

  func editBody(_ request: Request) async throws -> EditBody {
    var request = request
    let buffer = try await request.collectBody(limit: limits.maximumUploadBytes, of: "an edit")
    let edit: EditBody
    do {
      edit = try JSONResponse.decodeRequest(EditBody.self, from: Data(buffer.readableBytesView))
    } catch {
      throw APIError.badRequest(
        "the body must be JSON like {\"tables\": {\"demand\": [{\"site\": \"hmma\", \"product\": \"galvanized-coil\", \"period\": \"2030\", \"quantity\": \"1000\"}]}} with every cell as text")
    }
    let known = Set(ScenarioSchema.tables.map(\.name))
    let unknown = edit.tables.keys.filter { !known.contains($0) }.sorted()
    guard unknown.isEmpty else {
      throw APIError.badRequest(
        "unknown table" + (unknown.count == 1 ? " " : "s ") + unknown.map { "'\(String($0.prefix(40)))'" }.joined(separator: ", ")
          + "; tables: " + known.sorted().joined(separator: ", "))
    }
    return edit
  }

  /// The stored scenario with `edit` applied, read and validated as an upload is, every
  /// diagnostic pinned to its table, row and column.
  func checked(_ edit: EditBody, of stored: StoredScenario) async throws -> (CheckedBody, ScenarioInputs.Edited) {
    let files = try await currentFiles(stored)
    let loader = self.loader
    return try await HeavyWork.run {
      let edited = try ScenarioInputs.apply(
        edit.tables, format: stored.format, files: files,
        scenario: loader.load(format: stored.format, files: files).scenario)
      let check = loader.load(format: edited.format, files: edited.files)
      // Rows as they now are, to find the row a diagnostic's key names.
      var rows = ScenarioInputs.read(format: edited.format, files: edited.files, check: check).rows
      for (name, edited) in edit.tables { rows[name] = edited }
      let diagnostics = check.diagnostics.map { edited.pinned($0, tables: rows) }
      return (CheckedBody(valid: check.scenario != nil, diagnostics: diagnostics), edited)
    }
  }

  /// The variant a request asks for (variant text or a shortcut) and the base's tables it applies to.
  func variant(_ request: Request, of stored: StoredScenario) async throws -> (Variant, ScenarioTables) {
    var request = request
    let buffer = try await request.collectBody(limit: 1 << 20, of: "a variant request")
    let body: VariantRequest
    do {
      body = try JSONResponse.decodeRequest(VariantRequest.self, from: Data(buffer.readableBytesView))
    } catch {
      throw APIError.badRequest(
        "the body must be JSON like {\"shortcut\": {\"kind\": \"delay-capacity-option\", \"option\": \"louisiana-mill\", \"years\": 2}} or {\"text\": \"name: ...\\nchanges: [...]\"}")
    }
    let check = try await loader.load(stored, store: store)
    guard let scenario = check.scenario else {
      throw APIError(
        .unprocessableContent, "invalid-scenario", "the base has \(check.errorCount) error(s); fix them before making variants of it")
    }
    let base = ScenarioTables(scenario)
    var variant: Variant
    if let shortcut = body.shortcut {
      do throws(VariantProblem) {
        variant = try shortcut.shortcut().variant(of: base)
      } catch {
        throw APIError(.unprocessableContent, "invalid-variant", error.message + (error.fix.map { " (\($0))" } ?? ""))
      }
    } else if let text = body.text {
      do throws(VariantError) {
        variant = try VariantReader().parse(text, file: "variant.yaml", name: "variant")
      } catch {
        throw APIError(.unprocessableContent, "invalid-variant", error.problems.map(Self.words).joined(separator: "; "))
      }
    } else {
      throw APIError.badRequest("give a shortcut or the variant's text")
    }
    if let name = body.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty { variant.name = String(name.prefix(100)) }
    return (variant, base)
  }

  static func words(_ problem: VariantError.Problem) -> String {
    (problem.change.map { "'\($0)': " } ?? "") + problem.message + (problem.fix.map { " (\($0))" } ?? "")
  }

  static func attachment(_ data: Data, name: String) -> Response {
    var response = JSONResponse.data(data, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if let disposition = HTTPField.Name("Content-Disposition") {
      response.headers[disposition] = "attachment; filename=\"\(name)\""
    }
    return response
  }
}

extension StoredVersion {
  static let uploadNote = "upload"
}

/// Edited tables: every row of each table that changed, cells as text.
struct EditBody: Codable, Sendable {
  var tables: [String: [[String: String]]]
  /// What the save was, in a few words.
  var note: String?
}

/// A check of edited tables: whether they validate and every diagnostic, pinned to its cell.
struct CheckedBody: Codable, Sendable {
  var valid: Bool
  var diagnostics: [DiagnosticBody]
}

struct TablesBody: Codable, Sendable {
  var version: Int
  var format: String
  var editable: Bool
  var reason: String?
  var tables: [String: [[String: String]]]
}

struct SavedBody: Codable, Sendable {
  var scenario: StoredScenario
  var version: StoredVersion
  var valid: Bool
  var diagnostics: [DiagnosticBody]
}

struct DiffBody: Codable, Sendable {
  var version: Int
  var against: Int
  var tables: [TableDiff]
}

struct VariantBody: Codable, Sendable {
  var name: String
  var text: String
  var previews: [VariantPreview]
  var problems: [String]
}

/// A variant to preview or save: the variant language's text, or one of the planner's shortcuts.
struct VariantRequest: Codable, Sendable {
  var name: String?
  var text: String?
  var shortcut: ShortcutBody?
}

/// A shortcut as the web app sends it: `kind` and the fields that kind needs.
struct ShortcutBody: Codable, Sendable {
  var kind: String
  var option: String?
  var years: Int?
  var product: String?
  var region: String?
  var from: Int?
  var factor: Double?
  var rule: String?
  var rate: Double?
  var jurisdiction: String?
  var price: Double?

  static let kinds = ["delay-capacity-option", "scale-demand", "set-tariff-rate", "set-carbon-price"]

  func shortcut() throws(VariantProblem) -> VariantShortcut {
    func required<Value>(_ value: Value?, _ name: String) throws(VariantProblem) -> Value {
      guard let value else { throw VariantProblem("the shortcut '\(kind)' needs '\(name)'") }
      return value
    }
    switch kind {
    case "delay-capacity-option":
      return .delayCapacityOption(option: try required(option, "option"), years: try required(years, "years"))
    case "scale-demand":
      return .scaleDemand(
        product: try required(product, "product"), region: region, from: try required(from, "from"),
        factor: try required(factor, "factor"))
    case "set-tariff-rate": return .setTariffRate(rule: try required(rule, "rule"), rate: try required(rate, "rate"))
    case "set-carbon-price":
      return .setCarbonPrice(
        jurisdiction: try required(jurisdiction, "jurisdiction"), from: try required(from, "from"),
        price: try required(price, "price"))
    default:
      throw VariantProblem("unknown shortcut '\(String(kind.prefix(40)))'", fix: "shortcuts: " + Self.kinds.joined(separator: ", "))
    }
  }
}

/// Every table and column of the scenario format, for the grids: types, units, meanings, references.
struct SchemaBody: Codable, Sendable {
  struct Column: Codable, Sendable {
    var name: String
    /// text, identifier, reference, references, number, integer, year, boolean, date, country,
    /// countries, place, places, choice, shares, hsCode, hsCodes.
    var kind: String
    /// The kind in words ("site id", "number").
    var words: String
    /// The table a reference points to.
    var references: String?
    var choices: [String]?
    var unit: String?
    var defaultValue: String?
    var required: Bool
    var minimum: Double?
    var maximum: Double?
    var range: String?
    var meaning: String
  }

  struct TableBody: Codable, Sendable {
    var name: String
    var meaning: String
    var key: [String]
    var required: Bool
    var columns: [Column]
  }

  var tables: [TableBody]

  init() {
    tables = ScenarioSchema.tables.map { table in
      TableBody(
        name: table.name, meaning: table.meaning, key: table.key, required: table.isRequired,
        columns: table.columns.map { column in
          var references: String?
          var choices: [String]?
          let kind: String
          switch column.kind {
          case .text: kind = "text"
          case .identifier: kind = "identifier"
          case .reference(let table):
            kind = "reference"
            references = table.rawValue
          case .references(let table):
            kind = "references"
            references = table.rawValue
          case .number: kind = "number"
          case .integer: kind = "integer"
          case .year: kind = "year"
          case .boolean: kind = "boolean"
          case .date: kind = "date"
          case .country: kind = "country"
          case .countries: kind = "countries"
          case .place: kind = "place"
          case .places: kind = "places"
          case .choice(let words):
            kind = "choice"
            choices = words
          case .shares: kind = "shares"
          case .hsCode: kind = "hsCode"
          case .hsCodes: kind = "hsCodes"
          }
          return Column(
            name: column.name, kind: kind, words: column.kind.words, references: references, choices: choices, unit: column.unit,
            defaultValue: column.defaultValue, required: column.isRequired,
            minimum: column.minimum.flatMap { $0.isFinite ? $0 : nil }, maximum: column.maximum.flatMap { $0.isFinite ? $0 : nil },
            range: column.rangeDescription, meaning: column.meaning)
        })
    }
  }
}
