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

      Then, on the same model in the same run, each solve of --compare: `blocks` (the model's
      independent blocks solved apart, once per --block-threads count) and `simplex`, `ipm`,
      `pdlp` (the whole model with that method); each with its time (handing the model to HiGHS
      included), its speed-up over the whole model's solve above (to HiGHS + solve), and its
      objective's relative difference from it.
      """)

  @Option(help: "Customers of each size, comma-separated; supply sites are a fifth of that.")
  var customers = "200,2000,20000"
  @Option(help: "Finished products.") var products = 3
  @Option(help: "Periods.") var periods = 10
  @Option(help: "Random seed.") var seed: UInt64 = 1
  @Option(help: "Solves to compare with the whole model's: blocks, simplex, ipm, pdlp (comma-separated; '' for none).")
  var compare = "blocks"
  @Option(help: "Thread counts for the block-wise solve, comma-separated.") var blockThreads = "1,2"
  @Option(help: "Stop each compared solve after this many seconds.") var timeLimit: Double = 3600

  func run() async throws {
    let sizes = customers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else {
      throw ValidationError("--customers takes positive integers separated by commas")
    }
    let comparisons = try Comparison.parse(compare, threads: blockThreads)
    let header = ["customers", "columns", "rows", "nonzeros", "read", "build", "compress", "to HiGHS",
      "solve", "extract", "Ferrite %", "peak MiB"]
    var compared: [[String]] = []
    print(header.joined(separator: "\t"))
    for count in sizes.sorted() {
      let (row, program, whole) = try measure(customers: count)
      print(row.joined(separator: "\t"))
      for comparison in comparisons {
        compared.append(try comparison.measure(program, customers: count, against: whole, timeLimit: timeLimit))
      }
    }
    guard !compared.isEmpty else { return }
    print("")
    print(["customers", "solve", "blocks", "threads", "seconds", "speed-up", "termination", "objective rel. diff"]
      .joined(separator: "\t"))
    for row in compared { print(row.joined(separator: "\t")) }
  }

  private func measure(customers count: Int) throws -> ([String], LinearProgram, (SolveResult, Double)) {
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
    let row = [
      "\(count)", "\(program.columnCount)", "\(program.rowCount)", "\(program.matrix.nonzeroCount)",
      seconds(readSeconds), seconds(buildSeconds), seconds(compressSeconds), seconds(handSeconds),
      seconds(solveSeconds), seconds(extractSeconds), String(format: "%.1f", share),
      "\(ProcessMemory.peakResidentBytes >> 20)",
    ]
    return (row, program, (result, handSeconds + solveSeconds))
  }
}

/// One solve compared with the whole model's simplex solve of the same program.
private struct Comparison {
  var method: SolverMethod
  var blocks: Bool
  var threads: Int

  static func parse(_ list: String, threads: String) throws -> [Comparison] {
    let counts = try threads.split(separator: ",").map { text in
      guard let count = Int(text.trimmingCharacters(in: .whitespaces)), (1...256).contains(count) else {
        throw ValidationError("--block-threads takes thread counts from 1 to 256, not '\(text)'")
      }
      return count
    }
    return try list.split(separator: ",").flatMap { item -> [Comparison] in
      let name = item.trimmingCharacters(in: .whitespaces)
      if name == "blocks" { return counts.map { Comparison(method: .simplex, blocks: true, threads: $0) } }
      guard let method = SolverMethod(rawValue: name), method != .auto else {
        throw ValidationError("--compare takes blocks, simplex, ipm or pdlp, not '\(name)'")
      }
      return [Comparison(method: method, blocks: false, threads: 1)]
    }
  }

  /// Solves `program` this way and compares time and objective with `whole` (result, seconds).
  func measure(
    _ program: LinearProgram, customers: Int, against whole: (SolveResult, Double), timeLimit: Double
  ) throws -> [String] {
    var options = SolveOptions(timeLimit: timeLimit, threads: threads)
    options.method = method
    options.blocks = blocks ? .on : .off
    let (result, seconds) = try wallClock { try HiGHSSolver().solve(program, options: options) }
    var difference = "-"
    if let objective = result.objective, let reference = whole.0.objective {
      difference = String(format: "%.1e", abs(objective - reference) / max(1, abs(reference)))
    }
    let groups = blocks ? "\(ProgramBlocks(program, minimumSize: BlockSolver.defaultMinimumBlockSize).groups.count)" : "whole"
    return [
      "\(customers)", method.rawValue, groups, "\(threads)", String(format: "%.3f", seconds),
      String(format: "%.2f", whole.1 / seconds), result.termination.rawValue, difference,
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
