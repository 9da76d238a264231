import ArgumentParser
import FerriteModel
import FerritePlanner
import FerriteScenarios
import Foundation
import HiGHS

/// `ferrite compare BASE VARIANT...`: solves the base and each variant and prints their key figures
/// side by side.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve a base scenario and its variants and compare their key figures and decisions.",
    discussion: """
      Prints one table of key figures (objective, total cost and each cost component, service
      level, unmet demand, capacity and site decisions) with each variant's delta against the base,
      then the flows, production, purchases and builds that changed most.

      Warnings about the base scenario are printed to stderr.

      Exit codes: 0 success, 2 invalid base or variant (including numbers out of the solver's \
      range), 1 usage error (bad arguments) or any other failure.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }

  @Argument(help: "The base scenario: a folder or a single .yaml/.json file.") var base: String
  @Argument(help: "Variant files (.yaml) to compare with the base.") var variants: [String] = []
  @Option(help: "Output format: table, csv, json or html (one self-contained page).") var format: Format = .table
  @Option(help: "Largest changes to list per variant.") var changes: Int = 10
  @Option(help: "Write the report to this file instead of printing it.") var out: String?

  func validate() throws {
    if variants.isEmpty { throw ValidationError("Give at least one variant file to compare with the base.") }
    if changes < 0 { throw ValidationError("--changes must be zero or positive.") }
  }

  func run() throws {
    let scenario = try Variants.base(base)
    var names = ["base"]
    var scenarios = [scenario]
    for path in variants {
      let variant = try Variants.variant(path)
      names.append(variant.name)
      scenarios.append(try Variants.apply(variant, to: scenario))
    }
    let planner = Planner(solver: HiGHSSolver())
    var plans: [Plan] = []
    for (name, effective) in zip(names, scenarios) {
      do {
        plans.append(try planner.solve(effective))
      } catch {
        Variants.report("\(name): \(error)")
        throw ExitCode(error.cause == .scenario ? 2 : 1)
      }
    }
    let report = ComparisonReport(Comparison(
      names: names, plans: plans, capacityOptions: scenario.capacityOptions.map(\.id.rawValue), changeLimit: changes))
    let text: String
    switch format {
    case .table: text = report.table()
    case .csv: text = report.csv()
    case .json: text = try report.json() + "\n"
    case .html: text = report.html(title: "\(scenario.settings.name): " + names.dropFirst().joined(separator: ", "))
    }
    if let out {
      try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    } else {
      print(text, terminator: "")
    }
  }
}
