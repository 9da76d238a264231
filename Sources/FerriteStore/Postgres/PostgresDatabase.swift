import Foundation
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

  /// The client settings for `url` (`postgres://user[:password]@host[:port]/database`).
  static func configuration(_ url: String) throws -> PostgresClient.Configuration {
    guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
      let host = components.host, !host.isEmpty
    else {
      throw QueueError("'\(url)' is not a PostgreSQL URL; write postgres://user@host:port/database")
    }
    let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
    var configuration = PostgresClient.Configuration(
      host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
      password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
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
