import Foundation

/// Values parsed straight from a cell's bytes, agreeing exactly with the text parsers in `ValueParser`.
enum ByteValues {
  /// The number `ValueParser.number` reads from the same text, without making a string.
  ///
  /// Up to 19 significant digits and powers of ten up to 22 are computed exactly (one correctly
  /// rounded multiply or divide of two exact doubles, Clinger's fast path); anything longer goes
  /// through `strtod`, which is what `Double(String)` calls.
  static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ span: TextSpan) -> Double? {
    let count = Int(span.count)
    guard !span.isAbsent, count > 0, count <= 40 else { return nil }
    let start = Int(span.start)
    var hasDigit = false
    for index in start..<start + count {
      switch bytes[index] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): hasDigit = true
      case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"): break
      default: return nil
      }
    }
    guard hasDigit else { return nil }
    if let value = fastNumber(bytes, start, start + count) { return value }
    return slowNumber(bytes, start, count)
  }

  /// `[sign] digits [. digits]` with at most 19 significant digits and a small exponent; nil otherwise.
  static func fastNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
    var index = start
    var negative = false
    if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
      negative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var scale = 0
    var seenDigit = false
    while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
      mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0"))
      // Significant digits, counted apart from the mantissa, which wraps past 19 of them.
      if digits > 0 || bytes[index] != UInt8(ascii: "0") { digits += 1 }
      seenDigit = true
      index += 1
    }
    if index < end, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
        mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0"))
        if digits > 0 || bytes[index] != UInt8(ascii: "0") { digits += 1 }
        scale -= 1
        seenDigit = true
        index += 1
      }
    }
    // Exponents, lone signs and dots, and anything else: the exact slow path decides.
    guard index == end, seenDigit, digits <= 19 else { return nil }
    // Exact only while the mantissa is a double exactly and the power of ten is one too.
    guard mantissa <= 1 << 53, scale >= -22 else { return nil }
    var value = Double(mantissa)
    if scale < 0 { value /= powersOfTen[-scale] }
    return negative ? -value : value
  }

  static let powersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  /// `Double(String)` on the text, finite values only: strtod on a NUL-terminated copy, whole text consumed.
  static func slowNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Double? {
    let text = String(decoding: bytes[start..<start + count], as: UTF8.self)
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }

  /// A four-digit year from 1900 to 2200; nil for anything else (the text parser decides those).
  static func year(_ bytes: UnsafeBufferPointer<UInt8>, _ span: TextSpan) -> Int? {
    guard !span.isAbsent, span.count == 4 else { return nil }
    var value = 0
    for index in span.range {
      let digit = bytes[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
    }
    return (1900...2200).contains(value) ? value : nil
  }

  /// Whether the bytes form a valid id (`ValueParser.isIdentifier`): ASCII letters, digits and
  /// `- _ . / :`, starting with a letter or digit, at most 200 long.
  static func isIdentifier(_ bytes: UnsafeBufferPointer<UInt8>, _ span: TextSpan) -> Bool {
    guard !span.isAbsent, span.count > 0, span.count <= 200 else { return false }
    func isAlphanumeric(_ byte: UInt8) -> Bool {
      (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }
    guard isAlphanumeric(bytes[Int(span.start)]) else { return false }
    for index in span.range {
      let byte = bytes[index]
      if isAlphanumeric(byte) { continue }
      switch byte {
      case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"): continue
      default: return false
      }
    }
    return true
  }
}

/// One string per distinct id text: a table from bytes to the string made for them the first time.
///
/// A table of 160,000 demand rows names 8,000 customers; interning makes each customer's id once and
/// checks its spelling once, and every row after that shares the string's storage.
struct IdentifierInterner {
  private struct Entry {
    var hash: UInt64
    var start: Int
    var count: Int
    var value: String
  }

  private var keys: [UInt8] = []
  private var entries: [Entry] = []
  /// Open addressing: entry index + 1, 0 for an empty slot; the count is a power of two.
  private var slots = [Int32](repeating: 0, count: 1024)

  init() {}

  /// The string interned for the bytes of `span`, making it with `make` (nil: not an id) the first time.
  mutating func value(
    _ bytes: UnsafeBufferPointer<UInt8>, _ span: TextSpan, make: () -> String?
  ) -> String? {
    let start = Int(span.start), count = Int(span.count)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in start..<start + count { hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3 }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while slots[slot] != 0 {
      let entry = entries[Int(slots[slot]) - 1]
      if entry.hash == hash, entry.count == count,
        keys.withUnsafeBufferPointer({ keys in
          guard let stored = keys.baseAddress, let asked = bytes.baseAddress else { return count == 0 }
          return memcmp(stored + entry.start, asked + start, count) == 0
        })
      {
        return entry.value
      }
      slot = (slot + 1) & mask
    }
    guard let value = make() else { return nil }
    entries.append(Entry(hash: hash, start: keys.count, count: count, value: value))
    keys.append(contentsOf: bytes[start..<start + count])
    slots[slot] = Int32(entries.count)
    if entries.count * 2 > slots.count { grow() }
    return value
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for (index, entry) in entries.enumerated() {
      var slot = Int(truncatingIfNeeded: entry.hash ^ (entry.hash >> 29)) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(index + 1)
    }
  }
}
