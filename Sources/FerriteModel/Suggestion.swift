/// Finds the known word closest to a mistyped one, for "did you mean ...?" fixes.
public enum Suggestion {
  /// The candidate nearest to `word` by edit distance, if it is near enough to be a typo.
  public static func closest<S: Sequence>(to word: String, among candidates: S) -> String? where S.Element == String {
    let limit = max(2, word.count / 3)
    var best: (word: String, distance: Int)?
    let lowered = word.lowercased()
    for candidate in candidates {
      if candidate == word { return candidate }
      if candidate.lowercased() == lowered, best?.distance != 0 || candidate < (best?.word ?? "") {
        best = (candidate, 0)
        continue
      }
      // Skip candidates whose length alone rules them out, to stay fast on long lists.
      if abs(candidate.count - word.count) > limit { continue }
      let distance = editDistance(lowered, candidate.lowercased(), limit: limit)
      // Ties go to the alphabetically first candidate, so suggestions do not depend on set order.
      if distance <= limit, best.map({ distance < $0.distance || (distance == $0.distance && candidate < $0.word) }) ?? true {
        best = (candidate, distance)
      }
    }
    return best?.word
  }

  /// "did you mean 'x'?" for the closest candidate, or nil when none is close.
  public static func fix<S: Sequence>(for word: String, among candidates: S) -> String? where S.Element == String {
    closest(to: word, among: candidates).map { "did you mean '\($0)'?" }
  }

  /// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
  static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        rowMinimum = min(rowMinimum, current[j])
      }
      if rowMinimum > limit { return limit + 1 }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
