/// A column of a model, identified by its position.
public struct Variable: Hashable, Sendable, Comparable {
  /// The column index in the model and in its `LinearProgram`.
  public let index: Int

  public init(index: Int) { self.index = index }

  public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
}

/// A contiguous block of columns created together, such as all flows of one lane.
///
/// Blocks keep the model's bookkeeping to two integers per block instead of one record per column.
public struct VariableBlock: RandomAccessCollection, Hashable, Sendable {
  public let name: String
  public let startIndex: Int
  public let endIndex: Int

  public init(name: String, range: Range<Int>) {
    self.name = name
    self.startIndex = range.lowerBound
    self.endIndex = range.upperBound
  }

  public subscript(position: Int) -> Variable {
    precondition(indices.contains(position), "variable \(position) is outside block '\(name)'")
    return Variable(index: position)
  }

  /// The variable at `offset` from the start of the block.
  public func variable(at offset: Int) -> Variable { self[startIndex + offset] }
}

/// A row of a model, identified by its position.
public struct Constraint: Hashable, Sendable, Comparable {
  /// The row index in the model and in its `LinearProgram`.
  public let index: Int

  public init(index: Int) { self.index = index }

  public static func < (lhs: Constraint, rhs: Constraint) -> Bool { lhs.index < rhs.index }
}

/// The bounds of a variable's domain.
public struct VariableDomain: Sendable, Hashable {
  public var lower: Double
  public var upper: Double
  public var kind: ColumnKind

  public init(lower: Double = 0, upper: Double = .infinity, kind: ColumnKind = .continuous) {
    self.lower = lower
    self.upper = upper
    self.kind = kind
  }

  /// Non-negative reals, the default for flows and activities.
  public static let nonNegative = VariableDomain()
  /// Any real number.
  public static let free = VariableDomain(lower: -.infinity)
  /// 0 or 1.
  public static let binary = VariableDomain(lower: 0, upper: 1, kind: .integer)
  /// Non-negative integers up to `upper`.
  public static func integer(upTo upper: Double = .infinity) -> VariableDomain {
    VariableDomain(lower: 0, upper: upper, kind: .integer)
  }
  /// Non-negative reals up to `upper`.
  public static func continuous(upTo upper: Double) -> VariableDomain {
    VariableDomain(lower: 0, upper: upper)
  }
}
