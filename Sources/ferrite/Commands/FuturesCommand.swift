import ArgumentParser
import FerritePlanner
import FerriteScenarios
import Foundation
import HiGHS
import LinearProgramming

/// `ferrite futures FILE`: the one set of decisions taken now that is best across weighted futures.
struct FuturesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "futures",
    abstract: "Find the one build plan that is best across weighted futures, and what the uncertainty costs.",
    discussion: """
      FILE names a base scenario and futures, each a variant with a probability (docs/futures.md). \\
      Builds and site openings (before decide_by, when given) are decided once for every future; \\
      everything else is planned per future. Prints the decisions, each future's outcome and own \\
      optimum, the measures RP, WS, EVPI, EEV and VSS, and in which futures each decision would be \\
      taken on its own.

      Exit codes: 0 a plan was found, 2 the futures file or a future is invalid, 3 no decision \\
      serves every future, 1 any other failure.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

  @Argument(help: "A futures .yaml file.") var file: String
  @Option(help: "Output format: table (summary) or json.") var format: Format = .table
  @Option(help: "Write the answer's tables and every future's plan tables (with a future column) as CSV into this folder.")
  var out: String?
  @Option(help: "Stop each solve after this many seconds.") var timeLimit: Double?
  @Option(help: "Stop a MILP once the relative gap is below this (0.01 = 1 %).") var mipGap: Double?
  @Option(help: "extensive (one program), benders (decomposition on the decisions taken now) or auto (the extensive form until a crossover is measured; docs/futures.md).")
  var method: FuturesMethod = .auto
  @Option(help: "Benders cuts: multi (one per future and iteration) or single (aggregated; expected value only).")
  var cuts: BendersCuts = .multi
  @Option(help: "Benders: futures solved at once, each on its own thread (default: one per core).")
  var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
  @OptionGroup(title: "Solver") var solverFlags: SolverFlags

  func validate() throws {
    try solverFlags.check()
    if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be positive.") }
    if let mipGap, !(mipGap >= 0) { throw ValidationError("--mip-gap must be zero or positive.") }
    if !(1...256).contains(workers) { throw ValidationError("--workers must be from 1 to 256.") }
  }

  func run() throws {
    let study: FuturesStudy
    do {
      study = try FuturesReader().read(file)
    } catch {
      Variants.report("\(error)")
      throw ExitCode(2)
    }
    var options = PlannerOptions(solve: SolveOptions(timeLimit: timeLimit, relativeMIPGap: mipGap))
    options.solve.computeInfeasibleSubset = true
    solverFlags.apply(to: &options.solve)
    let result: FuturesResult
    do {
      result = try StochasticPlanner(solver: HiGHSSolver(), options: options, method: method, cuts: cuts, workers: workers).solve(study)
    } catch {
      Variants.report("\(error)")
      throw ExitCode(error.problems.contains { $0.contains("no decision taken now") || $0.contains("no feasible plan") } ? 3 : 1)
    }
    if let out {
      let folder = URL(fileURLWithPath: out, isDirectory: true)
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for table in result.tables {
          try Data(table.csv.utf8).write(to: folder.appendingPathComponent("\(table.name).csv"), options: .atomic)
        }
        try result.json().write(to: folder.appendingPathComponent("futures.json"), options: .atomic)
      } catch {
        Variants.report("\(out): cannot write the results: \(error.localizedDescription) (check that it is writable)")
        throw ExitCode(1)
      }
    }
    switch format {
    case .table: print(result.text(), terminator: "")
    case .json: print(String(decoding: try result.json(), as: UTF8.self))
    }
  }
}

extension FuturesMethod: ExpressibleByArgument {}
extension BendersCuts: ExpressibleByArgument {}
