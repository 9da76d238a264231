import FerriteModel
import Foundation

/// Reads the typed values of one raw row, as its table's schema says, collecting a diagnostic per bad cell.
///
/// Every accessor returns nil for a blank or bad cell (after reporting it), so a row with a bad cell
/// still yields the rest of its values and all of its problems are found in one pass.
struct RowDecoder {
  let table: RawTable
  /// The row being decoded; one decoder moves from row to row of its table.
  var row: Int
  /// Ids already read in this table, shared by the table's rows.
  var interner = IdentifierInterner()
  var diagnostics: [Diagnostic] = []
  /// The schema position after the column asked for last: decoders ask in schema order, so the
  /// next question is nearly always about this column and costs one string comparison, not a hash.
  private var nextPosition = 0
  private let names: [String]
  /// The last valid id read in each column, with its cell.
  private var lastIDs: [(TextSpan, String)?]

  init(table: RawTable, row: Int) {
    self.table = table
    self.row = row
    names = table.schema.columns.map(\.name)
    lastIDs = Array(repeating: nil, count: names.count)
  }

  var schema: TableSchema { table.schema }

  /// The schema position of column `name`, if the table has one.
  mutating func position(_ name: String) -> Int? {
    // The column asked for last (a range check after the value) or the one after it.
    if nextPosition > 0, names[nextPosition - 1] == name { return nextPosition - 1 }
    let guess = nextPosition < names.count ? nextPosition : 0
    if names[guess] == name {
      nextPosition = guess + 1
      return guess
    }
    guard let position = schema.positions[name] else { return nil }
    nextPosition = position + 1
    return position
  }

  /// The column called `name`, if the table has one.
  mutating func column(_ name: String) -> ColumnSchema? { position(name).map { schema.columns[$0] } }

  mutating func report(
    _ column: String, _ message: String, fix: String?, severity: Diagnostic.Severity = .error
  ) {
    let line = table.line(of: row, column: column)
    diagnostics.append(
      Diagnostic(severity, message, fix: fix, at: .init(file: table.file, line: line, field: column)))
  }

  /// The trimmed span of a cell, or nil when blank (reporting a missing required value).
  mutating func span(_ name: String) -> TextSpan? {
    guard let position = position(name) else { return nil }
    let span = table.text.withUnsafeBufferPointer { RawTable.trimmed($0, table.span(row: row, column: position)) }
    if !span.isAbsent, span.count > 0 { return span }
    let column = schema.columns[position]
    if column.isRequired, !table.missingColumns.contains(name) {
      report(name, "missing value", fix: "fill in " + RowDecoder.withArticle(column.kind.words))
    }
    return nil
  }

  /// The trimmed text of a cell, or nil when blank (reporting a missing required value).
  mutating func raw(_ name: String) -> String? { span(name).map(table.string) }

  /// `words` after "fill in": "a site id", "an id", "one of `a`, `b`", "country codes, ..." (lists
  /// and choices take no article).
  static func withArticle(_ words: String) -> String {
    guard let first = words.first, !words.hasPrefix("one of"), !words.contains("`;`-separated"),
      !words.hasPrefix("company=")
    else { return words }
    return ("aeiouAEIOU".contains(first) ? "an " : "a ") + words
  }

  // MARK: Values

  mutating func text(_ name: String) -> String? { raw(name) }

  mutating func number(_ name: String) -> Double? {
    guard let span = span(name) else { return defaultNumber(name) }
    if let value = table.text.withUnsafeBufferPointer({ ByteValues.number($0, span) }) {
      return checkRange(name, value, span: span) ? value : nil
    }
    let text = table.string(span)
    guard let value = ValueParser.number(text) else {
      if let infinite = Double(text.count <= 400 ? text : ""), !infinite.isFinite || text.lowercased().contains("nan") {
        // 1e400, inf and nan parse as doubles but are no quantity: say what range is allowed.
        let range = column(name)?.rangeDescription.map { "from \($0)" } ?? ""
        report(name, "\(shown(text)) is not a finite number", fix: "write a number \(range)".trimmingWhitespace())
      } else {
        report(name, "\(shown(text)) is not a number", fix: ValueParser.numberFix(for: text))
      }
      return nil
    }
    return checkRange(name, value, span: span) ? value : nil
  }

  mutating func defaultNumber(_ name: String) -> Double? {
    column(name)?.defaultValue.flatMap(ValueParser.number)
  }

  /// Whether `value` is in the column's range, reporting it with the cell's text when not.
  mutating func checkRange(_ name: String, _ value: Double, span: TextSpan) -> Bool {
    guard let column = column(name) else { return true }
    if column.minimum == nil && column.maximum == nil { return true }
    let table = table
    var shownValue: String { String(shown(table.string(span)).dropFirst().dropLast()) }
    if let minimum = column.minimum {
      if column.minimumIsExclusive, value <= minimum {
        report(
          name, "\(shownValue) must be greater than \(ColumnSchema.limit(minimum))", fix: "use a positive value")
        return false
      }
      if value < minimum {
        let fix =
          minimum == 0 ? "it cannot be negative" : "use a value of at least \(ColumnSchema.limit(minimum))"
        report(name, "\(shownValue) is below the minimum of \(ColumnSchema.limit(minimum))", fix: fix)
        return false
      }
    }
    if let maximum = column.maximum, value > maximum {
      let unit = column.unit.map { " (in \($0))" } ?? ""
      let fix =
        maximum == 1 && column.minimum == 0
        ? "write shares and rates as fractions from 0 to 1, e.g. 0.25 for 25 %"
        : "use a value of at most \(ColumnSchema.limit(maximum))\(unit)"
      report(name, "\(shownValue) is above the maximum of \(ColumnSchema.limit(maximum))", fix: fix)
      return false
    }
    return true
  }

  mutating func integer(_ name: String) -> Int? {
    guard let span = span(name) else {
      return defaultNumber(name).flatMap { abs($0) < 1e9 ? Int($0) : nil }
    }
    guard let value = table.text.withUnsafeBufferPointer({ ByteValues.number($0, span) }),
      value == value.rounded(), abs(value) < 1e9
    else {
      let text = table.string(span)
      let range = column(name)?.rangeDescription.map { " from \($0)" } ?? ""
      report(name, "\(shown(text)) is not a whole number", fix: "write a whole number\(range), such as 20")
      return nil
    }
    return checkRange(name, value, span: span) ? Int(value) : nil
  }

  mutating func year(_ name: String) -> Year? {
    guard let span = span(name) else { return nil }
    if let value = table.text.withUnsafeBufferPointer({ ByteValues.year($0, span) }) { return value }
    let text = table.string(span)
    guard let value = ValueParser.year(text) else {
      report(name, "\(shown(text)) is not a year", fix: "write a four-digit year, such as 2026")
      return nil
    }
    return value
  }

  mutating func boolean(_ name: String) -> Bool? {
    guard let text = raw(name) else { return column(name)?.defaultValue.flatMap(ValueParser.boolean) }
    guard let value = ValueParser.boolean(text) else {
      report(name, "\(shown(text)) is not yes or no", fix: "write yes or no")
      return nil
    }
    return value
  }

  mutating func date(_ name: String) -> Day? {
    guard let text = raw(name) else { return nil }
    guard let value = Day(iso: text) else {
      report(name, "\(shown(text)) is not a date", fix: "write dates as yyyy-mm-dd, such as 2025-03-12")
      return nil
    }
    return value
  }

  mutating func identifier(_ name: String) -> String? {
    guard let span = span(name) else { return nil }
    // Consecutive rows often repeat an id in the same column (demand by customer): compare with
    // the last id of this column before hashing.
    let position = nextPosition - 1
    let cellBytes = table.text
    if let (lastSpan, lastID) = lastIDs[position], lastSpan.count == span.count,
      cellBytes.withUnsafeBufferPointer({ bytes in
        guard let base = bytes.baseAddress else { return false }
        return memcmp(base + Int(lastSpan.start), base + Int(span.start), Int(span.count)) == 0
      })
    {
      return lastID
    }
    let known = cellBytes.withUnsafeBufferPointer { bytes in
      interner.value(bytes, span) {
        ByteValues.isIdentifier(bytes, span) ? String(decoding: bytes[span.range], as: UTF8.self) : nil
      }
    }
    if let known {
      lastIDs[position] = (span, known)
      return known
    }
    let text = table.string(span)
    guard ValueParser.isIdentifier(text) else {
      report(
        name, "\(shown(text)) is not a valid id", fix: "use letters, digits and - _ . / : without spaces")
      return nil
    }
    return text
  }

  mutating func id<Entity>(_ name: String, _: Entity.Type = Entity.self) -> Identifier<Entity>? {
    identifier(name).map { Identifier<Entity>(rawValue: $0) }
  }

  mutating func list(_ name: String) -> [String] {
    guard let text = raw(name) else { return [] }
    return ValueParser.items(text)
  }

  mutating func ids<Entity>(_ name: String, _: Entity.Type = Entity.self) -> [Identifier<Entity>] {
    list(name).compactMap { item in
      guard ValueParser.isIdentifier(item) else {
        report(
          name, "\(shown(item)) is not a valid id",
          fix: "use letters, digits and - _ . / : without spaces; separate ids with ;")
        return nil
      }
      return Identifier<Entity>(item)
    }
  }

  mutating func country(_ name: String) -> CountryCode? {
    guard let text = raw(name) else { return nil }
    return checkCountry(name, text)
  }

  mutating func checkCountry(_ name: String, _ text: String) -> CountryCode? {
    guard Countries.isValid(text) else {
      report(name, "\(shown(text)) is not an ISO 3166 country code", fix: Countries.fix(for: text))
      return nil
    }
    return text
  }

  mutating func countries(_ name: String) -> [CountryCode] {
    list(name).compactMap { checkCountry(name, $0) }
  }

  /// A country, bloc id or `*`; whether a bloc exists is checked with the whole scenario.
  mutating func place(_ name: String) -> String? {
    guard let text = raw(name) ?? column(name)?.defaultValue else { return nil }
    return checkPlace(name, text)
  }

  mutating func checkPlace(_ name: String, _ text: String) -> String? {
    guard text == "*" || ValueParser.isIdentifier(text) else {
      report(
        name, "\(shown(text)) is not a country, bloc or *",
        fix: "use a country code such as US, a bloc id, or *")
      return nil
    }
    return text
  }

  mutating func places(_ name: String) -> [String] {
    list(name).compactMap { checkPlace(name, $0) }
  }

  mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type = T.self) -> T?
  where T.RawValue == String {
    guard let text = raw(name) ?? column(name)?.defaultValue else { return nil }
    if let value = T(rawValue: text) { return value }
    let words = T.allCases.map(\.rawValue)
    let fix = Suggestion.fix(for: text, among: words) ?? "use one of " + words.joined(separator: ", ")
    report(name, "unknown \(name.replacingUnderscores) \(shown(text))", fix: fix)
    return nil
  }

  mutating func hsCode(_ name: String) -> String? {
    guard let text = raw(name) else { return nil }
    return checkHSCode(name, text)
  }

  mutating func checkHSCode(_ name: String, _ text: String) -> String? {
    let digits = text.filter { $0 != "." }
    guard (2...10).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else {
      report(name, "\(shown(text)) is not an HS code", fix: "write 2 to 10 digits, such as 7208")
      return nil
    }
    return digits
  }

  mutating func hsCodes(_ name: String) -> [String] {
    list(name).compactMap { checkHSCode(name, $0) }
  }

  mutating func shares(_ name: String) -> [Share] {
    guard let text = raw(name) else { return [] }
    var shares: [Share] = []
    for item in ValueParser.items(text) {
      let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
      guard parts.count == 2, ValueParser.isIdentifier(parts[0]) else {
        report(
          name, "\(shown(item)) is not a company=share pair", fix: "write shares like posco=0.2; kia=0.15")
        continue
      }
      guard let fraction = ValueParser.number(parts[1]) else {
        report(
          name, "share \(shown(parts[1])) of \(shown(parts[0])) is not a number",
          fix: ValueParser.numberFix(for: parts[1]))
        continue
      }
      guard (0...1).contains(fraction) else {
        report(
          name, "share \(parts[1]) of \(shown(parts[0])) is outside 0 to 1",
          fix: "write shares as fractions, e.g. 0.2 for 20 %")
        continue
      }
      shares.append(Share(company: Company.ID(parts[0]), fraction: fraction))
    }
    return shares
  }
}

extension String {
  var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
