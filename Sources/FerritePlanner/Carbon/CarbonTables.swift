import Foundation

/// The carbon results as tables: transport emissions per lane (ISO 14083 style), delivered
/// footprints, emissions by site and scope, and carbon caps.
enum CarbonTables {
  static func tables(_ carbon: CarbonResults) -> [PlanTables.Table] {
    [transport(carbon), footprints(carbon), emissions(carbon), caps(carbon)]
  }

  /// Tonne-km, intensity (g CO2e/t-km, well to wheel) and t CO2e per lane and period.
  static func transport(_ carbon: CarbonResults) -> PlanTables.Table {
    PlanTables.Table(
      name: "transport-emissions",
      header: [
        "lane", "from", "to", "mode", "period", "tonnes", "distance_km", "tonne_km", "intensity_g_per_tkm",
        "emissions_t",
      ],
      rows: carbon.transport.map {
        [
          $0.lane, $0.from, $0.to, $0.mode, String($0.period), number($0.tonnes), number($0.distance),
          number($0.tonneKm), number($0.intensity), number($0.emissions),
        ]
      })
  }

  /// The stages a delivered footprint is broken into, one column each.
  static let stages = ["raw material", "production", "processing", "transport"]

  /// Footprint per unit of every delivery with its breakdown by stage (columns) and route (a list).
  static func footprints(_ carbon: CarbonResults) -> PlanTables.Table {
    PlanTables.Table(
      name: "footprints",
      header: ["customer", "product", "period", "unit", "quantity", "footprint_t_per_unit"]
        + stages.map { "stage_" + $0.replacingOccurrences(of: " ", with: "_") } + ["by_route"],
      rows: carbon.deliveries.map { delivery in
        [
          delivery.site, delivery.product, String(delivery.period), delivery.unit, number(delivery.quantity),
          number(delivery.perUnit),
        ]
          + stages.map { number(delivery.byStage[$0] ?? 0) }
          + [delivery.byRoute.keys.sorted().map { "\($0)=\(number(delivery.byRoute[$0] ?? 0))" }.joined(separator: "; ")]
      })
  }

  static func emissions(_ carbon: CarbonResults) -> PlanTables.Table {
    PlanTables.Table(
      name: "emissions",
      header: ["period", "site", "scope", "kind", "stage", "route", "product", "emissions_t"],
      rows: carbon.emissions.map {
        [
          String($0.period), $0.site, String($0.scope), $0.kind.rawValue, $0.stage, $0.route, $0.product ?? "",
          number($0.emissions),
        ]
      })
  }

  static func caps(_ carbon: CarbonResults) -> PlanTables.Table {
    PlanTables.Table(
      name: "carbon-caps",
      header: ["cap", "scope", "subject", "period", "limit_t", "emissions_t", "binding", "marginal_abatement_cost"],
      rows: carbon.caps.map {
        [
          $0.cap, $0.scope, $0.subject ?? "", $0.period.map(String.init) ?? "", number($0.limit),
          number($0.emissions), $0.isBinding ? "yes" : "no", $0.marginalAbatementCost.map(number) ?? "",
        ]
      })
  }

  /// Six decimals at most, trailing zeros dropped: footprints are small numbers read by people.
  static func number(_ value: Double) -> String {
    var text = String(format: "%.6f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}
