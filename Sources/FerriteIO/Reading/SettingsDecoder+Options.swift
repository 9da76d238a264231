import FerriteModel
import Yams

extension SettingsDecoder {
  /// Decodes `options:` into typed options (`ScenarioSchema.options`); every unknown key and every
  /// value outside its kind is an error with its line.
  mutating func options(_ node: Node, line: Int?) -> ScenarioOptions {
    var options = ScenarioOptions()
    guard case .mapping(let mapping) = node else {
      if YAMLDocument.text(node).map({ !$0.trimmingWhitespace().isEmpty }) ?? true {
        report("options", "options must be key: value pairs", fix: "write options: {objective: cost}", line: line)
      }
      return options
    }
    let known = ScenarioSchema.options.map(\.name)
    for (keyNode, value) in mapping {
      let key = YAMLDocument.key(keyNode)
      let line = value.mark?.line ?? keyNode.mark?.line ?? line
      let field = "options.\(key)"
      guard known.contains(key) else {
        let fix =
          Suggestion.fix(for: key, among: known) ?? "known options: " + known.joined(separator: ", ")
        diagnostics.append(
          Diagnostic(.error, "unknown option \(shown(key))", fix: fix, at: .init(file: file, line: line)))
        continue
      }
      if key == "carbon_price_comparison" {
        options.carbonPriceComparison = prices(value, field: field, line: line)
        continue
      }
      guard case .scalar = value, let text = YAMLDocument.text(value)?.trimmingWhitespace(), !text.isEmpty else {
        report(field, "expected a single value", fix: "write `\(key): value`", line: line)
        continue
      }
      switch key {
      case "objective":
        options.objective = choice(text, field: field, line: line)
      case "carbon_company":
        if ValueParser.isIdentifier(text) {
          options.carbonCompany = Company.ID(text)
        } else {
          report(field, "\(shown(text)) is not a company id", fix: "write the id used in sites.csv owners", line: line)
        }
      case "carbon_boundary":
        options.carbonBoundary = choice(text, field: field, line: line) ?? options.carbonBoundary
      case "allocation":
        options.allocation = choice(text, field: field, line: line) ?? options.allocation
      case "facility_links":
        options.facilityLinks = choice(text, field: field, line: line) ?? options.facilityLinks
      default:
        break
      }
    }
    return options
  }

  /// One of the words of `T`, else an error listing them.
  private mutating func choice<T: CaseIterable & RawRepresentable>(_ text: String, field: String, line: Int?) -> T?
  where T.RawValue == String {
    if let value = T(rawValue: text) { return value }
    let words = T.allCases.map(\.rawValue)
    let fix = Suggestion.fix(for: text, among: words) ?? "write one of " + words.joined(separator: ", ")
    report(field, "\(shown(text)) is not one of " + words.joined(separator: ", "), fix: fix, line: line)
    return nil
  }

  /// A list of prices: a YAML list, or one value with items separated by commas or `;`.
  private mutating func prices(_ node: Node, field: String, line: Int?) -> [Double] {
    var texts: [(String, Int?)] = []
    switch node {
    case .scalar:
      let text = YAMLDocument.text(node) ?? ""
      texts = text.split(whereSeparator: { $0 == "," || $0 == ";" }).map { ($0.trimmingWhitespace(), line) }
    case .sequence(let items):
      texts = items.map { (YAMLDocument.text($0)?.trimmingWhitespace() ?? "", $0.mark?.line ?? line) }
    default:
      report(field, "expected a list of prices", fix: "write `carbon_price_comparison: [0, 50, 100]`", line: line)
      return []
    }
    let schema = ScenarioSchema.options.first { $0.name == "carbon_price_comparison" }
    let range = (schema?.minimum ?? 0)...(schema?.maximum ?? 1e6)
    var prices: [Double] = []
    for (text, line) in texts {
      guard let value = ValueParser.number(text), range.contains(value) else {
        report(
          field, "\(shown(text)) is not a price from \(ColumnSchema.format(range.lowerBound)) to "
            + "\(ColumnSchema.format(range.upperBound)) per t CO2e",
          fix: "write e.g. [0, 50, 100]", line: line)
        continue
      }
      prices.append(value)
    }
    return prices
  }
}
