/// A linear expression `sum(coefficient * variable) + constant`.
///
/// Convenient for small models and tests: `2 * x + 3 * y <= 12`. The hot path of large models
/// writes rows straight into the model with `Model.addConstraint(_:name:terms:)` instead.
public struct LinearExpression: Sendable, Equatable {
  public var variables: [Variable]
  public var coefficients: [Double]
  public var constant: Double

  public init(variables: [Variable] = [], coefficients: [Double] = [], constant: Double = 0) {
    precondition(variables.count == coefficients.count, "one coefficient per variable")
    self.variables = variables
    self.coefficients = coefficients
    self.constant = constant
  }

  public init(_ variable: Variable) {
    self.init(variables: [variable], coefficients: [1])
  }

  /// Adds `coefficient * variable`.
  public mutating func add(_ coefficient: Double, _ variable: Variable) {
    variables.append(variable)
    coefficients.append(coefficient)
  }

  /// Adds every term of `other`, scaled by `factor`.
  public mutating func add(_ other: LinearExpression, times factor: Double = 1) {
    variables.append(contentsOf: other.variables)
    for coefficient in other.coefficients { coefficients.append(coefficient * factor) }
    constant += other.constant * factor
  }

  public static func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var sum = lhs
    sum.add(rhs)
    return sum
  }

  public static func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var difference = lhs
    difference.add(rhs, times: -1)
    return difference
  }

  public static prefix func - (expression: LinearExpression) -> LinearExpression {
    LinearExpression() - expression
  }

  public static func * (factor: Double, expression: LinearExpression) -> LinearExpression {
    var scaled = LinearExpression()
    scaled.add(expression, times: factor)
    return scaled
  }

  public static func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    var sum = lhs
    sum.constant += rhs
    return sum
  }

  public static func - (lhs: LinearExpression, rhs: Double) -> LinearExpression { lhs + (-rhs) }

  public static func += (lhs: inout LinearExpression, rhs: LinearExpression) { lhs.add(rhs) }
}

extension Variable {
  public static func * (factor: Double, variable: Variable) -> LinearExpression {
    LinearExpression(variables: [variable], coefficients: [factor])
  }

  public static func + (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(lhs) + LinearExpression(rhs)
  }

  public static func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    lhs + LinearExpression(rhs)
  }

  public static func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) + rhs
  }

  public static func - (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(lhs) - LinearExpression(rhs)
  }

  public static func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    lhs - LinearExpression(rhs)
  }

  public static func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) - rhs
  }
}

/// A linear constraint `lower <= expression <= upper`, as written with `<=`, `>=` or `==`.
public struct LinearConstraint: Sendable, Equatable {
  public var expression: LinearExpression
  public var lower: Double
  public var upper: Double

  public init(_ expression: LinearExpression, lower: Double, upper: Double) {
    self.expression = expression
    self.lower = lower
    self.upper = upper
  }
}

public func <= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
  LinearConstraint(lhs, lower: -.infinity, upper: rhs)
}

public func >= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
  LinearConstraint(lhs, lower: rhs, upper: .infinity)
}

public func == (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
  LinearConstraint(lhs, lower: rhs, upper: rhs)
}

public func <= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) <= rhs }
public func >= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) >= rhs }
