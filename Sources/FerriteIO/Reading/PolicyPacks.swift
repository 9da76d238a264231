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

  /// The folder of pack `name` for a scenario in `folder`: `name` itself when it is a path (contains
  /// a `/`), else `policy/<name>` in the scenario folder or the nearest parent folder that has one.
  static func locate(_ name: String, from folder: URL) -> URL? {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    if name.contains("/") {
      let url = folder.appendingPathComponent(name).standardizedFileURL
      return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        ? url : nil
    }
    var current = folder.standardizedFileURL
    for _ in 0..<8 {
      let candidate = current.appendingPathComponent("policy").appendingPathComponent(name)
      if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
        return candidate
      }
      let parent = current.deletingLastPathComponent()
      if parent.path == current.path { break }
      current = parent
    }
    return nil
  }

  /// The policy of every pack in `names`, merged in order, with every problem found in them.
  func read(_ names: [String], from folder: URL) -> (Policy, [Diagnostic]) {
    var policy = Policy()
    var diagnostics: [Diagnostic] = []
    let reader = CSVReader(limits: limits)
    for name in names {
      guard let pack = Self.locate(name, from: folder) else {
        // A warning, not an error: a written copy of a scenario already holds its packs' rows.
        diagnostics.append(
          Diagnostic(
            .warning, "policy pack '\(name)' not found: only the scenario's own rules apply",
            fix: "add a folder policy/\(name)/ next to the scenario or in a parent folder, or remove it "
              + "from policy_packs", at: .init(file: "scenario.yaml", field: "policy_packs")))
        continue
      }
      if !FileManager.default.fileExists(atPath: pack.appendingPathComponent("pack.yaml").path) {
        diagnostics.append(
          Diagnostic(
            .warning, "policy pack '\(name)' has no pack.yaml",
            fix: "add pack.yaml with name, version, as_of and description", at: .init(file: "policy/\(name)")))
      }
      var tables: [Table: RawTable] = [:]
      for schema in Self.tables {
        let url = pack.appendingPathComponent(schema.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { continue }
        let file = "policy/\(name)/\(schema.fileName)"
        let (csv, csvDiagnostics) = reader.read(contentsOf: url, file: file)
        diagnostics += csvDiagnostics
        guard let csv else { continue }
        let (table, tableDiagnostics) = RawTable.from(csv, schema: schema, file: file)
        diagnostics += tableDiagnostics
        tables[schema.table] = table
      }
      var assembler = ScenarioAssembler(tables: tables)
      let rules = Policy(
        blocs: assembler.rows(.blocs, TableCoding.bloc),
        tariffRules: assembler.rows(.tariffRules, TableCoding.tariffRule),
        tariffQuotas: assembler.rows(.tariffQuotas, TableCoding.tariffQuota),
        originRules: assembler.rows(.originRules, TableCoding.originRule))
      diagnostics += assembler.diagnostics
      policy = Self.merge(policy, over: rules)
    }
    return (policy, diagnostics)
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
