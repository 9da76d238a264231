import FerriteModel
import FerriteStore
import Foundation

/// One diagnostic as the API reports it: what, where (file, line, column; or table row) and how to fix.
struct DiagnosticBody: Codable, Sendable {
  var severity: String
  var message: String
  var fix: String?
  var file: String?
  var line: Int?
  var field: String?
  var table: String?
  var rowKey: [String]?
  /// The row's position in its table (0 for the first row), when the diagnostic is pinned to one.
  var rowIndex: Int?
  /// The whole diagnostic as one line, as the command line prints it.
  var text: String

  init(_ diagnostic: Diagnostic) {
    severity = diagnostic.severity.rawValue
    message = diagnostic.message
    fix = diagnostic.fix
    file = diagnostic.location?.file ?? diagnostic.row.map { $0.table.rawValue + ".csv" }
    line = diagnostic.location?.line
    field = diagnostic.location?.field ?? diagnostic.row?.field
    table = diagnostic.row?.table.rawValue
    rowKey = diagnostic.row?.key
    text = diagnostic.description
  }
}

/// A scenario with its files and diagnostics.
struct ScenarioBody: Codable, Sendable {
  var scenario: StoredScenario
  var files: [FileBody]
  var diagnostics: [DiagnosticBody]
  /// Zip entries left out because they are not scenario files.
  var ignored: [String]?
  /// The scenario's versions, oldest first.
  var versions: [StoredVersion]?

  struct FileBody: Codable, Sendable {
    var name: String
    var bytes: Int
  }
}

/// Sites with coordinates and products: what the map and the Sankey draw.
struct NetworkBody: Codable, Sendable {
  struct SiteBody: Codable, Sendable {
    var id: String
    var name: String
    var kind: String
    var country: String
    var latitude: Double?
    var longitude: Double?
  }

  struct ProductBody: Codable, Sendable {
    var id: String
    var name: String
    var family: String
    var unit: String
  }

  var name: String
  var currency: String
  var periods: [Int]
  var sites: [SiteBody]
  var products: [ProductBody]

  init(_ scenario: Scenario) {
    name = scenario.settings.name
    currency = scenario.settings.currency
    periods = scenario.periods
    sites = scenario.sites.map {
      SiteBody(
        id: $0.id.rawValue, name: $0.name, kind: $0.kind.rawValue, country: "\($0.country)",
        latitude: $0.latitude, longitude: $0.longitude)
    }
    products = scenario.products.map {
      ProductBody(id: $0.id.rawValue, name: $0.name, family: $0.family.rawValue, unit: $0.unit.rawValue)
    }
  }
}

/// A job with its elapsed time, as the status endpoint reports it.
struct JobBody: Encodable, Sendable {
  var job: StoredJob
  var elapsedSeconds: Double?
  /// "solve", "sweep" or "futures".
  var kind: String

  init(_ job: StoredJob, now: Date = Date()) {
    var job = job
    kind = job.kind
    job.options = Data()
    self.job = job
    if let started = job.startedAt { elapsedSeconds = (job.finishedAt ?? now).timeIntervalSince(started) }
  }

  enum CodingKeys: String, CodingKey {
    case elapsedSeconds, kind
  }

  func encode(to encoder: any Encoder) throws {
    try job.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(elapsedSeconds, forKey: .elapsedSeconds)
    try container.encode(kind, forKey: .kind)
  }
}
