/// How much of each product the network can make or buy in each period, against demand for it.
public struct CapacityBalance: Sendable, Equatable {
  /// One product in one period.
  public struct Entry: Sendable, Equatable {
    public var product: Product.ID
    public var period: Year
    /// Output the existing processes can make at full capacity.
    public var existing: Double
    /// Output the capacity options can add when every module allowed is built and alive.
    public var options: Double
    /// Units purchases offer; nil when some offer has no limit.
    public var purchases: Double?
    public var demand: Double

    /// Everything that can supply the product; nil when unlimited.
    public var supply: Double? { purchases.map { existing + options + $0 } }
  }

  public var entries: [Entry]

  /// Computes the balance of every product that is made, bought or demanded, in every period.
  public init(_ scenario: Scenario) {
    var entries: [Entry] = []
    for product in scenario.products {
      for period in scenario.periods {
        var entry = Entry(product: product.id, period: period, existing: 0, options: 0, purchases: 0, demand: 0)
        for process in scenario.processes where process.isAvailable(in: period) {
          let made = process.outputs.filter { $0.product == product.id }.reduce(0) { $0 + $1.quantity }
          guard made > 0 else { continue }
          entry.existing += made * process.capacity
          for option in scenario.capacityOptions where option.process == process.id {
            // A module built in time is alive from its earliest period; at most maxModules of them.
            guard (option.earliestPeriod ?? scenario.periods.first ?? period) <= period else { continue }
            let modules = Double(option.maxModules ?? 1)
            entry.options += made * option.moduleSize * modules
          }
        }
        for purchase in scenario.purchases where purchase.product == product.id && purchase.applies(in: period) {
          entry.purchases = purchase.limit.flatMap { limit in entry.purchases.map { $0 + limit } }
        }
        entry.demand = scenario.demand.filter { $0.product == product.id && $0.period == period }
          .reduce(0) { $0 + $1.quantity }
        if entry.existing > 0 || entry.options > 0 || entry.purchases != 0 || entry.demand > 0 {
          entries.append(entry)
        }
      }
    }
    self.entries = entries
  }
}
