import FerritePlanner
import FerriteStore
import Foundation
import Synchronization

/// The result tables of finished jobs, decoded once and kept in memory for paging.
final class ResultTables: Sendable {
  private let store: ServerStore
  private let cache = Mutex<[String: [PlanTables.Table]]>([:])
  /// Jobs kept decoded at once; plans are small but there may be many.
  private let capacity = 32

  init(store: ServerStore) { self.store = store }

  /// The tables of the plan of job `id`, or nil when it has no result.
  func tables(ofJob id: String) throws -> [PlanTables.Table]? {
    if let cached = cache.withLock({ $0[id] }) { return cached }
    guard let result = try store.result(ofJob: id) else { return nil }
    let plan = try JSONResponse.decoder.decode(Plan.self, from: result.plan)
    let tables = PlanTables(plan).tables
    cache.withLock { cache in
      if cache.count >= capacity, let first = cache.keys.first { cache[first] = nil }
      cache[id] = tables
    }
    return tables
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
