import FerriteModel
import LinearProgramming

/// The answer to a scenario: what to make, buy, ship and build, what it costs and why.
///
/// Money is in the scenario's currency. `amount` fields are in the money of their own period;
/// `discounted` fields are discounted to the first period, and those are what the objective adds.
public struct Plan: Sendable, Codable {
  /// Where the duals behind landed costs and shadow prices come from.
  public enum DualSource: String, Sendable, Codable {
    /// The LP's own duals.
    case linearProgram = "lp"
    /// The LP solved again with every integer decision fixed at its optimal value.
    case fixedIntegerLP = "lp-with-integer-decisions-fixed"
    /// No duals (no solution, or a MILP whose fixed LP was not solved).
    case none
  }

  public var scenario: String
  public var currency: String
  public var periods: [Year]
  public var termination: Termination
  /// Whether a primal solution exists (optimal, or the incumbent at a limit).
  public var hasSolution: Bool
  /// "minimize-cost" or "maximize-profit".
  public var objectiveSense: String
  /// The solver's objective: discounted cost, or discounted profit when maximizing.
  public var objective: Double?
  /// Discounted costs of every cost component together.
  public var totalCost: Double
  /// Discounted revenue of every revenue component: sales of priced demand and incentives (`KeyFigures`).
  public var revenue: Double
  public var isMixedInteger: Bool
  public var mipGap: Double?
  public var dualSource: DualSource
  public var components: [ComponentTotal]
  public var costs: [CostLine]
  public var production: [ProductionLine]
  public var flows: [FlowLine]
  public var purchases: [PurchaseLine]
  /// Co-products left unused.
  public var disposals: [DisposalLine]
  public var builds: [BuildLine]
  public var sites: [SiteLine]
  public var demand: [DemandLine]
  public var landedCosts: [LandedCostLine]
  /// Binding capacities with a positive value of one more unit, most valuable first.
  public var bottlenecks: [Bottleneck]
  public var statistics: PlanStatistics
  /// Why the scenario has no feasible plan, in business terms; nil when it has one.
  public var infeasibility: InfeasibilityExplanation?
  /// What the planner assumed that the user should know (a module limit reached, and such).
  public var warnings: [String]
  /// The warnings found reading the scenario (`file:line: warning: ...`), set by whoever read it;
  /// nil when nobody did (and in plans stored before the field existed).
  public var scenarioWarnings: [String]? = nil
  /// Emissions, carbon policy and product footprints; nil without a solution.
  public var carbon: CarbonResults? = nil
  /// Duties, quota use and origin-rule compliance; nil when the scenario has no trade rules.
  public var trade: TradeResults? = nil
  /// Objective, cost, revenue, profit, service and decisions as every report defines them.
  public var keyFigures: KeyFigures? = nil
  /// Production by route, utilization of binding capacities, delivered cost build-up and product
  /// chains (`PlanSeries`); nil in plans stored before the field existed.
  public var series: PlanSeries? = nil

  /// The discounted value of one component (0 when absent).
  public func total(of component: CostComponentID) -> Double {
    components.first { $0.component == component }?.discounted ?? 0
  }

  /// The cost of one more unit of `product` delivered to `site` in `period`, in that period's
  /// money; nil where nothing is demanded or the plan has no duals.
  public func landedCost(of product: Product.ID, at site: Site.ID, in period: Year) -> Double? {
    landedCosts.first { $0.site == site.rawValue && $0.product == product.rawValue && $0.period == period }?
      .cost
  }

  /// What one more unit of a capacity (`kind` "process", "lane", "site" or "modules", `subject` its
  /// id) is worth in `period` (nil for module limits); 0 when it does not bind.
  public func shadowPrice(_ kind: String, _ subject: String, in period: Year?) -> Double {
    bottlenecks.first { $0.kind == kind && $0.subject == subject && $0.period == period }?.shadowPrice ?? 0
  }
}

/// The discounted total of one cost component.
public struct ComponentTotal: Sendable, Codable, Equatable {
  public var component: CostComponentID
  public var isRevenue: Bool
  public var discounted: Double
}

/// A cost (or revenue) by component, period, site and product.
public struct CostLine: Sendable, Codable, Equatable {
  public var component: CostComponentID
  public var period: Year
  public var site: String
  public var product: String?
  /// In the period's own money.
  public var amount: Double
  public var discounted: Double
}

/// Activity of a process in a period against its capacity.
public struct ProductionLine: Sendable, Codable, Equatable {
  public var process: String
  public var site: String
  public var period: Year
  public var activity: Double
  /// Existing capacity plus modules alive.
  public var capacity: Double
  /// activity / capacity (0 when the capacity is 0).
  public var utilization: Double
  /// Units of each output made, by product id.
  public var outputs: [String: Double]
}

/// Units of a product shipped on a lane in a period.
public struct FlowLine: Sendable, Codable, Equatable {
  public var lane: String
  public var from: String
  public var to: String
  public var product: String
  public var period: Year
  public var quantity: Double
  public var unitCost: Double
}

/// Units bought under an offer in a period.
public struct PurchaseLine: Sendable, Codable, Equatable {
  public var offer: String
  public var site: String
  public var product: String
  public var period: Year
  public var quantity: Double
  public var price: Double
}

/// Units of a co-product left unused at a site in a period.
public struct DisposalLine: Sendable, Codable, Equatable {
  public var site: String
  public var product: String
  public var period: Year
  public var quantity: Double
}

/// Modules of a capacity option coming online in a period.
public struct BuildLine: Sendable, Codable, Equatable {
  public var option: String
  public var site: String
  public var process: String
  public var period: Year
  public var modules: Int
  /// Capacity the modules add while alive.
  public var addedCapacity: Double
}

/// Whether a candidate or closable site is open in a period.
public struct SiteLine: Sendable, Codable, Equatable {
  public var site: String
  public var status: String
  public var period: Year
  public var isOpen: Bool
}

/// A demand row and how much of it is served.
public struct DemandLine: Sendable, Codable, Equatable {
  public var site: String
  public var product: String
  public var period: Year
  public var quantity: Double
  public var served: Double
  public var unmet: Double
  public var isHard: Bool
}

/// The marginal cost of one more unit of a product at a customer in a period.
public struct LandedCostLine: Sendable, Codable, Equatable {
  public var site: String
  public var product: String
  public var period: Year
  /// In the period's own money, per unit.
  public var cost: Double
}

/// A binding capacity and what one more unit of it is worth.
public struct Bottleneck: Sendable, Codable, Equatable {
  /// "process", "lane", "site" or "modules".
  public var kind: String
  /// The process, lane, site or option id.
  public var subject: String
  /// nil for a horizon-wide module limit.
  public var period: Year?
  public var capacity: Double
  public var used: Double
  /// Objective improvement per unit of extra capacity, in the period's own money.
  public var shadowPrice: Double
  /// "louisiana/dri-eaf capacity in 2029".
  public var description: String
}

/// Size of the model and the effort of the solve.
public struct PlanStatistics: Sendable, Codable, Equatable {
  public var rows: Int
  public var columns: Int
  public var nonzeros: Int
  public var integerColumns: Int
  public var buildSeconds: Double
  public var solveSeconds: Double
  /// The re-solve of a MILP's LP with integer decisions fixed, for duals (0 for an LP).
  public var dualSolveSeconds: Double
  public var simplexIterations: Int
  public var nodes: Int
}
