import FerriteModel
import Yams

/// Reads the keys of `scenario.yaml` (or the top of a single-file scenario) into settings.
struct SettingsDecoder {
  let file: String
  var diagnostics: [Diagnostic] = []
  /// The line of each name under `policy_packs`, for diagnostics about the packs.
  var policyPackLines: [String: Int] = [:]

  init(file: String) { self.file = file }

  mutating func report(
    _ key: String, _ message: String, fix: String?, line: Int?, severity: Diagnostic.Severity = .error
  ) {
    diagnostics.append(
      Diagnostic(
        severity, message, fix: fix, at: .init(file: file, line: line, field: key, isDocumentKey: true)))
  }

  /// Decodes the settings keys of `mapping`; other keys are left to the caller (`isOtherKey`).
  mutating func decode(_ mapping: Node.Mapping, isOtherKey: (String) -> Bool) -> ScenarioSettings {
    var settings = ScenarioSettings(name: "", periods: [])
    var seen: Set<String> = []
    var nameLine: Int?
    let known = ScenarioSchema.settings.map(\.name)
    for (keyNode, value) in mapping {
      let key = YAMLDocument.key(keyNode)
      let line = value.mark?.line ?? keyNode.mark?.line
      seen.insert(key)
      switch key {
      case "name":
        nameLine = line
        settings.name = scalar(key, value, line: line) ?? ""
        if settings.name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
          report(
            key, "the name holds control characters", fix: "write the name as plain text on one line", line: line)
          settings.name = Diagnostic.printable(settings.name)
        }
      case "description": settings.description = scalar(key, value, line: line) ?? ""
      case "periods": settings.periods = periods(value, line: line)
      case "discount_rate":
        guard let text = scalar(key, value, line: line) else { break }
        if let rate = ValueParser.number(text), (0...1).contains(rate) {
          settings.discountRate = rate
        } else {
          report(key, "\(shown(text)) is not a rate from 0 to 1", fix: "write 8 % as 0.08", line: line)
        }
      case "currency":
        guard let text = scalar(key, value, line: line) else { break }
        if text.count == 3, text.allSatisfy({ ("A"..."Z").contains($0) }) {
          settings.currency = text
        } else {
          report(key, "\(shown(text)) is not an ISO 4217 currency code", fix: "write it like USD", line: line)
        }
      case "options": settings.options = options(value, line: line)
      case "allow_extra_columns":
        guard let text = scalar(key, value, line: line) else { break }
        if let allows = ValueParser.boolean(text) {
          settings.allowsExtraColumns = allows
        } else {
          report(key, "\(shown(text)) is not yes or no", fix: "write `allow_extra_columns: true`", line: line)
        }
      case "policy_packs":
        settings.policyPacks = packNames(value, line: line)
      default:
        if isOtherKey(key) { continue }
        let fix =
          Suggestion.fix(for: key, among: known + ScenarioSchema.tables.map(\.name))
          ?? "known keys: " + known.joined(separator: ", ") + " and the table names"
        // The key is user text of any length, so it is named in the message, not as the place.
        diagnostics.append(
          Diagnostic(
            .warning, "unknown key \(shown(key)) is ignored", fix: fix,
            at: .init(file: file, line: keyNode.mark?.line)))
      }
    }
    if !seen.contains("name") || settings.name.isEmpty {
      report("name", "missing scenario name", fix: "add `name: ...`", line: seen.contains("name") ? nameLine : 1)
    }
    if !seen.contains("periods") {
      report("periods", "missing periods", fix: "add `periods: 2026-2035` or a list of years", line: 1)
    }
    return settings
  }

  mutating func scalar(_ key: String, _ node: Node, line: Int?) -> String? {
    guard case .scalar = node else {
      report(key, "expected a single value", fix: "write `\(key): value`", line: line)
      return nil
    }
    return YAMLDocument.text(node)?.trimmingWhitespace()
  }

  /// The names under `policy_packs`; a name that is not a plain pack name (a path, `..`, capitals)
  /// is an error, so that a name can never lead the reader out of the pack folders.
  mutating func packNames(_ node: Node, line: Int?) -> [String] {
    let items: [(String, Int?)]
    if case .sequence(let nodes) = node {
      items = nodes.map { (YAMLDocument.text($0)?.trimmingWhitespace() ?? "", $0.mark?.line ?? line) }
    } else {
      items = list("policy_packs", node, line: line).map { ($0, line) }
    }
    var names: [String] = []
    for (name, itemLine) in items where !name.isEmpty {
      guard ScenarioSchema.isPolicyPackName(name) else {
        report(
          "policy_packs", "\(shown(name)) is not a policy pack name",
          fix: "name a folder policy/<name>/ by its name only: lower-case letters, digits, - and _ "
            + "(at most 40), such as us or kr-us",
          line: itemLine)
        continue
      }
      if policyPackLines[name] == nil { policyPackLines[name] = itemLine }
      names.append(name)
    }
    return names
  }

  mutating func list(_ key: String, _ node: Node, line: Int?) -> [String] {
    switch node {
    case .scalar: return YAMLDocument.text(node).map(ValueParser.items) ?? []
    case .sequence(let items):
      return items.compactMap { YAMLDocument.text($0)?.trimmingWhitespace() }.filter { !$0.isEmpty }
    default:
      report(key, "expected a list", fix: "write `\(key): [a, b]`", line: line)
      return []
    }
  }

  /// Periods as a list of years or a `first-last` range, strictly increasing.
  mutating func periods(_ node: Node, line: Int?) -> [Year] {
    var years: [Year] = []
    switch node {
    case .scalar:
      let text = YAMLDocument.text(node)?.trimmingWhitespace() ?? ""
      let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
      if parts.count == 2, let first = ValueParser.year(parts[0]), let last = ValueParser.year(parts[1]) {
        guard first <= last else {
          report(
            "periods", "the range \(text) ends before it starts",
            fix: "write the earlier year first, such as 2026-2035", line: line)
          return []
        }
        years = Array(first...last)
      } else if let year = ValueParser.year(text) {
        years = [year]
      } else {
        report(
          "periods", "\(shown(text)) is not a list or range of years",
          fix: "write `periods: 2026-2035` or `[2026, 2030, 2035]`", line: line)
        return []
      }
    case .sequence(let items):
      for item in items {
        let text = YAMLDocument.text(item) ?? ""
        guard let year = ValueParser.year(text) else {
          report(
            "periods", "\(shown(text)) is not a year", fix: "write four-digit years, such as 2026",
            line: item.mark?.line ?? line)
          continue
        }
        years.append(year)
      }
    default:
      report(
        "periods", "periods must be a list or range of years", fix: "write `periods: 2026-2035`", line: line)
      return []
    }
    if zip(years, years.dropFirst()).contains(where: { $0 >= $1 }) {
      report(
        "periods", "periods are not strictly increasing", fix: "list each year once, in order", line: line)
    }
    if years.isEmpty { report("periods", "no periods", fix: "give at least one year", line: line) }
    return years
  }
}
