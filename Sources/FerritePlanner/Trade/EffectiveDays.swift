import FerriteModel

/// Calendar arithmetic for effective dates: which share of a year a dated rule is in force.
enum EffectiveDays {
  /// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's days-from-civil algorithm.
  static func ordinal(_ day: Day) -> Int {
    let y = day.month <= 2 ? day.year - 1 : day.year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = day.month > 2 ? day.month - 3 : day.month + 9
    let dayOfYear = (153 * monthIndex + 2) / 5 + day.day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The first and one-past-last day ordinal of a year.
  static func span(of year: Year) -> Range<Int> {
    ordinal(Day(year: year, month: 1, day: 1))..<ordinal(Day(year: year + 1, month: 1, day: 1))
  }

  /// The days (as ordinals, half-open) a rule with these dates is in force.
  static func interval(from: Day?, until: Day?) -> Range<Int> {
    let start = from.map(ordinal) ?? Int.min / 4
    let end = until.map { ordinal($0) + 1 } ?? Int.max / 4
    return start..<max(start, end)
  }

  /// The share of `year` inside `interval`, in 0...1.
  static func share(of year: Year, in interval: Range<Int>) -> Double {
    let days = span(of: year)
    let overlap = max(0, min(days.upperBound, interval.upperBound) - max(days.lowerBound, interval.lowerBound))
    return Double(overlap) / Double(days.count)
  }

  /// For rules with these intervals and exclusions (`excludes[i]`: positions rule `i` replaces while
  /// both are in force), the share of `year` in which each rule applies.
  ///
  /// The year is cut at every start and end; in each piece the rules in force apply except those
  /// some other rule in force there excludes. The result does not depend on the order of the rules.
  static func shares(of year: Year, intervals: [Range<Int>], excludes: [[Int]]) -> [Double] {
    let days = span(of: year)
    var cuts = Set([days.lowerBound, days.upperBound])
    for interval in intervals {
      for cut in [interval.lowerBound, interval.upperBound] where days.contains(cut) { cuts.insert(cut) }
    }
    let sorted = cuts.sorted()
    var applied = [Double](repeating: 0, count: intervals.count)
    for (start, end) in zip(sorted, sorted.dropFirst()) {
      let inForce = intervals.indices.filter { intervals[$0].contains(start) }
      let replaced = Set(inForce.flatMap { excludes[$0] })
      for rule in inForce where !replaced.contains(rule) { applied[rule] += Double(end - start) }
    }
    return applied.map { $0 / Double(days.count) }
  }
}
