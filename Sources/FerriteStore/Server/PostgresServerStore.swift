import Foundation
import PostgresNIO

/// The server's records in a shared PostgreSQL database (`ferrite serve --database postgres://...`).
///
/// Same records as the SQLite store, in tables of their own (`ferrite_server_*`) beside the sweep
/// queue's; several servers may share one database. Scenario files and plans are `bytea`.
public final class PostgresServerStore: ServerStore {
  private let database: PostgresDatabase
  private let running: Task<Void, Never>

  private init(client: PostgresClient) {
    database = PostgresDatabase(client: client)
    running = Task { await client.run() }
  }

  /// Connects to `url`, waiting at most `timeout` seconds for the database to answer, and brings
  /// the server's tables up to date.
  public static func connect(url: String, timeout: Duration = .seconds(15)) async throws -> PostgresServerStore {
    let store = PostgresServerStore(client: PostgresClient(configuration: try PostgresDatabase.configuration(url)))
    let location = ServerDatabase.postgres(url: url).description
    do {
      try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
          try await store.database.migrate(Self.migrations)
          return true
        }
        group.addTask {
          try await Task.sleep(for: timeout)
          return false
        }
        defer { group.cancelAll() }
        guard try await group.next() == true else {
          throw StoreError("PostgreSQL at \(location) did not answer within \(timeout); check that it runs and accepts connections")
        }
      }
    } catch {
      await store.close()
      if error is StoreError { throw error }
      throw StoreError("PostgreSQL at \(location): \(PostgresDatabase.message(error))")
    }
    return store
  }

  public func close() async {
    running.cancel()
    await running.value
  }

  static let migrations: [(name: String, sql: [String])] = [
    (
      "server-1-scenarios-jobs-tokens",
      [
        """
        CREATE TABLE ferrite_server_scenario (
          id text PRIMARY KEY, name text NOT NULL, format text NOT NULL, is_valid boolean NOT NULL,
          error_count integer NOT NULL, warning_count integer NOT NULL, size_bytes bigint NOT NULL,
          uploaded_at timestamptz NOT NULL)
        """,
        """
        CREATE TABLE ferrite_server_scenario_file (
          scenario_id text NOT NULL REFERENCES ferrite_server_scenario(id) ON DELETE CASCADE, name text NOT NULL,
          content bytea NOT NULL, PRIMARY KEY (scenario_id, name))
        """,
        """
        CREATE TABLE ferrite_server_job (
          id text PRIMARY KEY, scenario_id text NOT NULL REFERENCES ferrite_server_scenario(id) ON DELETE CASCADE,
          server text NOT NULL, state text NOT NULL, phase text NOT NULL, progress double precision NOT NULL, message text,
          options bytea NOT NULL, created_at timestamptz NOT NULL, started_at timestamptz, finished_at timestamptz)
        """,
        "CREATE INDEX ferrite_server_job_scenario ON ferrite_server_job (scenario_id)",
        """
        CREATE TABLE ferrite_server_result (
          job_id text PRIMARY KEY REFERENCES ferrite_server_job(id) ON DELETE CASCADE, plan bytea NOT NULL)
        """,
        """
        CREATE TABLE ferrite_server_token (
          id text PRIMARY KEY, hash text NOT NULL UNIQUE, role text NOT NULL, label text NOT NULL,
          created_at timestamptz NOT NULL)
        """,
      ]
    ),
    (
      "server-2-versions-variants",
      [
        """
        ALTER TABLE ferrite_server_scenario ADD COLUMN version integer NOT NULL DEFAULT 1,
          ADD COLUMN base_id text, ADD COLUMN base_version integer, ADD COLUMN variant text
        """,
        "ALTER TABLE ferrite_server_job ADD COLUMN scenario_version integer",
        """
        CREATE TABLE ferrite_server_scenario_version (
          scenario_id text NOT NULL REFERENCES ferrite_server_scenario(id) ON DELETE CASCADE, number integer NOT NULL,
          parent integer, author text NOT NULL, created_at timestamptz NOT NULL, is_valid boolean NOT NULL,
          error_count integer NOT NULL, note text NOT NULL, PRIMARY KEY (scenario_id, number))
        """,
        """
        CREATE TABLE ferrite_server_version_file (
          scenario_id text NOT NULL, version integer NOT NULL, name text NOT NULL, content bytea NOT NULL,
          PRIMARY KEY (scenario_id, version, name),
          FOREIGN KEY (scenario_id, version) REFERENCES ferrite_server_scenario_version (scenario_id, number) ON DELETE CASCADE)
        """,
      ]
    ),
  ]

  /// Runs `body`, turning PostgreSQL's errors into messages that name the database's complaint.
  @discardableResult
  private func perform<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
    do {
      return try await body()
    } catch let error as PSQLError {
      throw StoreError("PostgreSQL: \(PostgresDatabase.message(error))")
    }
  }

  private var client: PostgresClient { database.client }
  private var logger: Logger { database.logger }

  // MARK: Scenarios

  private static let scenarioColumns =
    "id, name, format, is_valid, error_count, warning_count, size_bytes, uploaded_at, version, base_id, base_version, variant"

  private func scenarios(where condition: PostgresQuery) async throws -> [StoredScenario] {
    try await perform {
      let rows = try await client.query(condition, logger: logger)
      var scenarios: [StoredScenario] = []
      for try await (id, name, format, valid, errors, warnings, size, uploaded, version, base, baseVersion, variant)
        in rows.decode((String, String, String, Bool, Int, Int, Int, Date, Int, String?, Int?, String?).self)
      {
        scenarios.append(
          StoredScenario(
            id: id, name: name, format: format, isValid: valid, errorCount: errors, warningCount: warnings,
            sizeBytes: size, uploadedAt: uploaded, version: version, baseId: base, baseVersion: baseVersion,
            variant: variant))
      }
      return scenarios
    }
  }

  public func insert(_ scenario: StoredScenario, files: [StoredScenarioFile]) async throws {
    try await perform {
      try await database.transaction { connection, logger in
        try await connection.query(
          """
          INSERT INTO ferrite_server_scenario (\(unescaped: Self.scenarioColumns)) VALUES (
            \(scenario.id), \(scenario.name), \(scenario.format), \(scenario.isValid), \(scenario.errorCount),
            \(scenario.warningCount), \(scenario.sizeBytes), \(scenario.uploadedAt), \(scenario.version),
            \(scenario.baseId), \(scenario.baseVersion), \(scenario.variant))
          """, logger: logger)
        for file in files {
          try await connection.query(
            "INSERT INTO ferrite_server_scenario_file (scenario_id, name, content) VALUES (\(file.scenarioId), \(file.name), \(file.content))",
            logger: logger)
        }
      }
    }
  }

  public func scenarios() async throws -> [StoredScenario] {
    try await scenarios(
      where: "SELECT \(unescaped: Self.scenarioColumns) FROM ferrite_server_scenario ORDER BY uploaded_at DESC, name")
  }

  public func scenario(id: String) async throws -> StoredScenario? {
    try await scenarios(where: "SELECT \(unescaped: Self.scenarioColumns) FROM ferrite_server_scenario WHERE id = \(id)")
      .first
  }

  public func files(ofScenario id: String) async throws -> [StoredScenarioFile] {
    try await perform {
      let rows = try await client.query(
        "SELECT name, content FROM ferrite_server_scenario_file WHERE scenario_id = \(id) ORDER BY name", logger: logger)
      var files: [StoredScenarioFile] = []
      for try await (name, content) in rows.decode((String, Data).self) {
        files.append(StoredScenarioFile(scenarioId: id, name: name, content: content))
      }
      return files
    }
  }

  public func update(_ scenario: StoredScenario) async throws {
    try await perform {
      try await client.query(
        """
        UPDATE ferrite_server_scenario SET name = \(scenario.name), format = \(scenario.format),
          is_valid = \(scenario.isValid), error_count = \(scenario.errorCount), warning_count = \(scenario.warningCount),
          size_bytes = \(scenario.sizeBytes), uploaded_at = \(scenario.uploadedAt), version = \(scenario.version),
          base_id = \(scenario.baseId), base_version = \(scenario.baseVersion), variant = \(scenario.variant)
        WHERE id = \(scenario.id)
        """, logger: logger)
    }
  }

  @discardableResult
  public func deleteScenario(id: String) async throws -> Bool {
    try await perform {
      try await exists(client.query("DELETE FROM ferrite_server_scenario WHERE id = \(id) RETURNING id", logger: logger))
    }
  }

  private func exists(_ rows: PostgresRowSequence) async throws -> Bool {
    var found = false
    for try await _ in rows.decode(String.self) { found = true }
    return found
  }

  // MARK: Versions

  public func save(_ scenario: StoredScenario, version: StoredVersion, files: [StoredScenarioFile]) async throws {
    try await perform {
      try await database.transaction { connection, logger in
        try await connection.query(
          """
          INSERT INTO ferrite_server_scenario (\(unescaped: Self.scenarioColumns)) VALUES (
            \(scenario.id), \(scenario.name), \(scenario.format), \(scenario.isValid), \(scenario.errorCount),
            \(scenario.warningCount), \(scenario.sizeBytes), \(scenario.uploadedAt), \(scenario.version),
            \(scenario.baseId), \(scenario.baseVersion), \(scenario.variant))
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, format = excluded.format, is_valid = excluded.is_valid,
            error_count = excluded.error_count, warning_count = excluded.warning_count, size_bytes = excluded.size_bytes,
            uploaded_at = excluded.uploaded_at, version = excluded.version, base_id = excluded.base_id,
            base_version = excluded.base_version, variant = excluded.variant
          """, logger: logger)
        try await connection.query(
          """
          INSERT INTO ferrite_server_scenario_version
            (scenario_id, number, parent, author, created_at, is_valid, error_count, note)
          VALUES (\(version.scenarioId), \(version.number), \(version.parent), \(version.author), \(version.createdAt),
            \(version.isValid), \(version.errorCount), \(version.note))
          """, logger: logger)
        try await connection.query(
          "DELETE FROM ferrite_server_scenario_file WHERE scenario_id = \(scenario.id)", logger: logger)
        for file in files {
          try await connection.query(
            "INSERT INTO ferrite_server_scenario_file (scenario_id, name, content) VALUES (\(scenario.id), \(file.name), \(file.content))",
            logger: logger)
          try await connection.query(
            """
            INSERT INTO ferrite_server_version_file (scenario_id, version, name, content)
            VALUES (\(scenario.id), \(version.number), \(file.name), \(file.content))
            """, logger: logger)
        }
      }
    }
  }

  public func versions(ofScenario id: String) async throws -> [StoredVersion] {
    try await perform {
      let rows = try await client.query(
        """
        SELECT number, parent, author, created_at, is_valid, error_count, note FROM ferrite_server_scenario_version
        WHERE scenario_id = \(id) ORDER BY number
        """, logger: logger)
      var versions: [StoredVersion] = []
      for try await (number, parent, author, created, valid, errors, note) in rows.decode(
        (Int, Int?, String, Date, Bool, Int, String).self)
      {
        versions.append(
          StoredVersion(
            scenarioId: id, number: number, parent: parent, author: author, createdAt: created, isValid: valid,
            errorCount: errors, note: note))
      }
      return versions
    }
  }

  public func files(ofScenario id: String, version: Int) async throws -> [StoredScenarioFile] {
    try await perform {
      let rows = try await client.query(
        """
        SELECT name, content FROM ferrite_server_version_file WHERE scenario_id = \(id) AND version = \(version)
        ORDER BY name
        """, logger: logger)
      var files: [StoredScenarioFile] = []
      for try await (name, content) in rows.decode((String, Data).self) {
        files.append(StoredScenarioFile(scenarioId: id, name: name, content: content))
      }
      return files
    }
  }

  // MARK: Jobs and results

  private static let jobColumns =
    "id, scenario_id, server, state, phase, progress, message, options, created_at, started_at, finished_at, scenario_version"

  private func jobs(where query: PostgresQuery) async throws -> [StoredJob] {
    try await perform {
      let rows = try await client.query(query, logger: logger)
      var jobs: [StoredJob] = []
      for try await (id, scenario, server, state, phase, progress, message, options, created, started, finished, version)
        in rows.decode((String, String, String, String, String, Double, String?, Data, Date, Date?, Date?, Int?).self)
      {
        var job = StoredJob(
          id: id, scenarioId: scenario, server: server, options: options, createdAt: created, scenarioVersion: version)
        guard let known = JobState(rawValue: state) else {
          throw StoreError("job \(id) has the unknown state '\(state)'; was it written by a newer Ferrite?")
        }
        job.state = known
        job.phase = phase
        job.progress = progress
        job.message = message
        job.startedAt = started
        job.finishedAt = finished
        jobs.append(job)
      }
      return jobs
    }
  }

  public func insert(_ job: StoredJob) async throws {
    try await perform {
      try await client.query(
        """
        INSERT INTO ferrite_server_job (\(unescaped: Self.jobColumns)) VALUES (
          \(job.id), \(job.scenarioId), \(job.server), \(job.state.rawValue), \(job.phase), \(job.progress), \(job.message),
          \(job.options), \(job.createdAt), \(job.startedAt), \(job.finishedAt), \(job.scenarioVersion))
        """, logger: logger)
    }
  }

  public func update(_ job: StoredJob) async throws {
    try await perform { try await client.query(try Self.update(job), logger: logger) }
  }

  private static func update(_ job: StoredJob) throws -> PostgresQuery {
    try """
    UPDATE ferrite_server_job SET state = \(job.state.rawValue), phase = \(job.phase), progress = \(job.progress),
      message = \(job.message), options = \(job.options), started_at = \(job.startedAt), finished_at = \(job.finishedAt)
    WHERE id = \(job.id)
    """
  }

  public func job(id: String) async throws -> StoredJob? {
    try await jobs(where: "SELECT \(unescaped: Self.jobColumns) FROM ferrite_server_job WHERE id = \(id)").first
  }

  public func jobs(ofScenario id: String?) async throws -> [StoredJob] {
    try await jobs(
      where: """
        SELECT \(unescaped: Self.jobColumns) FROM ferrite_server_job
        WHERE \(id)::text IS NULL OR scenario_id = \(id) ORDER BY created_at DESC
        """)
  }

  @discardableResult
  public func markUnfinishedJobsInterrupted(server: String, at date: Date) async throws -> Int {
    try await perform {
      let rows = try await client.query(
        """
        UPDATE ferrite_server_job SET state = \(JobState.interrupted.rawValue), message = \(Self.interruptedMessage),
          finished_at = \(date)
        WHERE state IN (\(JobState.queued.rawValue), \(JobState.running.rawValue)) AND server = \(server)
        RETURNING id
        """, logger: logger)
      var count = 0
      for try await _ in rows.decode(String.self) { count += 1 }
      return count
    }
  }

  public func finish(_ job: StoredJob, result: StoredResult?) async throws {
    try await perform {
      try await database.transaction { connection, logger in
        try await connection.query(try Self.update(job), logger: logger)
        if let result {
          try await connection.query(
            """
            INSERT INTO ferrite_server_result (job_id, plan) VALUES (\(result.jobId), \(result.plan))
            ON CONFLICT (job_id) DO UPDATE SET plan = excluded.plan
            """, logger: logger)
        }
      }
    }
  }

  public func result(ofJob id: String) async throws -> StoredResult? {
    try await perform {
      let rows = try await client.query("SELECT plan FROM ferrite_server_result WHERE job_id = \(id)", logger: logger)
      for try await plan in rows.decode(Data.self) { return StoredResult(jobId: id, plan: plan) }
      return nil
    }
  }

  // MARK: Tokens

  private func tokens(where query: PostgresQuery) async throws -> [StoredToken] {
    try await perform {
      let rows = try await client.query(query, logger: logger)
      var tokens: [StoredToken] = []
      for try await (id, hash, role, label, created) in rows.decode((String, String, String, String, Date).self) {
        guard let known = TokenRole(rawValue: role) else { continue }
        tokens.append(StoredToken(id: id, hash: hash, role: known, label: label, createdAt: created))
      }
      return tokens
    }
  }

  public func insert(_ token: StoredToken) async throws {
    try await perform {
      try await client.query(
        """
        INSERT INTO ferrite_server_token (id, hash, role, label, created_at)
        VALUES (\(token.id), \(token.hash), \(token.role.rawValue), \(token.label), \(token.createdAt))
        """, logger: logger)
    }
  }

  public func token(hash: String) async throws -> StoredToken? {
    try await tokens(where: "SELECT id, hash, role, label, created_at FROM ferrite_server_token WHERE hash = \(hash)")
      .first
  }

  public func tokens() async throws -> [StoredToken] {
    try await tokens(where: "SELECT id, hash, role, label, created_at FROM ferrite_server_token ORDER BY created_at, id")
  }

  @discardableResult
  public func deleteToken(id: String) async throws -> Bool {
    try await perform {
      try await exists(client.query("DELETE FROM ferrite_server_token WHERE id = \(id) RETURNING id", logger: logger))
    }
  }
}

/// A store problem in words.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
