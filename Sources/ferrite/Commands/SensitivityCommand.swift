import ArgumentParser
import FerriteScenarios
import Foundation
import HiGHS

/// `ferrite sensitivity SCENARIO`: how far prices, costs, capacities and demand can move before
/// the plan changes.
struct SensitivityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sensitivity",
    abstract: "Show how far each cost and capacity can move before the optimal plan changes (LP ranging).",
    discussion: """
      Costs: the range of each price or cost (of what the plan uses) within which the plan stays
      optimal. Capacities and demand: the range within which the shadow price holds. For a MILP,
      the capacity and site decisions are fixed at their optimum first.

      Warnings about the scenario are printed to stderr.

      Exit codes: 0 success, 2 the scenario is invalid, 1 usage error (bad arguments) or any \
      other failure (such as a scenario without an optimal plan).
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

  @Argument(help: "A scenario folder or a single .yaml/.json file.") var scenario: String
  @Option(help: "Rows to show of each kind, narrowest range first.") var limit: Int = 20
  @Option(help: "Output format.") var format: Format = .table

  func run() throws {
    let loaded = try Variants.base(scenario)
    let sensitivity = try Sensitivity(loaded, solver: HiGHSSolver())
    switch format {
    case .table: print(sensitivity.text(limit: limit), terminator: "")
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      print(String(decoding: try encoder.encode(sensitivity), as: UTF8.self))
    }
  }
}
