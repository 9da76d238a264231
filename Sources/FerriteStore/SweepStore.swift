import Foundation
import GRDB

/// A sweep as stored: what was varied on which base, and how many runs it has.
public struct SweepRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "sweep"
  public var id: Int64?
  public var name: String
  /// The base scenario's path or name.
  public var base: String
  /// The parameters as written, one per line.
  public var parameters: String
  public var runCount: Int
  public var seed: Int64?
  public var createdAt: Date

  public init(id: Int64? = nil, name: String, base: String, parameters: String, runCount: Int, seed: Int64?, createdAt: Date = Date()) {
    self.id = id
    self.name = name
    self.base = base
    self.parameters = parameters
    self.runCount = runCount
    self.seed = seed
    self.createdAt = createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One run's inputs, key figures and decisions; maps are stored as JSON text.
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "run"
  public var sweepId: Int64
  /// Position in the sweep's design; -1 is the base.
  public var runIndex: Int
  public var inputs: [String: Double]
  public var termination: String
  public var objective: Double?
  public var figures: [String: Double]
  public var decisions: [String: Double]
  public var regret: Double?
  public var inPlace: Bool
  public var simplexIterations: Int
  public var seconds: Double

  public init(
    sweepId: Int64, runIndex: Int, inputs: [String: Double], termination: String, objective: Double?,
    figures: [String: Double], decisions: [String: Double], regret: Double?, inPlace: Bool, simplexIterations: Int,
    seconds: Double
  ) {
    self.sweepId = sweepId
    self.runIndex = runIndex
    self.inputs = inputs
    self.termination = termination
    self.objective = objective
    self.figures = figures
    self.decisions = decisions
    self.regret = regret
    self.inPlace = inPlace
    self.simplexIterations = simplexIterations
    self.seconds = seconds
  }
}

/// Sweep results in SQLite: a file by default, in memory for tests.
public final class SweepStore: Sendable {
  let database: DatabaseQueue

  /// Opens (creating if needed) the database at `path` and brings its tables up to date.
  public init(path: String) throws {
    database = try DatabaseQueue(path: path)
    try Self.migrator.migrate(database)
  }

  /// A database that lives in memory until the store is released.
  public init() throws {
    database = try DatabaseQueue()
    try Self.migrator.migrate(database)
  }

  /// The schema's history: each step named, applied once, in order.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("sweeps-1-sweeps-and-runs") { db in
      try db.create(table: "sweep") { table in
        table.autoIncrementedPrimaryKey("id")
        table.column("name", .text).notNull()
        table.column("base", .text).notNull()
        table.column("parameters", .text).notNull()
        table.column("runCount", .integer).notNull()
        table.column("seed", .integer)
        table.column("createdAt", .datetime).notNull()
      }
      try db.create(table: "run") { table in
        table.column("sweepId", .integer).notNull().references("sweep", onDelete: .cascade)
        table.column("runIndex", .integer).notNull()
        table.column("inputs", .text).notNull()
        table.column("termination", .text).notNull()
        table.column("objective", .double)
        table.column("figures", .text).notNull()
        table.column("decisions", .text).notNull()
        table.column("regret", .double)
        table.column("inPlace", .boolean).notNull()
        table.column("simplexIterations", .integer).notNull()
        table.column("seconds", .double).notNull()
        table.primaryKey(["sweepId", "runIndex"])
      }
    }
    return migrator
  }

  /// Stores a new sweep and returns it with its id.
  public func insert(_ sweep: SweepRecord) throws -> SweepRecord {
    try database.write { db in
      var stored = sweep
      try stored.insert(db)
      return stored
    }
  }

  /// Stores runs in one transaction; a run already stored is replaced.
  public func save(_ runs: [RunRecord]) throws {
    try database.write { db in
      for run in runs { try run.save(db) }
    }
  }

  public func sweeps() throws -> [SweepRecord] {
    try database.read { db in try SweepRecord.order(Column("id")).fetchAll(db) }
  }

  /// The runs of a sweep in index order.
  public func runs(ofSweep id: Int64) throws -> [RunRecord] {
    try database.read { db in
      try RunRecord.filter(Column("sweepId") == id).order(Column("runIndex")).fetchAll(db)
    }
  }
}
