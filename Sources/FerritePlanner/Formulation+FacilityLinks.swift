import FerriteModel
import LinearProgramming

extension Formulation {
  /// The facility links (docs/formulation.md, "Facility links"): for every flow into or out of a
  /// candidate or closable site, `f[l,k,t] - M z[n,t] <= 0`, with `M` the most that flow can carry in
  /// `t`, wherever `M` is finite.
  ///
  /// With `z` integer these rows cut off no plan (each `M` is implied by a lane capacity, a site
  /// capacity or the balance at the lane's end); they only tighten the LP relaxation, which the
  /// throughput row alone leaves far from the optimum on capacitated facility-location problems.
  /// Whether a link exists depends on which numbers are given, never on their values, so a sweep
  /// that changes demand or a capacity in place (`facilityLinkChanges()`) gets the model a rebuild
  /// would give. A link whose `M` reaches the site's own bound adds nothing, but skipping it would
  /// make the model's shape depend on values.
  /// - Complexity: O(sites x products x periods + flows + processes x periods).
  mutating func addFacilityLinks() {
    let choice = options.facilityLinks ?? scenario.settings.options.facilityLinks
    guard choice == .disaggregated, openColumn.contains(where: { $0 >= 0 }) else { return }
    let periods = index.periodCount
    let absorbed = absorptionByNode()
    for (flow, column) in flowColumn.sorted(by: { $0.value < $1.value }) {
      let most = linkBound(flow, absorbed: absorbed)
      guard most.isFinite else { continue }
      // Into the site, then out of it: a lane between two such sites has both links.
      for site in [index.laneTo[flow.lane], index.laneFrom[flow.lane]] {
        let open = openColumn[site * periods + flow.period]
        guard open >= 0 else { continue }
        addRow(.facilityLink(site: site, flow: flow), upper: 0) { terms in
          terms.add(1, Variable(index: column))
          terms.add(-max(0, most), Variable(index: open))
        }
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

  /// The coefficient of every facility link as this formulation's scenario gives it now: what a
  /// change of demand or of a capacity written into a built model must set (`derivedNumbers(_:)`).
  func facilityLinkChanges() -> ModelChanges {
    var changes = ModelChanges()
    guard rowMeanings.contains(where: { if case .facilityLink = $0 { true } else { false } }) else {
      return changes
    }
    let absorbed = absorptionByNode()
    for (row, meaning) in rowMeanings.enumerated() {
      guard case .facilityLink(let site, let flow) = meaning else { continue }
      let open = openColumn[site * index.periodCount + flow.period]
      changes.coefficients[.init(row: row, column: open)] = -max(0, linkBound(flow, absorbed: absorbed))
    }
    return changes
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
}
