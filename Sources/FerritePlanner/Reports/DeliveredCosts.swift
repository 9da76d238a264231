import FerriteModel

/// The average cost of one unit delivered to a customer, built up by stage: what was bought, made,
/// shipped, paid in duties and in carbon prices along the plan's own flows.
///
/// Money per unit in the period's own money. The landed cost beside it is a shadow price (the
/// cost of one more unit); the build-up is what the units delivered cost on average.
public struct DeliveredCostLine: Sendable, Codable, Equatable {
  public var site: String
  public var product: String
  public var period: Year
  /// Units delivered.
  public var quantity: Double
  public var purchase: Double
  public var production: Double
  public var transport: Double
  public var duties: Double
  public var carbon: Double
  /// The marginal cost of one more unit (the landed cost); nil without duals.
  public var landedCost: Double?

  /// purchase + production + transport + duties + carbon.
  public var total: Double { purchase + production + transport + duties + carbon }
}

/// Traces the variable costs of the optimal flows to the customers by mass balance, as footprints
/// trace emissions (`Formulation.footprintSystem`): the cost carried by a unit at a node is what
/// was spent there plus the cost of what entered it, over what entered it.
///
/// Purchases are charged where they are bought, production to the outputs of the process in the
/// allocation shares footprints use, transport and duties to the lane's destination, carbon prices
/// to their source's node. Fixed costs and capex are not per unit and stay out.
struct DeliveredCosts {
  let formulation: Formulation
  let values: [Double]

  /// The components traced, one column each of the mass balance.
  static let components: [CostComponentID] = [.purchases, .production, .transport, .duties, .carbon]

  private func value(_ column: Int) -> Double {
    guard column >= 0, column < values.count, abs(values[column]) >= 1e-9 else { return 0 }
    return values[column]
  }

  func lines(landed: [LandedCostLine]) -> [DeliveredCostLine] {
    let scenario = formulation.scenario
    let index = formulation.index
    let periods = formulation.periods
    let products = index.productCount
    let quantities = formulation.periodQuantities(value)
    let (activities, purchases, flows) = (quantities.activities, quantities.purchases, quantities.flows)
    // What each period spends at each node, by component; sparse, as most nodes spend nothing.
    let width = Self.components.count
    var spent = Array(repeating: [Int: [Double]](), count: periods.count)
    func add(_ amount: Double, period: Int, node: Int, slot: Int) {
      spent[period][node, default: Array(repeating: 0, count: width)][slot] += amount
    }
    for component in formulation.components {
      guard let slot = Self.components.firstIndex(of: component.id) else { continue }
      for term in component.terms {
        guard let column = term.column, term.period < periods.count else { continue }
        let quantity = value(column)
        guard quantity != 0 else { continue }
        let amount = term.coefficient / formulation.discountFactors[term.period] * quantity
        switch formulation.columnMeanings[column] {
        case .activity(let process, let period):
          let shares = formulation.allocationShares(process, year: periods[period])
          let site = index.processSite[process]
          for (output, share) in zip(index.processOutputs[process], shares) where share > 0 {
            add(share * amount, period: term.period, node: site * products + output.product, slot: slot)
          }
        case .purchase(let offer, _):
          add(amount, period: term.period, node: index.purchaseSite[offer] * products + index.purchaseProduct[offer], slot: slot)
        case .flow(let flow):
          add(amount, period: term.period, node: index.laneTo[flow.lane] * products + flow.product, slot: slot)
        default:
          // Duties sit on origin parts of a flow and name the lane's destination and product.
          guard let product = term.product else { continue }
          add(amount, period: term.period, node: term.site * products + product, slot: slot)
        }
      }
    }
    var landedCost: [String: Double] = [:]
    for line in landed { landedCost["\(line.site)|\(line.product)|\(line.period)"] = line.cost }
    var lines: [DeliveredCostLine] = []
    for period in periods.indices {
      var servedAt: [Int: Double] = [:]
      var order: [Int] = []
      for demand in scenario.demand.indices where index.demandPeriod[demand] == period {
        let served = value(formulation.servedColumn[demand])
        guard served > 0 else { continue }
        let node = index.demandSite[demand] * products + index.demandProduct[demand]
        if servedAt[node] == nil { order.append(node) }
        servedAt[node, default: 0] += served
      }
      guard !order.isEmpty else { continue }
      // The same quantities and dependencies as footprints; only the right-hand sides differ.
      let flowsOnly = formulation.footprintSystem(
        period: period, activities: activities[period], purchases: purchases[period], flows: flows[period],
        categories: { _ in 0 }, columns: 1)
      var system = MassBalanceSystem(nodes: index.siteCount * products, columns: width)
      system.quantity = flowsOnly.quantity
      system.dependencies = flowsOnly.dependencies
      for (node, amounts) in spent[period] { system.rhs[node] = amounts }
      let (solution, _) = system.solve()
      for node in order {
        let site = scenario.sites[node / products].id.rawValue
        let product = scenario.products[node % products].id.rawValue
        let cost = solution[node]
        lines.append(
          DeliveredCostLine(
            site: site, product: product, period: periods[period], quantity: servedAt[node] ?? 0,
            purchase: cost[0], production: cost[1], transport: cost[2], duties: cost[3], carbon: cost[4],
            landedCost: landedCost["\(site)|\(product)|\(periods[period])"]))
      }
    }
    return lines
  }
}
