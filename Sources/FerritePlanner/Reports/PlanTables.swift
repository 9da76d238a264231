import Foundation

/// The plan as named tables (one CSV file each in `ferrite solve --out`).
public struct PlanTables: Sendable {
  /// A table: its file name, header and rows of text cells.
  public struct Table: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[String]]

    public init(name: String, header: [String], rows: [[String]]) {
      self.name = name
      self.header = header
      self.rows = rows
    }

    /// The table as CSV text (RFC 4180 quoting), header first, safe to open in a spreadsheet.
    public var csv: String {
      ([header] + rows).map { $0.map(Self.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A cell quoted where RFC 4180 needs it, with formulas defused.
    ///
    /// Names come from uploaded scenarios: a site called `=HYPERLINK(...)` would run as a formula in
    /// the planner's spreadsheet (CSV injection), so text starting with `=`, `+`, `-`, `@`, a tab or
    /// a carriage return gets a leading apostrophe, as OWASP advises. Numbers, negative ones
    /// included, are left alone.
    static func quote(_ cell: String) -> String {
      var cell = cell
      if let first = cell.first, "=+-@\t\r".contains(first), Double(cell) == nil { cell = "'" + cell }
      guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
      return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
  }

  public var tables: [Table]

  public init(_ plan: Plan) {
    let number = Self.number
    func year(_ value: Int?) -> String { value.map(String.init) ?? "" }
    tables = [
      Table(
        name: "components", header: ["component", "kind", "discounted"],
        rows: plan.components.map {
          [$0.component.rawValue, $0.isRevenue ? "revenue" : "cost", number($0.discounted)]
        }),
      Table(
        name: "costs", header: ["component", "period", "site", "product", "amount", "discounted"],
        rows: plan.costs.map {
          [
            $0.component.rawValue, year($0.period), $0.site, $0.product ?? "", number($0.amount),
            number($0.discounted),
          ]
        }),
      Table(
        name: "production", header: ["process", "site", "period", "activity", "capacity", "utilization"],
        rows: plan.production.map {
          [
            $0.process, $0.site, year($0.period), number($0.activity), number($0.capacity),
            number($0.utilization),
          ]
        }),
      Table(
        name: "flows", header: ["lane", "from", "to", "product", "period", "quantity", "unit_cost"],
        rows: plan.flows.map {
          [$0.lane, $0.from, $0.to, $0.product, year($0.period), number($0.quantity), number($0.unitCost)]
        }),
      Table(
        name: "purchases", header: ["offer", "site", "product", "period", "quantity", "price"],
        rows: plan.purchases.map {
          [$0.offer, $0.site, $0.product, year($0.period), number($0.quantity), number($0.price)]
        }),
      Table(
        name: "disposals", header: ["site", "product", "period", "quantity"],
        rows: plan.disposals.map { [$0.site, $0.product, year($0.period), number($0.quantity)] }),
      Table(
        name: "builds", header: ["option", "site", "process", "period", "modules", "added_capacity"],
        rows: plan.builds.map {
          [$0.option, $0.site, $0.process, year($0.period), String($0.modules), number($0.addedCapacity)]
        }),
      Table(
        name: "sites", header: ["site", "status", "period", "open"],
        rows: plan.sites.map { [$0.site, $0.status, year($0.period), $0.isOpen ? "yes" : "no"] }),
      Table(
        name: "demand", header: ["site", "product", "period", "quantity", "served", "unmet", "hard"],
        rows: plan.demand.map {
          [
            $0.site, $0.product, year($0.period), number($0.quantity), number($0.served), number($0.unmet),
            $0.isHard ? "yes" : "no",
          ]
        }),
      Table(
        name: "landed_costs", header: ["site", "product", "period", "cost"],
        rows: plan.landedCosts.map { [$0.site, $0.product, year($0.period), number($0.cost)] }),
      Table(
        name: "bottlenecks", header: ["kind", "subject", "period", "capacity", "used", "shadow_price"],
        rows: plan.bottlenecks.map {
          [
            $0.kind, $0.subject, year($0.period), number($0.capacity), number($0.used),
            number($0.shadowPrice),
          ]
        }),
    ]
    if let trade = plan.trade { tables += TradeTables.tables(trade).map(Self.denoised) }
    if let carbon = plan.carbon { tables += CarbonTables.tables(carbon) }
    tables += AnswerTables.tables(plan)
  }

  /// A number as a person reads it in a spreadsheet: 12 significant digits, which drops the binary
  /// noise of sums and products (26.099999999999998, 6954.538500000043) and keeps more digits than
  /// any scenario input has (a cent of a billion); "0" for zero.
  public static func number(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "" : value > 0 ? "inf" : "-inf" }
    guard value != 0 else { return "0" }
    let text = String(format: "%.12g", value)
    return text == "-0" ? "0" : text
  }

  /// The table with its decimal cells written by `number`.
  static func denoised(_ table: Table) -> Table {
    var table = table
    table.rows = table.rows.map { row in
      row.map { cell in
        guard cell.contains("."), let value = Double(cell) else { return cell }
        return number(value)
      }
    }
    return table
  }
}
