import Foundation
import FerritePlanner

extension FuturesResult {
  /// The answer as JSON, keys sorted, as `ferrite futures --format json` prints it and the
  /// server's /api/jobs/{id}/futures returns it (non-finite numbers as "inf", "-inf", "nan").
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(self)
  }

  /// The answer for a terminal: decisions, futures, measures and how robust each decision is.
  public func text() -> String {
    let money = "money"
    let what = objectiveSense == "maximize-profit" ? "profit" : "cost"
    var text = "\(study): \(outcomes.count) futures, \(risk); \(objectiveSense == "maximize-profit" ? "maximizing discounted profit" : "minimizing discounted cost") (\(currency))\n"
    text += "\nDecided now\n"
    let taken = decisions.filter { $0.value > 1e-6 }
    if taken.isEmpty { text += "  nothing: no module built, no candidate site opened\n" }
    for decision in taken {
      if decision.decision.hasSuffix("online in \(decision.year)") {
        let modules = ComparisonReport.number(decision.value, unit: "units")
        text += "  \(decision.subject): \(modules) module\(decision.value == 1 ? "" : "s") online in \(decision.year)\n"
      } else {
        text += "  \(decision.decision)\n"
      }
    }
    text += "\nEach future with these decisions (\(what), \(currency))\n"
    var rows = [["future", "probability", "plan", "own optimum", "regret"]]
    for outcome in outcomes {
      rows.append([
        outcome.future, ComparisonReport.number(outcome.probability, unit: "fraction"),
        outcome.objective.map { ComparisonReport.number($0, unit: money) } ?? "no plan",
        ComparisonReport.number(outcome.ownOptimum, unit: money), ComparisonReport.number(outcome.regret, unit: money),
      ])
    }
    text += ComparisonReport.aligned(rows)
    for outcome in outcomes where outcome.problem != nil {
      text += "  \(outcome.future): \(outcome.problem ?? "")\n"
    }
    text += "\nMeasures\n"
    let names = measures.map { "  " + $0.name }, values = measures.map { $0.value.map { ComparisonReport.number($0, unit: money) } ?? "-" }
    let nameWidth = names.map(\.count).max() ?? 0, valueWidth = values.map(\.count).max() ?? 0
    for (index, measure) in measures.enumerated() {
      text += names[index].padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
        + String(repeating: " ", count: valueWidth - values[index].count) + values[index] + "  "
        + (measure.note.map { "(\($0))" } ?? measure.meaning) + "\n"
    }
    if !robustness.isEmpty {
      text += "\nHow robust is each decision taken now (what each future would decide on its own)\n"
      for item in robustness {
        text += "  \(item.subject): the plan \(item.plan); the same alone in "
          + (item.agreeing.isEmpty ? "no future" : item.agreeing.joined(separator: ", ")) + "\n"
        let others = item.ownDecisions.filter { !item.agreeing.contains($0.key) }.sorted { $0.key < $1.key }
        for (future, decision) in others { text += "    \(future): \(decision)\n" }
      }
    }
    if statistics.method == FuturesMethod.benders.rawValue {
      text += "\nBenders (\(statistics.cuts ?? "multi") cuts): \(statistics.iterations ?? 0) iterations, \(statistics.cutCount ?? 0) cuts; "
        + "master \(statistics.rows) rows x \(statistics.columns) columns (\(statistics.integerColumns) integer), "
        + "\(statistics.futures) futures of up to \(statistics.subproblemRows ?? 0) rows x \(statistics.subproblemColumns ?? 0) columns; "
        + "solved in \(ComparisonReport.number(statistics.solveSeconds, unit: "units")) s, "
        + "\(ComparisonReport.number(statistics.totalSeconds, unit: "units")) s in all\n"
    } else {
      text += "\nModel: \(statistics.rows) rows x \(statistics.columns) columns (\(statistics.integerColumns) integer) for "
        + "\(statistics.futures) futures; built in \(ComparisonReport.number(statistics.buildSeconds, unit: "units")) s, "
        + "solved in \(ComparisonReport.number(statistics.solveSeconds, unit: "units")) s, "
        + "\(ComparisonReport.number(statistics.totalSeconds, unit: "units")) s in all\n"
    }
    return text
  }

  /// The answer as tables: decisions, outcomes, measures, robustness, then every plan table of
  /// every future with a leading `future` column.
  public var tables: [PlanTables.Table] {
    var tables = [
      PlanTables.Table(
        name: "decisions", header: ["decision", "subject", "year", "value"],
        rows: decisions.map { [$0.decision, $0.subject, String($0.year), PlanTables.number($0.value)] }),
      PlanTables.Table(
        name: "futures", header: ["future", "probability", "objective", "own_optimum", "regret", "problem"],
        rows: outcomes.map {
          [$0.future, PlanTables.number($0.probability), $0.objective.map(PlanTables.number) ?? "",
           $0.ownOptimum.map(PlanTables.number) ?? "", $0.regret.map(PlanTables.number) ?? "", $0.problem ?? ""]
        }),
      PlanTables.Table(
        name: "measures", header: ["measure", "value", "meaning", "note"],
        rows: measures.map { [$0.name, $0.value.map(PlanTables.number) ?? "", $0.meaning, $0.note ?? ""] }),
      PlanTables.Table(
        name: "robustness", header: ["subject", "plan", "agreeing_futures"] + outcomes.map(\.future),
        rows: robustness.map { item in
          [item.subject, item.plan, item.agreeing.joined(separator: ";")] + outcomes.map { item.ownDecisions[$0.future] ?? "" }
        }),
    ]
    var merged: [String: PlanTables.Table] = [:]
    var order: [String] = []
    for outcome in outcomes {
      guard let plan = plans[outcome.future] else { continue }
      for table in PlanTables(plan).tables {
        if merged[table.name] == nil {
          order.append(table.name)
          merged[table.name] = PlanTables.Table(name: table.name, header: ["future"] + table.header, rows: [])
        }
        merged[table.name]?.rows += table.rows.map { [outcome.future] + $0 }
      }
    }
    tables += order.compactMap { merged[$0] }
    return tables
  }
}
