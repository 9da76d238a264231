import FerriteModel
import FerritePlanner
import FerriteScenarios
import Foundation
import HiGHS
import LinearProgramming
import Testing

/// Benders decomposition of futures studies must reach the extensive form's optimum
/// (docs/formulation.md, "Futures: Benders").
@Suite("Futures: Benders decomposition against the extensive form")
struct FuturesBendersTests {
  /// Exact MILP solves on both sides, so that the two optima can be compared to 1e-6.
  static let exact = PlannerOptions(solve: SolveOptions(relativeMIPGap: 1e-9))

  static func planner(_ method: FuturesMethod, cuts: BendersCuts = .multi) -> StochasticPlanner {
    StochasticPlanner(solver: HiGHSSolver(), options: exact, method: method, cuts: cuts, workers: 2)
  }

  /// The hand case of FuturesTests: RP = 70 with 2 modules, whichever the cuts.
  @Test("the two-demand hand case: RP 70 with 2 modules, multi and single cuts", arguments: BendersCuts.allCases)
  func handCase(cuts: BendersCuts) throws {
    let (study, folder) = try FuturesTests.study("risk: expected-value")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try Self.planner(.benders, cuts: cuts).solve(study)
    #expect(result.statistics.method == "benders")
    #expect(result.statistics.cuts == cuts.rawValue)
    #expect(abs((result.objective ?? 0) - 70) < 1e-6)
    #expect(result.decisions.map(\.value) == [2])
    #expect(abs((result.measures.first { $0.name == "EVPI" }?.value ?? 0) - 21) < 1e-6)
  }

  /// CVaR and minimax regret need a value column per future: the hand optima 74.8 (2 modules,
  /// VaR 62) and 42 of FuturesTests; single cuts are refused with the reason.
  @Test("CVaR and minimax regret by Benders with multi cuts; single cuts refused")
  func riskMeasures() throws {
    let (averse, first) = try FuturesTests.study("risk: cvar\ncvar_alpha: 0.5\ncvar_weight: 1", low: 0.6)
    defer { try? FileManager.default.removeItem(at: first) }
    let cvar = try Self.planner(.benders).solve(averse)
    #expect(abs((cvar.objective ?? 0) - 74.8) < 1e-6)
    #expect(cvar.decisions.map(\.value) == [2])
    #expect(abs((cvar.measures.first { $0.name == "VaR" }?.value ?? 0) - 62) < 1e-6)

    let (regret, second) = try FuturesTests.study("risk: minimax-regret")
    defer { try? FileManager.default.removeItem(at: second) }
    #expect(abs((try Self.planner(.benders).solve(regret).objective ?? 0) - 42) < 1e-6)
    #expect {
      _ = try Self.planner(.benders, cuts: .single).solve(regret)
    } throws: { "\($0)".contains("single cuts") && "\($0)".contains("--cuts multi") }
  }

  /// With spot purchases limited to 5 t, future H (18 t, hard demand) needs 13 t made: 2 modules.
  /// Benders' first master proposes no module (only the futures' own optima bound it), H cannot
  /// be served, and a feasibility cut must push the master to 2 modules: 62 and 78, RP 70.
  @Test("a future that cannot be served gets a feasibility cut")
  func feasibilityCut() throws {
    let (study, folder) = try FuturesTests.study("risk: expected-value")
    defer { try? FileManager.default.removeItem(at: folder) }
    let limited = try #require(
      try VariantReader().parse("changes: [\"purchases: limit = 5\"]", file: "limit.yaml", name: "limit").apply(to: study.base))
    var constrained = study
    constrained.base = limited
    let result = try Self.planner(.benders).solve(constrained)
    #expect(abs((result.objective ?? 0) - 70) < 1e-6)
    #expect(result.decisions.map(\.value) == [2])
    #expect((result.statistics.cutCount ?? 0) >= 2)
  }

  /// Generated networks whose futures scale demand and purchase prices: Benders (both cuts) and
  /// the extensive form must agree on the optimum to 1e-6 and, where it is unique, on the builds.
  @Test("generated networks: Benders reaches the extensive form's optimum", arguments: [(3, UInt64(5)), (5, UInt64(11))])
  func generated(futures: Int, seed: UInt64) async throws {
    let base = SyntheticNetwork(size: SyntheticNetworkSize(sites: 6, customers: 8, products: 2, periods: 3), seed: seed).scenario()
    var list: [FuturesStudy.Future] = []
    for index in 0..<futures {
      let demand = 0.6 + 0.9 * Double(index) / Double(max(1, futures - 1))
      let price = 1.3 - 0.5 * Double(index) / Double(max(1, futures - 1))
      let text = "changes: [\"demand: quantity * \(demand)\", \"purchases: price * \(price)\"]"
      list.append(
        FuturesStudy.Future(
          name: "f\(index)", probability: 1 / Double(futures), variant: try VariantReader().parse(text, file: "f.yaml", name: "f\(index)")))
    }
    let study = FuturesStudy(name: "generated", base: base, futures: list)
    // Seconds of solving each: off the cooperative threads other tests' timeouts need.
    func solve(_ planner: StochasticPlanner) async throws -> FuturesResult {
      try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try planner.solve(study) }) }
      }
    }
    let extensive = try await solve(Self.planner(.extensive))
    let reference = try #require(extensive.objective)
    #expect(extensive.statistics.integerColumns > 0)
    for cuts in BendersCuts.allCases {
      let benders = try await solve(Self.planner(.benders, cuts: cuts))
      let objective = try #require(benders.objective)
      #expect(abs(objective - reference) <= 1e-6 * max(1, abs(reference)), "\(cuts): \(objective) against \(reference)")
      #expect((benders.statistics.iterations ?? 0) >= 1)
      // Same builds unless another set of builds is as good (then the expected cost of each is the same).
      if benders.decisions != extensive.decisions {
        let rp = benders.measures.first { $0.name == "RP" }?.value ?? .nan
        #expect(abs(rp - reference) <= 1e-6 * max(1, abs(reference)))
      }
    }
  }

  @Test("auto picks the extensive form (no crossover measured yet)")
  func automatic() throws {
    let (study, folder) = try FuturesTests.study("risk: expected-value")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try Self.planner(.auto).solve(study).statistics.method == "extensive")
  }
}
