/// Text from a scenario made safe to print on a terminal.
///
/// A scenario's name, ids and notes are written by whoever made the file; an escape sequence in
/// them, printed raw, could recolour, clear or retitle the reader's terminal or hide lines. Every
/// control character except newline and tab is shown as `\u{1B}` instead.
public enum PrintableText {
  /// `text` with every control character (C0 except newline and tab, DEL, C1) written out as `\u{XX}`.
  public static func escaping(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: false
    case 0x00...0x1F, 0x7F...0x9F: true
    // Bidirectional overrides and isolates reorder what follows them on screen.
    case 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}
