/// Where each product can exist and where it can be used, period by period.
///
/// Forward: a product is available at a site when it can be bought there, made there from available
/// inputs, or shipped in from a site where it is available. Backward: it is useful when a demand,
/// a runnable process whose principal output is useful, or a lane to a site where it is useful can
/// absorb it. Variables exist only where both sides meet (see docs/formulation.md).
struct Reachability {
  /// `available[period][site * productCount + product]`.
  private(set) var available: [[Bool]]
  private(set) var useful: [[Bool]]
  /// `runnable[period][process]`: available in the period with every input available.
  private(set) var runnable: [[Bool]]

  init(_ index: ScenarioIndex) {
    let scenario = index.scenario
    let products = index.productCount
    let nodes = index.siteCount * products
    available = []
    useful = []
    runnable = []
    for (period, year) in index.periods.enumerated() {
      var have = [Bool](repeating: false, count: nodes)
      for (offer, purchase) in scenario.purchases.enumerated() where purchase.applies(in: year) {
        have[index.purchaseSite[offer] * products + index.purchaseProduct[offer]] = true
      }
      let open = scenario.processes.map { $0.isAvailable(in: year) }
      var runs = [Bool](repeating: false, count: scenario.processes.count)
      var changed = true
      while changed {
        changed = false
        for process in scenario.processes.indices where open[process] && !runs[process] {
          let site = index.processSite[process]
          guard index.processInputs[process].allSatisfy({ have[site * products + $0.product] }) else {
            continue
          }
          runs[process] = true
          changed = true
          for output in index.processOutputs[process] { have[site * products + output.product] = true }
        }
        for lane in scenario.lanes.indices {
          let from = index.laneFrom[lane] * products
          let to = index.laneTo[lane] * products
          for product in index.laneProducts[lane] where have[from + product] && !have[to + product] {
            have[to + product] = true
            changed = true
          }
        }
      }

      var use = [Bool](repeating: false, count: nodes)
      for demand in scenario.demand.indices where index.demandPeriod[demand] == period {
        use[index.demandSite[demand] * products + index.demandProduct[demand]] = true
      }
      changed = true
      while changed {
        changed = false
        for process in scenario.processes.indices where runs[process] {
          let site = index.processSite[process]
          guard let principal = index.principalOutput[process], use[site * products + principal] else {
            continue
          }
          for input in index.processInputs[process] where !use[site * products + input.product] {
            use[site * products + input.product] = true
            changed = true
          }
        }
        for lane in scenario.lanes.indices {
          let from = index.laneFrom[lane] * products
          let to = index.laneTo[lane] * products
          for product in index.laneProducts[lane]
          where use[to + product] && have[from + product] && !use[from + product] {
            use[from + product] = true
            changed = true
          }
        }
      }
      available.append(have)
      useful.append(use)
      runnable.append(runs)
    }
  }

  func isAvailable(site: Int, product: Int, period: Int, products: Int) -> Bool {
    available[period][site * products + product]
  }

  func isUseful(site: Int, product: Int, period: Int, products: Int) -> Bool {
    useful[period][site * products + product]
  }
}
