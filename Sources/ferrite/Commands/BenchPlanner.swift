import ArgumentParser
import FerriteIO
import FerriteModel
import FerritePlanner
import Foundation
import HiGHS
import LinearProgramming

/// `ferrite bench planner`: time and memory of each phase on generated scenarios of growing size.
struct BenchPlanner: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "planner",
    abstract: "Time each planner phase (read, build, compress, hand to HiGHS, solve, extract).",
    discussion: """
      Generates scenarios of growing size with `ferrite generate`'s network (capacity options
      removed, so each is an LP), writes each to a temporary folder, then times reading it back,
      building the formulation, compressing the matrix, handing it to HiGHS, solving (1 thread) and
      reading the plan. Times are wall-clock; run on a quiet machine.
      """)

  @Option(help: "Customers of each size, comma-separated; supply sites are a fifth of that.")
  var customers = "200,2000,20000"
  @Option(help: "Finished products.") var products = 3
  @Option(help: "Periods.") var periods = 10
  @Option(help: "Random seed.") var seed: UInt64 = 1

  func run() async throws {
    let sizes = customers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else {
      throw ValidationError("--customers takes positive integers separated by commas")
    }
    let header = ["customers", "columns", "rows", "nonzeros", "read", "build", "compress", "to HiGHS",
      "solve", "extract", "Ferrite %", "peak MiB"]
    print(header.joined(separator: "\t"))
    for count in sizes.sorted() {
      print(try measure(customers: count).joined(separator: "\t"))
    }
  }

  private func measure(customers count: Int) throws -> [String] {
    let size = SyntheticNetworkSize(
      sites: max(3, count / 5), customers: count, products: products, periods: periods)
    var scenario = SyntheticNetwork(size: size, seed: seed).scenario()
    scenario.capacityOptions = []
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ferrite-bench-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try ScenarioWriter().write(scenario, to: folder)

    var options = PlannerOptions(dualsForMixedInteger: false, namesInModel: false)
    options.solve.threads = 1
    let (read, readSeconds) = try wallClock { try ScenarioReader().read(folder) }
    let (formulation, buildSeconds) = try wallClock { try Formulation(read, options: options) }
    let (program, compressSeconds) = wallClock { formulation.program() }
    let (session, handSeconds) = try wallClock { try HiGHSSession(program, options: options.solve) }
    let (result, solveSeconds) = try wallClock { try session.solve() }
    let (plan, extractSeconds) = try wallClock {
      try Planner(solver: Replay(result: result)).solve(formulation, program: program)
    }
    guard plan.hasSolution else { throw ValidationError("the generated scenario did not solve: \(plan.termination)") }
    let own = readSeconds + buildSeconds + compressSeconds + handSeconds + extractSeconds
    let share = 100 * own / (own + solveSeconds)
    func seconds(_ value: Double) -> String { String(format: "%.3f", value) }
    return [
      "\(count)", "\(program.columnCount)", "\(program.rowCount)", "\(program.matrix.nonzeroCount)",
      seconds(readSeconds), seconds(buildSeconds), seconds(compressSeconds), seconds(handSeconds),
      seconds(solveSeconds), seconds(extractSeconds), String(format: "%.1f", share),
      "\(ProcessMemory.peakResidentBytes >> 20)",
    ]
  }
}

/// A solver that answers with a result already computed, so reading the plan can be timed alone.
private struct Replay: Solver {
  let result: SolveResult

  func solve(_ program: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult { result }
}

/// Wall-clock seconds taken by `body`.
private func wallClock<T>(_ body: () throws -> T) rethrows -> (T, Double) {
  let start = DispatchTime.now().uptimeNanoseconds
  let value = try body()
  return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
