import FerritePlanner
import FerriteStore
import Foundation
import HTTPTypes
import Hummingbird

/// Start solves as background jobs, follow them, cancel them and read their results.
struct JobRoutes: Sendable {
  let store: any ServerStore
  let runner: JobRunner
  let tables: ResultTables
  let loader: ScenarioLoader
  /// The server's name, recorded on the jobs it runs.
  let instance: String

  var routes: [Route] {
    [
      Route(.post, "/api/scenarios/{id}/solve", role: .editor) { request, context in
        try await start(request, context, isSweep: false)
      },
      Route(.post, "/api/scenarios/{id}/sweep", role: .editor) { request, context in
        try await start(request, context, isSweep: true)
      },
      Route(.get, "/api/jobs", role: .viewer) { request, _ in
        try JSONResponse.make(try await store.jobs(ofScenario: request.query("scenario")).map { JobBody($0) })
      },
      Route(.get, "/api/jobs/{id}", role: .viewer) { _, context in try JSONResponse.make(JobBody(try await job(context))) },
      Route(.post, "/api/jobs/{id}/cancel", role: .editor) { _, context in
        try JSONResponse.make(JobBody(try await runner.cancel(try await job(context))))
      },
      Route(.get, "/api/jobs/{id}/plan", role: .viewer) { _, context in
        let job = try await job(context)
        guard !job.isSweep else {
          throw APIError(.conflict, "sweep", "job \(job.id) is a sweep; read /api/jobs/\(job.id)/sweep")
        }
        guard let result = try await store.result(ofJob: job.id) else { throw noResult(job) }
        return JSONResponse.data(result.plan)
      },
      Route(.get, "/api/jobs/{id}/sweep", role: .viewer) { _, context in
        let job = try await job(context)
        guard job.isSweep else {
          throw APIError(.conflict, "not-a-sweep", "job \(job.id) solves one scenario; read /api/jobs/\(job.id)/plan")
        }
        guard let result = try await store.result(ofJob: job.id) else { throw noResult(job) }
        return JSONResponse.data(result.plan)
      },
      Route(.get, "/api/jobs/{id}/tables", role: .viewer) { _, context in
        let tables = try await resultTables(context)
        return try JSONResponse.make(tables.map { TableSummary(name: $0.name, rows: $0.rows.count, columns: $0.header) })
      },
      Route(.get, "/api/jobs/{id}/tables/{table}", role: .viewer) { request, context in
        let table = try await table(context)
        let offset = try request.integer("offset", default: 0, in: 0...Int(Int32.max))
        let limit = try request.integer("limit", default: 100, in: 1...1000)
        let rows = Array(table.rows.dropFirst(offset).prefix(limit))
        return try JSONResponse.make(
          TablePage(name: table.name, header: table.header, rows: rows, offset: offset, limit: limit, total: table.rows.count))
      },
      Route(.get, "/api/jobs/{id}/tables/{table}/csv", role: .viewer) { _, context in
        let table = try await table(context)
        var response = JSONResponse.data(Data(table.csv.utf8), contentType: "text/csv; charset=utf-8")
        if let disposition = HTTPField.Name("Content-Disposition") {
          response.headers[disposition] = "attachment; filename=\"\(table.name).csv\""
        }
        return response
      },
    ]
  }

  /// Queues a solve, or a sweep of many solves, of the scenario.
  func start(_ request: Request, _ context: BasicRequestContext, isSweep: Bool) async throws -> Response {
    let id = try context.parameter("id")
    guard let stored = try await store.scenario(id: id) else { throw APIError.notFound("scenario", id) }
    var request = request
    let body = try await request.collectBody(limit: 64 * 1024, of: isSweep ? "a sweep request" : "a solve request")
    var solve = SolveRequest()
    do {
      if isSweep {
        solve.sweep = try JSONResponse.decodeRequest(SweepRequest.self, from: Data(body.readableBytesView))
      } else if body.readableBytes > 0 {
        solve = try JSONResponse.decodeRequest(SolveRequest.self, from: Data(body.readableBytesView))
        solve.sweep = nil
      }
    } catch {
      throw APIError.badRequest(
        isSweep
          ? "the body must be JSON like {\"grid\": [\"demand.quantity*=0.8,1,1.2\"]} or {\"parameters\": [\"purchases.price*=±20%\"], \"samples\": 50, \"seed\": 7}"
          : "the body must be JSON like {\"timeLimit\": 60, \"mipGap\": 0.01}")
    }
    guard solve.problems.isEmpty else { throw APIError.badRequest(solve.problems.joined(separator: "; ")) }
    let check = try await loader.load(stored, store: store)
    guard let scenario = check.scenario else {
      throw APIError(
        .unprocessableContent, "invalid-scenario",
        "the scenario has \(check.errorCount) error(s); validate it to see them and fix them before solving")
    }
    // A filter that matches no row is caught now, not after the base is solved.
    if let sweep = solve.sweep, case .success(let design) = sweep.design() {
      do {
        try design.checkFilters(on: scenario)
      } catch {
        throw APIError.badRequest("\(error)")
      }
    }
    let job = StoredJob(
      id: UUID().uuidString.lowercased(), scenarioId: stored.id, server: instance, options: try JSONResponse.encoder.encode(solve),
      createdAt: Date(), scenarioVersion: stored.version)
    try await store.insert(job)
    await runner.submit(job, scenario: scenario, request: solve)
    return try JSONResponse.make(JobBody(job), status: .accepted)
  }

  func job(_ context: BasicRequestContext) async throws -> StoredJob {
    let id = try context.parameter("id")
    guard let job = try await store.job(id: id) else { throw APIError.notFound("job", id) }
    return job
  }

  func noResult(_ job: StoredJob) -> APIError {
    APIError(.conflict, "no-result", "job \(job.id) has no result (it is \(job.state.rawValue))")
  }

  func resultTables(_ context: BasicRequestContext) async throws -> [PlanTablesTable] {
    let job = try await job(context)
    guard let tables = try await tables.tables(of: job) else { throw noResult(job) }
    return tables
  }

  func table(_ context: BasicRequestContext) async throws -> PlanTablesTable {
    let name = try context.parameter("table")
    guard let table = try await resultTables(context).first(where: { $0.name == name }) else {
      throw APIError.notFound("table", name)
    }
    return table
  }
}

extension StoredJob {
  /// Whether the job is a sweep (its options carry the sweep's parameters).
  var isSweep: Bool {
    (try? JSONResponse.decoder.decode(SolveRequest.self, from: options))?.sweep != nil
  }
}
