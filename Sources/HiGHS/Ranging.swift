import LinearProgramming

extension HighsInstance {
  /// The ranging of the LP just solved to optimality.
  func ranging(columns: Int, rows: Int) throws(SolverError) -> Ranging {
    var costUp = [Double](repeating: 0, count: columns), costUpObjective = costUp
    var costDown = costUp, costDownObjective = costUp
    var boundUp = costUp, boundUpObjective = costUp, boundDown = costUp, boundDownObjective = costUp
    var rowUp = [Double](repeating: 0, count: rows), rowUpObjective = rowUp, rowDown = rowUp, rowDownObjective = rowUp
    // Which variables enter and leave the basis at each end; Ferrite does not report them.
    var c0 = [Int32](repeating: 0, count: columns), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
    var r0 = [Int32](repeating: 0, count: rows), r1 = r0, r2 = r0, r3 = r0
    let status = api.getRanging(
      handle,
      &costUp, &costUpObjective, &c0, &c1, &costDown, &costDownObjective, &c2, &c3,
      &boundUp, &boundUpObjective, &c4, &c5, &boundDown, &boundDownObjective, &c6, &c7,
      &rowUp, &rowUpObjective, &r0, &r1, &rowDown, &rowDownObjective, &r2, &r3)
    try HighsStatus.check("Highs_getRanging", status, detail: "ranging needs an LP solved to optimality")
    func ranges(_ down: [Double], _ downObjective: [Double], _ up: [Double], _ upObjective: [Double]) -> [Ranging.Range] {
      down.indices.map {
        Ranging.Range(
          down: .init(value: down[$0], objective: downObjective[$0]), up: .init(value: up[$0], objective: upObjective[$0]))
      }
    }
    return Ranging(
      costs: ranges(costDown, costDownObjective, costUp, costUpObjective),
      rowBounds: ranges(rowDown, rowDownObjective, rowUp, rowUpObjective))
  }
}
