import Foundation

/// A comparison as a terminal table, CSV, JSON or a self-contained HTML page.
public struct ComparisonReport: Sendable {
  public var comparison: Comparison

  public init(_ comparison: Comparison) { self.comparison = comparison }

  /// Header and rows of the key-figure table: figure, base, then each variant and its delta.
  public var figureRows: [[String]] {
    comparison.figures.map { figure in
      var row = [figure.name, Self.number(figure.values.first ?? nil, unit: figure.unit)]
      for (value, delta) in zip(figure.values.dropFirst(), figure.deltas) {
        row += [Self.number(value, unit: figure.unit), Self.number(delta, unit: figure.unit, signed: true)]
      }
      return row
    }
  }

  public var figureHeader: [String] {
    ["figure", comparison.names.first ?? "base"] + comparison.names.dropFirst().flatMap { [$0, "delta"] }
  }

  /// Aligned columns for a terminal: key figures, then the largest changes.
  public func table() -> String {
    var text = Self.aligned([figureHeader] + figureRows)
    if !comparison.changes.isEmpty {
      text += "\nLargest changes against \(comparison.names.first ?? "the base"):\n"
      let rows = comparison.changes.map {
        [$0.variant, $0.kind, $0.subject, Self.number($0.base, unit: "units"), Self.number($0.value, unit: "units"),
         Self.number($0.delta, unit: "units", signed: true)]
      }
      text += Self.aligned([["variant", "kind", "subject", "base", "value", "delta"]] + rows)
    }
    return text
  }

  /// The key figures as CSV with full precision; deltas in their own columns.
  public func csv() -> String {
    var lines = [(["figure", "unit", comparison.names.first ?? "base"] + comparison.names.dropFirst().flatMap { [$0, "delta \($0)"] })
      .map(Self.field).joined(separator: ",")]
    for figure in comparison.figures {
      var cells = [figure.name, figure.unit, Self.raw(figure.values.first ?? nil)]
      for (value, delta) in zip(figure.values.dropFirst(), figure.deltas) { cells += [Self.raw(value), Self.raw(delta)] }
      lines.append(cells.map(Self.field).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(comparison), as: UTF8.self)
  }

  /// One HTML page with its style inline: no scripts, fonts or images to fetch.
  public func html(title: String = "Ferrite comparison") -> String {
    func row(_ cells: [String], header: Bool = false) -> String {
      let tag = header ? "th" : "td"
      return "<tr>" + cells.map { "<\(tag)>\(Self.escape($0))</\(tag)>" }.joined() + "</tr>"
    }
    var body = "<h1>\(Self.escape(title))</h1>\n<table>\n" + row(figureHeader, header: true) + "\n"
    body += figureRows.map { row($0) }.joined(separator: "\n") + "\n</table>\n"
    if !comparison.changes.isEmpty {
      body += "<h2>Largest changes</h2>\n<table>\n" + row(["variant", "kind", "subject", "base", "value", "delta"], header: true) + "\n"
      body += comparison.changes.map {
        row([$0.variant, $0.kind, $0.subject, Self.number($0.base, unit: "units"), Self.number($0.value, unit: "units"),
             Self.number($0.delta, unit: "units", signed: true)])
      }.joined(separator: "\n") + "\n</table>\n"
    }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
      <style>
      body{font-family:system-ui,sans-serif;margin:2em;color:#222}
      table{border-collapse:collapse;margin-bottom:2em}
      th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}
      th:first-child,td:first-child{text-align:left}
      th{background:#f3f3f3}
      </style></head><body>
      \(body)</body></html>

      """
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  static func raw(_ value: Double?) -> String {
    guard let value else { return "" }
    return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }

  static func field(_ text: String) -> String {
    text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  /// A value for reading: money and units with thousands separators, fractions as percent.
  static func number(_ value: Double?, unit: String, signed: Bool = false) -> String {
    guard let value else { return "-" }
    let sign = signed && value > 0 ? "+" : ""
    switch unit {
    case "fraction": return sign + String(format: "%.2f %%", value * 100)
    case "year" where !signed: return (-9999...9999).contains(value) ? String(Int(value)) : grouped(value)
    default:
      let rounded = abs(value) >= 100 ? value.rounded() : (value * 100).rounded() / 100
      return sign + grouped(rounded)
    }
  }

  static func grouped(_ value: Double) -> String {
    let negative = value < 0
    let whole = Int64(abs(value).rounded(.down))
    let fraction = abs(value) - Double(whole)
    var digits = String(whole)
    var groups: [String] = []
    while digits.count > 3 {
      groups.insert(String(digits.suffix(3)), at: 0)
      digits = String(digits.dropLast(3))
    }
    groups.insert(digits, at: 0)
    var text = groups.joined(separator: ",")
    if fraction > 0.005 { text += String(format: "%.2f", fraction).dropFirst() }
    return (negative && (whole > 0 || fraction > 0.005) ? "-" : "") + text
  }

  static func aligned(_ rows: [[String]]) -> String {
    let columns = rows.map(\.count).max() ?? 0
    var widths = Array(repeating: 0, count: columns)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    return rows.map { row in
      row.enumerated().map { index, cell in
        let pad = String(repeating: " ", count: widths[index] - cell.count)
        return index == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}
