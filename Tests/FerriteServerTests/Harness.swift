import FerriteServer
import FerriteStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A server over a fresh temporary data folder with one token of each role.
struct Harness {
  let folder: URL
  let server: FerriteServer
  let viewer: String
  let editor: String
  let admin: String

  init(limits: UploadLimits = .standard, folder: URL? = nil) throws {
    let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-server-\(UUID().uuidString)")
    self.folder = folder
    server = try FerriteServer(
      configuration: ServerConfiguration(port: 0, dataDirectory: folder.path, limits: limits))
    let issuer = TokenIssuer(store: server.store)
    viewer = try issuer.create(role: .viewer, label: "test viewer")
    editor = try issuer.create(role: .editor, label: "test editor")
    admin = try issuer.create(role: .admin, label: "test admin")
  }

  /// Runs `body` against the server listening on a loopback socket.
  func live(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    try await server.application().test(.live) { client in try await body(client) }
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }
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
