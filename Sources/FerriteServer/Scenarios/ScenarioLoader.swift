import FerriteIO
import FerriteModel
import FerriteStore
import Foundation

/// Reads stored scenario files back into a scenario with its diagnostics.
///
/// A folder scenario's `policy_packs` are looked up in its own uploaded `policy/<name>/` folders and
/// then in the server's pack folder (`ferrite serve --policy-packs DIR`), nowhere else; a pack
/// found in neither is an error, so an upload never validates while silently missing its rules.
struct ScenarioLoader: Sendable {
  /// The server's pack folders (none unless configured).
  var packFolders: [String] = []

  /// The standard read limits with the server's pack rules.
  var limits: ReadLimits {
    var limits = ReadLimits.standard
    limits.policyPacks = .scenarioAnd(folders: packFolders)
    limits.requiresPolicyPacks = true
    return limits
  }

  /// Reads a folder scenario through a private temporary folder whose file names all come from
  /// `UploadReader.folderFileNames` (policy packs: the packs' fixed file names in folders whose
  /// names pass `ScenarioSchema.isPolicyPackName`), and a document scenario straight from memory.
  func load(format: String, files: [String: Data]) -> ScenarioCheck {
    if format == "document", let (name, data) = files.first {
      return ScenarioCheck(ScenarioReader(limits: limits).load(document: data, named: name))
    }
    if format == "workbook", let (name, data) = files.first {
      return ScenarioCheck(ScenarioReader(limits: limits).load(workbook: data, named: name))
    }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ferrite-upload-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for name in UploadReader.folderFileNames {
        guard let data = files[name] else { continue }
        try data.write(to: folder.appendingPathComponent(name))
      }
      for (key, data) in files where key.hasPrefix("policy/") {
        let parts = key.split(separator: "/").map(String.init)
        guard parts.count == 3, ScenarioSchema.isPolicyPackName(parts[1]),
          let file = ScenarioSchema.policyPackFileNames.first(where: { $0 == parts[2] })
        else { continue }
        let pack = folder.appendingPathComponent("policy").appendingPathComponent(parts[1], isDirectory: true)
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try data.write(to: pack.appendingPathComponent(file))
      }
    } catch {
      let problem = Diagnostic(.error, "the server could not stage the scenario files", fix: "try again")
      return ScenarioCheck(scenario: nil, diagnostics: [problem])
    }
    return ScenarioCheck(ScenarioReader(limits: limits).load(folder.path))
  }

  /// Reads the files on the heavy-work queue: a large scenario takes a while to parse and validate.
  func load(format: String, files: [String: Data]) async throws -> ScenarioCheck {
    try await HeavyWork.run { load(format: format, files: files) }
  }

  func load(_ stored: StoredScenario, store: any ServerStore) async throws -> ScenarioCheck {
    let files = try await store.files(ofScenario: stored.id)
    return try await load(
      format: stored.format, files: Dictionary(files.map { ($0.name, $0.content) }, uniquingKeysWith: { a, _ in a }))
  }
}

/// A scenario as far as it could be read, with every problem found in it.
struct ScenarioCheck: Sendable {
  var scenario: Scenario?
  var diagnostics: [Diagnostic]

  init(scenario: Scenario?, diagnostics: [Diagnostic]) {
    self.scenario = scenario
    self.diagnostics = diagnostics
  }

  init(_ loaded: LoadedScenario) {
    self.init(scenario: loaded.isValid ? loaded.scenario : nil, diagnostics: loaded.diagnostics)
  }

  var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
  var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}
