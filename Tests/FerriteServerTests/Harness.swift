import FerriteServer
import FerriteStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A server over a fresh temporary data folder, or the test PostgreSQL database, with one token
/// of each role.
///
/// Servers on PostgreSQL share the one test database, so each has an instance name of its own and
/// tests look only at what they made.
struct Harness {
  let folder: URL
  let instance: String
  let server: FerriteServer
  let viewer: String
  let editor: String
  let admin: String

  init(
    limits: UploadLimits = .standard, folder: URL? = nil, postgresURL: String? = nil, instance: String? = nil
  ) async throws {
    let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-server-\(UUID().uuidString)")
    self.folder = folder
    let instance = instance ?? "test-\(UUID().uuidString)"
    self.instance = instance
    server = try await FerriteServer(
      configuration: ServerConfiguration(
        port: 0, dataDirectory: folder.path, limits: limits, postgresURL: postgresURL, instance: instance))
    let issuer = TokenIssuer(store: server.store)
    viewer = try await issuer.create(role: .viewer, label: "test viewer")
    editor = try await issuer.create(role: .editor, label: "test editor")
    admin = try await issuer.create(role: .admin, label: "test admin")
  }

  /// Runs `body` against the server listening on a loopback socket.
  func live(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    try await server.application().test(.live) { client in try await body(client) }
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  /// Closes the database and removes the data folder.
  func close() async {
    await server.close()
    remove()
  }
}

/// The database a test's server keeps its records in.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite, postgres

  var testDescription: String { rawValue }

  /// The PostgreSQL URL for `.postgres`: scripts/test starts a database and exports
  /// FERRITE_TEST_POSTGRES_URL; without it the PostgreSQL case fails in CI and is skipped elsewhere.
  /// Throws nothing for SQLite; returns false when the case cannot run here.
  func url() -> (runs: Bool, url: String?) {
    guard self == .postgres else { return (true, nil) }
    if let url = ProcessInfo.processInfo.environment["FERRITE_TEST_POSTGRES_URL"], !url.isEmpty { return (true, url) }
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record("FERRITE_TEST_POSTGRES_URL is not set: run the tests through scripts/test, which starts PostgreSQL")
    }
    return (false, nil)
  }
}

/// Bearer headers for a token.
func auth(_ token: String?, _ extra: HTTPFields = [:]) -> HTTPFields {
  var fields = extra
  if let token { fields[.authorization] = "Bearer \(token)" }
  return fields
}

/// The JSON body of a response as a dictionary.
func json(_ response: TestResponse) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
  return try #require(object as? [String: Any])
}

func jsonArray(_ response: TestResponse) throws -> [[String: Any]] {
  let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
  return try #require(object as? [[String: Any]])
}

func text(_ response: TestResponse) -> String { String(buffer: response.body) }

extension TestClientProtocol {
  /// Uploads `data` and returns the response.
  func upload(_ data: Data, fileName: String, token: String?) async throws -> TestResponse {
    try await execute(
      uri: "/api/scenarios?filename=\(fileName)", method: .post, headers: auth(token),
      body: ByteBuffer(bytes: data)) { $0 }
  }

  func get(_ uri: String, token: String?) async throws -> TestResponse {
    try await execute(uri: uri, method: .get, headers: auth(token)) { $0 }
  }

  func post(_ uri: String, token: String?, body: String? = nil) async throws -> TestResponse {
    try await execute(
      uri: uri, method: .post, headers: auth(token), body: body.map { ByteBuffer(string: $0) }) { $0 }
  }

  /// Polls the job until it finishes (or 120 s pass) and returns its last status.
  func waitForJob(_ id: String, token: String) async throws -> [String: Any] {
    let deadline = Date().addingTimeInterval(120)
    while Date() < deadline {
      let status = try json(try await get("/api/jobs/\(id)", token: token))
      if let state = status["state"] as? String, !["queued", "running"].contains(state) { return status }
      try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("job \(id) did not finish within 120 s")
    return [:]
  }
}
