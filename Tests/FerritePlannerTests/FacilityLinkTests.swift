import FerriteIO
import FerriteModel
@testable import FerritePlanner
import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("Facility links")
struct FacilityLinkTests {
  /// Two candidate sites, three customers: the LP bounds with and without links, by hand.
  ///
  /// The sites buy goods at no cost and serve three customers (10, 20 and 30 units, hard; 60 in
  /// all):
  ///
  ///     site  fixed  capacity  ->c1  ->c2  ->c3
  ///     A       100       100     1     1     1
  ///     B        80       100     2     2     2
  ///
  /// MILP: A alone costs 100 + 60 x 1 = 160; B alone 80 + 60 x 2 = 200; both at least
  /// 180 + 60 = 240. The optimum is 160, A open.
  ///
  /// LP relaxation, aggregate (throughput rows only, `b_A <= 100 z_A`): opening is paid by the
  /// unit, 1 + 100/100 = 2 through A against 2 + 80/100 = 2.8 through B, so everything goes
  /// through A with z_A = 0.6: bound 60 + 60 = 120.
  ///
  /// With the links `f[A,cj] <= d_j z_A`, `f[B,cj] <= d_j z_B`: let customer j take a share a_j from
  /// A; then z_A >= max a_j and z_B >= max (1 - a_j). With m = max a_j, setting every a_j = m only
  /// lowers transport and leaves both maxima, so the cost is
  /// 100 m + 80 (1 - m) + 60 (m x 1 + (1 - m) x 2) = 200 - 40 m, least at m = 1: bound 160, the
  /// MILP optimum itself.
  static let scenario = Scenario(
    settings: ScenarioSettings(name: "two sites, three customers", periods: [2026]),
    products: [Build.product("goods")],
    sites: [
      Build.site("A", status: .candidate, fixedCost: 100, capacity: 100),
      Build.site("B", status: .candidate, fixedCost: 80, capacity: 100),
      Build.site("c1"), Build.site("c2"), Build.site("c3"),
    ],
    lanes: [
      Build.lane("A", "c1", cost: 1), Build.lane("A", "c2", cost: 1), Build.lane("A", "c3", cost: 1),
      Build.lane("B", "c1", cost: 2), Build.lane("B", "c2", cost: 2), Build.lane("B", "c3", cost: 2),
    ],
    demand: [
      Build.demand("c1", "goods", 2026, 10), Build.demand("c2", "goods", 2026, 20),
      Build.demand("c3", "goods", 2026, 30),
    ],
    purchases: [
      Build.purchase("A/goods", at: "A", "goods", price: 0),
      Build.purchase("B/goods", at: "B", "goods", price: 0),
    ])

  static func options(_ links: FacilityLinks) -> PlannerOptions {
    var options = PlannerOptions()
    options.facilityLinks = links
    return options
  }

  /// The optimum of the model's LP relaxation (every integer column made continuous).
  static func relaxationBound(_ scenario: Scenario, _ links: FacilityLinks) throws -> Double? {
    var program = try Formulation(scenario, options: options(links)).program()
    program.columnKinds = Array(repeating: .continuous, count: program.columnCount)
    return try HiGHSSolver().solve(program, options: SolveOptions()).objective
  }

  @Test("the links raise the LP bound from 120 to 160; the MILP optimum stays 160")
  func bounds() throws {
    #expect(close(try Self.relaxationBound(Self.scenario, .aggregate), 120))
    #expect(close(try Self.relaxationBound(Self.scenario, .disaggregated), 160))
    for links in FacilityLinks.allCases {
      let plan = try solve(Self.scenario, options: Self.options(links))
      #expect(plan.termination == .optimal)
      #expect(close(plan.objective, 160))
      #expect(plan.sites.filter(\.isOpen).map(\.site) == ["A"])
      #expect(violations(of: plan, in: Self.scenario) == [])
    }
  }

  @Test("aggregate builds the model without links: same rows but the six links")
  func aggregateIsTheOldModel() throws {
    let tight = try Formulation(Self.scenario, options: Self.options(.disaggregated))
    let loose = try Formulation(Self.scenario, options: Self.options(.aggregate))
    let links = tight.rowMeanings.filter { if case .facilityLink = $0 { true } else { false } }
    #expect(links.count == 6)
    #expect(loose.rowMeanings == tight.rowMeanings.filter { !links.contains($0) })
    #expect(loose.program().rowCount == tight.program().rowCount - 6)
    #expect(loose.program().columnCount == tight.program().columnCount)
    // Every link bounds a flow by its customer's demand times the site's open decision.
    let names = tight.rowMeanings.filter { links.contains($0) }.map { tight.name(of: $0) }
    #expect(names.first == "link[A,A-c1,goods,2026]")
    // The scenario's option is the default; the planner's option overrides it.
    var scenario = Self.scenario
    scenario.settings.options.facilityLinks = .aggregate
    #expect(try Formulation(scenario).rowMeanings == loose.rowMeanings)
    #expect(try Formulation(scenario, options: Self.options(.disaggregated)).rowMeanings == tight.rowMeanings)
  }

  /// A link's bound: lane capacity, receiving capacity, what the receiving node can take in.
  ///
  /// M is the least of the lane's capacity, the receiving site's capacity and what the receiving
  /// node can take in (its demand, here); a node that passes the product on takes in without limit,
  /// so a lane into it gets a link only from its own capacity. With a lane c1 -> c2, c1 passes goods
  /// on: A-c1 (no capacity) has no link, B-c1 (capacity 4) has M = 4; the others have their
  /// customer's demand, whatever the site's own capacity (A's 25 is below c3's 30: the link is kept,
  /// as every finite one is, so the model's shape never depends on values a sweep may change).
  @Test("a link's bound is the least of lane capacity, receiving capacity and what the end can take in")
  func linkBounds() throws {
    var scenario = Self.scenario
    scenario.sites[0].capacity = 25
    scenario.lanes[3].capacity = 4
    scenario.lanes.append(Build.lane("c1", "c2", cost: 0))
    let formulation = try Formulation(scenario, options: Self.options(.disaggregated))
    let program = formulation.program()
    var bounds: [String: Double] = [:]
    for (row, meaning) in formulation.rowMeanings.enumerated() {
      guard case .facilityLink(let site, let flow) = meaning else { continue }
      let open = try #require(formulation.column(for: .open(site: site, period: 0)))
      let range = Int(program.matrix.columnStarts[open])..<Int(program.matrix.columnStarts[open + 1])
      let entry = try #require(range.first { Int(program.matrix.rowIndices[$0]) == row })
      bounds[scenario.lanes[flow.lane].id.rawValue] = -program.matrix.values[entry]
    }
    #expect(bounds == ["A-c2": 20, "A-c3": 30, "B-c1": 4, "B-c2": 20, "B-c3": 30])
    // The plan is the one without links.
    let tight = try solve(scenario, options: Self.options(.disaggregated))
    let loose = try solve(scenario, options: Self.options(.aggregate))
    #expect(close(tight.objective, try #require(loose.objective)))
    #expect(violations(of: tight, in: scenario) == [])
  }

  /// A sweep writes demand and capacities into the built model; the links' bounds move with them
  /// exactly as a rebuild would set them.
  @Test("changed demand and capacities give the links a rebuild gives")
  func linksFollowChangedNumbers() throws {
    var scenario = Self.scenario
    scenario.lanes[3].capacity = 4
    let built = try Formulation(scenario, options: Self.options(.disaggregated))
    scenario.demand[1].quantity = 26
    scenario.lanes[3].capacity = 7
    let rebuilt = try Formulation(scenario, options: Self.options(.disaggregated))
    // Same rows and columns; only the links' coefficients differ in the matrix.
    #expect(built.rowMeanings == rebuilt.rowMeanings)
    #expect(built.program().matrix != rebuilt.program().matrix)
    #expect(built.program().applying(rebuilt.facilityLinkChanges()).matrix == rebuilt.program().matrix)
  }

  @Test("generated facility location: both forms reach the same optimum")
  func generated() throws {
    let scenario = FacilityLocation(sites: 6, customers: 25, capacityRatio: 2, seed: 3).scenario()
    #expect(scenario == FacilityLocation(sites: 6, customers: 25, capacityRatio: 2, seed: 3).scenario())
    #expect(scenario.lanes.count == 150)
    let demand = scenario.demand.reduce(0) { $0 + $1.quantity }
    let capacity = scenario.sites.compactMap(\.capacity).reduce(0, +)
    #expect(capacity >= 2 * demand && capacity <= 2 * demand + 6)
    let tight = try solve(scenario, options: Self.options(.disaggregated))
    let loose = try solve(scenario, options: Self.options(.aggregate))
    #expect(tight.termination == .optimal && loose.termination == .optimal)
    #expect(close(tight.objective, try #require(loose.objective)))
    #expect(violations(of: tight, in: scenario) == [])
    #expect(
      try Self.relaxationBound(scenario, .disaggregated) ?? 0
        > (try Self.relaxationBound(scenario, .aggregate) ?? 0))
  }

  @Test("options: facility_links is written, read back, and a bad value is an error with a fix")
  func scenarioOption() throws {
    var scenario = FacilityLocation(sites: 2, customers: 3, capacityRatio: 2, seed: 1).scenario()
    scenario.settings.options.facilityLinks = .aggregate
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-links-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try ScenarioWriter().write(scenario, to: folder.path)
    #expect(try ScenarioReader().read(folder.path).settings.options.facilityLinks == .aggregate)

    let yaml = folder.appendingPathComponent("scenario.yaml")
    let text = try String(contentsOf: yaml, encoding: .utf8)
    try text.replacingOccurrences(of: "facility_links: aggregate", with: "facility_links: agregate")
      .write(to: yaml, atomically: true, encoding: .utf8)
    let loaded = ScenarioReader().load(folder.path)
    let errors = loaded.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1)
    #expect(errors.first?.message.contains("agregate") == true, "\(errors)")
    #expect(errors.first?.fix?.contains("aggregate") == true, "\(errors)")
  }
}
