import FerriteScenarios
import FerriteStore
import Foundation
import Hummingbird

/// What a client sends to start a futures study (docs/futures.md): the futures file's text, whose
/// base is the stored scenario (a `base:` key is ignored) and whose variants are inline, and how
/// to solve it, as `ferrite futures` takes it.
struct FuturesRequest: Codable, Sendable {
  var yaml: String
  /// extensive, benders or auto (the default).
  var method: FuturesMethod?
  /// multi (the default) or single Benders cuts.
  var cuts: BendersCuts?

  /// The largest futures file a shared server takes.
  static let maximumBytes = 256 * 1024
}

/// Start a futures study on a stored scenario and read its answer.
struct FuturesRoutes: Sendable {
  let store: any ServerStore
  let runner: JobRunner
  let loader: ScenarioLoader
  /// The server's name, recorded on the jobs it runs.
  let instance: String

  var routes: [Route] {
    [
      Route(.post, "/api/scenarios/{id}/futures", role: .editor) { request, context in
        try await start(request, context)
      },
      Route(.get, "/api/jobs/{id}/futures", role: .viewer) { _, context in
        let id = try context.parameter("id")
        guard let job = try await store.job(id: id) else { throw APIError.notFound("job", id) }
        guard job.kind == "futures" else {
          throw APIError(.conflict, "not-futures", "job \(job.id) is a \(job.kind); read /api/jobs/\(job.id)/\(job.kind == "sweep" ? "sweep" : "plan")")
        }
        guard let result = try await store.result(ofJob: job.id) else {
          throw APIError(.conflict, "no-result", "job \(job.id) has no result (it is \(job.state.rawValue))")
        }
        return JSONResponse.data(result.plan)
      },
    ]
  }

  /// Checks the futures file against the scenario (every problem at once) and queues the study.
  func start(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let id = try context.parameter("id")
    guard let stored = try await store.scenario(id: id) else { throw APIError.notFound("scenario", id) }
    var request = request
    let body = try await request.collectBody(limit: FuturesRequest.maximumBytes + 4096, of: "a futures request")
    var solve = SolveRequest()
    let futures: FuturesRequest
    do {
      futures = try JSONResponse.decodeRequest(FuturesRequest.self, from: Data(body.readableBytesView))
      if body.readableBytes > 0 { solve = try JSONResponse.decodeRequest(SolveRequest.self, from: Data(body.readableBytesView)) }
    } catch {
      throw APIError.badRequest(
        "the body must be JSON like {\"yaml\": \"futures:\\n  - {name: low, probability: 0.5, variant: {changes: [...]}}\\n ...\", "
          + "\"method\": \"auto\", \"cuts\": \"multi\", \"timeLimit\": 600}; method is extensive, benders or auto, cuts multi or single")
    }
    solve.sweep = nil
    solve.futures = futures
    guard solve.problems.isEmpty else { throw APIError.badRequest(solve.problems.joined(separator: "; ")) }
    let check = try await loader.load(stored, store: store)
    guard let scenario = check.scenario else {
      throw APIError(
        .unprocessableContent, "invalid-scenario",
        "the scenario has \(check.errorCount) error(s); validate it to see them and fix them before a futures study")
    }
    // Every problem of the file and its variants now, not after minutes of solving.
    do {
      _ = try FuturesReader().parse(futures.yaml, file: "futures.yaml", base: scenario)
    } catch {
      throw APIError(.unprocessableContent, "invalid-futures", error.problems.joined(separator: "\n"))
    }
    let job = StoredJob(
      id: UUID().uuidString.lowercased(), scenarioId: stored.id, server: instance, options: try JSONResponse.encoder.encode(solve),
      createdAt: Date(), scenarioVersion: stored.version)
    try await store.insert(job)
    await runner.submit(job, scenario: scenario, request: solve)
    return try JSONResponse.make(JobBody(job), status: .accepted)
  }
}

extension StoredJob {
  /// "solve", "sweep" or "futures", from the request the job was started with.
  var kind: String {
    let request = try? JSONResponse.decoder.decode(SolveRequest.self, from: options)
    if request?.futures != nil { return "futures" }
    return request?.sweep != nil ? "sweep" : "solve"
  }
}
