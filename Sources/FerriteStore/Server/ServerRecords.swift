import Foundation
import GRDB

/// A scenario uploaded to the server: its name, how it was given and whether it validated.
public struct StoredScenario: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "server_scenarios"

  public var id: String
  public var name: String
  /// "folder" (a zip of a scenario folder) or "document" (one YAML or JSON file).
  public var format: String
  public var isValid: Bool
  public var errorCount: Int
  public var warningCount: Int
  public var sizeBytes: Int
  public var uploadedAt: Date

  public init(
    id: String, name: String, format: String, isValid: Bool, errorCount: Int, warningCount: Int,
    sizeBytes: Int, uploadedAt: Date
  ) {
    self.id = id
    self.name = name
    self.format = format
    self.isValid = isValid
    self.errorCount = errorCount
    self.warningCount = warningCount
    self.sizeBytes = sizeBytes
    self.uploadedAt = uploadedAt
  }
}

/// One file of an uploaded scenario, kept in the database so no upload ever touches the disk.
public struct StoredScenarioFile: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "server_scenario_files"

  public var scenarioId: String
  public var name: String
  public var content: Data

  public init(scenarioId: String, name: String, content: Data) {
    self.scenarioId = scenarioId
    self.name = name
    self.content = content
  }
}

/// Where a solve job is in its life.
public enum JobState: String, Codable, Sendable, CaseIterable {
  case queued, running, succeeded, failed, cancelled
  /// The server stopped while the job was queued or running.
  case interrupted

  /// Whether the job will not change any more.
  public var isFinished: Bool { self != .queued && self != .running }
}

/// A solve of a scenario run in the background.
public struct StoredJob: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "server_jobs"

  public var id: String
  public var scenarioId: String
  /// The server that runs it (`ServerConfiguration.instance`): at startup a server marks only
  /// its own unfinished jobs interrupted, so servers sharing a database leave each other's alone.
  public var server: String
  public var state: JobState
  /// "queued", "reading", "building", "solving", "reporting" or "done".
  public var phase: String
  /// 0 to 1, by phase.
  public var progress: Double
  /// Why the job failed, or a one-line outcome.
  public var message: String?
  /// The solve options as JSON, as the client gave them.
  public var options: Data
  public var createdAt: Date
  public var startedAt: Date?
  public var finishedAt: Date?

  public init(id: String, scenarioId: String, server: String = "", options: Data, createdAt: Date) {
    self.id = id
    self.scenarioId = scenarioId
    self.server = server
    self.state = .queued
    self.phase = "queued"
    self.progress = 0
    self.options = options
    self.createdAt = createdAt
  }
}

/// The plan of a finished job, as the planner's JSON.
public struct StoredResult: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "server_results"

  public var jobId: String
  public var plan: Data

  public init(jobId: String, plan: Data) {
    self.jobId = jobId
    self.plan = plan
  }
}

/// What a token lets its holder do; each role can do everything the one before it can.
public enum TokenRole: String, Codable, Sendable, CaseIterable, Comparable {
  case viewer, editor, admin

  public static func < (lhs: TokenRole, rhs: TokenRole) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }
}

/// An API token, stored only as its SHA-256 hash.
public struct StoredToken: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "server_tokens"

  public var id: String
  /// Hex SHA-256 of the token.
  public var hash: String
  public var role: TokenRole
  public var label: String
  public var createdAt: Date

  public init(id: String, hash: String, role: TokenRole, label: String, createdAt: Date) {
    self.id = id
    self.hash = hash
    self.role = role
    self.label = label
    self.createdAt = createdAt
  }
}
