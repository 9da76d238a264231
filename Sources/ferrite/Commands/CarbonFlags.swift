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
    if let boundary, CarbonOptions.Boundary(rawValue: boundary) == nil {
      throw ValidationError("--boundary must be equity-share or operational-control, not '\(boundary)'.")
    }
    if let allocation, CarbonOptions.Allocation(rawValue: allocation) == nil {
      throw ValidationError("--allocation must be mass or economic, not '\(allocation)'.")
    }
    for text in lowCarbon { _ = try Self.lowCarbonClass(text) }
  }

  /// The planner's carbon options from the flags, falling back on the scenario's options.
  func options(for scenario: Scenario) throws -> CarbonOptions {
    let settings = scenario.settings.options
    var options = CarbonOptions()
    options.company = (company ?? settings["carbon_company"]).map { Company.ID($0) }
    let boundaryText = boundary ?? settings["carbon_boundary"] ?? CarbonOptions.Boundary.equityShare.rawValue
    guard let parsedBoundary = CarbonOptions.Boundary(rawValue: boundaryText) else {
      throw ValidationError("scenario.yaml: options.carbon_boundary must be equity-share or operational-control")
    }
    options.boundary = parsedBoundary
    let allocationText = allocation ?? settings["allocation"] ?? CarbonOptions.Allocation.mass.rawValue
    guard let parsedAllocation = CarbonOptions.Allocation(rawValue: allocationText) else {
      throw ValidationError("scenario.yaml: options.allocation must be mass or economic")
    }
    options.allocation = parsedAllocation
    options.lowCarbonClasses = try lowCarbon.map(Self.lowCarbonClass)
    return options
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
  func comparedPrices(_ scenario: Scenario) throws -> [Double] {
    if !carbonPrices.isEmpty { return carbonPrices }
    guard let text = scenario.settings.options["carbon_price_comparison"] else { return [] }
    return try text.split(separator: ",").map { part in
      guard let value = Double(part.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError(
          "scenario.yaml: options.carbon_price_comparison: '\(part)' is not a number (write e.g. 0,50,100)")
      }
      return value
    }
  }

  /// One solve per compared price.
  func priceComparison(_ scenario: Scenario, prices: [Double], options: PlannerOptions, width: Int) throws -> String {
    try CarbonPriceComparison(
      scenario, prices: prices, planner: Planner(solver: HiGHSSolver()), options: options
    ).text(width: width)
  }

  /// PACT v2 and v3 documents per delivery into `folder` (the carbon CSVs are among the plan's tables).
  func writeExchangeFiles(_ plan: Plan, scenario: Scenario, to folder: String) throws {
    guard plan.carbon != nil else { return }
    let root = URL(fileURLWithPath: folder, isDirectory: true)
    do {
      for version in PACTVersion.allCases {
        let directory = root.appendingPathComponent(version == .v2 ? "pact-v2" : "pact-v3", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let export = ProductFootprintExport(
          scenario: scenario, plan: plan, version: version, company: company.map { Company.ID($0) })
        for document in export.documents() {
          let problems = PACTConformance.problems(in: document.jsonObject(), version: version)
          if !problems.isEmpty {
            FileHandle.standardError.write(Data("\(document.productId): \(problems.joined(separator: "; "))\n".utf8))
          }
          let name = "\(document.referenceYear)_\(document.productId.split(separator: ":").last ?? "")_\(document.id).json"
          try document.json().write(to: directory.appendingPathComponent(name), options: .atomic)
        }
      }
    } catch {
      FileHandle.standardError.write(
        Data("\(folder): cannot write the footprints: \(error.localizedDescription) (check that it is writable)\n".utf8))
      throw ExitCode(1)
    }
  }
}
