import FerriteModel

/// The text `ferrite describe` prints: counts, sites by country and kind, capacity against demand.
public struct ScenarioOverview: Sendable {
  public let scenario: Scenario

  public init(_ scenario: Scenario) { self.scenario = scenario }

  /// The overview as lines no wider than `width` columns.
  public func rendered(width: Int = 100) -> String {
    var lines: [String] = []
    let settings = scenario.settings
    let periods = settings.periods
    let horizon = settings.horizon.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "no periods"
    lines.append(settings.name)
    if !settings.description.isEmpty { lines += wrap(settings.description, width: width, indent: "") }
    lines.append(
      "\(periods.count) periods (\(horizon)), \(settings.currency), discount rate "
        + Self.percent(settings.discountRate)
        + (settings.policyPacks.isEmpty
          ? "" : ", policy packs: " + settings.policyPacks.joined(separator: ", ")))
    lines.append("")
    let recipeLines = scenario.processes.reduce(0) { $0 + $1.inputs.count + $1.outputs.count }
    let policy = scenario.policy
    let counts = [
      count(scenario.products.count, "product"), count(scenario.sites.count, "site"),
      count(scenario.processes.count, "process", plural: "processes")
        + " (\(count(recipeLines, "recipe line")))",
      count(scenario.lanes.count, "lane"), count(scenario.demand.count, "demand row"),
      count(scenario.purchases.count, "purchase"), count(scenario.capacityOptions.count, "capacity option"),
    ]
    lines += wrap("Counts: " + counts.joined(separator: ", "), width: width, indent: "        ")
    let policyCounts = [
      count(policy.blocs.count, "bloc"), count(policy.tariffRules.count, "tariff rule"),
      count(policy.tariffQuotas.count, "tariff quota"), count(policy.originRules.count, "origin rule"),
      count(policy.carbonPrices.count, "carbon price"), count(policy.carbonCaps.count, "carbon cap"),
      count(policy.gridFactors.count, "grid factor"),
    ]
    lines += wrap("Policy: " + policyCounts.joined(separator: ", "), width: width, indent: "        ")
    lines.append("")
    lines.append("Sites by country and kind")
    var byCountry: [String: [Site]] = [:]
    for site in scenario.sites { byCountry[site.country, default: []].append(site) }
    for country in byCountry.keys.sorted() {
      let sites = byCountry[country] ?? []
      var kinds: [String: Int] = [:]
      for site in sites { kinds[site.kind.rawValue, default: 0] += 1 }
      let text = kinds.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      let special = sites.filter { $0.status != .existing }.map { "\($0.id) (\($0.status.rawValue))" }
      let suffix = special.isEmpty ? "" : "; " + special.joined(separator: ", ")
      lines += wrap("  \(country.isEmpty ? "??" : country)  \(text)\(suffix)", width: width, indent: "      ")
    }
    lines.append("")
    lines += capacityTable(width: width)
    return lines.joined(separator: "\n") + "\n"
  }

  func capacityTable(width: Int) -> [String] {
    let balance = CapacityBalance(scenario)
    guard !balance.entries.isEmpty else { return ["No product is made, bought or demanded."] }
    var lines = [
      "Capacity against demand, per period (make: existing processes; options: every module built;",
      "buy: purchase limits; cover: supply / demand)",
      "",
    ]
    let units = Dictionary(
      scenario.products.map { ($0.id, $0.unit.rawValue) }, uniquingKeysWith: { first, _ in first })
    let header = [
      pad("product", 26), pad("periods", 10), lpad("make", 9), lpad("options", 9), lpad("buy", 9),
      lpad("demand", 9), lpad("cover", 7),
    ]
    lines.append(header.joined(separator: " "))
    lines.append(String(repeating: "-", count: min(width, 85)))
    // Periods with identical figures are merged into a range, so the table stays short.
    var index = 0
    let entries = balance.entries
    while index < entries.count {
      var last = index
      while last + 1 < entries.count, entries[last + 1].product == entries[index].product,
        Self.sameFigures(entries[last + 1], entries[index])
      {
        last += 1
      }
      let first = entries[index]
      let periods =
        first.period == entries[last].period ? "\(first.period)" : "\(first.period)-\(entries[last].period)"
      let name = "\(first.product) (\(units[first.product] ?? ""))"
      let cover: String
      if first.demand <= 0 {
        cover = "-"
      } else if let supply = first.supply {
        cover = String(format1(supply / first.demand)) + "x"
      } else {
        cover = "unlim."
      }
      let row = [
        pad(String(name.prefix(26)), 26), pad(periods, 10), lpad(Self.quantity(first.existing), 9),
        lpad(Self.quantity(first.options), 9), lpad(first.purchases.map(Self.quantity) ?? "unlim.", 9),
        lpad(Self.quantity(first.demand), 9), lpad(cover, 7),
      ]
      lines.append(row.joined(separator: " "))
      index = last + 1
    }
    return lines
  }

  static func sameFigures(_ a: CapacityBalance.Entry, _ b: CapacityBalance.Entry) -> Bool {
    a.existing == b.existing && a.options == b.options && a.purchases == b.purchases && a.demand == b.demand
  }

  /// A quantity in at most 7 characters: 950, 12.5k, 2.70M.
  static func quantity(_ value: Double) -> String {
    if value == 0 { return "-" }
    let magnitude = abs(value)
    if magnitude >= 1e9 { return format2(value / 1e9) + "G" }
    if magnitude >= 1e6 { return format2(value / 1e6) + "M" }
    if magnitude >= 1e4 { return format1(value / 1e3) + "k" }
    if magnitude >= 100 || value == value.rounded() { return String(Int(value.rounded())) }
    return format1(value)
  }

  static func percent(_ rate: Double) -> String { format1(rate * 100).replacingSuffix(".0", with: "") + " %" }

  func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
    "\(value) " + (value == 1 ? noun : plural ?? noun + "s")
  }

  func wrap(_ text: String, width: Int, indent: String) -> [String] {
    var lines: [String] = []
    let leading = String(text.prefix { $0 == " " })
    var current = leading
    for word in text.dropFirst(leading.count).split(separator: " ") {
      let candidate = current.trimmingWhitespace().isEmpty ? current + word : current + " " + word
      if candidate.count > width, !current.isEmpty {
        lines.append(current)
        current = indent + word
      } else {
        current = candidate
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
  func lpad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }
}

/// `value` with one decimal, rounded half away from zero.
func format1(_ value: Double) -> String { fixed(value, decimals: 1) }
func format2(_ value: Double) -> String { fixed(value, decimals: 2) }

func fixed(_ value: Double, decimals: Int) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  // Int64 holds integers below 9.2e18; larger (or non-finite) values print as Swift writes them.
  guard value.isFinite, abs(value) * scale < 1e15 else { return "\(value)" }
  let scaled = Int64((abs(value) * scale).rounded())
  let whole = scaled / Int64(scale), fraction = scaled % Int64(scale)
  var digits = String(fraction)
  while digits.count < decimals { digits = "0" + digits }
  return (value < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + digits : "")
}

extension String {
  func replacingSuffix(_ suffix: String, with replacement: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
  }
}
