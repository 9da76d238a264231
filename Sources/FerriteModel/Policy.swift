/// Trade and carbon policy as data: read and validated here, priced by the planner.
public struct Policy: Sendable, Equatable, Codable {
  public var blocs: [Bloc]
  public var tariffRules: [TariffRule]
  public var tariffQuotas: [TariffQuota]
  public var originRules: [OriginRule]
  public var carbonPrices: [CarbonPrice]
  public var carbonCaps: [CarbonCap]
  public var gridFactors: [GridFactor]

  public init(
    blocs: [Bloc] = [], tariffRules: [TariffRule] = [], tariffQuotas: [TariffQuota] = [],
    originRules: [OriginRule] = [], carbonPrices: [CarbonPrice] = [], carbonCaps: [CarbonCap] = [],
    gridFactors: [GridFactor] = []
  ) {
    self.blocs = blocs
    self.tariffRules = tariffRules
    self.tariffQuotas = tariffQuotas
    self.originRules = originRules
    self.carbonPrices = carbonPrices
    self.carbonCaps = carbonCaps
    self.gridFactors = gridFactors
  }

  /// The grid factor for a site's country and subdivision in `period`, most specific match first.
  public func gridFactor(country: CountryCode, subdivision: String?, period: Year) -> Double? {
    let candidates = gridFactors.filter { $0.country == country && ($0.period == nil || $0.period == period) }
    func rank(_ factor: GridFactor) -> Int {
      (factor.subdivision != nil && factor.subdivision == subdivision ? 2 : 0)
        + (factor.period != nil ? 1 : 0)
    }
    return candidates.filter { $0.subdivision == nil || $0.subdivision == subdivision }
      .max { rank($0) < rank($1) }?.factor
  }
}
