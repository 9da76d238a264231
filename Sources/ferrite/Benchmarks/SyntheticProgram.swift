import LinearProgramming

/// A large sparse covering LP with a fixed shape, for measuring the modeling layer.
///
///     minimize    sum_j c_j x_j
///     subject to  sum_{j in S_i} a_ij x_j >= 1     for each row i
///                 0 <= x_j <= 10
///
/// Each row has `nonzeros / rows` terms on pseudo-random columns; c_j in [1, 2), a_ij in [0.5, 1.5).
/// The generator is a xorshift stream so that the same sizes give the same model on any machine.
struct SyntheticProgram {
  var columns: Int
  var rows: Int
  var nonzeros: Int

  /// Writes the model through the public row API, as a formulation would.
  func build() -> Model {
    var random = XorShift(seed: 0x9E37_79B9_7F4A_7C15)
    var model = Model()
    let termsPerRow = max(1, nonzeros / max(rows, 1))
    model.reserve(columns: columns, rows: rows, terms: rows * termsPerRow)
    let x = model.addVariables("x", count: columns, domain: .continuous(upTo: 10))
    for offset in 0..<columns { model.setObjective(1 + random.unit(), for: x.variable(at: offset)) }
    for _ in 0..<rows {
      model.addConstraint(lower: 1) { row in
        for _ in 0..<termsPerRow {
          row.add(0.5 + random.unit(), x.variable(at: random.index(below: columns)))
        }
      }
    }
    return model
  }
}

struct XorShift {
  private var state: UInt64

  init(seed: UInt64) { state = seed == 0 ? 1 : seed }

  mutating func next() -> UInt64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return state
  }

  /// A number in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// An index in 0..<bound, by multiply-shift rather than a division.
  mutating func index(below bound: Int) -> Int { Int(((next() >> 32) &* UInt64(bound)) >> 32) }
}
