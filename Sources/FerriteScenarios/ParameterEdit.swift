import FerriteIO
import FerriteModel
import FerritePlanner

/// The scenario numbers one sweep parameter sets: the cells its filter selects, each with the
/// base's value (which a scaling parameter multiplies).
///
/// Only the cells are found here; what a number does to the model is the formulation's rule
/// (`Formulation.changes(setting:)`), the same one building the model follows.
struct ParameterEdit: Sendable {
  var number: ScenarioNumber
  /// The base's cell value, which a scaling parameter multiplies.
  var baseValue: Double
  var scales: Bool

  /// Why a parameter's cells cannot be found in the model's scenario.
  struct NotInPlace: Error {
    var reason: String
  }

  /// The number's value for the parameter's run value `value`.
  func cell(_ value: Double) -> Double { scales ? baseValue * value : value }

  /// The numbers `parameter` sets in `formulation`'s scenario, or why the model must be rebuilt
  /// for it (the rows of its table do not line up with the scenario's, or its filter matches none).
  static func edits(for parameter: SweepParameter, tables: ScenarioTables, formulation: Formulation)
    -> Result<[ParameterEdit], NotInPlace>
  {
    let scenario = formulation.scenario
    let rows = tables.rows(of: parameter.table)
    let change = VariantChange(table: parameter.table, filter: parameter.filter, action: .remove)
    let selected = change.selectedRows(in: rows)
    guard !selected.isEmpty else { return .failure(NotInPlace(reason: "\(parameter.name): the filter matches no row")) }
    let counts: [Table: Int] = [
      .purchases: scenario.purchases.count, .processes: scenario.processes.count, .sites: scenario.sites.count,
      .capacityOptions: scenario.capacityOptions.count, .demand: scenario.demand.count, .lanes: scenario.lanes.count,
      .tariffRules: scenario.policy.tariffRules.count, .tariffQuotas: scenario.policy.tariffQuotas.count,
      .originRules: scenario.policy.originRules.count, .carbonPrices: scenario.policy.carbonPrices.count,
      .carbonCaps: scenario.policy.carbonCaps.count,
    ]
    // Rows must line up one to one with the scenario's arrays for positions to mean the same thing.
    guard counts[parameter.table] == rows.count else {
      return .failure(
        NotInPlace(reason: "\(parameter.name): the rows of \(parameter.table.rawValue) are not the model's rows one to one"))
    }
    return .success(
      selected.map { row in
        ParameterEdit(
          number: ScenarioNumber(table: parameter.table.rawValue, row: row, column: parameter.column),
          baseValue: Double(rows[row][parameter.column] ?? "") ?? 0, scales: parameter.scales)
      })
  }
}
