extension ScenarioSchema {
  /// The largest value each kind of number may take, so that no value that passes validation can
  /// give the solver a coefficient or bound near what HiGHS treats as infinite (1e20) or loses
  /// precision on: products of limits (a duty rate times a customs value, a carbon price times
  /// a footprint, energy times a grid factor times a carbon price) stay below 1e15.
  ///
  /// The limits are far beyond any real figure, in any currency, so that they only catch mistakes
  /// (a value in the wrong unit, a typo in the exponent) and hostile input.
  enum Ceiling {
    /// Units per period: demand, capacities, purchase limits, quotas, caps (world steel output is
    /// 2e9 t, 2e12 kg: count large flows in t or kt).
    static let quantity = 1e11
    /// Money per unit, per module or per period: prices, costs, penalties, customs values, duties,
    /// incentives, capex (a module's cost counts in every period it lives: 301 years x 1e12 < 1e15).
    static let money = 1e12
    /// Activity a capacity module adds per period: module_size x max_modules stays within a quantity.
    static let moduleSize = 1e8
    /// Units of a product consumed or made per unit of activity (a vehicle takes about 1,000 kg of
    /// steel); times a capacity it stays below 1e15.
    static let recipe = 1e4
    /// MWh or t CO2e per unit of activity or per unit bought.
    static let perUnit = 1e5
    /// A rate applied to a value: 10 = 1,000 %.
    static let rate = 10.0
    /// Money per t CO2e.
    static let carbonPrice = 1e7
    /// t CO2e per MWh of grid electricity (coal power is about 1).
    static let gridFactor = 10.0
    /// g CO2e per tonne-km (air freight is about 1,000).
    static let transportFactor = 1e5
    /// Kilometres (the Earth's circumference is 40,075 km).
    static let distance = 50_000.0
    /// Money per unit and km.
    static let moneyPerKm = 1e6
    /// Days in transit.
    static let days = 1000.0
    /// Years a module lives or waits to be built.
    static let years = 200.0
    /// Modules of one option over the horizon.
    static let modules = 1000.0
  }
}
