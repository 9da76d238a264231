import FerriteModel
import FerritePlanner
import FerriteReports
import HiGHS
import Testing

/// One mill ships 50 t of slab to one customer at 80 per t made plus 10 per t shipped and 160 per
/// t of ore bought (1.6 t at 100): the plan costs 50 * (80 + 10 + 160) = 12,500.
@Suite("A plan as one workbook")
struct PlanWorkbookTests {
  @Test("key figures first, then every plan table, numbers as numbers")
  func sheets() throws {
    let scenario = Scenario(
      settings: ScenarioSettings(name: "workbook", periods: [2030]),
      products: [Product(id: "ore", name: "Iron ore", family: .rawMaterial), Product(id: "slab", name: "Slab", family: .steel)],
      sites: [
        Site(id: "mill", name: "Mill", country: "KR", kind: .steelMill),
        Site(id: "oem", name: "Plant", country: "US", kind: .vehiclePlant),
      ],
      processes: [
        FerriteModel.Process(
          id: "mill/bof", site: "mill", route: "bf-bof", capacity: 100, variableCost: 80,
          inputs: [.init(product: "ore", quantity: 1.6)], outputs: [.init(product: "slab", quantity: 1)])
      ],
      lanes: [Lane(id: "mill:oem", from: "mill", to: "oem", mode: .rail, costPerUnit: 10)],
      demand: [Demand(site: "oem", product: "slab", period: 2030, quantity: 50)],
      purchases: [Purchase(id: "ore", site: "mill", product: "ore", price: 100)])
    let plan = try Planner(solver: HiGHSSolver()).solve(scenario)
    #expect(abs((plan.objective ?? 0) - 12_500) < 1e-6)
    let book = PlanWorkbook.workbook(plan)
    #expect(book.sheets.map(\.name) == ["key figures"] + PlanTables(plan).tables.map(\.name))
    let figures = try #require(book.sheet("key figures"))
    let total = figures.rows.first { $0.cells[0] == .text("total cost") }
    #expect(total?.cells[1] == .text("USD"))
    #expect(total?.cells[2] == .number(12_500))
    let flows = try #require(book.sheet("flows"))
    #expect(flows.rows.dropFirst().contains { $0.cells.values.contains(.number(50)) })
    let data = try PlanWorkbook.data(plan)
    #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
  }
}
