import LinearProgramming

/// The futures' programs side by side in one program, their first-stage columns merged into one
/// shared column each (docs/formulation.md, "Futures"), minimizing the risk measure of the loss.
///
/// The loss of future f is `sign_f (c_f x_f + offset_f)`: its cost, or its lost profit (sign -1)
/// when its program maximizes. Every other column and row is copied once per future.
struct ExtensiveForm {
  var model = Model(sense: .minimize)
  /// The shared column of each first-stage decision.
  var shared: [FirstStageDecision: Variable] = [:]
  /// Per future, the combined column of each of its columns.
  var columns: [[Int]] = []
  /// The CVaR threshold η (value at risk), when the risk is CVaR.
  var threshold: Variable?

  /// - Parameters:
  ///   - programs: each future's program.
  ///   - decisions: per future, the column of each first-stage decision it has.
  ///   - probabilities: each future's weight.
  ///   - ownOptima: each future's least loss on its own (minimax regret only).
  init(
    programs: [LinearProgram], names: [String], decisions: [[FirstStageDecision: Int]], probabilities: [Double],
    risk: FuturesStudy.Risk, ownOptima: [Double] = []
  ) {
    let expectationWeight: Double
    switch risk {
    case .expectedValue: expectationWeight = 1
    case .conditionalValueAtRisk(_, let weight): expectationWeight = 1 - weight
    case .minimaxRegret: expectationWeight = 0
    }
    var lossRows: [(future: Int, terms: [(Int, Double)], constant: Double)] = []
    for (future, program) in programs.enumerated() {
      let sign: Double = program.sense == .minimize ? 1 : -1
      let weight = expectationWeight * probabilities[future]
      var decisionOf: [Int: FirstStageDecision] = [:]
      for (decision, column) in decisions[future] { decisionOf[column] = decision }
      var map = [Int](repeating: -1, count: program.columnCount)
      for column in 0..<program.columnCount {
        let (lower, upper, kind) = (program.columnLower[column], program.columnUpper[column], program.columnKinds[column])
        if let decision = decisionOf[column] {
          if let variable = shared[decision] {
            let current = model.domain(of: variable)
            model.setBounds(of: variable, lower: max(current.lower, lower), upper: min(current.upper, upper))
            map[column] = variable.index
          } else {
            let variable = model.addVariable(
              "now:\(decision)", domain: VariableDomain(lower: lower, upper: upper, kind: kind))
            shared[decision] = variable
            map[column] = variable.index
          }
        } else {
          map[column] = model.addVariable(
            "\(names[future]):\(program.columnNames[column])",
            domain: VariableDomain(lower: lower, upper: upper, kind: kind)
          ).index
        }
        model.addToObjective(weight * sign * program.objective[column], for: Variable(index: map[column]))
      }
      model.objectiveOffset += weight * sign * program.objectiveOffset
      // Rows, read from the column-compressed matrix into row order.
      let rows = Self.rows(of: program)
      for row in 0..<program.rowCount {
        model.addConstraint(
          lower: program.rowLower[row], upper: program.rowUpper[row],
          name: "\(names[future]):\(program.rowNames[row])"
        ) { terms in
          for (column, value) in rows[row] { terms.add(value, Variable(index: map[column])) }
        }
      }
      let objectiveTerms = program.objective.enumerated().filter { $0.element != 0 }.map { (map[$0.offset], sign * $0.element) }
      lossRows.append((future, objectiveTerms, sign * program.objectiveOffset))
      columns.append(map)
    }
    switch risk {
    case .expectedValue: break
    case .conditionalValueAtRisk(let alpha, let weight):
      // Rockafellar-Uryasev: CVaR = min over η of η + E[(loss - η)+] / (1 - alpha).
      let eta = model.addVariable("cvar:threshold", domain: VariableDomain(lower: -.infinity), cost: weight)
      threshold = eta
      for (future, terms, constant) in lossRows {
        let excess = model.addVariable(
          "cvar:excess[\(names[future])]", cost: weight * probabilities[future] / (1 - alpha))
        // excess >= loss - η, that is excess + η - (loss terms) >= loss constant.
        model.addConstraint(lower: constant, name: "cvar:excess[\(names[future])]") { row in
          row.add(1, excess)
          row.add(1, eta)
          for (column, value) in terms { row.add(-value, Variable(index: column)) }
        }
      }
    case .minimaxRegret:
      let regret = model.addVariable("regret:largest", domain: VariableDomain(lower: -.infinity), cost: 1)
      for (future, terms, constant) in lossRows {
        // regret >= loss - own optimum.
        model.addConstraint(lower: constant - ownOptima[future], name: "regret[\(names[future])]") { row in
          row.add(1, regret)
          for (column, value) in terms { row.add(-value, Variable(index: column)) }
        }
      }
    }
  }

  /// Each row's (column, value) pairs, in column order.
  /// - Complexity: O(columns + nonzeros).
  static func rows(of program: LinearProgram) -> [[(Int, Double)]] {
    var rows = [[(Int, Double)]](repeating: [], count: program.rowCount)
    let matrix = program.matrix
    for column in 0..<matrix.columnCount {
      for entry in Int(matrix.columnStarts[column])..<Int(matrix.columnStarts[column + 1]) {
        rows[Int(matrix.rowIndices[entry])].append((column, matrix.values[entry]))
      }
    }
    return rows
  }

  /// The program whose data are the probability-weighted means of `programs`, which must have the
  /// same columns and rows (by name): the expected-value problem. nil when they do not.
  static func expectedValueProgram(_ programs: [LinearProgram], probabilities: [Double]) -> LinearProgram? {
    guard let first = programs.first else { return nil }
    for program in programs.dropFirst() {
      guard program.columnCount == first.columnCount, program.rowCount == first.rowCount, program.sense == first.sense,
        program.columnKinds == first.columnKinds,
        (0..<program.columnCount).allSatisfy({ program.columnNames[$0] == first.columnNames[$0] }),
        (0..<program.rowCount).allSatisfy({ program.rowNames[$0] == first.rowNames[$0] })
      else { return nil }
    }
    func mean(_ values: (LinearProgram) -> [Double]) -> [Double] {
      var result = [Double](repeating: 0, count: values(first).count)
      for (program, probability) in zip(programs, probabilities) {
        for (index, value) in values(program).enumerated() {
          // An infinite bound in any future stays infinite (and 0 x infinity must not make NaN).
          if result[index].isInfinite { continue }
          result[index] = value.isInfinite ? value : result[index] + probability * value
        }
      }
      return result
    }
    var model = Model(sense: first.sense)
    let lower = mean(\.columnLower), upper = mean(\.columnUpper), cost = mean(\.objective)
    for column in 0..<first.columnCount {
      model.addVariable(
        first.columnNames[column], domain: VariableDomain(lower: lower[column], upper: upper[column], kind: first.columnKinds[column]),
        cost: cost[column])
    }
    model.objectiveOffset = zip(programs, probabilities).reduce(0) { $0 + $1.1 * $1.0.objectiveOffset }
    let rowLower = mean(\.rowLower), rowUpper = mean(\.rowUpper)
    var entries = [[Int: Double]](repeating: [:], count: first.rowCount)
    for (program, probability) in zip(programs, probabilities) {
      for (row, terms) in rows(of: program).enumerated() {
        for (column, value) in terms { entries[row][column, default: 0] += probability * value }
      }
    }
    for row in 0..<first.rowCount {
      model.addConstraint(lower: rowLower[row], upper: rowUpper[row], name: first.rowNames[row]) { terms in
        for (column, value) in entries[row].sorted(by: { $0.key < $1.key }) { terms.add(value, Variable(index: column)) }
      }
    }
    return model.program()
  }
}
