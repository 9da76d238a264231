import FerriteStore
import Foundation

/// Where the server listens, where it keeps its data and what it accepts.
public struct ServerConfiguration: Sendable {
  public var host: String
  public var port: Int
  /// The folder holding the SQLite database.
  public var dataDirectory: String
  /// A PostgreSQL database to use instead of the SQLite file in the data folder.
  public var postgresURL: String?
  /// This server's name among servers sharing a database (the host name by default): at
  /// startup it marks only its own unfinished jobs interrupted.
  public var instance: String
  public var limits: UploadLimits
  /// An origin allowed to call the API from another site; nil (the default) turns CORS off.
  public var allowedOrigin: String?
  /// How long a connection may stay open without sending a complete request head or body part
  /// (and how long an idle keep-alive connection is kept): slow or half-open clients are closed
  /// after this, so they cannot hold every connection the process may open.
  public var idleTimeout: Duration
  /// A folder of policy packs (`<folder>/<name>/pack.yaml` ...) that uploaded scenarios may name in
  /// `policy_packs` besides the packs they carry; nil (the default) offers none.
  public var policyPackFolder: String?
  /// Sweeps started through the API are queued in the PostgreSQL database for `ferrite worker`
  /// processes instead of running in the server (needs `postgresURL`; see docs/sweeps.md).
  public var sweepsOnWorkers: Bool = false

  public init(
    host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String, limits: UploadLimits = .standard,
    allowedOrigin: String? = nil, postgresURL: String? = nil, instance: String? = nil,
    idleTimeout: Duration = ServerConfiguration.standardIdleTimeout, policyPackFolder: String? = nil
  ) {
    self.idleTimeout = idleTimeout
    self.policyPackFolder = policyPackFolder
    self.host = host
    self.port = port
    self.dataDirectory = dataDirectory
    self.limits = limits
    self.allowedOrigin = allowedOrigin
    self.postgresURL = postgresURL
    self.instance = instance ?? ProcessInfo.processInfo.hostName
  }

  /// Ten seconds: a browser or API client sends a request head in milliseconds.
  public static let standardIdleTimeout = Duration.seconds(10)

  /// The database file inside the data folder.
  public var databasePath: String {
    URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent("ferrite.sqlite").path
  }

  /// Where the records live: PostgreSQL when a URL is given, else the SQLite file.
  public var database: ServerDatabase {
    postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: databasePath)
  }
}

/// How much an upload may hold; zip bombs stop at the first limit crossed.
public struct UploadLimits: Sendable {
  /// Bytes of the request body.
  public var maximumUploadBytes: Int
  /// Entries (files and folders) in a zip.
  public var maximumEntries: Int
  /// Bytes of all files of a zip once unpacked.
  public var maximumUnpackedBytes: Int

  public init(maximumUploadBytes: Int, maximumEntries: Int, maximumUnpackedBytes: Int) {
    self.maximumUploadBytes = maximumUploadBytes
    self.maximumEntries = maximumEntries
    self.maximumUnpackedBytes = maximumUnpackedBytes
  }

  /// 20 MB uploads of at most 100 entries and 200 MB unpacked.
  public static let standard = UploadLimits(
    maximumUploadBytes: 20 << 20, maximumEntries: 100, maximumUnpackedBytes: 200 << 20)
}
