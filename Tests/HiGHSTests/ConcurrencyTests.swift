import Dispatch
import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("HiGHS solves run concurrently")
struct ConcurrencyTests {
  /// Sixteen threads started together, each solving 25 times with a fresh instance per solve.
  ///
  /// Thread k alternates the transportation LP with costs scaled by k (optimum 360k) and the
  /// knapsack with values scaled by k (optimum 90k), so a result crossing threads would show as a
  /// wrong optimum.
  @Test("16 threads solving at once all get their own correct optimum")
  func sixteenAtOnce() throws {
    let threads = 16
    let solvesPerThread = 25
    let results = Results()
    let start = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for thread in 0..<threads {
      done.enter()
      Thread {
        defer { done.leave() }
        start.wait()
        let scale = Double(thread + 1)
        for solve in 0..<solvesPerThread {
          let isLP = solve.isMultiple(of: 2)
          let program =
            isLP ? Fixtures.transportation(costScale: scale) : Fixtures.knapsack(valueScale: scale)
          let expected = isLP ? 360 * scale : 90 * scale
          do {
            let result = try HiGHSSolver().solve(program, options: SolveOptions(threads: 1))
            let correct = result.hasOptimalSolution && close(result.objective, expected)
            if !correct {
              results.fail(
                "thread \(thread) solve \(solve): \(result.termination), \(result.objective ?? .nan)")
            }
          } catch {
            results.fail("thread \(thread) solve \(solve): \(error)")
          }
          results.count()
        }
      }.start()
    }
    for _ in 0..<threads { start.signal() }
    done.wait()
    #expect(results.failures.isEmpty, "\(results.failures)")
    #expect(results.solved == threads * solvesPerThread)
  }
}

/// Outcomes recorded from many threads, read after they finish.
private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var recordedFailures: [String] = []
  private var solves = 0

  func fail(_ message: String) { lock.withLock { recordedFailures.append(message) } }
  func count() { lock.withLock { solves += 1 } }
  var failures: [String] { lock.withLock { recordedFailures } }
  var solved: Int { lock.withLock { solves } }
}
