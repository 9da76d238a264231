import FerritePlanner
import FerriteScenarios
import FerriteStore
import Foundation
import Hummingbird

/// Plans of finished jobs side by side: key figures with deltas against the first, and the flows
/// and decisions that changed most.
struct CompareRoutes: Sendable {
  let store: any ServerStore

  var routes: [Route] {
    [
      Route(.get, "/api/compare", role: .viewer) { request, _ in
        let ids = (request.query("jobs") ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
          .filter { !$0.isEmpty }
        guard (2...6).contains(ids.count) else {
          throw APIError.badRequest("name 2 to 6 finished jobs, base first: /api/compare?jobs=BASE,OTHER")
        }
        var names: [String] = []
        var stored: [Data] = []
        for id in ids {
          guard let job = try await store.job(id: id) else { throw APIError.notFound("job", id) }
          guard !job.isSweep else { throw APIError.badRequest("job \(id) is a sweep; compare solves of single scenarios") }
          guard let result = try await store.result(ofJob: id) else {
            throw APIError(.conflict, "no-result", "job \(id) has no result (it is \(job.state.rawValue))")
          }
          let scenario = try await store.scenario(id: job.scenarioId)
          names.append("\(scenario?.name ?? job.scenarioId) (\(id.prefix(8)))")
          stored.append(result.plan)
        }
        let (comparedNames, results) = (names, stored)
        let body = try await HeavyWork.run {
          let plans = try results.map { try JSONResponse.decoder.decode(Plan.self, from: $0) }
          return try JSONResponse.encoder.encode(Comparison(names: comparedNames, plans: plans, changeLimit: 15))
        }
        return JSONResponse.data(body)
      }
    ]
  }
}
