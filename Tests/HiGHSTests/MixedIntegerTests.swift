import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("HiGHS solves mixed-integer programs")
struct MixedIntegerTests {
  let highs = HiGHSSolver()

  @Test("A 0/1 knapsack packs the best pair (derivation at Fixtures.knapsack)")
  func knapsack() throws {
    let result = try highs.solve(Fixtures.knapsack(), options: SolveOptions())
    #expect(result.hasOptimalSolution)
    #expect(close(result.objective, 90))
    #expect(close(result.columnValues, [0, 1, 0, 1]))
    #expect(close(result.dualBound, 90))
    #expect(result.mipGap.map { $0 <= 1e-6 } == true)
    // A MIP has no duals, reduced costs or basis to report.
    #expect(result.dual == .none)
    #expect(result.rowDuals.isEmpty)
    #expect(result.basis == nil)
  }

  /// Two candidate depots serve three customers (demand 30, 25, 35).
  ///
  ///                 open   capacity   to c1  c2  c3
  ///     depot 1      150        60        1   2   6
  ///     depot 2      120       100        5   3   1
  ///
  /// Depot 1 alone (60) cannot cover 90. Depot 2 alone: 120 + 30*5 + 25*3 + 35*1 = 380. Both:
  /// 270 + cheapest lanes 30*1 + 25*2 + 35*1 = 385 (depot 1 carries 55 <= 60). So only depot 2
  /// opens, at 380. Columns: open1 open2, then ship[depot][customer] row-major.
  @Test("A tiny capacitated facility location opens only the second depot")
  func facilityLocation() throws {
    let program = denseProgram(
      objective: [150, 120, 1, 2, 6, 5, 3, 1],
      rows: [
        [0, 0, 1, 0, 0, 1, 0, 0],  // customer 1 demand
        [0, 0, 0, 1, 0, 0, 1, 0],  // customer 2 demand
        [0, 0, 0, 0, 1, 0, 0, 1],  // customer 3 demand
        [-60, 0, 1, 1, 1, 0, 0, 0],  // depot 1 ships only when open, at most 60
        [0, -100, 0, 0, 0, 1, 1, 1],  // depot 2 ships only when open, at most 100
      ],
      rowLower: [30, 25, 35, -infinity, -infinity], rowUpper: [30, 25, 35, 0, 0],
      columnUpper: [1, 1] + Array(repeating: infinity, count: 6), integer: [0, 1])
    let result = try highs.solve(program, options: SolveOptions())
    #expect(result.hasOptimalSolution)
    #expect(close(result.objective, 380))
    #expect(close(result.columnValues, [0, 1, 0, 0, 0, 30, 25, 35]))
  }

  /// A warm start outside the bounds and off the integers is repaired to (0, 1, 0, 1), the optimum
  /// itself, so HiGHS starts with the incumbent 90 and must still report 90.
  ///
  /// The solver log shows that HiGHS checked the start and found nothing to complain about; the
  /// unrepaired values would break x1 >= 0, integrality and the capacity row.
  @Test("A MIP warm start is clamped to bounds and rounded before HiGHS sees it")
  func warmStartSolution() throws {
    let logPath = FileManager.default.temporaryDirectory
      .appendingPathComponent("ferrite-highs-\(UUID().uuidString).log").path
    defer { try? FileManager.default.removeItem(atPath: logPath) }
    var options = SolveOptions(log: .file(logPath))
    options.warmStartSolution = [-3, 1.2, 0.4, 7]
    let result = try highs.solve(Fixtures.knapsack(), options: options)
    #expect(result.hasOptimalSolution)
    #expect(close(result.objective, 90))
    let log = try String(contentsOfFile: logPath, encoding: .utf8)
    #expect(log.contains("Assessing feasibility of MIP"))
    #expect(!log.contains("WARNING"))
    #expect(!log.contains("cannot yield feasible solution"))
  }

  /// 120 items, 8 knapsack constraints, weights drawn from a fixed-seed generator and values
  /// correlated with weights: such multidimensional knapsacks take HiGHS seconds to prove
  /// optimal, far beyond 0.05 s.
  @Test("A hard MIP stops at the time limit")
  func timeLimit() throws {
    let result = try highs.solve(
      Self.hardKnapsack(items: 120, constraints: 8), options: SolveOptions(timeLimit: 0.05))
    #expect(result.termination == .timeLimit)
    #expect(!result.hasOptimalSolution)
    #expect(result.statistics.wallSeconds < 2)
  }

  static func hardKnapsack(items: Int, constraints: Int) -> LinearProgram {
    var state: UInt64 = 20_261_128
    func next(_ range: ClosedRange<Int>) -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(range.lowerBound + Int((state >> 33) % UInt64(range.count)))
    }
    let rows = (0..<constraints).map { _ in (0..<items).map { _ in next(1...1000) } }
    let values = (0..<items).map { item in
      rows.reduce(0) { $0 + $1[item] } / Double(constraints) + next(0...100)
    }
    return denseProgram(
      .maximize, objective: values, rows: rows,
      rowLower: Array(repeating: -infinity, count: constraints),
      rowUpper: rows.map { $0.reduce(0, +) / 2 },
      columnUpper: Array(repeating: 1, count: items), integer: Set(0..<items))
  }
}
