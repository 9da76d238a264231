import Foundation
import GRDB

/// The server's records in one SQLite file (GRDB), the default store.
public final class SQLiteServerStore: ServerStore {
  private let database: DatabasePool

  /// Opens (creating if needed) the database at `path` and brings its tables up to date.
  public init(path: String) throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(10)
    database = try DatabasePool(path: path, configuration: configuration)
    var migrator = DatabaseMigrator()
    Self.registerMigrations(in: &migrator)
    try migrator.migrate(database)
  }

  /// Adds the server's named migrations, so a caller sharing the database can compose them.
  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration("server-1-scenarios") { db in
      try db.create(table: StoredScenario.databaseTableName) { table in
        table.primaryKey("id", .text)
        table.column("name", .text).notNull()
        table.column("format", .text).notNull()
        table.column("isValid", .boolean).notNull()
        table.column("errorCount", .integer).notNull()
        table.column("warningCount", .integer).notNull()
        table.column("sizeBytes", .integer).notNull()
        table.column("uploadedAt", .datetime).notNull()
      }
      try db.create(table: StoredScenarioFile.databaseTableName) { table in
        table.column("scenarioId", .text).notNull()
          .references(StoredScenario.databaseTableName, onDelete: .cascade)
        table.column("name", .text).notNull()
        table.column("content", .blob).notNull()
        table.primaryKey(["scenarioId", "name"])
      }
    }
    migrator.registerMigration("server-2-jobs") { db in
      try db.create(table: StoredJob.databaseTableName) { table in
        table.primaryKey("id", .text)
        table.column("scenarioId", .text).notNull().indexed()
          .references(StoredScenario.databaseTableName, onDelete: .cascade)
        table.column("state", .text).notNull()
        table.column("phase", .text).notNull()
        table.column("progress", .double).notNull()
        table.column("message", .text)
        table.column("options", .blob).notNull()
        table.column("createdAt", .datetime).notNull()
        table.column("startedAt", .datetime)
        table.column("finishedAt", .datetime)
      }
      try db.create(table: StoredResult.databaseTableName) { table in
        table.primaryKey("jobId", .text)
          .references(StoredJob.databaseTableName, onDelete: .cascade)
        table.column("plan", .blob).notNull()
      }
    }
    migrator.registerMigration("server-3-tokens") { db in
      try db.create(table: StoredToken.databaseTableName) { table in
        table.primaryKey("id", .text)
        table.column("hash", .text).notNull().unique()
        table.column("role", .text).notNull()
        table.column("label", .text).notNull()
        table.column("createdAt", .datetime).notNull()
      }
    }
    migrator.registerMigration("server-4-job-server") { db in
      try db.alter(table: StoredJob.databaseTableName) { table in
        table.add(column: "server", .text).notNull().defaults(to: "")
      }
    }
    migrator.registerMigration("server-5-versions-variants") { db in
      try db.alter(table: StoredScenario.databaseTableName) { table in
        table.add(column: "version", .integer).notNull().defaults(to: 1)
        table.add(column: "baseId", .text)
        table.add(column: "baseVersion", .integer)
        table.add(column: "variant", .text)
      }
      try db.alter(table: StoredJob.databaseTableName) { table in
        table.add(column: "scenarioVersion", .integer)
      }
      try db.create(table: StoredVersion.databaseTableName) { table in
        table.column("scenarioId", .text).notNull()
          .references(StoredScenario.databaseTableName, onDelete: .cascade)
        table.column("number", .integer).notNull()
        table.column("parent", .integer)
        table.column("author", .text).notNull()
        table.column("createdAt", .datetime).notNull()
        table.column("isValid", .boolean).notNull()
        table.column("errorCount", .integer).notNull()
        table.column("note", .text).notNull()
        table.primaryKey(["scenarioId", "number"])
      }
      try db.create(table: StoredVersionFile.databaseTableName) { table in
        table.column("scenarioId", .text).notNull()
        table.column("version", .integer).notNull()
        table.column("name", .text).notNull()
        table.column("content", .blob).notNull()
        table.primaryKey(["scenarioId", "version", "name"])
        table.foreignKey(
          ["scenarioId", "version"], references: StoredVersion.databaseTableName, columns: ["scenarioId", "number"],
          onDelete: .cascade)
      }
    }
  }

  // MARK: Scenarios

  public func insert(_ scenario: StoredScenario, files: [StoredScenarioFile]) throws {
    try database.write { db in
      try scenario.insert(db)
      for file in files { try file.insert(db) }
    }
  }

  public func scenarios() throws -> [StoredScenario] {
    try database.read { db in
      try StoredScenario.order(Column("uploadedAt").desc, Column("name")).fetchAll(db)
    }
  }

  public func scenario(id: String) throws -> StoredScenario? {
    try database.read { db in try StoredScenario.fetchOne(db, key: id) }
  }

  public func files(ofScenario id: String) throws -> [StoredScenarioFile] {
    try database.read { db in
      try StoredScenarioFile.filter(Column("scenarioId") == id).order(Column("name")).fetchAll(db)
    }
  }

  public func update(_ scenario: StoredScenario) throws {
    try database.write { db in try scenario.update(db) }
  }

  @discardableResult
  public func deleteScenario(id: String) throws -> Bool {
    try database.write { db in try StoredScenario.deleteOne(db, key: id) }
  }

  // MARK: Versions

  public func save(_ scenario: StoredScenario, version: StoredVersion, files: [StoredScenarioFile]) throws {
    try database.write { db in
      try scenario.save(db)
      try version.insert(db)
      _ = try StoredScenarioFile.filter(Column("scenarioId") == scenario.id).deleteAll(db)
      for file in files {
        try StoredScenarioFile(scenarioId: scenario.id, name: file.name, content: file.content).insert(db)
        try StoredVersionFile(scenarioId: scenario.id, version: version.number, name: file.name, content: file.content)
          .insert(db)
      }
    }
  }

  public func versions(ofScenario id: String) throws -> [StoredVersion] {
    try database.read { db in
      try StoredVersion.filter(Column("scenarioId") == id).order(Column("number")).fetchAll(db)
    }
  }

  public func files(ofScenario id: String, version: Int) throws -> [StoredScenarioFile] {
    try database.read { db in
      try StoredVersionFile.filter(Column("scenarioId") == id && Column("version") == version).order(Column("name"))
        .fetchAll(db).map { StoredScenarioFile(scenarioId: id, name: $0.name, content: $0.content) }
    }
  }

  // MARK: Jobs and results

  public func insert(_ job: StoredJob) throws {
    try database.write { db in try job.insert(db) }
  }

  public func update(_ job: StoredJob) throws {
    try database.write { db in try job.update(db) }
  }

  public func job(id: String) throws -> StoredJob? {
    try database.read { db in try StoredJob.fetchOne(db, key: id) }
  }

  public func jobs(ofScenario id: String?) throws -> [StoredJob] {
    try database.read { db in
      var request = StoredJob.order(Column("createdAt").desc)
      if let id { request = request.filter(Column("scenarioId") == id) }
      return try request.fetchAll(db)
    }
  }

  @discardableResult
  public func markUnfinishedJobsInterrupted(server: String, at date: Date) throws -> Int {
    try database.write { db in
      try StoredJob
        .filter([JobState.queued.rawValue, JobState.running.rawValue].contains(Column("state")))
        // Jobs from before jobs named their server have "" and can only be this single server's.
        .filter([server, ""].contains(Column("server")))
        .updateAll(
          db, Column("state").set(to: JobState.interrupted.rawValue),
          Column("message").set(to: Self.interruptedMessage),
          Column("finishedAt").set(to: date))
    }
  }

  public func finish(_ job: StoredJob, result: StoredResult?) throws {
    try database.write { db in
      try job.update(db)
      try result?.save(db)
    }
  }

  public func result(ofJob id: String) throws -> StoredResult? {
    try database.read { db in try StoredResult.fetchOne(db, key: id) }
  }

  // MARK: Tokens

  public func insert(_ token: StoredToken) throws {
    try database.write { db in try token.insert(db) }
  }

  public func token(hash: String) throws -> StoredToken? {
    try database.read { db in try StoredToken.filter(Column("hash") == hash).fetchOne(db) }
  }

  public func tokens() throws -> [StoredToken] {
    try database.read { db in try StoredToken.order(Column("createdAt"), Column("id")).fetchAll(db) }
  }

  public func deleteToken(id: String) throws -> Bool {
    try database.write { db in try StoredToken.deleteOne(db, key: id) }
  }

  public func close() async {}
}
