import LinearProgramming

extension Formulation {
  /// Row position of every row meaning, for changing bounds in place (a capacity, a demand).
  ///
  /// Built on request rather than kept, since large models rarely need it.
  /// - Complexity: O(rows).
  public func rowPositions() -> [RowMeaning: Int] {
    var positions: [RowMeaning: Int] = [:]
    positions.reserveCapacity(rowMeanings.count)
    for (row, meaning) in rowMeanings.enumerated() { positions[meaning] = row }
    return positions
  }

  /// The column of a variable, or nil when reachability left it out of the model.
  public func column(for meaning: ColumnMeaning) -> Int? {
    let periods = self.periods.count
    let column: Int
    switch meaning {
    case .activity(let process, let period): column = activityColumn[process * periods + period]
    case .purchase(let offer, let period): column = purchaseColumn[offer * periods + period]
    case .flow(let flow): column = flowColumn[flow] ?? -1
    case .served(let demand): column = servedColumn[demand]
    case .unmet(let demand): column = unmetColumn[demand]
    case .build(let option, let period): column = buildColumn[option * periods + period]
    case .open(let site, let period): column = openColumn[site * periods + period]
    case .disposal, .trade: column = columnMeanings.firstIndex(of: meaning) ?? -1
    case .lowCarbonClaim(let rule, let demand):
      column = carbon.claimColumns[LowCarbonKey(rule: rule, demand: demand)] ?? -1
    }
    return column >= 0 ? column : nil
  }

  /// The objective with some cost parameters set to new values, every other coefficient as built:
  /// what a caller hands to a solver session to change costs in place (`SolverSession.changeCosts`).
  ///
  /// A column fed by several terms (a module's capex and fixed cost over its alive periods) gets the
  /// sum of all of them, each recomputed from its own parameter.
  public func objectiveCoefficients(setting values: [CostParameter: Double]) -> [Double] {
    var objective = (0..<model.columnCount).map { model.objectiveCoefficient(of: Variable(index: $0)) }
    guard !values.isEmpty else { return objective }
    let costSign: Double = maximizesProfit ? -1 : 1
    for component in components {
      let sign = component.isRevenue ? -costSign : costSign
      for term in component.terms {
        guard let column = term.column, let value = values[term.parameter] else { continue }
        objective[column] += sign * (value * term.multiplier - term.coefficient)
      }
    }
    return objective
  }
}
