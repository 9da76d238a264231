import ArgumentParser
import FerriteIO
import FerriteModel
import FerritePlanner
import FerriteReports
import Foundation
import HiGHS
import LinearProgramming

/// The carbon options of `ferrite solve`: whose scopes, which allocation, low-carbon classes,
/// internal price, price comparison and PACT export.
struct CarbonFlags: ParsableArguments {
  @Option(help: "Report scopes 1-3 for this company besides the network (scenario option carbon_company).")
  var company: String?
  @Option(help: "How joint ventures count for --company: equity-share or operational-control.")
  var boundary: String?
  @Option(help: "How co-products share a footprint: mass or economic (scenario option allocation).")
  var allocation: String?
  @Option(
    name: .customLong("low-carbon"),
    help: ArgumentHelp(
      "A low-carbon class NAME:THRESHOLD:SHARE:PRODUCTS[:CUSTOMERS[:ROUTES]], lists joined by '+'.",
      discussion: "low-carbon-steel:1.0:0.3:galvanized-coil+blanks:hmgma requires 30 % of those deliveries "
        + "to be claimed from routes at most 1.0 t CO2e per t of their output."))
  var lowCarbon: [String] = []
  @Option(help: "Set the internal carbon price (per t CO2e) to this in every period.")
  var carbonPrice: Double?
  @Option(
    help: "After the plan, solve again at each of these internal carbon prices (e.g. 0,50,100) and compare.",
    transform: { text in
      try text.split(separator: ",").map { part in
        guard let value = Double(part.trimmingCharacters(in: .whitespaces)) else {
          throw ValidationError("--carbon-prices: '\(part)' is not a number (write e.g. 0,50,100)")
        }
        return value
      }
    })
  var carbonPrices: [Double] = []
  @Option(help: "Write PACT ProductFootprints (v2 and v3 JSON) and carbon CSVs into this folder.")
  var pact: String?

  func check() throws {
    if let boundary { let _: CarbonBoundary = try parse(boundary, flag: "--boundary") }
    if let allocation { let _: FootprintAllocation = try parse(allocation, flag: "--allocation") }
    for text in lowCarbon { _ = try Self.lowCarbonClass(text) }
    // The same range as carbon_prices.csv's price column.
    let limit = ScenarioSchema.carbonPrices.columns.first { $0.name == "price" }?.maximum ?? 1e7
    for price in [carbonPrice].compactMap({ $0 }) + carbonPrices where !(0...limit).contains(price) {
      throw ValidationError("carbon prices must be from 0 to \(ColumnSchema.format(limit)) per t CO2e, not \(price).")
    }
  }

  /// The planner's carbon options: the scenario's `options:`, with the flags given overriding them.
  func options(for scenario: Scenario) throws -> CarbonOptions {
    var options = CarbonOptions(scenario.settings.options)
    if let company { options.company = Company.ID(company) }
    if let boundary { options.boundary = try parse(boundary, flag: "--boundary") }
    if let allocation { options.allocation = try parse(allocation, flag: "--allocation") }
    options.lowCarbonClasses = try lowCarbon.map(Self.lowCarbonClass)
    return options
  }

  private func parse<T: CaseIterable & RawRepresentable>(_ text: String, flag: String) throws -> T
  where T.RawValue == String {
    guard let value = T(rawValue: text) else {
      throw ValidationError("\(flag) must be " + T.allCases.map(\.rawValue).joined(separator: " or ") + ", not '\(text)'.")
    }
    return value
  }

  static func lowCarbonClass(_ text: String) throws -> LowCarbonClass {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    func list(_ position: Int) -> [String] {
      position < parts.count ? parts[position].split(separator: "+").map(String.init) : []
    }
    guard parts.count >= 4, !parts[0].isEmpty, let threshold = Double(parts[1]), let share = Double(parts[2]),
      (0...1).contains(share), !list(3).isEmpty
    else {
      throw ValidationError(
        "--low-carbon '\(text)': write NAME:THRESHOLD:SHARE:PRODUCTS[:CUSTOMERS[:ROUTES]] with a share in 0...1, "
          + "e.g. low-carbon-steel:1.0:0.3:galvanized-coil+blanks:hmgma")
    }
    return LowCarbonClass(
      name: parts[0], threshold: threshold, products: list(3).map { Product.ID($0) },
      customers: list(4).map { Site.ID($0) }, minimumShare: share, routes: list(5))
  }

  /// The prices to compare: `--carbon-prices`, else `scenario.yaml: options.carbon_price_comparison`.
  func comparedPrices(_ scenario: Scenario) -> [Double] {
    carbonPrices.isEmpty ? scenario.settings.options.carbonPriceComparison : carbonPrices
  }

  /// One solve per compared price.
  func priceComparison(_ scenario: Scenario, prices: [Double], options: PlannerOptions, width: Int) throws -> String {
    try CarbonPriceComparison(
      scenario, prices: prices, planner: Planner(solver: HiGHSSolver()), options: options
    ).text(width: width)
  }

  /// PACT v2 and v3 documents per delivery into `folder` (the carbon CSVs are among the plan's
  /// tables), declared by the company the plan's carbon options name.
  func writeExchangeFiles(_ plan: Plan, scenario: Scenario, company: Company.ID?, to folder: String) throws {
    do {
      let problems = try ProductFootprintFolder.write(
        plan, scenario: scenario, company: company, to: URL(fileURLWithPath: folder, isDirectory: true))
      for problem in problems { FileHandle.standardError.write(Data("\(folder)/\(problem)\n".utf8)) }
    } catch {
      FileHandle.standardError.write(
        Data("\(folder): cannot write the footprints: \(error.localizedDescription) (check that it is writable)\n".utf8))
      throw ExitCode(1)
    }
  }
}
