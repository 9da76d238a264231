import Foundation

/// Numbers as a planner reads them: thousands separated, a fixed number of decimals, no locale.
enum NumberText {
  /// Magnitudes from here on are shown in scientific form: a double no longer holds every whole
  /// number beyond 2^53 (about 9e15), so grouped digits would pretend to a precision it lacks, and
  /// from 9.2e18 on they would not fit an Int64 at all.
  static let scientificFrom = 1e15

  /// A number grouped by thousands with `decimals` decimals, or in scientific form when huge.
  ///
  /// `1234567.891` with 0 decimals -> `1,234,568`; with 2 -> `1,234,567.89`; `1e19` -> `1.000e+19`;
  /// NaN and infinities as `nan`, `inf`, `-inf`. Never traps.
  static func grouped(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf" }
    guard abs(value) < scientificFrom else { return scientific(value) }
    // More than 6 decimals would overflow the fraction's digits and say nothing to a planner.
    let decimals = min(max(decimals, 0), 6)
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let negative = value < 0 && rounded != 0
    let whole = (rounded / scale).rounded(.down)
    let fraction = rounded - whole * scale
    // Both are below 1e15 * 1e6 here, well inside Int64; the fallback only guards the reasoning.
    guard let wholeDigits = Int64(exactly: whole), let fractionDigits = Int64(exactly: fraction.rounded())
    else { return scientific(value) }
    var digits = String(wholeDigits)
    var groups: [Substring] = []
    while digits.count > 3 {
      groups.insert(digits.suffix(3), at: 0)
      digits.removeLast(3)
    }
    groups.insert(Substring(digits), at: 0)
    var text = (negative ? "-" : "") + groups.joined(separator: ",")
    if decimals > 0 {
      let padded = String(fractionDigits)
      text += "." + String(repeating: "0", count: max(0, decimals - padded.count)) + padded
    }
    return text
  }

  /// `1.000e+19`, `-2.500e+300`: four significant digits, locale-independent.
  static func scientific(_ value: Double) -> String {
    guard value.isFinite else { return grouped(value) }
    guard value != 0 else { return "0" }
    // log10 of a finite non-zero double lies in [-324, 309]: the conversion cannot trap.
    var exponent = Int(log10(abs(value)).rounded(.down))
    var mantissa = value / pow(10, Double(exponent))
    mantissa = (mantissa * 1000).rounded() / 1000
    if abs(mantissa) >= 10 {  // 9.9996 rounds to 10.000: carry into the exponent
      mantissa /= 10
      exponent += 1
    }
    let sign = mantissa < 0 ? "-" : ""
    let digits = Int64(exactly: (abs(mantissa) * 1000).rounded()) ?? 0
    let text = "\(digits / 1000)." + String(String(digits % 1000 + 1000).dropFirst())
    let power = "\(exponent < 0 ? "-" : "+")\(abs(exponent) < 10 ? "0" : "")\(abs(exponent))"
    return sign + text + "e" + power
  }

  /// A quantity: grouped, with decimals only when needed (at most three).
  static func quantity(_ value: Double) -> String {
    if abs(value - value.rounded()) < 1e-9 { return grouped(value) }
    return grouped(value, decimals: abs(value) >= 100 ? 1 : 3)
  }
}

extension String {
  /// Pads or truncates on the right to `width` characters.
  func padded(to width: Int) -> String {
    count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
  }

  /// Pads on the left to `width` characters (right-aligned numbers).
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
