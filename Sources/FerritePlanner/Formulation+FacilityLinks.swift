import FerriteModel
import LinearProgramming

extension Formulation {
  /// The facility links (docs/formulation.md, "Facility links"): for every flow into or out of a
  /// candidate or closable site, `f[l,k,t] - M z[n,t] <= 0`, with `M` the most that flow can carry in
  /// `t`, wherever `M` is finite and below what the site's throughput row already implies.
  ///
  /// With `z` integer these rows cut off no plan (each `M` is implied by a lane capacity, a site
  /// capacity or the balance at the lane's end); they only tighten the LP relaxation, which the
  /// throughput row alone leaves far from the optimum on capacitated facility-location problems.
  /// - Complexity: O(sites x products x periods + flows + processes x periods).
  mutating func addFacilityLinks() {
    let choice = options.facilityLinks ?? scenario.settings.options.facilityLinks
    guard choice == .disaggregated, openColumn.contains(where: { $0 >= 0 }) else { return }
    let periods = index.periodCount
    let absorbed = absorptionByNode()
    let made = productionBoundByNode()
    for (flow, column) in flowColumn.sorted(by: { $0.value < $1.value }) {
      let from = index.laneFrom[flow.lane]
      let to = index.laneTo[flow.lane]
      let openFrom = openColumn[from * periods + flow.period]
      let openTo = openColumn[to * periods + flow.period]
      guard openFrom >= 0 || openTo >= 0 else { continue }
      let most = linkBound(flow, absorbed: absorbed)
      // A zero bound would leave no coefficient to change in place when a sweep raises it.
      guard most.isFinite, most > 0 else { continue }
      // Into the site: its throughput row already bounds each inbound flow by the site's bound.
      if openTo >= 0, most < siteBounds[to * periods + flow.period] ?? .infinity {
        addLink(site: to, flow: flow, column: column, open: openTo, most: most)
      }
      // Out of the site: what leaves is at most what entered (the throughput bound) plus what the
      // site's processes can make of the product.
      let source = index.node(site: from, product: flow.product, period: flow.period)
      if openFrom >= 0, most < (siteBounds[from * periods + flow.period] ?? 0) + made[source] {
        addLink(site: from, flow: flow, column: column, open: openFrom, most: most)
      }
    }
  }

  /// `M_l,k,t`: the most flow `f[l,k,t]` can carry, from the lane's capacity, the capacity of the
  /// site it enters and what that site can take in of the product (`absorptionByNode()`).
  private func linkBound(_ flow: FlowIndex, absorbed: [Double]) -> Double {
    let to = index.laneTo[flow.lane]
    return min(
      scenario.lanes[flow.lane].capacity ?? .infinity,
      absorbed[index.node(site: to, product: flow.product, period: flow.period)],
      scenario.sites[to].capacity ?? .infinity)
  }

  /// Every facility link with its row, its open column and its bound `M` as this formulation's
  /// scenario gives it now: what a change of demand or capacities written into a built model must
  /// set (coefficient `-M` at `(row, open)`; a bound that became unbounded frees the row).
  func facilityLinkBounds() -> [(row: Int, open: Int, bound: Double)] {
    guard rowMeanings.contains(where: { if case .facilityLink = $0 { true } else { false } }) else { return [] }
    let absorbed = absorptionByNode()
    var links: [(row: Int, open: Int, bound: Double)] = []
    for (row, meaning) in rowMeanings.enumerated() {
      guard case .facilityLink(let site, let flow) = meaning else { continue }
      links.append((row, openColumn[site * index.periodCount + flow.period], linkBound(flow, absorbed: absorbed)))
    }
    return links
  }

  private mutating func addLink(site: Int, flow: FlowIndex, column: Int, open: Int, most: Double) {
    addRow(.facilityLink(site: site, flow: flow), upper: 0) { terms in
      terms.add(1, Variable(index: column))
      terms.add(-most, Variable(index: open))
    }
  }

  /// The most of each product each node can take in per period, by `ScenarioIndex.node`: its demand
  /// plus what its processes can consume at their largest activity; unbounded when the product can
  /// also leave the node on a lane or be disposed of there.
  private func absorptionByNode() -> [Double] {
    let periods = index.periodCount
    var absorbed = [Double](repeating: 0, count: index.siteCount * index.productCount * periods)
    func node(_ site: Int, _ product: Int, _ period: Int) -> Int {
      index.node(site: site, product: product, period: period)
    }
    for demand in scenario.demand.indices {
      let key = node(index.demandSite[demand], index.demandProduct[demand], index.demandPeriod[demand])
      absorbed[key] += max(0, scenario.demand[demand].quantity)
    }
    for process in scenario.processes.indices {
      for period in 0..<periods where activityColumn[process * periods + period] >= 0 {
        for input in index.processInputs[process] {
          absorbed[node(index.processSite[process], input.product, period)] +=
            max(0, input.quantity) * largestActivity[process]
        }
      }
    }
    for flow in flowColumn.keys {
      absorbed[node(index.laneFrom[flow.lane], flow.product, flow.period)] = .infinity
    }
    for meaning in columnMeanings {
      if case .disposal(let site, let product, let period) = meaning {
        absorbed[node(site, product, period)] = .infinity
      }
    }
    return absorbed
  }

  /// The most of each product each node can make per period: `out(p,k) Amax_p` over its processes.
  private func productionBoundByNode() -> [Double] {
    let periods = index.periodCount
    var made = [Double](repeating: 0, count: index.siteCount * index.productCount * periods)
    for process in scenario.processes.indices {
      for period in 0..<periods where activityColumn[process * periods + period] >= 0 {
        for output in index.processOutputs[process] {
          let key = index.node(site: index.processSite[process], product: output.product, period: period)
          made[key] += max(0, output.quantity) * largestActivity[process]
        }
      }
    }
    return made
  }
}
