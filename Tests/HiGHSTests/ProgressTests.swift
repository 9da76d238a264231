import Foundation
import HiGHS
import LinearProgramming
import Synchronization
import Testing

@Suite("HiGHS reports progress and stops when asked")
struct ProgressTests {
  /// A 0/1 multi-dimensional knapsack: 60 items, 8 capacity rows, weights and values from a fixed
  /// linear congruential sequence, presolve off, so that branch and bound has work to do.
  static func knapsack() -> LinearProgram {
    var state: UInt64 = 12_345
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double((state >> 33) % 1000) / 10 + 1
    }
    let items = 60
    let values = (0..<items).map { _ in next() }
    let rows = (0..<8).map { _ in (0..<items).map { _ in next() } }
    let capacities = rows.map { $0.reduce(0, +) / 3 }
    return denseProgram(
      .maximize, objective: values, rows: rows, rowLower: Array(repeating: -.infinity, count: rows.count),
      rowUpper: capacities, columnUpper: Array(repeating: 1, count: items), integer: Set(0..<items))
  }

  final class Reports: Sendable {
    let list = Mutex<[SolveProgress]>([])
  }

  @Test("a handler that says stop ends the solve as interrupted, after one report")
  func stop() throws {
    let reports = Reports()
    var options = SolveOptions(presolve: false)
    options.progress = { report in
      reports.list.withLock { $0.append(report) }
      return false
    }
    let result = try HiGHSSolver().solve(Self.knapsack(), options: options)
    #expect(result.termination == .interrupted)
    #expect(reports.list.withLock { $0.count } == 1)
  }

  @Test("a handler that lets the solve run sees it and the optimum is unchanged")
  func watch() throws {
    let reports = Reports()
    var options = SolveOptions(presolve: false)
    options.progress = { report in
      reports.list.withLock { $0.append(report) }
      return true
    }
    let watched = try HiGHSSolver().solve(Self.knapsack(), options: options)
    let plain = try HiGHSSolver().solve(Self.knapsack(), options: SolveOptions(presolve: false))
    #expect(watched.termination == .optimal)
    #expect(close(watched.objective, try #require(plain.objective)))
    let seen = reports.list.withLock { $0 }
    #expect(!seen.isEmpty)
    // Reports are at least half a second apart, and a MIP's gap, when known, is a fraction.
    for (earlier, later) in zip(seen, seen.dropFirst()) { #expect(later.seconds - earlier.seconds >= 0.5) }
    #expect(seen.allSatisfy { $0.gap.map { (0...1).contains($0) } ?? true })
  }
}
