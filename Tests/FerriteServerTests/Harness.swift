import FerriteServer
import FerriteStore
import Foundation
import HiGHS
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
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
    limits: UploadLimits = .standard, folder: URL? = nil, postgresURL: String? = nil, instance: String? = nil,
    idleTimeout: Duration = ServerConfiguration.standardIdleTimeout, policyPackFolder: String? = nil,
    sweepsOnWorkers: Bool = false
  ) async throws {
    let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-server-\(UUID().uuidString)")
    self.folder = folder
    let instance = instance ?? "test-\(UUID().uuidString)"
    self.instance = instance
    var configuration = ServerConfiguration(
      host: Self.address, port: 0, dataDirectory: folder.path, limits: limits, postgresURL: postgresURL,
      instance: instance, idleTimeout: idleTimeout, policyPackFolder: policyPackFolder)
    configuration.sweepsOnWorkers = sweepsOnWorkers
    server = try await FerriteServer(configuration: configuration, solver: HiGHSSolver())
    let issuer = TokenIssuer(store: server.store)
    viewer = try await issuer.create(role: .viewer, label: "test viewer")
    editor = try await issuer.create(role: .editor, label: "test editor")
    admin = try await issuer.create(role: .admin, label: "test admin")
  }

  /// Runs `body` against the server listening on 127.0.0.1 at a port the system picks.
  ///
  /// HummingbirdTesting's `.live` binds "localhost", which resolves to ::1 first on some machines
  /// while browsers and load clients dial 127.0.0.1; here the server binds and the client dials the
  /// one explicit address.
  func live(_ body: @escaping @Sendable (LiveClient) async throws -> Void) async throws {
    let (ports, listening) = AsyncStream.makeStream(of: Int.self)
    let application = server.application { port in
      listening.yield(port)
      listening.finish()
    }
    let services = ServiceGroup(
      configuration: .init(services: [application], logger: Logger(label: "ferrite.test")))
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await services.run() }
      var next = ports.makeAsyncIterator()
      guard let port = await next.next(), port > 0 else {
        group.cancelAll()
        throw HarnessError("the test server did not report its port")
      }
      let client = TestClient(host: Self.address, port: port, configuration: .init(timeout: .seconds(20)))
      client.connect()
      let outcome: Result<Void, any Error>
      do { outcome = .success(try await body(LiveClient(client: client, port: port))) } catch { outcome = .failure(error) }
      try? await client.shutdown()
      await services.triggerGracefulShutdown()
      try? await group.waitForAll()
      try outcome.get()
    }
  }

  /// The one address test servers bind and test clients dial.
  static let address = "127.0.0.1"

  func remove() { try? FileManager.default.removeItem(at: folder) }

  /// Closes the database and removes the data folder.
  func close() async {
    await server.close()
    remove()
  }
}

struct HarnessError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A client on one keep-alive connection to the harness's server at 127.0.0.1.
struct LiveClient: Sendable {
  let client: TestClient
  let port: Int?

  init(client: TestClient, port: Int) {
    self.client = client
    self.port = port
  }

  /// Sends one request and hands its response to `callback`.
  @discardableResult func execute<Value>(
    uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
    _ callback: (TestClient.Response) async throws -> Value
  ) async throws -> Value {
    var headers = headers
    headers[.connection] = "keep-alive"
    let authority = "\(Harness.address):\(port ?? 0)"
    return try await callback(
      try await client.execute(TestClient.Request(uri, method: method, authority: authority, headers: headers, body: body)))
  }
}

/// The PostgreSQL database of the tests that need one: scripts/test starts it and exports
/// FERRITE_TEST_POSTGRES_URL. Such tests are enabled when the URL is set and always in CI (CI=true),
/// where a missing URL fails them; elsewhere the runner reports them skipped.
enum TestPostgres {
  static let url: String? = ProcessInfo.processInfo.environment["FERRITE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  static let isEnabled = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"
  static let skipped: Comment = "FERRITE_TEST_POSTGRES_URL is not set; scripts/test starts PostgreSQL and sets it"

  /// The URL, or a failure saying how to provide it.
  static func requiredURL() throws -> String {
    try #require(url, "FERRITE_TEST_POSTGRES_URL is not set: run the tests through scripts/test, which starts PostgreSQL")
  }
}

/// Bearer headers for a token.
func auth(_ token: String?, _ extra: HTTPFields = [:]) -> HTTPFields {
  var fields = extra
  if let token { fields[.authorization] = "Bearer \(token)" }
  return fields
}

/// The JSON body of a response as a dictionary.
func json(_ response: TestClient.Response) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data((response.body ?? ByteBuffer()).readableBytesView))
  return try #require(object as? [String: Any])
}

func jsonArray(_ response: TestClient.Response) throws -> [[String: Any]] {
  let object = try JSONSerialization.jsonObject(with: Data((response.body ?? ByteBuffer()).readableBytesView))
  return try #require(object as? [[String: Any]])
}

func text(_ response: TestClient.Response) -> String { String(buffer: response.body ?? ByteBuffer()) }

extension LiveClient {
  /// Uploads `data` and returns the response.
  func upload(_ data: Data, fileName: String, token: String?) async throws -> TestClient.Response {
    try await execute(
      uri: "/api/scenarios?filename=\(fileName)", method: .post, headers: auth(token),
      body: ByteBuffer(bytes: data)) { $0 }
  }

  func get(_ uri: String, token: String?) async throws -> TestClient.Response {
    try await execute(uri: uri, method: .get, headers: auth(token)) { $0 }
  }

  func post(_ uri: String, token: String?, body: String? = nil) async throws -> TestClient.Response {
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
