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

      --facility-location writes a capacitated facility-location scenario instead (Cornuejols-style):
      --sites candidate sites with fixed costs and capacities, --customers customers with demand,
      one product, one period, a lane from every site to every customer; all capacities together
      are --capacity-ratio times the demand.
      """)

  @Option(
    help:
      "Supply sites: suppliers, mills and processing centres together (candidate sites with --facility-location)."
  )
  var sites = 20
  @Option(help: "Customer sites with demand.") var customers = 30
  @Option(help: "Finished products.") var products = 3
  @Option(help: "Periods (years from 2026).") var periods = 5
  @Option(help: "Lanes into each mill, centre and customer from its nearest upstream sites.")
  var lanesPerSite = 3
  @Option(help: "Random seed.") var seed: UInt64 = 1
  @Flag(help: "Write a capacitated facility-location scenario (candidate sites and customers only).")
  var facilityLocation = false
  @Option(help: "With --facility-location: total site capacity over total demand (above 1).")
  var capacityRatio = 2.5
  @Argument(help: "Where to write the scenario.") var out: String

  func validate() throws {
    if facilityLocation {
      guard sites >= 1, customers >= 1 else {
        throw ValidationError("--sites and --customers must be at least 1")
      }
      guard capacityRatio >= 1, capacityRatio <= 100 else {
        throw ValidationError(
          "--capacity-ratio must be from 1 to 100 (capacity over demand), not \(capacityRatio)")
      }
      let (lanes, overflow) = sites.multipliedReportingOverflow(by: customers)
      guard !overflow, lanes <= 10_000_000 else {
        throw ValidationError("--sites x --customers lanes must be at most 10,000,000")
      }
      return
    }
    guard sites >= 3 else {
      throw ValidationError("--sites must be at least 3 (a supplier, a mill, a centre)")
    }
    guard customers >= 1, products >= 1, periods >= 1, lanesPerSite >= 1 else {
      throw ValidationError("--customers, --products, --periods and --lanes-per-site must be at least 1")
    }
  }

  func run() throws {
    if facilityLocation {
      let scenario = FacilityLocation(
        sites: sites, customers: customers, capacityRatio: capacityRatio, seed: seed
      ).scenario()
      try ScenarioWriter().write(scenario, to: out)
      print("wrote \(out): \(sites) candidate sites, \(customers) customers, \(scenario.lanes.count) lanes")
      return
    }
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
