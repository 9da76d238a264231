import FerriteModel

/// A plan's emissions, carbon policy results and product footprints (docs/formulation.md, "Carbon").
///
/// Emissions are in t CO2e, footprints in t CO2e per unit of the product.
public struct CarbonResults: Sendable, Codable {
  /// Emissions by period, site, kind, route or mode and product.
  public var emissions: [EmissionLine]
  /// Scopes 1, 2 and 3 of the whole network and, when one is chosen, of a company.
  public var scopes: [ScopeLine]
  /// Tonne-km, intensity and emissions of every lane used, per period (ISO 14083 style).
  public var transport: [TransportLine]
  /// Every carbon cap with its emissions and marginal abatement cost.
  public var caps: [CapLine]
  /// Footprint of every delivery: per customer, product and period.
  public var deliveries: [DeliveryFootprint]
  /// Scope 1+2 and cradle-to-gate intensity of every origin-conferring process (steelmaking,
  /// conversion), whether the plan runs it or not.
  public var routes: [RouteIntensity]
  /// Claims of each low-carbon class per demand row.
  public var lowCarbon: [LowCarbonLine]
  /// The allocation between co-products: "mass" or "economic".
  public var allocation: String
  /// Nodes of loops whose footprints had no unique solution (set to zero), as "site/product/year".
  public var unresolvedLoops: [String]

  /// Total t CO2e of the network over the horizon (or one period).
  public func total(period: Year? = nil) -> Double {
    emissions.filter { period == nil || $0.period == period }.reduce(0) { $0 + $1.emissions }
  }

  /// The footprint of a delivery, when it was served.
  public func footprint(site: String, product: String, period: Year) -> DeliveryFootprint? {
    deliveries.first { $0.site == site && $0.product == product && $0.period == period }
  }
}

/// Emissions of one kind at one site in one period, by route (processes) or mode (transport).
public struct EmissionLine: Sendable, Codable, Equatable {
  public var period: Year
  public var site: String
  public var kind: EmissionKind
  public var scope: Int
  /// The process's route, "purchased" for bought inputs, the lane's mode for transport.
  public var route: String
  /// "production", "processing", "raw material" or "transport".
  public var stage: String
  public var product: String?
  public var emissions: Double
}

/// Emissions of one scope of one company (or the network) in one period.
public struct ScopeLine: Sendable, Codable, Equatable {
  /// The company, or nil for the whole network.
  public var company: String?
  /// "equity-share", "operational-control", or "network".
  public var boundary: String
  public var period: Year
  public var scope1: Double
  public var scope2: Double
  public var scope3: Double
}

/// Transport on one lane in one period, every product together.
public struct TransportLine: Sendable, Codable, Equatable {
  public var lane: String
  public var from: String
  public var to: String
  public var mode: String
  public var period: Year
  public var tonnes: Double
  public var distance: Double
  public var tonneKm: Double
  /// g CO2e per tonne-km, well to wheel.
  public var intensity: Double
  /// t CO2e.
  public var emissions: Double
}

/// A carbon cap, what the plan emits under it and what one more tonne of it is worth.
public struct CapLine: Sendable, Codable, Equatable {
  public var cap: String
  public var scope: String
  public var subject: String?
  /// nil for a budget over the whole horizon.
  public var period: Year?
  public var limit: Double
  public var emissions: Double
  public var isBinding: Bool
  /// Cost saved per t CO2e of extra allowance: in the period's money for a yearly cap, in money
  /// discounted to the first period for a budget; nil without duals.
  public var marginalAbatementCost: Double?
}

/// The cradle-to-customer-gate footprint of a product delivered to a customer in a period.
public struct DeliveryFootprint: Sendable, Codable, Equatable {
  public var site: String
  public var product: String
  public var period: Year
  public var unit: String
  public var quantity: Double
  /// t CO2e per unit.
  public var perUnit: Double
  /// t CO2e per unit by stage: "raw material", "production", "processing", "transport".
  public var byStage: [String: Double]
  /// t CO2e per unit by route (process route, "purchased", or transport mode).
  public var byRoute: [String: Double]
  /// t CO2e per unit by kind of emission (direct, electricity, purchased, transport).
  public var byKind: [String: Double]
}

/// The emissions of one unit of a route's principal output in the first period.
public struct RouteIntensity: Sendable, Codable, Equatable {
  public var process: String
  public var site: String
  public var route: String
  /// Direct emissions plus grid electricity, per unit of principal output.
  public var scope1And2: Double
  /// Plus the inputs' footprints at the site: the plan's own where it runs the process, else the
  /// nominal ones (every source of each input weighted equally).
  public var cradleToGate: Double
}

/// Units of one demand row claimed in a low-carbon class.
public struct LowCarbonLine: Sendable, Codable, Equatable {
  public var lowCarbonClass: String
  public var site: String
  public var product: String
  public var period: Year
  public var served: Double
  public var claimed: Double
  public var requiredShare: Double
}
