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
  ///
  /// - Complexity: O(periods × (recipe outputs + options + purchases) + demand rows + entries).
  public init(_ scenario: Scenario) {
    var optionsByProcess: [Process.ID: [CapacityOption]] = [:]
    for option in scenario.capacityOptions { optionsByProcess[option.process, default: []].append(option) }
    struct Key: Hashable {
      var product: Product.ID
      var period: Year
    }
    var existing: [Key: Double] = [:], options: [Key: Double] = [:], purchases: [Key: Double?] = [:]
    var demand: [Key: Double] = [:]
    let first = scenario.periods.first
    for period in scenario.periods {
      for process in scenario.processes where process.isAvailable(in: period) {
        for output in process.outputs {
          let key = Key(product: output.product, period: period)
          existing[key, default: 0] += output.quantity * process.capacity
          for option in optionsByProcess[process.id] ?? [] {
            // Every module allowed (one when unlimited), alive from the option's earliest period.
            guard let start = option.earliestPeriod ?? first, start <= period else { continue }
            options[key, default: 0] += output.quantity * option.moduleSize * Double(option.maxModules ?? 1)
          }
        }
      }
      for purchase in scenario.purchases where purchase.applies(in: period) {
        let key = Key(product: purchase.product, period: period)
        let sum = purchases[key] ?? 0
        // updateValue keeps a nil ("no limit"); assigning nil through the subscript would remove the key.
        purchases.updateValue(purchase.limit.flatMap { limit in sum.map { $0 + limit } }, forKey: key)
      }
    }
    for row in scenario.demand {
      demand[Key(product: row.product, period: row.period), default: 0] += row.quantity
    }
    var entries: [Entry] = []
    for product in scenario.products {
      for period in scenario.periods {
        let key = Key(product: product.id, period: period)
        let entry = Entry(
          product: product.id, period: period, existing: existing[key] ?? 0, options: options[key] ?? 0,
          purchases: purchases[key] ?? 0, demand: demand[key] ?? 0)
        if entry.existing > 0 || entry.options > 0 || entry.purchases != 0 || entry.demand > 0 {
          entries.append(entry)
        }
      }
    }
    self.entries = entries
  }
}
