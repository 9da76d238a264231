import FerritePlanner
import FerriteScenarios
import FerriteStore
import Foundation
import Synchronization

/// The result tables of finished jobs, decoded once and kept in memory for paging.
final class ResultTables: Sendable {
  private let store: any ServerStore
  private let cache = Mutex<[String: [PlanTables.Table]]>([:])
  /// Jobs kept decoded at once; plans are small but there may be many.
  private let capacity = 32

  init(store: any ServerStore) { self.store = store }

  /// The tables of the plan (or sweep) of `job`, or nil when it has no result.
  func tables(of job: StoredJob) async throws -> [PlanTables.Table]? {
    let id = job.id
    if let cached = cache.withLock({ $0[id] }) { return cached }
    guard let result = try await store.result(ofJob: id) else { return nil }
    let isSweep = job.isSweep
    let tables = try await HeavyWork.run {
      isSweep
        ? Self.tables(try JSONResponse.decoder.decode(SweepOutcome.self, from: result.plan))
        : PlanTables(try JSONResponse.decoder.decode(Plan.self, from: result.plan)).tables
    }
    cache.withLock { cache in
      if cache.count >= capacity, let first = cache.keys.first { cache[first] = nil }
      cache[id] = tables
    }
    return tables
  }

  /// A sweep as two tables: every run with its inputs, figures and decisions, and the spread of
  /// each figure.
  static func tables(_ sweep: SweepOutcome) -> [PlanTables.Table] {
    func number(_ value: Double?) -> String { value.map { $0 == 0 ? "0" : "\($0)" } ?? "" }
    let all = [sweep.base] + sweep.runs
    let figures = Set(all.flatMap(\.figures.keys)).sorted()
    let decisions = Set(all.flatMap(\.decisions.keys)).sorted()
    let runs = PlanTables.Table(
      name: "runs",
      header: ["run"] + sweep.parameters + ["termination", "objective"] + figures + decisions + ["regret", "in_place", "seconds"],
      rows: all.map { run in
        [run.index < 0 ? "base" : String(run.index)] + sweep.parameters.map { number(run.inputs[$0]) }
          + [run.termination, number(run.objective)] + figures.map { number(run.figures[$0]) }
          + decisions.map { number(run.decisions[$0]) } + [number(run.regret), run.inPlace ? "yes" : "no", number(run.seconds)]
      })
    let spread = PlanTables.Table(
      name: "spread", header: ["figure", "base", "runs", "min", "p10", "median", "mean", "p90", "max"],
      rows: (sweep.summary.figures + [sweep.summary.regret].compactMap { $0 }).map {
        [$0.name, number($0.base), String($0.count), number($0.minimum), number($0.p10), number($0.median), number($0.mean),
         number($0.p90), number($0.maximum)]
      })
    let choices = PlanTables.Table(
      name: "decisions", header: ["decision", "value", "share_of_runs", "base"],
      rows: sweep.summary.decisions.flatMap { choice in
        choice.shares.map { [choice.name, number($0.value), number($0.fraction), number(choice.base)] }
      })
    return [runs, spread, choices]
  }

  func forget(jobs ids: [String]) {
    cache.withLock { cache in for id in ids { cache[id] = nil } }
  }
}

/// One page of a result table.
struct TablePage: Codable, Sendable {
  var name: String
  var header: [String]
  var rows: [[String]]
  var offset: Int
  var limit: Int
  var total: Int
}

/// A result table's name and size.
struct TableSummary: Codable, Sendable {
  var name: String
  var rows: Int
  var columns: [String]
}
typealias PlanTablesTable = PlanTables.Table
