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
  /// The number of the version whose files are the scenario's files now (1 at upload).
  public var version: Int
  /// For a variant: the scenario it was made from, at which version, and the variant's text
  /// (docs/sweeps.md); the variant's own files are the resolved scenario.
  public var baseId: String?
  public var baseVersion: Int?
  public var variant: String?

  public init(
    id: String, name: String, format: String, isValid: Bool, errorCount: Int, warningCount: Int,
    sizeBytes: Int, uploadedAt: Date, version: Int = 1, baseId: String? = nil, baseVersion: Int? = nil,
    variant: String? = nil
  ) {
    self.id = id
    self.name = name
    self.format = format
    self.isValid = isValid
    self.errorCount = errorCount
    self.warningCount = warningCount
    self.sizeBytes = sizeBytes
    self.uploadedAt = uploadedAt
    self.version = version
    self.baseId = baseId
    self.baseVersion = baseVersion
    self.variant = variant
  }
}

/// One saved version of a scenario: who saved it, when, from which version, and whether it validated.
/// Its files are kept as `StoredVersionFile`s, so any version can be shown, compared or restored.
public struct StoredVersion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "server_scenario_versions"

  public var scenarioId: String
  /// 1 for the upload, then one more for each save.
  public var number: Int
  /// The version it was edited from (nil for the upload).
  public var parent: Int?
  /// Who saved it: the label of the token used, with the start of its id.
  public var author: String
  public var createdAt: Date
  public var isValid: Bool
  public var errorCount: Int
  /// What the save was, in a few words ("upload", "edited demand").
  public var note: String

  public init(
    scenarioId: String, number: Int, parent: Int?, author: String, createdAt: Date, isValid: Bool, errorCount: Int,
    note: String
  ) {
    self.scenarioId = scenarioId
    self.number = number
    self.parent = parent
    self.author = author
    self.createdAt = createdAt
    self.isValid = isValid
    self.errorCount = errorCount
    self.note = note
  }
}

/// One file of one version of a scenario.
struct StoredVersionFile: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "server_scenario_version_files"

  var scenarioId: String
  var version: Int
  var name: String
  var content: Data
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
  /// The version of the scenario the job solved (nil for jobs from before versions were kept).
  public var scenarioVersion: Int?

  public init(
    id: String, scenarioId: String, server: String = "", options: Data, createdAt: Date, scenarioVersion: Int? = nil
  ) {
    self.id = id
    self.scenarioId = scenarioId
    self.scenarioVersion = scenarioVersion
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
