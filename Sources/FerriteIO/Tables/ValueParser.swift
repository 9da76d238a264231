import FerriteModel

/// Parses the text of one cell into numbers, years, booleans and lists, strictly.
enum ValueParser {
  /// A finite decimal number such as `12`, `-0.5` or `1e6`; nil for anything else (hex, inf, `1,000`).
  static func number(_ text: String) -> Double? {
    guard !text.isEmpty, text.count <= 40,
      text.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }),
      text.contains(where: \.isASCIIDigit),
      let value = Double(text), value.isFinite
    else { return nil }
    return value
  }

  /// How to fix a cell that is not a number, guessing the usual spreadsheet mistakes.
  static func numberFix(for text: String) -> String {
    if text.hasSuffix("%"), let value = number(String(text.dropLast()).trimmingWhitespace()) {
      return "write \(ColumnSchema.format(value / 100)) for \(text)"
    }
    let noCommas = text.filter { $0 != "," && $0 != " " && $0 != "_" }
    if text.contains(","), number(noCommas) != nil {
      return "write \(noCommas) without thousands separators (and . as the decimal mark)"
    }
    if let space = text.firstIndex(of: " "), number(String(text[..<space])) != nil {
      return "write the number only; units are given by the column"
    }
    return "write a number such as 12.5, with . as the decimal mark"
  }

  /// A four-digit year from 1900 to 2200.
  static func year(_ text: String) -> Int? {
    guard text.count == 4, text.allSatisfy(\.isASCIIDigit), let value = Int(text),
      (1900...2200).contains(value)
    else {
      // Spreadsheets sometimes write 2026.0.
      if text.hasSuffix(".0") { return year(String(text.dropLast(2))) }
      return nil
    }
    return value
  }

  static func boolean(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "yes", "y", "true", "1": true
    case "no", "n", "false", "0": false
    default: nil
    }
  }

  /// Whether `text` is a valid id: letters, digits and `- _ . / :`, starting with a letter or digit.
  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 200 else { return false }
    func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
      ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
    return isAlphanumeric(first)
      && text.unicodeScalars.allSatisfy { isAlphanumeric($0) || "-_./:".unicodeScalars.contains($0) }
  }

  /// The items of a `;`-separated list, trimmed, blanks dropped.
  static func items(_ text: String) -> [String] {
    text.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
  }
}

/// User text quoted for a message: control characters escaped, long text shortened.
func shown(_ text: String) -> String {
  var out = ""
  for character in text.prefix(48) {
    switch character {
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if character.unicodeScalars.contains(where: {
        $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
          || (0x2066...0x2069).contains($0.value)
      }) {
        out += "?"
      } else {
        out.append(character)
      }
    }
  }
  return "'" + out + (text.count > 48 ? "..." : "") + "'"
}
