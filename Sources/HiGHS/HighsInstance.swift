import LinearProgramming

/// One HiGHS solver instance, created with its owner and destroyed in `deinit`.
///
/// Used by one thread at a time. Every C call is checked.
final class HighsInstance {
  let api: HighsAPI
  let handle: HighsAPI.Handle
  /// The progress handler HiGHS calls back, kept alive as long as the instance.
  private var progress: ProgressCallback?

  init() throws(SolverError) {
    api = try HighsLibrary.shared.get().api
    guard let handle = api.create() else {
      throw SolverError("Highs_create returned no HiGHS instance; the machine may be out of memory.")
    }
    self.handle = handle
  }

  deinit {
    api.destroy(handle)
  }

  // MARK: Options

  /// Applies every option that is set; unset options keep HiGHS's defaults.
  func apply(_ options: SolveOptions) throws(SolverError) {
    switch options.log {
    case .silent:
      try setOption("output_flag", bool: false)
    case .console:
      try setOption("output_flag", bool: true)
      try setOption("log_to_console", bool: true)
    case .file(let path):
      try setOption("output_flag", bool: true)
      try setOption("log_to_console", bool: false)
      try setOption("log_file", string: path)
    }
    try applyTimeLimit(options)
    if let gap = options.relativeMIPGap { try setOption("mip_rel_gap", double: gap) }
    if let threads = options.threads { try setOption("threads", int: threads) }
    if let method = options.method.highsSolver { try setOption("solver", string: method) }
    if let presolve = options.presolve { try setOption("presolve", string: presolve ? "on" : "off") }
    if let seed = options.randomSeed { try setOption("random_seed", int: seed) }
    if let handler = options.progress { try watch(with: handler) }
  }

  /// Sets HiGHS's time limit to what `options` allow from now on (its limit and its deadline).
  func applyTimeLimit(_ options: SolveOptions) throws(SolverError) {
    guard let seconds = options.secondsAllowed() else { return }
    try setOption("time_limit", double: seconds)
  }

  /// Has HiGHS report progress to `handler` during simplex and branch and bound, and stop when it
  /// returns false.
  private func watch(with handler: @escaping @Sendable (SolveProgress) -> Bool) throws(SolverError) {
    let callback = ProgressCallback(api: api, handler: handler)
    progress = callback
    let status = api.setCallback(handle, ProgressCallback.entry, Unmanaged.passUnretained(callback).toOpaque())
    try HighsStatus.check("Highs_setCallback", status)
    for type in ProgressCallback.types {
      try HighsStatus.check("Highs_startCallback", api.startCallback(handle, type), detail: "type \(type)")
    }
  }

  func setOption(_ name: String, bool value: Bool) throws(SolverError) {
    let status = name.withCString { api.setBoolOptionValue(handle, $0, value ? 1 : 0) }
    try HighsStatus.check("Highs_setBoolOptionValue", status, detail: "\(name) = \(value)")
  }

  func setOption(_ name: String, int value: Int) throws(SolverError) {
    guard let narrow = Int32(exactly: value) else {
      throw SolverError("The HiGHS option \(name) = \(value) does not fit a 32-bit integer.")
    }
    let status = name.withCString { api.setIntOptionValue(handle, $0, narrow) }
    try HighsStatus.check("Highs_setIntOptionValue", status, detail: "\(name) = \(value)")
  }

  func setOption(_ name: String, double value: Double) throws(SolverError) {
    let status = name.withCString { api.setDoubleOptionValue(handle, $0, value) }
    try HighsStatus.check("Highs_setDoubleOptionValue", status, detail: "\(name) = \(value)")
  }

  func setOption(_ name: String, string value: String) throws(SolverError) {
    let status = name.withCString { name in
      value.withCString { api.setStringOptionValue(handle, name, $0) }
    }
    try HighsStatus.check("Highs_setStringOptionValue", status, detail: "\(name) = \(value)")
  }

  // MARK: Model

  /// Hands `program` to HiGHS in column-wise form, with names when the model has explicit ones.
  func pass(_ program: LinearProgram) throws(SolverError) {
    try Self.checkDimensions(of: program)
    try Self.checkRanges(of: program)
    let matrix = program.matrix
    let columns = Int32(program.columnCount)
    let rows = Int32(program.rowCount)
    let nonzeros = Int32(matrix.nonzeroCount)
    let sense: Int32 = program.sense == .minimize ? 1 : -1
    let colwise: Int32 = 1
    let status: Int32
    if program.isMixedInteger {
      let integrality = program.columnKinds.map { Int32($0.rawValue) }
      status = api.passMip(
        handle, columns, rows, nonzeros, colwise, sense, program.objectiveOffset,
        program.objective, program.columnLower, program.columnUpper, program.rowLower,
        program.rowUpper, matrix.columnStarts, matrix.rowIndices, matrix.values, integrality)
      try Self.checkPassed("Highs_passMip", status, program)
      // Under an LP method HiGHS would drop integrality; a MIP is always branch and bound.
      try setOption("solver", string: "choose")
    } else {
      status = api.passLp(
        handle, columns, rows, nonzeros, colwise, sense, program.objectiveOffset,
        program.objective, program.columnLower, program.columnUpper, program.rowLower,
        program.rowUpper, matrix.columnStarts, matrix.rowIndices, matrix.values)
      try Self.checkPassed("Highs_passLp", status, program)
    }
    // Names only help the solver log; generated names would cost a C call per row for nothing.
    if !program.columnNames.explicit.isEmpty {
      for column in 0..<program.columnCount {
        let name = program.columnNames[column]
        let status = name.withCString { api.passColName(handle, Int32(column), $0) }
        try HighsStatus.check("Highs_passColName", status, detail: "column \(column) '\(name)'")
      }
    }
    if !program.rowNames.explicit.isEmpty {
      for row in 0..<program.rowCount {
        let name = program.rowNames[row]
        let status = name.withCString { api.passRowName(handle, Int32(row), $0) }
        try HighsStatus.check("Highs_passRowName", status, detail: "row \(row) '\(name)'")
      }
    }
  }

  /// Rejects a program whose arrays disagree in length, which HiGHS would read past the end of.
  static func checkDimensions(of program: LinearProgram) throws(SolverError) {
    let columns = program.columnCount
    let rows = program.rowCount
    let matrix = program.matrix
    var problems: [String] = []
    for (name, count) in [
      ("columnLower", program.columnLower.count), ("columnUpper", program.columnUpper.count),
      ("columnKinds", program.columnKinds.count),
    ] where count != columns {
      problems.append("\(name) has \(count) entries for \(columns) columns")
    }
    if program.rowUpper.count != rows {
      problems.append("rowUpper has \(program.rowUpper.count) entries for \(rows) rows")
    }
    if matrix.rowCount != rows {
      problems.append("the matrix has \(matrix.rowCount) rows but the program \(rows)")
    }
    if matrix.columnStarts.count != columns + 1 {
      problems.append(
        "the matrix has \(matrix.columnStarts.count) column starts for \(columns) columns (needs \(columns + 1))"
      )
    } else if matrix.columnStarts.first != 0
      || matrix.columnStarts.last.map(Int.init) != matrix.rowIndices.count
    {
      problems.append(
        "the matrix column starts must run from 0 to the number of nonzeros (\(matrix.rowIndices.count))")
    }
    if matrix.values.count != matrix.rowIndices.count {
      problems.append(
        "the matrix has \(matrix.values.count) values for \(matrix.rowIndices.count) row indices")
    }
    if max(columns, rows, matrix.values.count) > Int(Int32.max) {
      problems.append("HiGHS with 32-bit integers takes at most \(Int32.max) rows, columns and nonzeros")
    }
    guard problems.isEmpty else {
      throw SolverError("The linear program is malformed: " + problems.joined(separator: "; ") + ".")
    }
  }

  /// Rejects a program with numbers HiGHS would misread or crash on (NaN, infinite or huge
  /// coefficients and costs, lower bounds it reads as +infinity), naming each row and column.
  static func checkRanges(of program: LinearProgram) throws(SolverError) {
    let values = program.valuesOutOfRange()
    guard !values.isEmpty else { return }
    throw SolverError(
      "The model has numbers out of the range HiGHS takes: "
        + values.map(\.description).joined(separator: "; ") + ".",
      fix: "Keep matrix entries and costs below 1e15 in magnitude and finite bounds below 1e20; "
        + "a mistyped exponent in the input is the usual cause.")
  }

  /// Turns HiGHS's refusal of a model into a message that says what the model holds, since HiGHS's
  /// own reason goes only to its log.
  private static func checkPassed(_ call: StaticString, _ status: Int32, _ program: LinearProgram) throws(SolverError) {
    guard HighsStatus(rawValue: status) == .error else { return }
    throw SolverError(
      "HiGHS refused the model (\(call)) with \(ModelStatistics(program)).",
      fix: "Turn the solver log on (ferrite solve --solver-log FILE, or SolveOptions.log) to read HiGHS's "
        + "reason; very large or very small numbers in the input are the usual cause.")
  }

  /// Starts an LP from a basis or a MIP from a primal solution; the other kind of start is
  /// ignored because HiGHS cannot use it.
  func warmStart(from options: SolveOptions, for program: LinearProgram) throws(SolverError) {
    if !program.isMixedInteger, let basis = options.warmStartBasis {
      guard basis.columns.count == program.columnCount, basis.rows.count == program.rowCount else {
        throw SolverError(
          "The warm-start basis has \(basis.columns.count) columns and \(basis.rows.count) rows, "
            + "but the model has \(program.columnCount) and \(program.rowCount).")
      }
      let columns = basis.columns.map { Int32($0.rawValue) }
      let rows = basis.rows.map { Int32($0.rawValue) }
      try HighsStatus.check("Highs_setBasis", api.setBasis(handle, columns, rows))
    }
    if program.isMixedInteger, let solution = options.warmStartSolution {
      guard solution.count == program.columnCount else {
        throw SolverError(
          "The warm-start solution has \(solution.count) values, but the model has "
            + "\(program.columnCount) columns.")
      }
      // HiGHS discards a start that breaks a bound or integrality, so repair those first.
      var values = solution
      for column in values.indices {
        var value = min(max(values[column], program.columnLower[column]), program.columnUpper[column])
        if program.columnKinds[column] == .integer { value = value.rounded() }
        values[column] = value.isFinite ? value : 0
      }
      try HighsStatus.check("Highs_setSolution", api.setSolution(handle, values, nil, nil, nil))
    }
  }

  // MARK: Changes in place

  func changeCost(ofColumn column: Int32, to cost: Double) throws(SolverError) {
    try HighsStatus.check("Highs_changeColCost", api.changeColCost(handle, column, cost))
  }

  func changeCosts(_ costs: [Double]) throws(SolverError) {
    guard !costs.isEmpty else { return }
    let status = api.changeColsCostByRange(handle, 0, Int32(costs.count - 1), costs)
    try HighsStatus.check("Highs_changeColsCostByRange", status)
  }

  func changeBounds(ofColumn column: Int32, lower: Double, upper: Double) throws(SolverError) {
    try HighsStatus.check("Highs_changeColBounds", api.changeColBounds(handle, column, lower, upper))
  }

  func changeBounds(ofRow row: Int32, lower: Double, upper: Double) throws(SolverError) {
    try HighsStatus.check("Highs_changeRowBounds", api.changeRowBounds(handle, row, lower, upper))
  }

  func changeCoefficient(row: Int32, column: Int32, to value: Double) throws(SolverError) {
    try HighsStatus.check("Highs_changeCoeff", api.changeCoeff(handle, row, column, value))
  }

  // MARK: Solving

  /// Runs HiGHS and returns the wall-clock seconds it took.
  func run() throws(SolverError) -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    let status = api.run(handle)
    let elapsed = clock.now - start
    if HighsStatus(rawValue: status) == .error {
      let model = HighsModelStatus(rawValue: api.getModelStatus(handle))
      throw SolverError(
        "HiGHS failed to solve the model: Highs_run reported an error (model status: \(model.name)).",
        fix: "Turn the solver log on (ferrite solve --solver-log FILE, or SolveOptions.log) to read HiGHS's "
          + "explanation.")
    }
    let parts = elapsed.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }

  /// Copies out everything the last run produced for a model of `shape`.
  func result(
    for shape: ModelShape, wallSeconds: Double, computeInfeasibleSubset: Bool
  ) throws(SolverError) -> SolveResult {
    let modelStatus = HighsModelStatus(rawValue: api.getModelStatus(handle))
    if modelStatus == .modelEmpty { return Self.emptyModelResult(shape, wallSeconds: wallSeconds) }
    var result = SolveResult(termination: modelStatus.termination)
    result.primal = SolutionStatus(highs: Int32(truncatingIfNeeded: try intInfo("primal_solution_status")))
    result.dual = SolutionStatus(highs: Int32(truncatingIfNeeded: try intInfo("dual_solution_status")))

    if result.primal != .none {
      var columnValues = [Double](repeating: 0, count: shape.columnCount)
      var rowValues = [Double](repeating: 0, count: shape.rowCount)
      var reducedCosts = [Double](repeating: 0, count: shape.columnCount)
      var rowDuals = [Double](repeating: 0, count: shape.rowCount)
      let status = api.getSolution(handle, &columnValues, &reducedCosts, &rowValues, &rowDuals)
      try HighsStatus.check("Highs_getSolution", status)
      result.columnValues = columnValues
      result.rowValues = rowValues
      if result.dual != .none {
        result.reducedCosts = reducedCosts
        result.rowDuals = rowDuals
      }
    }
    if result.primal == .feasible {
      result.objective = api.getObjectiveValue(handle)
    }

    var statistics = SolveStatistics()
    statistics.wallSeconds = wallSeconds
    // HiGHS reports -1 for a method it did not run.
    statistics.barrierIterations = max(0, try intInfo("ipm_iteration_count"))
    statistics.simplexIterations = max(0, try intInfo("simplex_iteration_count"))
    if shape.isMixedInteger {
      statistics.nodes = try intInfo("mip_node_count")
      result.mipGap = try doubleInfo("mip_gap")
      result.dualBound = try doubleInfo("mip_dual_bound")
    } else {
      if result.termination == .optimal { result.dualBound = result.objective }
      if try intInfo("basis_validity") == 1 {
        result.basis = try basis(for: shape)
      }
    }
    result.statistics = statistics

    if computeInfeasibleSubset, result.termination == .infeasible {
      result.infeasibleSubset = try infeasibleSubset(for: shape)
    }
    return result
  }

  /// The answer for a model without columns, which HiGHS declares solved without looking at the
  /// rows or the offset: feasible exactly when every row admits an activity of zero.
  static func emptyModelResult(_ shape: ModelShape, wallSeconds: Double) -> SolveResult {
    var statistics = SolveStatistics()
    statistics.wallSeconds = wallSeconds
    let offending = shape.rowLower.indices.first { row in
      !(shape.rowLower[row] <= 0 && 0 <= shape.rowUpper[row])
    }
    if let row = offending {
      // A row that cannot hold zero is infeasible on its own: it is the whole conflict.
      return SolveResult(
        termination: .infeasible,
        infeasibleSubset: IrreducibleInfeasibleSubset(
          rows: [row], columns: [], rowNames: [shape.rowNames[row]], columnNames: []),
        statistics: statistics)
    }
    let zeros = [Double](repeating: 0, count: shape.rowCount)
    return SolveResult(
      termination: .optimal, primal: .feasible, dual: .feasible, objective: shape.objectiveOffset,
      dualBound: shape.objectiveOffset, rowValues: zeros, rowDuals: zeros,
      basis: Basis(columns: [], rows: Array(repeating: .basic, count: shape.rowCount)),
      statistics: statistics)
  }

  private func basis(for shape: ModelShape) throws(SolverError) -> Basis? {
    var columns = [Int32](repeating: 0, count: shape.columnCount)
    var rows = [Int32](repeating: 0, count: shape.rowCount)
    try HighsStatus.check("Highs_getBasis", api.getBasis(handle, &columns, &rows))
    func statuses(_ raw: [Int32]) -> [BasisStatus]? {
      var result: [BasisStatus] = []
      result.reserveCapacity(raw.count)
      for value in raw {
        guard let status = BasisStatus(rawValue: Int8(truncatingIfNeeded: value)) else { return nil }
        result.append(status)
      }
      return result
    }
    guard let columnStatuses = statuses(columns), let rowStatuses = statuses(rows) else { return nil }
    return Basis(columns: columnStatuses, rows: rowStatuses)
  }

  /// The irreducible infeasible subset HiGHS finds from the LP, rows preferred over column bounds;
  /// `nil` when it finds none (a MIP whose LP relaxation is feasible has none).
  private func infeasibleSubset(for shape: ModelShape) throws(SolverError) -> IrreducibleInfeasibleSubset? {
    // The default "light" strategy only spots trivially contradictory bounds; this one reduces
    // the LP to an irreducible subset, keeping rows in preference to column bounds.
    let fromLpRowPriority = 6
    try setOption("iis_strategy", int: fromLpRowPriority)
    var columnCount: Int32 = 0
    var rowCount: Int32 = 0
    var columnIndices = [Int32](repeating: 0, count: shape.columnCount)
    var rowIndices = [Int32](repeating: 0, count: shape.rowCount)
    var columnBounds = [Int32](repeating: 0, count: shape.columnCount)
    var rowBounds = [Int32](repeating: 0, count: shape.rowCount)
    // The per-column and per-row status arrays stay nil: HiGHS 1.15.1 crashes filling them for a
    // MIP whose LP relaxation is feasible, and the index lists say everything needed.
    let status = api.getIis(
      handle, &columnCount, &rowCount, &columnIndices, &rowIndices, &columnBounds, &rowBounds,
      nil, nil)
    // An IIS is a diagnosis on top of the answer "infeasible"; failing to find one must not turn
    // that answer into an error.
    guard HighsStatus(rawValue: status) != .error else { return nil }

    let rows = rowIndices.prefix(Int(rowCount)).map(Int.init)
    // A column whose bounds HiGHS marks free (1) takes part only through its rows; only columns
    // with a bound in the conflict belong in the subset.
    let free: Int32 = 1
    let columns = zip(columnIndices, columnBounds).prefix(Int(columnCount))
      .filter { $0.1 != free }.map { Int($0.0) }
    guard !rows.isEmpty || !columns.isEmpty else { return nil }
    return IrreducibleInfeasibleSubset(
      rows: rows, columns: columns, rowNames: rows.map { shape.rowNames[$0] },
      columnNames: columns.map { shape.columnNames[$0] })
  }

  // MARK: Info

  /// An integer info item, whichever integer width HiGHS stores it in.
  func intInfo(_ name: String) throws(SolverError) -> Int {
    var type: Int32 = 0
    var typeStatus: Int32 = 0
    var valueStatus: Int32 = 0
    var value = 0
    name.withCString { name in
      typeStatus = api.getInfoType(handle, name, &type)
      let int64Type: Int32 = -1
      if type == int64Type {
        var wide: Int64 = 0
        valueStatus = api.getInt64InfoValue(handle, name, &wide)
        value = Int(wide)
      } else {
        var narrow: Int32 = 0
        valueStatus = api.getIntInfoValue(handle, name, &narrow)
        value = Int(narrow)
      }
    }
    try HighsStatus.check("Highs_getInfoType", typeStatus, detail: name)
    try HighsStatus.check("Highs_getIntInfoValue", valueStatus, detail: name)
    return value
  }

  func doubleInfo(_ name: String) throws(SolverError) -> Double {
    var value = 0.0
    let status = name.withCString { api.getDoubleInfoValue(handle, $0, &value) }
    try HighsStatus.check("Highs_getDoubleInfoValue", status, detail: name)
    return value
  }
}

/// What the result extraction needs to know about a model HiGHS holds.
struct ModelShape {
  var columnCount: Int
  var rowCount: Int
  var isMixedInteger: Bool
  var columnNames: Names
  var rowNames: Names
  /// The offset and row bounds of a model without columns, which HiGHS does not solve; empty
  /// otherwise.
  var objectiveOffset: Double
  var rowLower: [Double] = []
  var rowUpper: [Double] = []

  init(_ program: LinearProgram) {
    columnCount = program.columnCount
    rowCount = program.rowCount
    isMixedInteger = program.isMixedInteger
    columnNames = program.columnNames
    rowNames = program.rowNames
    objectiveOffset = program.objectiveOffset
    if columnCount == 0 {
      rowLower = program.rowLower
      rowUpper = program.rowUpper
    }
  }
}
