import FerriteIO
import FerriteModel
import FerritePlanner

/// How one sweep parameter reaches one row of the base model without rebuilding it.
struct ParameterEdit: Sendable {
  enum Target: Sendable {
    /// A cost parameter whose value is `offset + cell` (a lane's unit cost adds its per-km part).
    case cost(CostParameter, offset: Double)
    case demandQuantity(Int)
    case processCapacity(Int)
  }

  var target: Target
  /// The base's cell value, which a scaling parameter multiplies.
  var baseValue: Double
  var scales: Bool

  func apply(_ value: Double, values: inout [CostParameter: Double], quantities: inout [Int: Double], capacities: inout [Int: Double]) {
    let cell = scales ? baseValue * value : value
    switch target {
    case .cost(let parameter, let offset): values[parameter] = offset + cell
    case .demandQuantity(let demand): quantities[demand] = cell
    case .processCapacity(let process): capacities[process] = cell
    }
  }

  /// The edits of `parameter`, or nil when it changes something only a rebuilt model can show
  /// (another column, or a number the model's structure depends on).
  static func edits(for parameter: SweepParameter, tables: ScenarioTables, formulation: Formulation) -> [ParameterEdit]? {
    let scenario = formulation.scenario
    let rows = tables.rows(of: parameter.table)
    let change = VariantChange(table: parameter.table, filter: parameter.filter, action: .remove)
    let selected = change.selectedRows(in: rows)
    guard !selected.isEmpty else { return nil }
    let counts: [Table: Int] = [
      .purchases: scenario.purchases.count, .processes: scenario.processes.count, .sites: scenario.sites.count,
      .capacityOptions: scenario.capacityOptions.count, .demand: scenario.demand.count, .lanes: scenario.lanes.count,
    ]
    // Rows must line up one to one with the scenario's arrays for positions to mean the same thing.
    guard counts[parameter.table] == rows.count else { return nil }
    var edits: [ParameterEdit] = []
    for row in selected {
      let cell = Double(rows[row][parameter.column] ?? "") ?? 0
      let target: Target
      switch (parameter.table, parameter.column) {
      case (.purchases, "price"): target = .cost(.purchasePrice(offer: row), offset: 0)
      case (.processes, "variable_cost"): target = .cost(.variableCost(process: row), offset: 0)
      case (.sites, "fixed_cost"):
        guard scenario.sites[row].fixedCost != 0 else { return nil }
        target = .cost(.siteFixedCost(site: row), offset: 0)
      case (.capacityOptions, "fixed_cost"):
        guard scenario.capacityOptions[row].fixedCost != 0 else { return nil }
        target = .cost(.moduleFixedCost(option: row), offset: 0)
      case (.lanes, "cost_per_unit"):
        let lane = scenario.lanes[row]
        target = .cost(.laneCost(lane: row), offset: lane.unitCost - lane.costPerUnit)
      case (.demand, "penalty"):
        guard scenario.demand[row].penalty != nil else { return nil }
        target = .cost(.penalty(demand: row), offset: 0)
      case (.demand, "price"):
        guard scenario.demand[row].price != nil, formulation.maximizesProfit else { return nil }
        target = .cost(.price(demand: row), offset: 0)
      case (.demand, "quantity"): target = .demandQuantity(row)
      case (.processes, "capacity"):
        // Big-M bounds of sites that may close use the capacity: those need a rebuilt model.
        let site = scenario.site(scenario.processes[row].site)
        guard scenario.processes[row].capacity > 0, site?.status == .existing else { return nil }
        target = .processCapacity(row)
      default: return nil
      }
      edits.append(ParameterEdit(target: target, baseValue: cell, scales: parameter.scales))
    }
    return edits
  }
}
