import ArgumentParser
import FerriteIO
import FerriteModel
import FerritePlanner
import FerriteScenarios
import FerriteStore
import FerriteWorker
import Foundation
import HiGHS

/// `ferrite sweep BASE --grid ... | --samples N`: solves many variants of a base and summarizes them.
struct SweepCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Solve a base scenario under many parameter values, in parallel, and summarize the spread.",
    discussion: """
      A parameter is TABLE[FILTER].COLUMN=VALUES to set a column or TABLE[FILTER].COLUMN*=VALUES to
      scale it; VALUES is a list (0.25,0.5), a uniform range U(0,150) or ±20% (scaling 0.8-1.2):

        ferrite sweep examples/north-america --grid 'demand.quantity*=0.8,1,1.2'
        ferrite sweep examples/north-america --samples 200 --seed 7 \\
          --parameter 'purchases[product=spodumene].price*=±40%' --parameter 'demand.quantity*=±20%'

      With --grid every combination runs; with --samples N, N runs draw each parameter at random
      (the same draws for a seed on any machine and any number of workers). When every parameter
      is a number the model can take in place (costs, prices, duty and carbon rates, quantities,
      capacities, caps, quotas, origin-share thresholds; docs/sweeps.md lists them), the model is built
      once and each run changes it in place and warm-starts from the base solution; --check compares
      that with rebuilding every run. Every run is stored in
      the results database (SQLite). --shard I/N runs only runs I, I+N, I+2N... (I from 0), for
      batch schedulers; see docs/sweeps.md.

      With --database postgres://..., the runs are queued for `ferrite worker` processes on any
      number of machines; this command shows their progress until every run is done. Stopping it
      (Ctrl-C) leaves the queue as it is: --resume ID shows the sweep again (and lets workers
      continue after --stop ID paused it).

      Exit codes: 0 success, 2 invalid base or parameters, 1 any other failure.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

  @Argument(help: "The base scenario: a folder or a single .yaml/.json file.") var base: String?
  @Option(name: .customLong("grid"), help: "A parameter with a list of values; every combination runs.")
  var grid: [String] = []
  @Option(name: .customLong("parameter"), help: "A parameter to draw at random (with --samples).")
  var sampled: [String] = []
  @Option(help: "Number of random runs; without it the grid runs.") var samples: Int?
  @Option(help: "Seed of the random draws.") var seed: UInt64 = 1
  @Option(help: "Worker threads (default: every core).") var workers: Int = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Run only shard I of N (I from 0): runs I, I+N, I+2N, ...") var shard: String?
  @Option(help: "Results database: a SQLite file.") var database: String = "ferrite-sweeps.sqlite"
  @Option(help: "Name of the sweep in the database.") var name: String?
  @Option(help: "Output format of the summary.") var format: Format = .table
  @Flag(help: "Build and solve every run from scratch (for benchmarks).") var cold = false
  @Flag(
    help: """
      Run the sweep warm, then every run again built and solved from scratch, and compare: times, \
      ratio, and whether each warm objective equals its cold one (relative 1e-9; exit 1 if not).
      """)
  var check = false
  @Option(help: "With a PostgreSQL database: show (and unpause) queued sweep ID instead of queuing a new one.")
  var resume: Int64?
  @Option(help: "With a PostgreSQL database: pause queued sweep ID (workers finish the runs they hold).")
  var stop: Int64?
  @Flag(help: "With a PostgreSQL database: queue the runs and exit without waiting.") var noWait = false

  var usesQueue: Bool { database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") }

  func validate() throws {
    if base == nil && resume == nil && stop == nil { throw ValidationError("Give the base scenario.") }
    if (resume != nil || stop != nil) && !usesQueue { throw ValidationError("--resume and --stop need a postgres:// --database.") }
    if grid.isEmpty && sampled.isEmpty && resume == nil && stop == nil { throw ValidationError("Give at least one --grid or --parameter.") }
    if !sampled.isEmpty && samples == nil { throw ValidationError("--parameter needs --samples N.") }
    if let samples, samples < 1 { throw ValidationError("--samples must be at least 1.") }
    if workers < 1 { throw ValidationError("--workers must be at least 1.") }
    if check && cold { throw ValidationError("--check runs both ways; leave out --cold.") }
    if let shard, Self.shard(shard) == nil { throw ValidationError("--shard must be I/N with 0 <= I < N, not '\(shard)'.") }
  }

  static func shard(_ text: String) -> (index: Int, count: Int)? {
    let parts = text.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 2, parts[1] > 0, (0..<parts[1]).contains(parts[0]) else { return nil }
    return (parts[0], parts[1])
  }

  /// The design of a sweep from its parameters as written, refused before it is built when it has
  /// more than `SweepDesign.commandLineMaximumRuns` runs.
  static func design(parameters texts: [String], samples: Int?, seed: UInt64) throws -> SweepDesign {
    try SweepDesign.parse(texts, samples: samples, seed: seed, maximumRuns: SweepDesign.commandLineMaximumRuns)
      .mapError { QueueError($0.description) }.get()
  }

  func run() async throws {
    if let stop {
      try await SweepQueue.with(url: database) { queue in try await queue.setStopped(stop, true) }
      print("sweep \(stop) paused; workers finish the runs they hold")
      return
    }
    if let resume { return try await follow(resume) }
    guard let base else { throw ValidationError("Give the base scenario.") }
    let scenario = try Variants.base(base)
    let design: SweepDesign
    do {
      design = try Self.design(parameters: grid + sampled, samples: samples, seed: seed)
    } catch {
      Variants.report("\(error)")
      throw ExitCode(2)
    }
    let parameters = design.parameters
    do {
      try design.checkFilters(on: scenario)
    } catch {
      Variants.report("\(error)")
      throw ExitCode(2)
    }
    var indices = Array(design.runs.indices)
    if let shard, let (index, count) = Self.shard(shard) { indices = design.indices(shard: index, of: count) }

    if usesQueue {
      let queued = QueuedSweep(name: name ?? scenario.settings.name, base: scenario, design: design, samples: samples, seed: seed)
      let selected = indices
      let id = try await SweepQueue.with(url: database) { queue in try await queue.enqueue(queued, indices: selected) }
      print("queued sweep \(id): \(indices.count) runs; start `ferrite worker --database \(database)` on any machine")
      fflush(nil)
      if noWait { return }
      return try await follow(id)
    }
    let sweep = try Sweep(base: scenario, design: design, solver: HiGHSSolver())
    let store = try SweepStore(path: database)
    let record = try store.insert(SweepRecord(
      name: name ?? scenario.settings.name, base: base, parameters: parameters.map(\.name).joined(separator: "\n"),
      runCount: design.runs.count, seed: samples == nil ? nil : Int64(bitPattern: seed)))
    let sweepID = record.id ?? 0
    try store.save([RunRecord(sweep.baseRun, sweep: sweepID)])

    let bar = ProgressBar(total: indices.count)
    let start = Date()
    let runs: [SweepRun]
    if cold {
      var collected: [SweepRun] = []
      for index in indices {
        collected.append(try sweep.rebuiltRun(index))
        bar.update(collected.count)
      }
      runs = collected
    } else {
      runs = try sweep.run(indices: indices, workers: workers, progress: { bar.update($0) })
    }
    bar.finish()
    try store.save(runs.map { RunRecord($0, sweep: sweepID) })
    let seconds = Date().timeIntervalSince(start)
    var verdict: SweepCheck? = nil
    if check {
      let coldBar = ProgressBar(total: indices.count)
      let coldStart = Date()
      var coldRuns: [SweepRun] = []
      for index in indices {
        coldRuns.append(try sweep.rebuiltRun(index))
        coldBar.update(coldRuns.count)
      }
      coldBar.finish()
      let coldSeconds = Date().timeIntervalSince(coldStart)
      let result = SweepCheck(warm: runs, cold: coldRuns)
      verdict = result
      let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "unknown"
      let way = sweep.isInPlace ? "warm, in place" : "rebuilt (\(sweep.rebuildReason ?? ""))"
      FileHandle.standardError.write(Data(String(
        format: "%@: %.2f s; cold: %.2f s; cold/warm %.1fx; load average %@\n%@\n",
        way, seconds, coldSeconds, coldSeconds / max(seconds, 1e-9), load, result.text).utf8))
    }
    let summary = SweepSummary(
      base: sweep.baseRun, runs: runs, parameters: parameters.map(\.name), design: samples == nil ? .grid : .samples)
    switch format {
    case .table:
      print(summary.text(), terminator: "")
      print(String(format: "\n%d runs in %.2f s (%.1f runs/s, %d workers); results in %@ (sweep %lld)",
        runs.count, seconds, Double(runs.count) / max(seconds, 1e-9), cold ? 1 : workers, database, sweepID))
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    }
    if let verdict, !verdict.passes { throw ExitCode(1) }
  }

  /// Shows a queued sweep's progress until every run is done, then its summary.
  func follow(_ id: Int64) async throws {
    let format = self.format
    let (queued, progress, records) = try await SweepQueue.with(url: database) { queue in
      try await queue.setStopped(id, false)
      guard let queued = try await queue.sweep(id) else { throw QueueError("no sweep \(id) in the queue") }
      var progress = try await queue.progress(id)
      let bar = ProgressBar(total: progress.total)
      while progress.done < progress.total {
        bar.update(progress.done)
        try await Task.sleep(for: .seconds(1))
        progress = try await queue.progress(id)
      }
      bar.update(progress.done)
      bar.finish()
      return (queued, progress, try await queue.results(id))
    }
    let scenario = try queued.base()
    let design = try queued.design()
    let sweep = try Sweep(base: scenario, design: design, solver: HiGHSSolver())
    let summary = SweepSummary(
      base: sweep.baseRun, runs: records.map(SweepRun.init), parameters: design.parameters.map(\.name),
      design: queued.samples == nil ? .grid : .samples)
    switch format {
    case .table:
      print(summary.text(), terminator: "")
      print("\nsweep \(id): \(progress.done) of \(progress.total) runs recorded")
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    }
  }
}

/// A progress bar with an ETA on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
  let total: Int
  let start = Date()
  let isTerminal = isatty(2) == 1
  let lock = NSLock()
  var lastDraw = Date.distantPast

  init(total: Int) { self.total = total }

  func update(_ done: Int) {
    guard isTerminal else { return }
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
    lastDraw = now
    let elapsed = now.timeIntervalSince(start)
    let fraction = total > 0 ? Double(done) / Double(total) : 1
    let width = 30
    let filled = Int(fraction * Double(width))
    let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
    let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
      + "\(done)/\(total) " + String(format: "%3.0f %%  elapsed %.0fs  ETA %.0fs ", fraction * 100, elapsed, eta)
    FileHandle.standardError.write(Data(line.utf8))
  }

  func finish() {
    guard isTerminal else { return }
    FileHandle.standardError.write(Data("\n".utf8))
  }
}
