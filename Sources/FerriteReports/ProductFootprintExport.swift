import FerriteModel
import FerritePlanner
import Foundation

/// Turns a plan's delivered footprints into PACT ProductFootprints, one per customer, product and
/// period (docs/formulation.md, "Carbon": exchange formats).
public struct ProductFootprintExport: Sendable {
  public var scenario: Scenario
  public var plan: Plan
  public var version: PACTVersion
  /// The company that declares the footprints; nil for the network as a whole.
  public var company: Company.ID?
  /// The creation time written into every document (fixed in tests so output is reproducible).
  public var created: Date

  public init(
    scenario: Scenario, plan: Plan, version: PACTVersion = .v2, company: Company.ID? = nil, created: Date = Date()
  ) {
    self.scenario = scenario
    self.plan = plan
    self.version = version
    self.company = company
    self.created = created
  }

  /// One document per delivery of a product counted in a mass unit.
  public func documents() -> [ProductFootprintDocument] {
    guard let carbon = plan.carbon else { return [] }
    let companyName = company?.rawValue ?? "\(scenario.settings.name) network"
    let companyId = "urn:ferrite:company:\(Self.urnPart(company?.rawValue ?? scenario.settings.name))"
    return carbon.deliveries.compactMap { delivery in
      guard let product = scenario.products.first(where: { $0.id.rawValue == delivery.product }),
        let tonnes = product.unit.tonnes
      else { return nil }
      let customer = scenario.sites.first { $0.id.rawValue == delivery.site }
      let stages = delivery.byStage.keys.sorted().map {
        "\($0) \(ProductFootprintDocument.decimal((delivery.byStage[$0] ?? 0) / tonnes))"
      }
      let key = "\(scenario.settings.name)|\(delivery.site)|\(delivery.product)|\(delivery.period)|\(version.rawValue)"
      return ProductFootprintDocument(
        id: Self.uuid(key), version: version, created: created, companyName: companyName,
        companyIds: [companyId], productId: "urn:ferrite:product:\(Self.urnPart(product.id.rawValue))",
        productName: product.name,
        productDescription:
          "\(product.name) delivered to \(customer?.name ?? delivery.site) in \(delivery.period), "
          + "cradle to customer gate, from the optimal plan of \(scenario.settings.name)",
        cpc: Self.cpc(product), perKilogram: delivery.perUnit / tonnes, referenceYear: delivery.period,
        geographyCountry: customer.map(\.country).flatMap { $0.count == 2 ? $0.uppercased() : nil },
        boundary:
          "Cradle to customer gate: purchased raw materials (supplier cradle-to-gate factors), direct "
          + "process emissions, grid electricity at the site's grid factor, and well-to-wheel transport "
          + "(ISO 14083 style) on every lane to the customer; kg CO2e per kg by stage: "
          + stages.joined(separator: ", "),
        allocation:
          "\(plan.carbon?.allocation ?? "mass") allocation between co-products; mass balance over the "
          + "plan's flows, recycling loops solved as a linear system",
        comment: "Computed by Ferrite from a planning scenario; figures are model estimates.")
    }
  }

  /// UN CPC group by product family (estimates: the scenario holds HS codes, not CPC codes).
  static func cpc(_ product: Product) -> String {
    switch product.family {
    case .steel, .intermediate: "412"
    case .batteryMaterial: "342"
    case .rawMaterial: "14"
    case .component: "464"
    case .vehicle: "491"
    case .energy: "171"
    case .other: "399"
    }
  }

  /// An id usable inside a URN: letters, digits and `-._` kept, everything else as `-`.
  static func urnPart(_ text: String) -> String {
    String(text.lowercased().map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "-" })
  }

  /// A stable UUID (version 8, name-based) from a key, so re-running a plan gives the same ids.
  static func uuid(_ key: String) -> String {
    func fnv(_ seed: UInt64) -> UInt64 {
      var hash = seed
      for byte in key.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      return hash
    }
    var high = fnv(0xcbf2_9ce4_8422_2325)
    var low = fnv(0x8422_2325_cbf2_9ce4 ^ high)
    high = (high & ~0xF000) | 0x8000
    low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    let hex = String(format: "%016llx", high) + String(format: "%016llx", low)
    let characters = Array(hex)
    func part(_ range: Range<Int>) -> String { String(characters[range]) }
    return "\(part(0..<8))-\(part(8..<12))-\(part(12..<16))-\(part(16..<20))-\(part(20..<32))"
  }
}
