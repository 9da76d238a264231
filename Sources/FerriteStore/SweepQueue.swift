import Foundation
import PostgresNIO

/// A sweep as queued in PostgreSQL: everything a worker on any machine needs to run it.
public struct QueuedSweep: Sendable, Equatable {
  public var id: Int64?
  public var name: String
  /// The base scenario as a single-file YAML document, so that workers need no shared files.
  public var scenario: String
  /// The parameters as written, one per line.
  public var parameters: String
  /// Random runs when set (drawn with `seed`); otherwise the parameters' grid.
  public var samples: Int?
  public var seed: Int64
  public var runCount: Int

  public init(id: Int64? = nil, name: String, scenario: String, parameters: String, samples: Int?, seed: Int64, runCount: Int) {
    self.id = id
    self.name = name
    self.scenario = scenario
    self.parameters = parameters
    self.samples = samples
    self.seed = seed
    self.runCount = runCount
  }
}

/// A run a worker holds under a lease.
public struct ClaimedRun: Sendable, Equatable {
  public var sweepID: Int64
  public var runIndex: Int
  /// 1 for the first claim; more when an earlier worker's lease ran out.
  public var attempt: Int
}

/// How far a queued sweep is.
public struct QueueProgress: Sendable, Equatable {
  public var total: Int
  public var pending: Int
  public var running: Int
  public var done: Int
  public var isStopped: Bool
}

/// Sweep runs queued in PostgreSQL for workers on many machines.
///
/// Workers claim runs with `FOR UPDATE SKIP LOCKED` under a lease they renew while running; a run
/// whose lease runs out (its worker died) is claimed again. A result is written in the same
/// transaction that marks the run done, and only by the worker that holds the lease, and the
/// results table's key is the run, so no run is lost or recorded twice.
public final class SweepQueue: Sendable {
  let database: PostgresDatabase
  var client: PostgresClient { database.client }
  var logger: Logger { database.logger }

  init(client: PostgresClient) { database = PostgresDatabase(client: client) }

  /// Connects to `url` (`postgres://user[:password]@host[:port]/database`), brings the queue's
  /// tables up to date and runs `body` with the queue; the connections close when it returns.
  public static func with<Result: Sendable>(
    url: String, _ body: @escaping @Sendable (SweepQueue) async throws -> Result
  ) async throws -> Result {
    let configuration = try configuration(url)
    let client = PostgresClient(configuration: configuration)
    return try await withThrowingTaskGroup(of: Result?.self) { group in
      group.addTask {
        await client.run()
        return nil
      }
      group.addTask {
        let queue = SweepQueue(client: client)
        do {
          try await queue.migrate()
          return try await body(queue)
        } catch let error as PSQLError {
          throw QueueError("PostgreSQL at \(PostgresURL.redacted(url)): " + PostgresDatabase.message(error))
        }
      }
      defer { group.cancelAll() }
      while let next = try await group.next() {
        if let result = next { return result }
      }
      throw QueueError("the connection to \(PostgresURL.redacted(url)) closed before the work was done")
    }
  }

  static func configuration(_ url: String) throws -> PostgresClient.Configuration {
    try PostgresDatabase.configuration(url)
  }

  // MARK: Schema

  /// Each step of the schema, named, applied once, in order, under a lock so that workers starting
  /// together do not race.
  static let migrations: [(name: String, sql: [String])] = [
    (
      "queue-1-sweeps-runs-results",
      [
        """
        CREATE TABLE ferrite_sweep (
          id bigserial PRIMARY KEY, name text NOT NULL, scenario text NOT NULL, parameters text NOT NULL,
          samples integer, seed bigint NOT NULL, run_count integer NOT NULL, stopped boolean NOT NULL DEFAULT false,
          created_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE ferrite_run (
          sweep_id bigint NOT NULL REFERENCES ferrite_sweep(id) ON DELETE CASCADE, run_index integer NOT NULL,
          state text NOT NULL DEFAULT 'pending', worker text, lease_until timestamptz, attempts integer NOT NULL DEFAULT 0,
          PRIMARY KEY (sweep_id, run_index))
        """,
        "CREATE INDEX ferrite_run_claimable ON ferrite_run (state, lease_until)",
        """
        CREATE TABLE ferrite_result (
          sweep_id bigint NOT NULL, run_index integer NOT NULL, worker text NOT NULL, record text NOT NULL,
          recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (sweep_id, run_index),
          FOREIGN KEY (sweep_id, run_index) REFERENCES ferrite_run(sweep_id, run_index) ON DELETE CASCADE)
        """,
      ]
    )
  ]

  func migrate() async throws { try await database.migrate(Self.migrations) }

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  func transaction<Result: Sendable>(
    _ body: @Sendable (PostgresConnection, Logger) async throws -> Result
  ) async throws -> Result {
    try await database.transaction(body)
  }

  // MARK: Coordinator

  /// Queues a sweep and the runs at `indices` (every run when nil); returns the sweep's id.
  public func enqueue(_ sweep: QueuedSweep, indices: [Int]? = nil) async throws -> Int64 {
    let runs = indices ?? Array(0..<sweep.runCount)
    return try await transaction { connection, logger in
      let rows = try await connection.query(
        """
        INSERT INTO ferrite_sweep (name, scenario, parameters, samples, seed, run_count)
        VALUES (\(sweep.name), \(sweep.scenario), \(sweep.parameters), \(sweep.samples), \(sweep.seed), \(sweep.runCount))
        RETURNING id
        """, logger: logger)
      var id: Int64 = 0
      for try await value in rows.decode(Int64.self) { id = value }
      try await connection.query(
        "INSERT INTO ferrite_run (sweep_id, run_index) SELECT \(id), unnest(\(runs.map(Int32.init))::integer[])",
        logger: logger)
      return id
    }
  }

  public func sweep(_ id: Int64) async throws -> QueuedSweep? {
    let rows = try await client.query(
      "SELECT name, scenario, parameters, samples, seed, run_count FROM ferrite_sweep WHERE id = \(id)", logger: logger)
    for try await (name, scenario, parameters, samples, seed, count) in rows.decode((String, String, String, Int?, Int64, Int).self) {
      return QueuedSweep(id: id, name: name, scenario: scenario, parameters: parameters, samples: samples, seed: seed, runCount: count)
    }
    return nil
  }

  public func progress(_ id: Int64) async throws -> QueueProgress {
    let rows = try await client.query(
      """
      SELECT count(*)::integer,
        count(*) FILTER (WHERE r.state = 'pending')::integer,
        count(*) FILTER (WHERE r.state = 'running')::integer,
        count(*) FILTER (WHERE r.state = 'done')::integer,
        bool_or(s.stopped)
      FROM ferrite_sweep s LEFT JOIN ferrite_run r ON r.sweep_id = s.id WHERE s.id = \(id)
      """, logger: logger)
    for try await (total, pending, running, done, stopped) in rows.decode((Int, Int, Int, Int, Bool?).self) {
      return QueueProgress(total: total, pending: pending, running: running, done: done, isStopped: stopped ?? false)
    }
    throw QueueError("no sweep \(id) in the queue")
  }

  /// Stops workers from claiming the sweep's runs (runs under way finish), or lets them again.
  public func setStopped(_ id: Int64, _ stopped: Bool) async throws {
    try await client.query("UPDATE ferrite_sweep SET stopped = \(stopped) WHERE id = \(id)", logger: logger)
  }

  /// The stored results of a sweep in run order.
  public func results(_ id: Int64) async throws -> [RunRecord] {
    let rows = try await client.query(
      "SELECT record FROM ferrite_result WHERE sweep_id = \(id) ORDER BY run_index", logger: logger)
    var records: [RunRecord] = []
    for try await text in rows.decode(String.self) { records.append(try JSONDecoder().decode(RunRecord.self, from: Data(text.utf8))) }
    return records
  }

  /// (run index, worker, attempts) of every recorded result, for checking the queue's guarantees.
  public func ledger(_ id: Int64) async throws -> [(runIndex: Int, worker: String, attempts: Int)] {
    let rows = try await client.query(
      """
      SELECT r.run_index, r.worker, u.attempts FROM ferrite_result r
      JOIN ferrite_run u ON u.sweep_id = r.sweep_id AND u.run_index = r.run_index
      WHERE r.sweep_id = \(id) ORDER BY r.run_index
      """, logger: logger)
    var entries: [(Int, String, Int)] = []
    for try await entry in rows.decode((Int, String, Int).self) { entries.append(entry) }
    return entries.map { (runIndex: $0.0, worker: $0.1, attempts: $0.2) }
  }

  // MARK: Workers

  /// Claims the next pending run, or one whose lease ran out, of any sweep not stopped (only of
  /// `sweep` when given), for `lease` seconds.
  public func claim(worker: String, lease: Double, sweep: Int64? = nil) async throws -> ClaimedRun? {
    let rows = try await client.query(
      """
      UPDATE ferrite_run SET state = 'running', worker = \(worker),
        lease_until = now() + make_interval(secs => \(lease)), attempts = attempts + 1
      WHERE (sweep_id, run_index) = (
        SELECT r.sweep_id, r.run_index FROM ferrite_run r JOIN ferrite_sweep s ON s.id = r.sweep_id
        WHERE (r.state = 'pending' OR (r.state = 'running' AND r.lease_until < now())) AND NOT s.stopped
          AND (\(sweep)::bigint IS NULL OR r.sweep_id = \(sweep))
        ORDER BY r.sweep_id, r.run_index LIMIT 1 FOR UPDATE OF r SKIP LOCKED)
      RETURNING sweep_id, run_index, attempts
      """, logger: logger)
    for try await (sweepID, runIndex, attempt) in rows.decode((Int64, Int, Int).self) {
      return ClaimedRun(sweepID: sweepID, runIndex: runIndex, attempt: attempt)
    }
    return nil
  }

  /// Runs not yet done in sweeps not stopped (only in `sweep` when given): when zero, a worker
  /// that should stop once the queue is empty can stop.
  public func remaining(sweep: Int64? = nil) async throws -> Int {
    let rows = try await client.query(
      """
      SELECT count(*)::integer FROM ferrite_run r JOIN ferrite_sweep s ON s.id = r.sweep_id
      WHERE r.state <> 'done' AND NOT s.stopped AND (\(sweep)::bigint IS NULL OR r.sweep_id = \(sweep))
      """, logger: logger)
    for try await count in rows.decode(Int.self) { return count }
    return 0
  }

  /// Extends the lease of a run the worker still holds; false when it lost the run.
  @discardableResult
  public func heartbeat(_ run: ClaimedRun, worker: String, lease: Double) async throws -> Bool {
    let rows = try await client.query(
      """
      UPDATE ferrite_run SET lease_until = now() + make_interval(secs => \(lease))
      WHERE sweep_id = \(run.sweepID) AND run_index = \(run.runIndex) AND worker = \(worker) AND state = 'running'
      RETURNING run_index
      """, logger: logger)
    for try await _ in rows.decode(Int.self) { return true }
    return false
  }

  /// Records a run's result and marks it done in one transaction, if the worker still holds it
  /// and no result is recorded yet; returns whether it was recorded.
  @discardableResult
  public func complete(_ run: ClaimedRun, worker: String, record: RunRecord) async throws -> Bool {
    let text = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
    return try await transaction { connection, logger in
      let held = try await connection.query(
        """
        UPDATE ferrite_run SET state = 'done', lease_until = NULL
        WHERE sweep_id = \(run.sweepID) AND run_index = \(run.runIndex) AND worker = \(worker) AND state = 'running'
        RETURNING run_index
        """, logger: logger)
      var holds = false
      for try await _ in held.decode(Int.self) { holds = true }
      guard holds else { return false }
      try await connection.query(
        """
        INSERT INTO ferrite_result (sweep_id, run_index, worker, record)
        VALUES (\(run.sweepID), \(run.runIndex), \(worker), \(text)) ON CONFLICT DO NOTHING
        """, logger: logger)
      return true
    }
  }
}

/// A queue problem in words.
public struct QueueError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
