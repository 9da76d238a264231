import FerriteModel
import Foundation

/// Policy packs: folders of dated, sourced rule tables (`policy/<name>/`) that a scenario selects
/// with `policy_packs` in scenario.yaml.
///
/// A pack holds `pack.yaml` (name, version, as-of date, what it covers) and any of `blocs.csv`,
/// `tariff_rules.csv`, `tariff_quotas.csv` and `origin_rules.csv`, in the scenario table formats.
/// Packs apply in the order listed; the scenario's own rows come last, and a row whose id is
/// already taken replaces the earlier row (that is how a scenario overrides a pack's rule).
/// Single-file scenarios hold every rule in their own tables; their `policy_packs` only name the
/// packs the rules came from.
struct PolicyPacks {
  /// The tables a pack may hold.
  static let tables: [TableSchema] = [
    ScenarioSchema.blocs, ScenarioSchema.tariffRules, ScenarioSchema.tariffQuotas, ScenarioSchema.originRules,
  ]

  let limits: ReadLimits

  /// A pack found on disk: its folder and the name its files go by in diagnostics.
  struct Location {
    var folder: URL
    /// `policy/<name>` as seen from the scenario folder (`../policy/<name>` for a parent's pack);
    /// for a configured pack folder `policy/<name>`, so no server path is shown.
    var shownPath: String
    /// The folder every file of the pack must stay inside (after links are followed), if any.
    var root: URL?
  }

  /// The folder of pack `name` for a scenario in `folder`, as `limits.policyPacks` allows, or nil.
  /// `name` must already be a plain pack name (`ScenarioSchema.isPolicyPackName`).
  func locate(_ name: String, from folder: URL) -> Location? {
    guard ScenarioSchema.isPolicyPackName(name) else { return nil }
    let scenario = folder.standardizedFileURL
    switch limits.policyPacks {
    case .scenarioAndParents:
      var current = scenario
      var up = ""
      for _ in 0..<8 {
        let candidate = current.appendingPathComponent("policy").appendingPathComponent(name)
        if Self.isFolder(candidate) { return Location(folder: candidate, shownPath: up + "policy/\(name)") }
        let parent = current.deletingLastPathComponent()
        if parent.path == current.path { break }
        current = parent
        up += "../"
      }
      return nil
    case .scenarioAnd(let folders):
      let roots =
        [(scenario.appendingPathComponent("policy"), scenario)]
        + folders.map { (URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL, nil as URL?) }
      for (packs, rootOverride) in roots {
        let candidate = packs.appendingPathComponent(name)
        let root = rootOverride ?? packs
        guard Self.isFolder(candidate), Self.isInside(candidate, root) else { continue }
        return Location(folder: candidate, shownPath: "policy/\(name)", root: root)
      }
      return nil
    }
  }

  static func isFolder(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  /// Whether `url`, links followed, lies inside `root` (links followed), so a link in an upload
  /// cannot lead a reader out of it.
  static func isInside(_ url: URL, _ root: URL) -> Bool {
    let path = url.resolvingSymlinksInPath().path
    let rootPath = root.resolvingSymlinksInPath().path
    return path == rootPath || path.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/")
  }

  /// The pack names `limits.policyPacks` can find for a scenario in `folder`, for a fix.
  func available(from folder: URL) -> [String] {
    guard case .scenarioAnd(let folders) = limits.policyPacks else { return [] }
    let places = [folder.appendingPathComponent("policy").path] + folders
    let names = places.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
    return Array(Set(names.filter(ScenarioSchema.isPolicyPackName))).sorted()
  }

  /// What reading the packs yields: their merged rules, where each row came from, and every problem.
  struct Result {
    var policy = Policy()
    var diagnostics: [Diagnostic] = []
    /// The place of each pack row still in `policy` (a later pack's row replaces an earlier one's).
    var sourceMap = SourceMap()
  }

  /// The policy of every pack in `names`, merged in order, with every problem found in them;
  /// `lines` gives the line of each name in scenario.yaml.
  func read(
    _ names: [String], from folder: URL, lines: [String: Int] = [:], allowsExtraColumns: Bool = false
  ) -> Result {
    var result = Result()
    let reader = CSVReader(limits: limits)
    for name in names where ScenarioSchema.isPolicyPackName(name) {
      let place = SourceLocation(file: "scenario.yaml", line: lines[name], field: "policy_packs", isDocumentKey: true)
      guard let pack = locate(name, from: folder) else {
        // A warning by default: a written copy of a scenario already holds its packs' rows.
        let fix: String
        if case .scenarioAnd = limits.policyPacks {
          let known = available(from: folder)
          fix =
            "add policy/\(name)/ to the scenario"
            + (known.isEmpty ? "" : ", or use one of the packs available: " + known.joined(separator: ", "))
        } else {
          fix = "add a folder policy/\(name)/ next to the scenario or in a parent folder, or remove it from policy_packs"
        }
        let severity: Diagnostic.Severity = limits.requiresPolicyPacks ? .error : .warning
        let consequence = limits.requiresPolicyPacks ? "" : ": only the scenario's own rules apply"
        result.diagnostics.append(
          Diagnostic(severity, "policy pack '\(name)' not found\(consequence)", fix: fix, at: place))
        continue
      }
      if !FileManager.default.fileExists(atPath: pack.folder.appendingPathComponent("pack.yaml").path) {
        result.diagnostics.append(
          Diagnostic(
            .warning, "policy pack '\(name)' has no pack.yaml",
            fix: "add pack.yaml with name, version, as_of and description", at: .init(file: pack.shownPath)))
      }
      var tables: [Table: RawTable] = [:]
      for schema in Self.tables {
        let url = pack.folder.appendingPathComponent(schema.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { continue }
        let file = "\(pack.shownPath)/\(schema.fileName)"
        if let root = pack.root, !Self.isInside(url, root) {
          result.diagnostics.append(
            Diagnostic(
              .error, "the file links outside the scenario", fix: "replace the link with the file itself",
              at: .init(file: file)))
          continue
        }
        let (csv, csvDiagnostics) = reader.read(contentsOf: url, file: file)
        result.diagnostics += csvDiagnostics
        guard let csv else { continue }
        let (table, tableDiagnostics) = RawTable.from(
          csv, schema: schema, file: file, allowsExtraColumns: allowsExtraColumns)
        result.diagnostics += tableDiagnostics
        tables[schema.table] = table
      }
      var assembler = ScenarioAssembler(tables: tables)
      let rules = Policy(
        blocs: assembler.rows(.blocs, TableCoding.bloc),
        tariffRules: assembler.rows(.tariffRules, TableCoding.tariffRule),
        tariffQuotas: assembler.rows(.tariffQuotas, TableCoding.tariffQuota),
        originRules: assembler.rows(.originRules, TableCoding.originRule))
      result.diagnostics += assembler.diagnostics
      result.policy = Self.merge(result.policy, over: rules)
      result.sourceMap.add(assembler.sourceMap, replacing: true)
    }
    return result
  }

  /// `base` with the rows of `top` added; a row of `top` replaces the row of `base` with its id.
  static func merge(_ base: Policy, over top: Policy) -> Policy {
    func merged<Row: Identifiable>(_ base: [Row], _ top: [Row]) -> [Row] {
      let replaced = Set(top.map(\.id))
      return base.filter { !replaced.contains($0.id) } + top
    }
    var result = top
    result.blocs = merged(base.blocs, top.blocs)
    result.tariffRules = merged(base.tariffRules, top.tariffRules)
    result.tariffQuotas = merged(base.tariffQuotas, top.tariffQuotas)
    result.originRules = merged(base.originRules, top.originRules)
    result.carbonPrices = base.carbonPrices + top.carbonPrices
    result.carbonCaps = base.carbonCaps + top.carbonCaps
    result.gridFactors = base.gridFactors + top.gridFactors
    return result
  }
}

extension ScenarioSchema {
  /// The files a policy pack folder may hold: `pack.yaml` and its rule tables.
  public static var policyPackFileNames: [String] { ["pack.yaml"] + PolicyPacks.tables.map(\.fileName) }

  /// Whether `name` may name a policy pack folder: lower-case letters, digits, `-` and `_`, at most
  /// 40 characters, so that it is safe as a path component.
  public static func isPolicyPackName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 40 && name.first != "-"
      && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
  }
}
