import FerriteModel
import FerriteStore
import Foundation
import Hummingbird
import Synchronization

/// Upload, list, read, validate and delete scenarios.
struct ScenarioRoutes: Sendable {
  let store: any ServerStore
  let limits: UploadLimits
  let tables: ResultTables
  let networks: NetworkCache
  let loader: ScenarioLoader

  var routes: [Route] {
    [
      Route(.get, "/api/scenarios", role: .viewer) { _, _ in try JSONResponse.make(try await store.scenarios()) },
      Route(.post, "/api/scenarios", role: .editor) { request, _ in try await upload(request) },
      Route(.get, "/api/scenarios/{id}", role: .viewer) { _, context in
        try JSONResponse.make(try await body(try await scenario(context), ignored: nil))
      },
      Route(.delete, "/api/scenarios/{id}", role: .editor) { _, context in
        let stored = try await scenario(context)
        tables.forget(jobs: try await store.jobs(ofScenario: stored.id).map(\.id))
        networks.forget(stored.id)
        try await store.deleteScenario(id: stored.id)
        return Response(status: .noContent)
      },
      Route(.post, "/api/scenarios/{id}/validate", role: .viewer) { _, context in
        let stored = try await scenario(context)
        let check = try await loader.load(stored, store: store)
        var updated = stored
        updated.isValid = check.scenario != nil
        updated.errorCount = check.errorCount
        updated.warningCount = check.warningCount
        if updated != stored { try await store.update(updated) }
        var body = ValidationBody(valid: updated.isValid, diagnostics: check.diagnostics.map(DiagnosticBody.init))
        // Packs the upload lacks but the server supplies: said, so nobody takes them for the upload's own.
        if let scenario = check.scenario, stored.format == "folder" {
          let files = try await store.files(ofScenario: stored.id).map(\.name)
          let served = scenario.settings.policyPacks.filter { pack in !files.contains { $0.hasPrefix("policy/\(pack)/") } }
          if !served.isEmpty { body.serverPacks = served }
        }
        return try JSONResponse.make(body)
      },
      Route(.get, "/api/scenarios/{id}/network", role: .viewer) { _, context in
        let stored = try await scenario(context)
        if let cached = networks.body(of: stored.id) { return JSONResponse.data(cached) }
        guard let scenario = try await readableScenario(stored) else {
          throw APIError(.unprocessableContent, "invalid-scenario", "the scenario has errors; validate it to see them")
        }
        let body = try JSONResponse.encoder.encode(NetworkBody(scenario))
        networks.keep(body, for: stored.id)
        return JSONResponse.data(body)
      },
    ]
  }

  func scenario(_ context: BasicRequestContext) async throws -> StoredScenario {
    let id = try context.parameter("id")
    guard let stored = try await store.scenario(id: id) else { throw APIError.notFound("scenario", id) }
    return stored
  }

  /// The scenario as its current version reads, or else as the newest version that reads: runs
  /// solved an earlier version when a later save has errors, and their maps still need its sites.
  func readableScenario(_ stored: StoredScenario) async throws -> Scenario? {
    if let scenario = try await loader.load(stored, store: store).scenario { return scenario }
    for version in try await store.versions(ofScenario: stored.id).reversed() where version.isValid && version.number != stored.version {
      let files = InputRoutes.dictionary(try await store.files(ofScenario: stored.id, version: version.number))
      let format = ScenarioInputs.format(of: files.keys, stored: stored.format)
      if let scenario = try await loader.load(format: format, files: files).scenario { return scenario }
    }
    return nil
  }

  /// Stores the uploaded scenario even when it has errors, so they can be shown and fixed.
  func upload(_ request: Request) async throws -> Response {
    var request = request
    let buffer = try await request.collectBody(limit: limits.maximumUploadBytes, of: "an upload")
    let fileName = request.query("filename") ?? "scenario.zip"
    // Inflating up to 200 MB takes a while: off the cooperative pool, like reading the scenario.
    let upload = try await HeavyWork.run { [limits] in
      try UploadReader(limits: limits).read(Data(buffer.readableBytesView), fileName: fileName)
    }
    let check = try await loader.load(format: upload.format, files: upload.files)
    let name = request.query("name").map { String($0.prefix(200)) }
      ?? check.scenario?.settings.name
      ?? String(fileName.prefix(200))
    let id = UUID().uuidString.lowercased()
    let stored = StoredScenario(
      id: id, name: name, format: upload.format, isValid: check.scenario != nil, errorCount: check.errorCount,
      warningCount: check.warningCount, sizeBytes: buffer.readableBytes, uploadedAt: Date())
    let author = try await InputRoutes(store: store, limits: limits, networks: networks, loader: loader).author(request)
    try await store.save(
      stored,
      version: StoredVersion(
        scenarioId: id, number: 1, parent: nil, author: author, createdAt: stored.uploadedAt, isValid: stored.isValid,
        errorCount: stored.errorCount, note: StoredVersion.uploadNote),
      files: upload.files.map { StoredScenarioFile(scenarioId: id, name: $0.key, content: $0.value) })
    var body = try await body(stored, ignored: upload.ignored)
    body.diagnostics = check.diagnostics.map(DiagnosticBody.init)
    return try JSONResponse.make(body, status: .created)
  }

  func body(_ stored: StoredScenario, ignored: [String]?) async throws -> ScenarioBody {
    let files = try await store.files(ofScenario: stored.id).map { ScenarioBody.FileBody(name: $0.name, bytes: $0.content.count) }
    var body = ScenarioBody(scenario: stored, files: files, diagnostics: [], ignored: ignored)
    body.versions = try await store.versions(ofScenario: stored.id)
    return body
  }
}

/// The outcome of validating a scenario.
struct ValidationBody: Codable, Sendable {
  var valid: Bool
  var diagnostics: [DiagnosticBody]
  /// Policy packs the scenario names that came from the server's pack folder, not the upload.
  var serverPacks: [String]?
}

/// The encoded network of each scenario read so far; a saved version forgets its scenario's.
final class NetworkCache: Sendable {
  private let bodies = Mutex<[String: Data]>([:])

  func body(of id: String) -> Data? { bodies.withLock { $0[id] } }

  func keep(_ body: Data, for id: String) {
    bodies.withLock { bodies in
      if bodies.count >= 64 { bodies.removeAll() }
      bodies[id] = body
    }
  }

  func forget(_ id: String) { bodies.withLock { $0[id] = nil } }
}
