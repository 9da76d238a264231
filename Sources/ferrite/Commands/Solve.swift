import ArgumentParser
import FerriteIO
import FerriteModel
import FerritePlanner
import FerriteReports
import Foundation
import HiGHS
import LinearProgramming
import Synchronization

/// `ferrite solve SCENARIO`: builds the plan of a scenario and prints its summary.
struct Solve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find the optimal production, sourcing, shipping and capacity plan of a scenario.",
    discussion: """
      SCENARIO is a scenario folder or a single .yaml, .yml or .json file. The model is \
      described in docs/formulation.md.

      Warnings about the scenario are printed to stderr and listed in the JSON plan \
      (scenarioWarnings). --time-limit bounds the whole command: the MILP, the LP re-solve for \
      duals and the solves of a carbon price comparison share one deadline.

      Exit codes: 0 an optimal plan was found, 4 a plan was found but not proven optimal (the \
      time limit or Ctrl-C stopped the solver first, for the plan or a compared carbon price; the \
      plan is printed), 3 the scenario has no \
      feasible plan (the explanation is printed), 2 the scenario is invalid (including numbers \
      out of the solver's range), 1 usage error (bad arguments) or any other failure (such as \
      a time limit reached before any plan was found).
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
  }

  @Argument(help: "A scenario folder or a single .yaml/.json file.") var scenario: String
  @Option(help: "Output format: table (summary), json (the whole plan) or csv (every table).")
  var format: Format = .table
  @Option(help: "Write one CSV per result table and results.json into this folder, or every table into one Excel workbook when it ends in .xlsx.")
  var out: String?
  @Option(help: "Write the model to this .mps or .lp file before solving.") var writeModel: String?
  @Option(help: "Stop after this many seconds in all, every solve of the command included (exit code 4 if cut short).")
  var timeLimit: Double?
  @Option(help: "Stop a MILP once the relative gap is below this (0.01 = 1 %).") var mipGap: Double?
  @OptionGroup(title: "Solver") var solverFlags: SolverFlags
  @Option(help: "Write HiGHS's log to this file ('-' for standard output).") var solverLog: String?
  @Option(
    help: "How candidate and closable sites bound their flows: disaggregated (tighter) or aggregate (smaller); overrides options: facility_links."
  )
  var facilityLinks: String?
  @OptionGroup(title: "Carbon") var carbon: CarbonFlags

  func validate() throws {
    if let writeModel, ModelFileFormat(path: writeModel) == nil {
      throw ValidationError("--write-model must end in .mps or .lp, not '\(writeModel)'.")
    }
    if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be positive.") }
    if let mipGap, !(mipGap >= 0) { throw ValidationError("--mip-gap must be zero or positive.") }
    try solverFlags.check()
    try carbon.check()
    if let facilityLinks, FacilityLinks(rawValue: facilityLinks) == nil {
      throw ValidationError("--facility-links must be disaggregated or aggregate, not '\(facilityLinks)'.")
    }
  }

  func run() async throws {
    // From here until the solve ends, Ctrl-C stops the solver rather than the program.
    let interrupt = Interrupt.catching()
    defer { interrupt.release() }
    // Warnings go to stderr here and into the plan below; errors exit 2.
    let (read, scenarioWarnings) = try Variants.read(scenario)
    var loaded = read
    var options = PlannerOptions(
      solve: SolveOptions(timeLimit: timeLimit, relativeMIPGap: mipGap))
    solverFlags.apply(to: &options.solve)
    options.solve.computeInfeasibleSubset = true
    options.carbon = try carbon.options(for: loaded)
    options.facilityLinks = facilityLinks.flatMap(FacilityLinks.init(rawValue:))
    if let price = carbon.carbonPrice {
      loaded = CarbonPriceComparison.setting(internalPrice: price, in: loaded)
    }

    // One deadline for every solve of the command: the plan, its duals, the price comparison.
    options.solve.deadline = SolveOptions.deadline(afterSeconds: timeLimit)
    if let solverLog { options.solve.log = solverLog == "-" ? .console : .file(solverLog) }

    let latest = SolveWatch()
    options.solve.progress = { report in
      latest.report.withLock { $0 = report }
      // Ctrl-C stops the solver, which then ends `interrupted` with the best plan so far.
      return !interruptRequested.load(ordering: .relaxed)
    }
    let start = Date()
    let formulation: Formulation
    do {
      formulation = try Formulation(loaded, options: options)
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    let program = formulation.program()
    let buildSeconds = Date().timeIntervalSince(start)
    if let writeModel {
      try program.write(toFile: writeModel)
    }

    let planner = Planner(solver: HiGHSSolver())
    let progress = Progress.start(label: "solving \(program.rowCount) rows x \(program.columnCount) columns", watch: latest)
    let solving = Task.detached { () throws(PlanningError) -> Plan in
      try planner.solve(formulation, program: program, buildSeconds: buildSeconds)
    }
    let result = await solving.result
    interrupt.release()
    progress.stop()
    var plan: Plan
    switch result {
    case .success(let value): plan = value
    case .failure(let error):
      printError("\(error)")
      throw ExitCode((error as? PlanningError)?.cause == .scenario ? 2 : 1)
    }
    plan.scenarioWarnings = scenarioWarnings

    // Encoded once: a large plan's JSON takes a while.
    let json = out != nil || format == .json ? try Self.json(plan) : ""
    if let out { try write(plan, json: json, to: out) }
    if let folder = carbon.pact {
      try carbon.writeExchangeFiles(plan, scenario: loaded, company: options.carbon?.company, to: folder)
    }
    var comparisonCut = false
    switch format {
    case .table:
      print(PlanSummary(plan).text(width: 100), terminator: "")
      let prices = carbon.comparedPrices(loaded)
      if !prices.isEmpty {
        do {
          print(try carbon.priceComparison(loaded, prices: prices, options: options, width: 100), terminator: "")
        } catch let error as PlanningError {
          printError("carbon price comparison: \(error)")
          throw ExitCode(error.cause == .scenario ? 2 : 1)
        }
        // The comparison's solves share the deadline: once it has passed, some were cut short.
        if let deadline = options.solve.deadline, ContinuousClock.now >= deadline {
          comparisonCut = true
        }
      }
    case .json: print(json)
    case .csv:
      for table in PlanTables(plan).tables {
        print("# \(table.name).csv")
        print(table.csv)
      }
    }
    if plan.infeasibility != nil { throw ExitCode(3) }
    if !plan.hasSolution {
      printError("No plan: the solver stopped (\(plan.termination.rawValue)) before it found one.")
      throw ExitCode(1)
    }
    if plan.termination != .optimal {
      let gap = plan.mipGap.map { ", gap " + String(format: "%.3g %%", $0 * 100) } ?? ""
      printError("The plan is not proven optimal: the solver stopped (\(plan.termination.rawValue)\(gap)).")
      throw ExitCode(4)
    }
    if comparisonCut {
      printError("The time limit ended the carbon price comparison before every price was solved to optimality.")
      throw ExitCode(4)
    }
  }

  static func json(_ plan: Plan) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(plan), as: UTF8.self)
  }

  private func write(_ plan: Plan, json: String, to folder: String) throws {
    let url = URL(fileURLWithPath: folder, isDirectory: true)
    do {
      if url.pathExtension.lowercased() == "xlsx" {
        try PlanWorkbook.data(plan).write(to: URL(fileURLWithPath: folder), options: .atomic)
        return
      }
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      for table in PlanTables(plan).tables {
        try Data(table.csv.utf8).write(to: url.appendingPathComponent("\(table.name).csv"), options: .atomic)
      }
      try Data(json.utf8).write(to: url.appendingPathComponent("results.json"), options: .atomic)
    } catch {
      printError(
        "\(folder): cannot write the results: \(error.localizedDescription) (check that it is writable)")
      throw ExitCode(1)
    }
  }
}

private func printError(_ text: String) {
  Variants.report(text)
}

/// Set by the first Ctrl-C while a solve runs; the progress callback then stops the solver.
private let interruptRequested = Atomic<Bool>(false)

/// Ctrl-C during a solve: the first stops the solver (the best plan found so far is printed, exit
/// code 4), a second ends the program at once (exit 130).
private struct Interrupt {
  static func catching() -> Interrupt {
    signal(SIGINT) { _ in
      if interruptRequested.exchange(true, ordering: .relaxed) { _exit(130) }
    }
    return Interrupt()
  }

  /// Restores the default Ctrl-C (end the program) once the solve is over.
  func release() {
    signal(SIGINT, SIG_DFL)
  }
}

/// The solver's latest progress report, written from the solving thread.
private final class SolveWatch: Sendable {
  let report = Mutex<SolveProgress?>(nil)
}

/// An elapsed-time line on stderr while a long solve runs, with the best plan, bound and gap of a
/// MIP once it has one, only when stderr is a terminal.
private struct Progress {
  let task: Task<Void, Never>?

  static func start(label: String, watch: SolveWatch) -> Progress {
    guard isatty(STDERR_FILENO) != 0 else { return Progress(task: nil) }
    let start = Date()
    let task = Task.detached {
      // Quick solves print nothing; the line appears after one second.
      while !Task.isCancelled {
        try? await Task.sleep(nanoseconds: 1_000_000_000)
        if Task.isCancelled { break }
        let seconds = Int(Date().timeIntervalSince(start))
        var line = "\r\(label): \(seconds) s elapsed"
        if let report = watch.report.withLock({ $0 }), let best = report.bestObjective, let gap = report.gap {
          line += String(format: ", best %.6g, bound %.6g, gap %.2f %%", best, report.bound ?? .nan, gap * 100)
          if let nodes = report.nodes { line += ", \(nodes) nodes" }
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
      }
    }
    return Progress(task: task)
  }

  func stop() {
    guard let task else { return }
    task.cancel()
    // Clear the line.
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
