import FerriteModel
import FerritePlanner
import FerriteScenarios
import Foundation
import HiGHS
import Testing

/// One build decision under two demand futures (docs/futures.md).
///
/// A plant needs coil in 2026 (no discounting). It can buy it at 10 $/t or make it at 1 $/t on
/// modules of 10 t that cost 30 each (lifetime 1 year), at most 2. Demand is 2 t in future L and
/// 18 t in future H. The cost of each future with m modules:
///
///     m   L (2 t)          H (18 t)
///     0   2 x 10 = 20      18 x 10 = 180
///     1   30 + 2 = 32      30 + 10 + 8 x 10 = 120
///     2   60 + 2 = 62      60 + 18 = 78
///
/// With probabilities 1/2 and 1/2 the expected costs are 100, 76 and 70: RP = 70 with 2 modules.
/// Each future alone: L 20 (no module), H 78 (2 modules): WS = 49, EVPI = 21. The mean problem
/// (10 t) costs 100, 40, 70: it builds 1 module, which costs 76 on average: EEV = 76, VSS = 6. The
/// base (10 t) builds 1 module too: the plan gains 6 over it. Regret of the plan: L 42, H 0.
@Suite("Futures: one decision for many futures")
struct FuturesTests {
  static let base = """
    name: build under uncertain demand
    periods: [2026]
    discount_rate: 0
    products:
      - {id: coil}
    sites:
      - {id: plant, country: US, kind: steel-mill}
    processes:
      - {id: plant/line, site: plant, capacity: 0, variable_cost: 1}
    recipes:
      - {process: plant/line, role: output, product: coil, quantity: 1, principal: yes}
    purchases:
      - {id: spot, site: plant, product: coil, price: 10}
    demand:
      - {site: plant, product: coil, period: 2026, quantity: 10}
    capacity_options:
      - {id: module, site: plant, process: plant/line, module_size: 10, capex: 30, lifetime: 1, max_modules: 2}

    """

  static func study(_ risk: String, low: Double = 0.5) throws -> (FuturesStudy, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-futures-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(base.utf8).write(to: folder.appendingPathComponent("base.yaml"))
    let text = """
      name: two demands
      base: base.yaml
      \(risk)
      futures:
        - name: low
          probability: \(low)
          variant: {changes: ["demand: quantity = 2"]}
        - name: high
          probability: \(1 - low)
          variant: {changes: ["demand: quantity = 18"]}

      """
    try Data(text.utf8).write(to: folder.appendingPathComponent("futures.yaml"))
    return (try FuturesReader().read(folder.appendingPathComponent("futures.yaml").path), folder)
  }

  static func measure(_ result: FuturesResult, _ name: String) -> Double? {
    result.measures.first { $0.name == name }?.value
  }

  @Test("expected value: RP, WS, EVPI, EEV, VSS, regret and agreement match the hand derivation")
  func expectedValue() throws {
    let (study, folder) = try Self.study("risk: expected-value")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try StochasticPlanner(solver: HiGHSSolver()).solve(study)
    #expect(result.decisions.filter { $0.value > 0 }.map { "\($0.value) \($0.decision)" } == ["2.0 module modules online in 2026"])
    #expect(close(result.objective, 70))
    #expect(close(Self.measure(result, "RP"), 70))
    #expect(close(Self.measure(result, "WS"), 49))
    #expect(close(Self.measure(result, "EVPI"), 21))
    #expect(close(Self.measure(result, "EEV"), 76))
    #expect(close(Self.measure(result, "VSS"), 6))
    #expect(close(Self.measure(result, "value against the base plan"), 6))
    let regret = Dictionary(uniqueKeysWithValues: result.outcomes.map { ($0.future, $0.regret ?? -1) })
    #expect(close(regret["low"], 42) && close(regret["high"], 0), "\(regret)")
    #expect(result.robustness.map(\.agreeing) == [["high"]])
    #expect(result.robustness.first?.ownDecisions == ["low": "none", "high": "2 in 2026"])
    #expect(result.plans["low"]?.builds.first?.modules == 2)
  }

  /// With L at 0.6 and H at 0.4 the expected costs are 84, 67.2 and 68.4: the mean alone builds
  /// 1 module. CVaR at 0.5 averages the worst half of the outcomes: all of H (0.4) and 0.1 of L,
  /// so CVaR = 0.2 L + 0.8 H: 148, 102.4 and 74.8: 2 modules. The Rockafellar-Uryasev threshold η
  /// minimizes η + 2 (0.6 (L - η)+ + 0.4 (H - η)+), whose slope is -1 below L and +0.2 between L
  /// and H: η = L = 62, the value at risk.
  @Test("CVaR: the risk-averse plan builds more than the risk-neutral one; η is the value at risk")
  func conditionalValueAtRisk() throws {
    let (neutral, first) = try Self.study("risk: expected-value", low: 0.6)
    defer { try? FileManager.default.removeItem(at: first) }
    let expected = try StochasticPlanner(solver: HiGHSSolver()).solve(neutral)
    #expect(close(expected.objective, 67.2))
    #expect(expected.decisions.map(\.value) == [1])

    let (averse, second) = try Self.study("risk: cvar\ncvar_alpha: 0.5\ncvar_weight: 1", low: 0.6)
    defer { try? FileManager.default.removeItem(at: second) }
    let result = try StochasticPlanner(solver: HiGHSSolver()).solve(averse)
    #expect(close(result.objective, 74.8))
    #expect(result.decisions.map(\.value) == [2])
    #expect(close(Self.measure(result, "VaR"), 62))
    // The measures stay expected values: the CVaR plan costs 68.4 on average.
    #expect(close(Self.measure(result, "RP"), 68.4))
  }

  /// Regrets (L, H): no module 0 and 102, one module 12 and 42, two modules 42 and 0: the largest
  /// regret is at least 42 whatever is built, and 42 is reached with 1 or 2 modules.
  @Test("minimax regret: the largest regret is minimized")
  func minimaxRegret() throws {
    let (study, folder) = try Self.study("risk: minimax-regret")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try StochasticPlanner(solver: HiGHSSolver()).solve(study)
    #expect(close(result.objective, 42))
    #expect(close(result.outcomes.compactMap(\.regret).max(), 42))
  }

  @Test("a futures file's problems are reported together with their lines")
  func readerProblems() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-futures-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(Self.base.utf8).write(to: folder.appendingPathComponent("base.yaml"))
    let text = """
      base: base.yaml
      risk: cvr
      futures:
        - {name: low, probability: 0.5, variant: {changes: ["demand: quantity = 2"]}}
        - {name: high, probability: 0.45, variant: {changes: ["demand where site=nowhere: quantity = 18"]}}

      """
    try Data(text.utf8).write(to: folder.appendingPathComponent("futures.yaml"))
    #expect {
      _ = try FuturesReader().read(folder.appendingPathComponent("futures.yaml").path)
    } throws: { error in
      let text = "\(error)"
      return text.contains("futures.yaml:2: risk 'cvr'") && text.contains("sum to 0.95")
    }
  }
}

private func close(_ value: Double?, _ expected: Double, tolerance: Double = 1e-6) -> Bool {
  guard let value else { return false }
  return abs(value - expected) <= tolerance * max(1, abs(expected))
}

/// The shipped North America futures: whatever the numbers, the measures must keep their order.
@Suite("Futures: the North America example")
struct FuturesNorthAmericaTests {
  @Test("WS bounds RP, RP bounds the base plan's value, every regret is at least 0")
  func inequalities() async throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("examples/futures/north-america.yaml").path
    let study = try FuturesReader().read(path)
    #expect(study.futures.count >= 5 && study.futures.count <= 8)
    // Half a minute of solving on a thread of its own, not on one of the cooperative threads that
    // other tests' timeouts need.
    let result = try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try StochasticPlanner(solver: HiGHSSolver()).solve(study) }) }
    }
    #expect(result.objectiveSense == "maximize-profit")
    func measure(_ name: String) -> Double? { result.measures.first { $0.name == name }?.value }
    let rp = try #require(measure("RP")), ws = try #require(measure("WS")), base = try #require(measure("base plan"))
    let tolerance = 1e-6 * abs(rp)
    // Profit: perfect foresight can only do better, deciding for the base alone only worse.
    #expect(ws >= rp - tolerance)
    #expect(base <= rp + tolerance)
    #expect(try #require(measure("EVPI")) >= -tolerance)
    if let eev = measure("EEV") { #expect(eev <= rp + tolerance) }
    for outcome in result.outcomes {
      let regret = try #require(outcome.regret)
      #expect(regret >= -tolerance, "\(outcome.future)")
      #expect((outcome.objective ?? .infinity) <= (outcome.ownOptimum ?? -.infinity) + tolerance, "\(outcome.future)")
    }
    let expected = result.outcomes.reduce(0) { $0 + $1.probability * ($1.objective ?? 0) }
    #expect(abs(expected - rp) <= tolerance)
    #expect(result.tables.map(\.name).prefix(4) == ["decisions", "futures", "measures", "robustness"])
  }
}
