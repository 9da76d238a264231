import ArgumentParser
import FerriteModel
import FerritePlanner
import Foundation
import HiGHS
import LinearProgramming

/// `ferrite bench facilities`: root LP bound and time to proven optimality of capacitated
/// facility location, with and without the facility links.
struct BenchFacilities: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "facilities",
    abstract: "Compare the aggregate and disaggregated facility links on generated facility location.",
    discussion: """
      For each capacity ratio, generates `ferrite generate --facility-location`'s scenario and, for
      each link form, builds the model, solves its LP relaxation (the root bound before HiGHS's cuts)
      and then the MILP within the time limit. Prints one tab-separated line per solve: rows,
      columns, LP bound and seconds, MILP status, best plan, bound, gap and seconds (wall clock).
      """)

  @Option(help: "Candidate sites.") var sites = 100
  @Option(help: "Customers.") var customers = 1_000
  @Option(help: "Capacity ratios, comma-separated.") var ratios = "1.5,2.5,4"
  @Option(help: "Link forms to compare, comma-separated: aggregate, disaggregated.")
  var links = "aggregate,disaggregated"
  @Option(help: "Seconds for each MILP solve.") var timeLimit = 600.0
  @Option(help: "Random seed.") var seed: UInt64 = 1

  func run() async throws {
    let ratioList = ratios.split(separator: ",").compactMap {
      Double($0.trimmingCharacters(in: .whitespaces))
    }
    let forms = links.split(separator: ",").compactMap { FacilityLinks(rawValue: String($0)) }
    guard !ratioList.isEmpty, ratioList.allSatisfy({ $0 >= 1 && $0 <= 100 }) else {
      throw ValidationError("--ratios takes numbers from 1 to 100 separated by commas")
    }
    guard !forms.isEmpty else { throw ValidationError("--links takes aggregate and/or disaggregated") }
    guard timeLimit > 0, sites >= 1, customers >= 1 else {
      throw ValidationError("--time-limit, --sites and --customers must be positive")
    }
    print(
      [
        "ratio", "links", "rows", "columns", "LP bound", "LP s", "status", "best plan", "bound", "gap %",
        "MILP s",
      ]
      .joined(separator: "\t"))
    for ratio in ratioList {
      let scenario = FacilityLocation(sites: sites, customers: customers, capacityRatio: ratio, seed: seed)
        .scenario()
      for form in forms {
        print(try measure(scenario, ratio: ratio, form: form).joined(separator: "\t"))
      }
    }
  }

  private func measure(_ scenario: Scenario, ratio: Double, form: FacilityLinks) throws -> [String] {
    var options = PlannerOptions(dualsForMixedInteger: false, namesInModel: false)
    options.facilityLinks = form
    let program = try Formulation(scenario, options: options).program()
    var relaxed = program
    relaxed.columnKinds = Array(repeating: .continuous, count: program.columnCount)
    let solver = HiGHSSolver()
    let start = Date()
    let lp = try solver.solve(relaxed, options: SolveOptions())
    let lpSeconds = Date().timeIntervalSince(start)
    let milpStart = Date()
    let milp = try solver.solve(program, options: SolveOptions(timeLimit: timeLimit))
    let milpSeconds = Date().timeIntervalSince(milpStart)
    func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
    let gap = milp.objective.flatMap { best in
      milp.dualBound.map { 100 * abs(best - $0) / max(1, abs(best)) }
    }
    return [
      "\(ratio)", form.rawValue, "\(program.rowCount)", "\(program.columnCount)", number(lp.objective),
      String(format: "%.1f", lpSeconds), "\(milp.termination)", number(milp.objective),
      number(milp.dualBound),
      gap.map { String(format: "%.2f", $0) } ?? "-", String(format: "%.1f", milpSeconds),
    ]
  }
}
