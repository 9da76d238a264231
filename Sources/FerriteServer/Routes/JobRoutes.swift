import FerritePlanner
import FerriteStore
import Foundation
import HTTPTypes
import Hummingbird

/// Start solves as background jobs, follow them, cancel them and read their results.
struct JobRoutes: Sendable {
  let store: ServerStore
  let runner: JobRunner
  let tables: ResultTables

  var routes: [Route] {
    [
      Route(.post, "/api/scenarios/{id}/solve", role: .editor) { request, context in try await start(request, context) },
      Route(.get, "/api/jobs", role: .viewer) { request, _ in
        try JSONResponse.make(try store.jobs(ofScenario: request.query("scenario")).map { JobBody($0) })
      },
      Route(.get, "/api/jobs/{id}", role: .viewer) { _, context in try JSONResponse.make(JobBody(try job(context))) },
      Route(.post, "/api/jobs/{id}/cancel", role: .editor) { _, context in
        try JSONResponse.make(JobBody(try runner.cancel(try job(context))))
      },
      Route(.get, "/api/jobs/{id}/plan", role: .viewer) { _, context in
        let job = try job(context)
        guard let result = try store.result(ofJob: job.id) else { throw noResult(job) }
        return JSONResponse.data(result.plan)
      },
      Route(.get, "/api/jobs/{id}/tables", role: .viewer) { _, context in
        let tables = try resultTables(context)
        return try JSONResponse.make(tables.map { TableSummary(name: $0.name, rows: $0.rows.count, columns: $0.header) })
      },
      Route(.get, "/api/jobs/{id}/tables/{table}", role: .viewer) { request, context in
        let table = try table(context)
        let offset = try request.integer("offset", default: 0, in: 0...Int(Int32.max))
        let limit = try request.integer("limit", default: 100, in: 1...1000)
        let rows = Array(table.rows.dropFirst(offset).prefix(limit))
        return try JSONResponse.make(
          TablePage(name: table.name, header: table.header, rows: rows, offset: offset, limit: limit, total: table.rows.count))
      },
      Route(.get, "/api/jobs/{id}/tables/{table}/csv", role: .viewer) { _, context in
        let table = try table(context)
        var response = JSONResponse.data(Data(table.csv.utf8), contentType: "text/csv; charset=utf-8")
        if let disposition = HTTPField.Name("Content-Disposition") {
          response.headers[disposition] = "attachment; filename=\"\(table.name).csv\""
        }
        return response
      },
    ]
  }

  func start(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let id = try context.parameter("id")
    guard let stored = try store.scenario(id: id) else { throw APIError.notFound("scenario", id) }
    var request = request
    let body = try await request.collectBody(upTo: 64 * 1024)
    var solve = SolveRequest()
    if body.readableBytes > 0 {
      do {
        solve = try JSONResponse.decoder.decode(SolveRequest.self, from: Data(body.readableBytesView))
      } catch {
        throw APIError.badRequest("the body must be JSON like {\"timeLimit\": 60, \"mipGap\": 0.01}")
      }
    }
    guard solve.problems.isEmpty else { throw APIError.badRequest(solve.problems.joined(separator: "; ")) }
    let check = try ScenarioLoader().load(stored, store: store)
    guard let scenario = check.scenario else {
      throw APIError(
        .unprocessableContent, "invalid-scenario",
        "the scenario has \(check.errorCount) error(s); validate it to see them and fix them before solving")
    }
    let job = StoredJob(
      id: UUID().uuidString.lowercased(), scenarioId: stored.id, options: try JSONResponse.encoder.encode(solve),
      createdAt: Date())
    try store.insert(job)
    runner.submit(job, scenario: scenario, request: solve)
    return try JSONResponse.make(JobBody(job), status: .accepted)
  }

  func job(_ context: BasicRequestContext) throws -> StoredJob {
    let id = try context.parameter("id")
    guard let job = try store.job(id: id) else { throw APIError.notFound("job", id) }
    return job
  }

  func noResult(_ job: StoredJob) -> APIError {
    APIError(.conflict, "no-result", "job \(job.id) has no result (it is \(job.state.rawValue))")
  }

  func resultTables(_ context: BasicRequestContext) throws -> [PlanTablesTable] {
    let job = try job(context)
    guard let tables = try tables.tables(ofJob: job.id) else { throw noResult(job) }
    return tables
  }

  func table(_ context: BasicRequestContext) throws -> PlanTablesTable {
    let name = try context.parameter("table")
    guard let table = try resultTables(context).first(where: { $0.name == name }) else {
      throw APIError.notFound("table", name)
    }
    return table
  }
}
