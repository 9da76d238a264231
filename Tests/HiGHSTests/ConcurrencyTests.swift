import Dispatch
import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("HiGHS solves run concurrently")
struct ConcurrencyTests {
  /// Sixteen solves at once, each with its own instance: even ones are the transportation LP with
  /// costs scaled by k (optimum 360k), odd ones the knapsack with values scaled by k (90k).
  @Test("16 concurrent solves all give their own correct optimum")
  func sixteenAtOnce() throws {
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: 16) { index in
      let scale = Double(index + 1)
      let program =
        index.isMultiple(of: 2)
        ? Fixtures.transportation(costScale: scale) : Fixtures.knapsack(valueScale: scale)
      results.record(
        index,
        Result { () throws(SolverError) in
          try HiGHSSolver().solve(program, options: SolveOptions(threads: 1))
        })
    }
    for index in 0..<16 {
      let scale = Double(index + 1)
      let expected = index.isMultiple(of: 2) ? 360 * scale : 90 * scale
      let result = try #require(results.value(at: index)).get()
      #expect(result.hasOptimalSolution, "solve \(index)")
      #expect(close(result.objective, expected), "solve \(index)")
    }
  }
}

/// Results written from many threads, read after they finish.
private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Int: Result<SolveResult, SolverError>] = [:]

  func record(_ index: Int, _ result: Result<SolveResult, SolverError>) {
    lock.withLock { values[index] = result }
  }

  func value(at index: Int) -> Result<SolveResult, SolverError>? {
    lock.withLock { values[index] }
  }
}
