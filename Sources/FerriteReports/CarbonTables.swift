import FerritePlanner
import Foundation

/// The carbon results as CSV tables: transport emissions per lane (ISO 14083 style), delivered
/// footprints, emissions and caps.
public struct CarbonTables: Sendable {
  public var carbon: CarbonResults

  public init(_ carbon: CarbonResults) { self.carbon = carbon }

  /// Each table's file name (without `.csv`) and text.
  public var tables: [(name: String, csv: String)] {
    [("transport-emissions", transport), ("footprints", footprints), ("emissions", emissions), ("carbon-caps", caps)]
  }

  /// Tonne-km, intensity (g CO2e/t-km, well to wheel) and t CO2e per lane and period.
  public var transport: String {
    csv(
      ["lane", "from", "to", "mode", "period", "tonnes", "distance_km", "tonne_km", "intensity_g_per_tkm", "emissions_t"],
      carbon.transport.map {
        [$0.lane, $0.from, $0.to, $0.mode, "\($0.period)", number($0.tonnes), number($0.distance), number($0.tonneKm),
         number($0.intensity), number($0.emissions)]
      })
  }

  /// Footprint per unit of every delivery with its breakdown by stage (columns) and route (a list).
  public var footprints: String {
    let stages = ["raw material", "production", "processing", "transport"]
    return csv(
      ["customer", "product", "period", "unit", "quantity", "footprint_t_per_unit"] + stages.map { "stage_\($0.replacingOccurrences(of: " ", with: "_"))" }
        + ["by_route"],
      carbon.deliveries.map { delivery in
        [delivery.site, delivery.product, "\(delivery.period)", delivery.unit, number(delivery.quantity), number(delivery.perUnit)]
          + stages.map { number(delivery.byStage[$0] ?? 0) }
          + [delivery.byRoute.keys.sorted().map { "\($0)=\(number(delivery.byRoute[$0] ?? 0))" }.joined(separator: "; ")]
      })
  }

  public var emissions: String {
    csv(
      ["period", "site", "scope", "kind", "stage", "route", "product", "emissions_t"],
      carbon.emissions.map {
        ["\($0.period)", $0.site, "\($0.scope)", $0.kind.rawValue, $0.stage, $0.route, $0.product ?? "", number($0.emissions)]
      })
  }

  public var caps: String {
    csv(
      ["cap", "scope", "subject", "period", "limit_t", "emissions_t", "binding", "marginal_abatement_cost"],
      carbon.caps.map {
        [$0.cap, $0.scope, $0.subject ?? "", $0.period.map(String.init) ?? "", number($0.limit), number($0.emissions),
         $0.isBinding ? "yes" : "no", $0.marginalAbatementCost.map(number) ?? ""]
      })
  }

  private func number(_ value: Double) -> String {
    let text = String(format: "%.6f", value)
    var trimmed = text
    while trimmed.hasSuffix("0") { trimmed.removeLast() }
    if trimmed.hasSuffix(".") { trimmed.removeLast() }
    return trimmed == "-0" ? "0" : trimmed
  }

  private func csv(_ header: [String], _ rows: [[String]]) -> String {
    func field(_ text: String) -> String {
      text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
  }
}
