import FerriteModel
import FerritePlanner
import Foundation
import LinearProgramming

/// Finds the one set of decisions taken now that is best across a study's futures, and measures
/// it: each future on its own (wait-and-see), the decisions of the expected-value problem and of
/// the base scenario evaluated in every future, and which futures agree with each decision.
public struct StochasticPlanner: Sendable {
  public var solver: any Solver
  public var options: PlannerOptions
  /// The extensive form, Benders decomposition, or whichever suits the study (docs/futures.md).
  public var method: FuturesMethod
  /// Benders cuts per future or aggregated.
  public var cuts: BendersCuts
  /// Threads solving futures at once (Benders subproblems).
  public var workers: Int

  public init(
    solver: any Solver, options: PlannerOptions = PlannerOptions(), method: FuturesMethod = .auto,
    cuts: BendersCuts = .multi, workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
  ) {
    self.solver = solver
    self.options = options
    self.method = method
    self.cuts = cuts
    self.workers = max(1, workers)
  }

  /// One future made ready: its scenario, formulation, program and first-stage columns.
  struct Prepared {
    var name: String
    var probability: Double
    var formulation: Formulation
    var program: LinearProgram
    var decisions: [FirstStageDecision: Int]
    /// +1 when the program minimizes cost, -1 when it maximizes profit: loss = sign x objective.
    var sign: Double { program.sense == .minimize ? 1 : -1 }
  }

  public func solve(_ study: FuturesStudy) throws(FuturesError) -> FuturesResult {
    let start = Date()
    let planner = Planner(solver: solver)
    var problems: [String] = []
    var prepared: [Prepared] = []
    for future in study.futures {
      do {
        let scenario = try future.variant.apply(to: study.base)
        let formulation = try Formulation(scenario, options: options)
        prepared.append(
          Prepared(
            name: future.name, probability: future.probability, formulation: formulation,
            program: formulation.program(), decisions: Self.firstStage(formulation, decideBy: study.decideBy)))
      } catch let error as VariantError {
        problems.append("future '\(future.name)': \(error)")
      } catch {
        problems.append("future '\(future.name)': \(error)")
      }
    }
    guard problems.isEmpty else { throw FuturesError(problems) }
    guard Set(prepared.map(\.program.sense)).count == 1, let sign = prepared.first?.sign else {
      throw FuturesError(["the futures do not all minimize cost or all maximize profit (check objective options and demand prices)"])
    }

    // Wait-and-see: each future alone.
    var own: [Plan] = []
    for future in prepared {
      let plan = try solved { () throws(PlanningError) in try planner.solve(future.formulation, program: future.program) }
      guard plan.hasSolution, let objective = plan.objective else {
        throw FuturesError([
          "future '\(future.name)' has no feasible plan even on its own: "
            + (plan.infeasibility.map { "\($0)" } ?? "the solver stopped (\(plan.termination.rawValue))")
        ])
      }
      _ = objective
      own.append(plan)
    }
    let ownLoss = own.map { sign * ($0.objective ?? 0) }

    // Benders when asked for (or when auto finds it applies to many futures), the extensive form otherwise.
    let obstacle = Benders.obstacle(prepared, risk: study.risk, cuts: cuts)
    if method == .benders, let obstacle { throw FuturesError(["Benders cannot solve this study exactly: \(obstacle)"]) }
    let useBenders = method == .benders || (method == .auto && obstacle == nil && prepared.count >= FuturesMethod.bendersFrom)
    let answer = try useBenders
      ? decomposed(prepared, risk: study.risk, own: own, ownLoss: ownLoss) : extensive(prepared, risk: study.risk, ownLoss: ownLoss)
    let chosen = answer.decisions

    // The chosen decisions in each future, with every table of its plan.
    let evaluated = try evaluate(chosen, in: prepared, planner: planner)
    var outcomes: [FuturesResult.Outcome] = []
    var plans: [String: Plan] = [:]
    for (index, future) in prepared.enumerated() {
      let plan = evaluated[index]
      plans[future.name] = plan
      let objective = plan.hasSolution ? plan.objective : nil
      outcomes.append(
        FuturesResult.Outcome(
          future: future.name, probability: future.probability, objective: objective, ownOptimum: own[index].objective,
          regret: objective.map { max(0, sign * $0 - ownLoss[index]) },
          problem: plan.hasSolution ? nil : (plan.infeasibility.map { "\($0)" } ?? "no plan (\(plan.termination.rawValue))"),
          keyFigures: plan.keyFigures))
    }

    var measures = try self.measures(
      study: study, prepared: prepared, outcomes: outcomes, ownLoss: ownLoss, sign: sign, planner: planner)
    if let threshold = answer.threshold, case .conditionalValueAtRisk(let alpha, _) = study.risk {
      measures.append(
        FuturesResult.Measure(
          name: "VaR", value: sign * threshold,
          meaning: "the loss exceeded with probability \(1 - alpha) at most (the CVaR threshold)", note: nil))
    }
    var statistics = answer.statistics
    statistics.totalSeconds = Date().timeIntervalSince(start)
    return FuturesResult(
      study: study.name, risk: study.risk.description, objectiveSense: sign > 0 ? "minimize-cost" : "maximize-profit",
      currency: study.base.settings.currency, objective: sign * answer.loss,
      decisions: chosen.keys.sorted().map { decision in
        FuturesResult.Decision(
          decision: decision.description, subject: decision.subject, year: decision.year, value: chosen[decision] ?? 0)
      },
      outcomes: outcomes, measures: measures,
      robustness: Self.robustness(chosen: chosen, prepared: prepared, own: own),
      statistics: statistics, plans: plans)
  }

  /// The study's optimal decisions taken now, its objective in loss, the CVaR threshold and how
  /// the program was solved.
  struct Solved {
    var decisions: [FirstStageDecision: Double]
    var loss: Double
    var threshold: Double?
    var statistics: FuturesResult.Statistics
  }

  /// Solves the extensive form: every future's program in one.
  func extensive(_ prepared: [Prepared], risk: FuturesStudy.Risk, ownLoss: [Double]) throws(FuturesError) -> Solved {
    let buildStart = Date()
    let form = ExtensiveForm(
      programs: prepared.map(\.program), names: prepared.map(\.name), decisions: prepared.map(\.decisions),
      probabilities: prepared.map(\.probability), risk: risk, ownOptima: ownLoss)
    let program = form.model.program()
    let buildSeconds = Date().timeIntervalSince(buildStart)
    let solveStart = Date()
    let result: SolveResult
    do {
      result = try solver.solve(program, options: options.solve)
    } catch {
      throw FuturesError(["the study could not be solved: \(error)"])
    }
    let solveSeconds = Date().timeIntervalSince(solveStart)
    guard result.primal == .feasible, result.columnValues.count == program.columnCount, let objective = result.objective else {
      throw FuturesError([
        "no decision taken now leaves every future a feasible plan (the solver says \(result.termination.rawValue)); "
          + "solve the futures alone with ferrite solve to see which cannot be served"
      ])
    }
    let statistics = ModelStatistics(program)
    return Solved(
      decisions: Self.decisions(form.shared.mapValues(\.index), in: result.columnValues, of: program), loss: objective,
      threshold: form.threshold.map { result.columnValues[$0.index] },
      statistics: FuturesResult.Statistics(
        futures: prepared.count, rows: statistics.rows, columns: statistics.columns, nonzeros: statistics.nonzeros,
        integerColumns: statistics.integerColumns, buildSeconds: buildSeconds, solveSeconds: solveSeconds, totalSeconds: 0,
        method: FuturesMethod.extensive.rawValue))
  }

  /// Solves the study by Benders decomposition on the decisions taken now.
  func decomposed(_ prepared: [Prepared], risk: FuturesStudy.Risk, own: [Plan], ownLoss: [Double]) throws(FuturesError)
    -> Solved
  {
    let solveStart = Date()
    // Each future's own optimum bounds its loss below whatever is decided now; a MILP stopped at a
    // gap proves only its bound, so the bound is widened by the gap.
    let lowerBounds = zip(ownLoss, own).map { loss, plan in
      loss - (plan.mipGap ?? 0) * abs(loss) - 1e-9 * max(1, abs(loss))
    }
    var benders = Benders(
      prepared: prepared, risk: risk, cuts: cuts, ownLoss: ownLoss, lowerBounds: lowerBounds, solver: solver,
      options: options.solve)
    benders.workers = workers
    if let gap = options.solve.relativeMIPGap { benders.tolerance = max(benders.tolerance, gap) }
    let outcome = try benders.solve()
    let list = Array(Set(prepared.flatMap(\.decisions.keys))).sorted()
    var decisions: [FirstStageDecision: Double] = [:]
    for (decision, value) in zip(list, outcome.values) { decisions[decision] = value }
    return Solved(
      decisions: decisions, loss: outcome.objective, threshold: outcome.threshold,
      statistics: FuturesResult.Statistics(
        futures: prepared.count, rows: outcome.masterRows, columns: outcome.masterColumns, nonzeros: outcome.masterNonzeros,
        integerColumns: outcome.masterIntegerColumns, buildSeconds: 0, solveSeconds: Date().timeIntervalSince(solveStart),
        totalSeconds: 0, method: FuturesMethod.benders.rawValue, cuts: cuts.rawValue, iterations: outcome.iterations,
        cutCount: outcome.cuts, bound: (prepared.first?.sign ?? 1) * outcome.bound, subproblemRows: outcome.subproblemRows,
        subproblemColumns: outcome.subproblemColumns))
  }

  /// The columns of the decisions taken now: every build and every candidate or closable site's
  /// opening, in periods before `decideBy` when it is given.
  static func firstStage(_ formulation: Formulation, decideBy: Year?) -> [FirstStageDecision: Int] {
    var columns: [FirstStageDecision: Int] = [:]
    let scenario = formulation.scenario
    for (period, year) in formulation.periods.enumerated() where decideBy.map({ year < $0 }) ?? true {
      for (option, row) in scenario.capacityOptions.enumerated() {
        if let column = formulation.column(for: .build(option: option, period: period)) {
          columns[.build(option: row.id.rawValue, year: year)] = column
        }
      }
      for (site, row) in scenario.sites.enumerated() where row.status != .existing {
        if let column = formulation.column(for: .open(site: site, period: period)) {
          columns[.open(site: row.id.rawValue, year: year)] = column
        }
      }
    }
    return columns
  }

  /// The first-stage decisions' values in a solution: modules as whole numbers, openings 0 or 1.
  static func decisions(_ columns: [FirstStageDecision: Int], in values: [Double], of program: LinearProgram)
    -> [FirstStageDecision: Double]
  {
    columns.mapValues { column in
      program.columnKinds[column] == .integer ? values[column].rounded() : values[column]
    }
  }

  /// The first-stage decisions a plan took: modules online by option and year, sites open by year.
  static func decisions(of plan: Plan) -> [FirstStageDecision: Double] {
    var decisions: [FirstStageDecision: Double] = [:]
    for line in plan.builds { decisions[.build(option: line.option, year: line.period), default: 0] += Double(line.modules) }
    for line in plan.sites where line.isOpen { decisions[.open(site: line.site, year: line.period)] = 1 }
    return decisions
  }

  /// Each future's plan with `decisions` fixed (those it has).
  func evaluate(_ decisions: [FirstStageDecision: Double], in prepared: [Prepared], planner: Planner) throws(FuturesError)
    -> [Plan]
  {
    var plans: [Plan] = []
    for future in prepared {
      var program = future.program
      for (decision, column) in future.decisions {
        let value = decisions[decision] ?? 0
        program.columnLower[column] = value
        program.columnUpper[column] = value
      }
      let fixed = program
      plans.append(try solved { () throws(PlanningError) in try planner.solve(future.formulation, program: fixed) })
    }
    return plans
  }

  func solved(_ body: () throws(PlanningError) -> Plan) throws(FuturesError) -> Plan {
    do { return try body() } catch { throw FuturesError(["\(error)"]) }
  }

  /// RP, WS, EVPI, EEV, VSS and the base plan's value, in the plans' objective.
  func measures(
    study: FuturesStudy, prepared: [Prepared], outcomes: [FuturesResult.Outcome], ownLoss: [Double], sign: Double,
    planner: Planner
  ) throws(FuturesError) -> [FuturesResult.Measure] {
    let noun = sign > 0 ? "cost" : "profit"
    func expectedLoss(_ plans: [Plan]) -> Double? {
      var total = 0.0
      for (plan, future) in zip(plans, prepared) {
        guard plan.hasSolution, let objective = plan.objective else { return nil }
        total += future.probability * sign * objective
      }
      return total
    }
    let rpLoss: Double? = outcomes.allSatisfy({ $0.objective != nil })
      ? zip(outcomes, prepared).reduce(0) { $0 + $1.1.probability * sign * ($1.0.objective ?? 0) } : nil
    let wsLoss = zip(ownLoss, prepared).reduce(0) { $0 + $1.1.probability * $1.0 }
    var measures = [
      FuturesResult.Measure(
        name: "RP", value: rpLoss.map { sign * $0 },
        meaning: "expected \(noun) of the plan: the decisions taken now, each future planned on from them", note: nil),
      FuturesResult.Measure(
        name: "WS", value: sign * wsLoss,
        meaning: "expected \(noun) with perfect foresight: each future with its own best decisions", note: nil),
      FuturesResult.Measure(
        name: "EVPI", value: rpLoss.map { $0 - wsLoss },
        meaning: "what knowing the future before deciding would be worth: RP against WS", note: nil),
    ]
    if let mean = ExtensiveForm.expectedValueProgram(prepared.map(\.program), probabilities: prepared.map(\.probability)) {
      let result: SolveResult
      do { result = try solver.solve(mean, options: options.solve) } catch { throw FuturesError(["\(error)"]) }
      if result.primal == .feasible, result.columnValues.count == mean.columnCount, let first = prepared.first {
        let decisions = Self.decisions(first.decisions, in: result.columnValues, of: mean)
        let eev = expectedLoss(try evaluate(decisions, in: prepared, planner: planner))
        measures.append(
          FuturesResult.Measure(
            name: "EEV", value: eev.map { sign * $0 },
            meaning: "expected \(noun) of the decisions of the expected-value problem (every number at its mean)",
            note: eev == nil ? "the expected-value decisions leave some future without a feasible plan" : nil))
        measures.append(
          FuturesResult.Measure(
            name: "VSS", value: eev.flatMap { eev in rpLoss.map { eev - $0 } },
            meaning: "what planning for every future gains over planning for the mean: EEV against RP",
            note: eev == nil ? "EEV is infinite: the mean's decisions cannot serve every future" : nil))
      } else {
        measures.append(FuturesResult.Measure(name: "EEV", value: nil, meaning: "expected-value problem", note: "the expected-value problem has no feasible plan"))
      }
    } else {
      let note = "the futures change the model's structure (rows or columns added or removed), so no single expected-value problem exists"
      measures.append(FuturesResult.Measure(name: "EEV", value: nil, meaning: "expected \(noun) of the mean problem's decisions", note: note))
      measures.append(FuturesResult.Measure(name: "VSS", value: nil, meaning: "EEV against RP", note: note))
    }
    // The base scenario's own decisions, kept in every future.
    do {
      let formulation = try Formulation(study.base, options: options)
      let base = try planner.solve(formulation, program: formulation.program())
      if base.hasSolution {
        let baseLoss = expectedLoss(try evaluate(Self.decisions(of: base), in: prepared, planner: planner))
        measures.append(
          FuturesResult.Measure(
            name: "base plan", value: baseLoss.map { sign * $0 },
            meaning: "expected \(noun) of the base scenario's own decisions, kept in every future",
            note: baseLoss == nil ? "the base scenario's decisions leave some future without a feasible plan" : nil))
        measures.append(
          FuturesResult.Measure(
            name: "value against the base plan", value: baseLoss.flatMap { base in rpLoss.map { base - $0 } },
            meaning: "what the plan gains over deciding for the base scenario alone", note: nil))
      }
    } catch let error as FuturesError {
      throw error
    } catch {
      throw FuturesError(["the base scenario: \(error)"])
    }
    return measures
  }

  /// For each capacity option and site with a decision in any plan: the plan's decisions and the
  /// futures whose own optimum decides the same.
  static func robustness(chosen: [FirstStageDecision: Double], prepared: [Prepared], own: [Plan]) -> [FuturesResult.Robustness] {
    func words(_ values: [FirstStageDecision: Double], subject: String) -> String {
      let taken = values.filter { $0.key.subject == subject && $0.value > 0.5 }.sorted { $0.key < $1.key }
      guard !taken.isEmpty else { return "none" }
      return taken.map { decision, value in
        switch decision {
        case .build(_, let year): "\(Int(exactly: value.rounded()) ?? 0) in \(year)"
        case .open(_, let year): "open \(year)"
        }
      }.joined(separator: ", ")
    }
    // Each future's own decisions, among those it takes now.
    let ownDecisions = zip(prepared, own).map { future, plan in decisions(of: plan).filter { future.decisions[$0.key] != nil } }
    let subjects = Set(chosen.filter { $0.value > 0.5 }.map(\.key.subject) + ownDecisions.flatMap { $0.filter { $0.value > 0.5 }.map(\.key.subject) })
    return subjects.sorted().map { subject in
      let plan = words(chosen, subject: subject)
      var agreeing: [String] = []
      var each: [String: String] = [:]
      for (future, values) in zip(prepared, ownDecisions) {
        let text = words(values, subject: subject)
        each[future.name] = text
        if text == plan { agreeing.append(future.name) }
      }
      return FuturesResult.Robustness(subject: subject, plan: plan, agreeing: agreeing, ownDecisions: each)
    }
  }
}
