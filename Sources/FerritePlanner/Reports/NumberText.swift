/// Numbers as a planner reads them: thousands separated, a fixed number of decimals, no locale.
enum NumberText {
  /// `1234567.891` with 0 decimals -> `1,234,568`; with 2 -> `1,234,567.89`.
  static func grouped(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let negative = value < 0 && rounded != 0
    let whole = (rounded / scale).rounded(.down)
    let fraction = rounded - whole * scale
    var digits = String(Int64(whole))
    var groups: [Substring] = []
    while digits.count > 3 {
      groups.insert(digits.suffix(3), at: 0)
      digits.removeLast(3)
    }
    groups.insert(Substring(digits), at: 0)
    var text = (negative ? "-" : "") + groups.joined(separator: ",")
    if decimals > 0 {
      let padded = String(Int64(fraction))
      text += "." + String(repeating: "0", count: max(0, decimals - padded.count)) + padded
    }
    return text
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
