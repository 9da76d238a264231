import Foundation
import NIOSSL
import PostgresNIO

/// A pooled connection to a PostgreSQL database with the plumbing both Ferrite stores on it share:
/// reading the URL, applying named migrations once, and transactions.
struct PostgresDatabase: Sendable {
  let client: PostgresClient
  let logger: Logger

  init(client: PostgresClient) {
    self.client = client
    var logger = Logger(label: "ferrite.postgres")
    logger.logLevel = .critical
    self.logger = logger
  }

  /// The client settings for `url` (`postgres://user[:password]@host[:port]/database[?sslmode=MODE]`),
  /// with TLS as its `sslmode` asks (see `PostgresURL`).
  static func configuration(_ url: String) throws(StoreError) -> PostgresClient.Configuration {
    let parsed = try PostgresURL(url)
    var configuration = PostgresClient.Configuration(
      host: parsed.host, port: parsed.port, username: parsed.user, password: parsed.password, database: parsed.database,
      tls: try parsed.tls())
    configuration.options.maximumConnections = 4
    return configuration
  }

  /// The server's message of a PostgreSQL error; PSQLError's own description hides it.
  static func message(_ error: any Error) -> String {
    guard let error = error as? PSQLError else { return "\(error)" }
    return error.serverInfo?[.message] ?? String(reflecting: error)
  }

  /// Applies each migration not applied yet, in order, under an advisory lock so that processes
  /// starting together do not race.
  func migrate(_ migrations: [(name: String, sql: [String])]) async throws {
    try await transaction { connection, logger in
      try await connection.query("SELECT pg_advisory_xact_lock(7212026)", logger: logger)
      try await connection.query(
        "CREATE TABLE IF NOT EXISTS ferrite_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
        logger: logger)
      var applied: Set<String> = []
      for try await name in try await connection.query("SELECT name FROM ferrite_migration", logger: logger).decode(String.self) {
        applied.insert(name)
      }
      for migration in migrations where !applied.contains(migration.name) {
        for statement in migration.sql { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        try await connection.query("INSERT INTO ferrite_migration (name) VALUES (\(migration.name))", logger: logger)
      }
    }
  }

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  func transaction<Result: Sendable>(
    _ body: @Sendable (PostgresConnection, Logger) async throws -> Result
  ) async throws -> Result {
    let logger = self.logger
    return try await client.withConnection { connection in
      try await connection.query("BEGIN", logger: logger)
      do {
        let result = try await body(connection, logger)
        try await connection.query("COMMIT", logger: logger)
        return result
      } catch {
        _ = try? await connection.query("ROLLBACK", logger: logger)
        throw error
      }
    }
  }
}

/// How a PostgreSQL connection is protected, named as libpq's `sslmode` names it.
public enum PostgresTLSMode: String, Sendable, CaseIterable {
  /// Plaintext only.
  case disable
  /// TLS when the server offers it, plaintext otherwise; the certificate is not checked.
  case prefer
  /// TLS or no connection; the certificate is not checked (as libpq's `require`).
  case require
  /// TLS with a certificate signed by a trusted authority (`sslrootcert`, else the system's roots).
  case verifyCA = "verify-ca"
  /// As verify-ca, and the certificate must name the host.
  case verifyFull = "verify-full"
}

/// A PostgreSQL URL read: where, as whom, and how the connection is protected.
///
/// Without `sslmode`, a loopback host (`localhost`, 127.x.x.x, ::1) gets `prefer` and any other
/// host `require`, so credentials never cross a network in plaintext unless the URL says
/// `sslmode=disable`.
struct PostgresURL: Sendable, Equatable {
  var host: String
  var port: Int
  var user: String
  var password: String?
  var database: String?
  var mode: PostgresTLSMode
  /// A PEM file of the authorities that may sign the server's certificate (`sslrootcert`).
  var rootCertificate: String?
  /// The URL without its password, for messages.
  var location: String

  init(_ url: String) throws(StoreError) {
    let shown = Self.redacted(url)
    location = shown
    guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
      let host = components.host, !host.isEmpty
    else {
      throw StoreError("'\(shown)' is not a PostgreSQL URL; write postgres://user@host:port/database")
    }
    self.host = host
    port = components.port ?? 5432
    user = components.user ?? "postgres"
    password = components.password
    let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
    database = path.isEmpty ? nil : path
    let query = components.queryItems ?? []
    let asked = query.last { $0.name == "sslmode" }?.value
    if let asked {
      guard let mode = PostgresTLSMode(rawValue: asked) else {
        throw StoreError(
          "'\(shown)': unknown sslmode '\(asked)'; use one of "
            + PostgresTLSMode.allCases.map(\.rawValue).joined(separator: ", "))
      }
      self.mode = mode
    } else {
      mode = Self.isLoopback(host) ? .prefer : .require
    }
    rootCertificate = query.last { $0.name == "sslrootcert" }?.value
  }

  /// Whether `host` is this machine: TLS protects nothing there, so `prefer` is the default.
  static func isLoopback(_ host: String) -> Bool {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
  }

  /// The URL with its password replaced by `***`, for messages and logs.
  static func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url) else { return "the PostgreSQL URL" }
    if components.password != nil { components.password = "***" }
    return components.string ?? "the PostgreSQL URL"
  }

  /// PostgresNIO's TLS setting for the mode.
  func tls() throws(StoreError) -> PostgresClient.Configuration.TLS {
    guard let configuration = try tlsConfiguration() else { return .disable }
    return mode == .prefer ? .prefer(configuration) : .require(configuration)
  }

  /// The TLS settings the mode asks for: nil for `disable`; no certificate check for `prefer` and
  /// `require` (as libpq), the authority for `verify-ca`, the authority and host name for `verify-full`.
  func tlsConfiguration() throws(StoreError) -> TLSConfiguration? {
    var tls = TLSConfiguration.makeClientConfiguration()
    if let rootCertificate {
      guard FileManager.default.isReadableFile(atPath: rootCertificate) else {
        throw StoreError("sslrootcert '\(rootCertificate)' of \(location) cannot be read; give a PEM file of certificate authorities")
      }
      tls.trustRoots = .file(rootCertificate)
    }
    switch mode {
    case .disable: return nil
    case .prefer, .require: tls.certificateVerification = .none
    case .verifyCA: tls.certificateVerification = .noHostnameVerification
    case .verifyFull: tls.certificateVerification = .fullVerification
    }
    return tls
  }
}
