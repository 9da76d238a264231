import ArgumentParser
import FerriteIO
import FerriteModel
import Foundation

/// `ferrite generate ... OUT`: a synthetic scenario of any size, the same for the same seed.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a valid synthetic scenario of any size (suppliers, mills, centres, customers).",
    discussion: """
      The network has four echelons: suppliers sell raw materials, mills make intermediates (and may
      be expanded in modules), processing centres finish products, customers demand them. The same
      options and seed always give the same files. OUT ending in .yaml/.yml/.json writes one file,
      anything else a scenario folder.
      """)

  @Option(help: "Supply sites: suppliers, mills and processing centres together.") var sites = 20
  @Option(help: "Customer sites with demand.") var customers = 30
  @Option(help: "Finished products.") var products = 3
  @Option(help: "Periods (years from 2026).") var periods = 5
  @Option(help: "Lanes into each mill, centre and customer from its nearest upstream sites.")
  var lanesPerSite = 3
  @Option(help: "Random seed.") var seed: UInt64 = 1
  @Argument(help: "Where to write the scenario.") var out: String

  func validate() throws {
    guard sites >= 3 else { throw ValidationError("--sites must be at least 3 (a supplier, a mill, a centre)") }
    guard customers >= 1, products >= 1, periods >= 1, lanesPerSite >= 1 else {
      throw ValidationError("--customers, --products, --periods and --lanes-per-site must be at least 1")
    }
  }

  func run() throws {
    let size = SyntheticNetworkSize(
      sites: sites, customers: customers, products: products, periods: periods,
      lanesPerSite: lanesPerSite)
    let scenario = SyntheticNetwork(size: size, seed: seed).scenario()
    try ScenarioWriter().write(scenario, to: out)
    print(
      "wrote \(out): \(scenario.sites.count) sites, \(scenario.processes.count) processes, "
        + "\(scenario.lanes.count) lanes, \(scenario.demand.count) demand rows")
  }
}
