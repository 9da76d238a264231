import Foundation

/// The sizes of a generated network.
public struct SyntheticNetworkSize: Sendable, Equatable, CustomStringConvertible {
  /// Supply sites: suppliers, mills and processing centres together.
  public var sites: Int
  /// Customer sites with demand.
  public var customers: Int
  /// Finished products; each has its own intermediate, and raw materials are shared.
  public var products: Int
  /// Periods (years from 2026).
  public var periods: Int
  /// Lanes into each mill, centre and customer from its nearest upstream sites.
  public var lanesPerSite: Int

  public init(sites: Int, customers: Int, products: Int, periods: Int, lanesPerSite: Int = 3) {
    self.sites = sites
    self.customers = customers
    self.products = products
    self.periods = periods
    self.lanesPerSite = lanesPerSite
  }

  public var description: String {
    "\(sites) sites, \(customers) customers, \(products) products, \(periods) periods"
  }
}

/// Generates a valid multi-echelon scenario of any size, the same for the same seed.
///
/// The network has four echelons. Suppliers sell raw materials; mills turn a raw material into an
/// intermediate (1.1 t in per t out) and may be expanded in modules; processing centres turn an
/// intermediate into a finished product (1.05 t in per t out); customers demand finished products
/// with a penalty for what is not served. Sites lie between 25-45 N and 75-120 W; each mill is
/// linked by truck to its `lanesPerSite` nearest suppliers, each centre to the `lanesPerSite`
/// nearest mills making each intermediate, each customer to its nearest centres, at a cost per
/// t-km over the straight-line distance. Mill capacity covers about 85 % of the demand for the last period, so expansions pay.
public struct SyntheticNetwork: Sendable {
  public var size: SyntheticNetworkSize
  public var seed: UInt64

  public init(size: SyntheticNetworkSize, seed: UInt64) {
    self.size = size
    self.seed = seed
  }

  public func scenario() -> Scenario {
    var random = SplitMix64(seed: seed)
    let periods = (0..<max(size.periods, 1)).map { 2026 + $0 }
    let products = max(size.products, 1)
    let raws = max(1, (products + 1) / 2)

    let rawIDs = (0..<raws).map { Product.ID("raw-\($0 + 1)") }
    let intermediateIDs = (0..<products).map { Product.ID("intermediate-\($0 + 1)") }
    let finishedIDs = (0..<products).map { Product.ID("finished-\($0 + 1)") }
    var productList: [Product] = []
    for id in rawIDs { productList.append(Product(id: id, name: id.rawValue, family: .rawMaterial)) }
    for id in intermediateIDs { productList.append(Product(id: id, name: id.rawValue, family: .intermediate)) }
    for id in finishedIDs { productList.append(Product(id: id, name: id.rawValue, family: .steel)) }

    // Split the supply sites over the echelons: a fifth suppliers, two fifths each mills and centres.
    let supplySites = max(size.sites, 3)
    let supplierCount = max(1, supplySites / 5)
    let millCount = max(1, (supplySites - supplierCount) / 2)
    let centreCount = max(1, supplySites - supplierCount - millCount)

    func place(_ prefix: String, _ count: Int, kind: Site.Kind) -> [Site] {
      (0..<count).map { index in
        Site(
          id: Site.ID("\(prefix)-\(index + 1)"), name: "\(prefix) \(index + 1)", country: "US",
          latitude: random.uniform(in: 25..<45), longitude: random.uniform(in: -120 ..< -75), kind: kind,
          owners: [Share(company: "synthetic", fraction: 1)])
      }
    }
    let suppliers = place("supplier", supplierCount, kind: .supplier)
    let mills = place("mill", millCount, kind: .steelMill)
    let centres = place("centre", centreCount, kind: .processingCentre)
    let customers = place("customer", max(size.customers, 1), kind: .vehiclePlant)

    // Demand first: it sizes the capacities.
    var demand: [Demand] = []
    var lastPeriodDemand = [Double](repeating: 0, count: products)
    for customer in customers {
      let wanted = 1 + random.index(below: min(3, products))
      var chosen = Set<Int>()
      while chosen.count < wanted { chosen.insert(random.index(below: products)) }
      for product in chosen.sorted() {
        let base = random.uniform(in: 20_000..<120_000).rounded()
        for (offset, period) in periods.enumerated() {
          let quantity = (base * (1 + 0.03 * Double(offset))).rounded()
          demand.append(
            Demand(
              site: customer.id, product: finishedIDs[product], period: period, quantity: quantity,
              penalty: 5_000))
          if offset == periods.count - 1 { lastPeriodDemand[product] += quantity }
        }
      }
    }

    var processes: [Process] = []
    var options: [CapacityOption] = []
    // Every product is made at two or more mills; each mill's share of capacity is even.
    let millsPerProduct = min(millCount, 2 + millCount / max(products, 1))
    for product in 0..<products {
      let need = lastPeriodDemand[product] * 1.05
      for slot in 0..<millsPerProduct {
        let mill = mills[(product * 7 + slot) % millCount]
        let capacity = (0.85 * need / Double(millsPerProduct)).rounded()
        let id = Process.ID("\(mill.id.rawValue)/make-\(intermediateIDs[product].rawValue)")
        guard !processes.contains(where: { $0.id == id }) else { continue }
        processes.append(
          Process(
            id: id, site: mill.id, route: "synthetic", capacity: capacity,
            variableCost: random.uniform(in: 180..<260).rounded(), confersOrigin: true,
            inputs: [Process.Item(product: rawIDs[product % raws], quantity: 1.1, isPrincipal: true)],
            outputs: [Process.Item(product: intermediateIDs[product], quantity: 1, isPrincipal: true)]))
        options.append(
          CapacityOption(
            id: CapacityOption.ID("\(id.rawValue)/expansion"), site: mill.id, process: id,
            moduleSize: max(1, (capacity / 4).rounded()), capex: (capacity / 4 * 600).rounded(),
            fixedCost: (capacity / 4 * 10).rounded(), lifetime: 20, leadTime: 1, maxModules: 4))
      }
    }
    for centre in centres {
      for product in 0..<products {
        processes.append(
          Process(
            id: Process.ID("\(centre.id.rawValue)/finish-\(finishedIDs[product].rawValue)"),
            site: centre.id, route: "finishing",
            capacity: (lastPeriodDemand[product] * 1.5 / Double(centreCount) + 1_000).rounded(),
            variableCost: random.uniform(in: 30..<60).rounded(),
            inputs: [Process.Item(product: intermediateIDs[product], quantity: 1.05, isPrincipal: true)],
            outputs: [Process.Item(product: finishedIDs[product], quantity: 1, isPrincipal: true)]))
      }
    }

    var purchases: [Purchase] = []
    for supplier in suppliers {
      for raw in rawIDs {
        purchases.append(
          Purchase(
            id: Purchase.ID("\(supplier.id.rawValue)/\(raw.rawValue)"), site: supplier.id,
            product: raw, price: random.uniform(in: 80..<140).rounded(), origin: "US"))
      }
    }

    var lanes: [Lane] = []
    var linked = Set<String>()
    func link(_ target: Site, from sources: [Site]) {
      let nearest = sources.sorted { distance($0, target) < distance($1, target) }
        .prefix(max(1, size.lanesPerSite))
      for source in nearest where linked.insert("\(source.id):\(target.id)").inserted {
        lanes.append(
          Lane(
            id: Lane.ID("\(source.id.rawValue):\(target.id.rawValue)"), from: source.id,
            to: target.id, mode: .truck, distance: (distance(source, target) + 10).rounded(),
            costPerUnit: 5, costPerUnitKm: 0.09, transitDays: 2, emissionFactor: 100))
      }
    }
    for mill in mills { link(mill, from: suppliers) }
    // A centre needs every intermediate, so it links to the nearest makers of each one.
    for centre in centres {
      for product in intermediateIDs {
        let makers = Set(processes.filter { $0.outputs.contains { $0.product == product } }.map(\.site))
        link(centre, from: mills.filter { makers.contains($0.id) })
      }
    }
    for customer in customers { link(customer, from: centres) }

    let settings = ScenarioSettings(
      name: "synthetic-\(size.sites)x\(size.customers)x\(size.products)x\(size.periods)-seed\(seed)",
      description: "Generated by ferrite generate: suppliers, mills, processing centres, customers.",
      periods: periods, discountRate: 0.08, currency: "USD")
    return Scenario(
      settings: settings, products: productList, sites: suppliers + mills + centres + customers,
      processes: processes, lanes: lanes, demand: demand, purchases: purchases,
      capacityOptions: options)
  }

  /// Kilometres between two sites on an equirectangular projection, close enough at these spans.
  private func distance(_ a: Site, _ b: Site) -> Double {
    let latitude = ((a.latitude ?? 0) + (b.latitude ?? 0)) / 2 * .pi / 180
    let dx = ((a.longitude ?? 0) - (b.longitude ?? 0)) * 111.32 * cos(latitude)
    let dy = ((a.latitude ?? 0) - (b.latitude ?? 0)) * 110.57
    return (dx * dx + dy * dy).squareRoot()
  }
}

/// A small, fast, seedable generator (SplitMix64), so generated scenarios match across machines.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func uniform(in range: Range<Double>) -> Double {
    range.lowerBound + Double(next() >> 11) * 0x1.0p-53 * (range.upperBound - range.lowerBound)
  }

  mutating func index(below bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
