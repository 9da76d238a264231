import Foundation

/// What the server keeps: scenarios and their files, solve jobs, results and API tokens.
///
/// One SQLite file by default (`SQLiteServerStore`), or a shared PostgreSQL database
/// (`PostgresServerStore`) when several servers or a managed database are wanted; both keep the
/// same records with the same meaning, and the server sees only this protocol.
public protocol ServerStore: Sendable {
  // MARK: Scenarios

  /// Saves a scenario with its files in one transaction.
  func insert(_ scenario: StoredScenario, files: [StoredScenarioFile]) async throws
  /// Every scenario, newest first.
  func scenarios() async throws -> [StoredScenario]
  func scenario(id: String) async throws -> StoredScenario?
  /// The scenario's files by name.
  func files(ofScenario id: String) async throws -> [StoredScenarioFile]
  func update(_ scenario: StoredScenario) async throws
  /// Deletes a scenario with its files, versions, jobs and results; false when there was none.
  /// Variants made from it stay: each holds its own resolved files.
  @discardableResult func deleteScenario(id: String) async throws -> Bool

  // MARK: Versions

  /// Records `version` with `files` and makes them the scenario's current files, saving the
  /// scenario record too (inserting it when new), all in one transaction.
  func save(_ scenario: StoredScenario, version: StoredVersion, files: [StoredScenarioFile]) async throws
  /// The scenario's versions, oldest first (empty for scenarios stored before versions were kept).
  func versions(ofScenario id: String) async throws -> [StoredVersion]
  /// The files of one version by name; empty when there is no such version.
  func files(ofScenario id: String, version: Int) async throws -> [StoredScenarioFile]

  // MARK: Jobs and results

  func insert(_ job: StoredJob) async throws
  func update(_ job: StoredJob) async throws
  func job(id: String) async throws -> StoredJob?
  /// Jobs, newest first, of one scenario or of all.
  func jobs(ofScenario id: String?) async throws -> [StoredJob]
  /// Marks every queued or running job of `server` as interrupted and returns how many there
  /// were; called at startup, since no job survives the process that ran it.
  @discardableResult func markUnfinishedJobsInterrupted(server: String, at date: Date) async throws -> Int
  /// Saves a finished job and its plan together.
  func finish(_ job: StoredJob, result: StoredResult?) async throws
  func result(ofJob id: String) async throws -> StoredResult?

  // MARK: Tokens

  func insert(_ token: StoredToken) async throws
  func token(hash: String) async throws -> StoredToken?
  /// Every token (hashes included), oldest first.
  func tokens() async throws -> [StoredToken]
  /// Deletes a token; false when there was none.
  @discardableResult func deleteToken(id: String) async throws -> Bool

  /// Closes the connections; the store is unusable afterwards.
  func close() async
}

extension ServerStore {
  public func jobs() async throws -> [StoredJob] { try await jobs(ofScenario: nil) }
  public func tokenCount() async throws -> Int { try await tokens().count }
  @discardableResult public func markUnfinishedJobsInterrupted(server: String) async throws -> Int {
    try await markUnfinishedJobsInterrupted(server: server, at: Date())
  }
  /// Revokes the token whose id is `reference` or the only one whose id starts with it (at least
  /// four characters, as `ferrite token list` shows them); returns it, or nil when none or several
  /// match.
  public func revokeToken(_ reference: String) async throws -> StoredToken? {
    let all = try await tokens()
    let matches = all.filter { $0.id == reference }.isEmpty && reference.count >= 4
      ? all.filter { $0.id.hasPrefix(reference) } : all.filter { $0.id == reference }
    guard matches.count == 1, let token = matches.first, try await deleteToken(id: token.id) else { return nil }
    return token
  }

  /// The message an interrupted job carries.
  static var interruptedMessage: String { "the server stopped before the job finished; start it again" }
}

/// Where the server's records live.
public enum ServerDatabase: Sendable, Equatable {
  /// A SQLite file, created when missing.
  case sqlite(path: String)
  /// A PostgreSQL database, `postgres://user[:password]@host[:port]/database`.
  case postgres(url: String)

  /// Opens the database and brings its tables up to date.
  public func open() async throws -> any ServerStore {
    switch self {
    case .sqlite(let path): try SQLiteServerStore(path: path)
    case .postgres(let url): try await PostgresServerStore.connect(url: url)
    }
  }

  /// Where it is, in words, without a password.
  public var description: String {
    switch self {
    case .sqlite(let path): return path
    case .postgres(let url): return PostgresURL.redacted(url)
    }
  }
}
