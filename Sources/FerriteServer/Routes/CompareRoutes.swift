import FerritePlanner
import FerriteScenarios
import FerriteStore
import Foundation
import Hummingbird

/// Plans of finished jobs side by side: key figures with deltas against the first, the same year
/// by year, the flows that grew or shrank, delivered and landed costs and duties by customer, and
/// the flows and decisions that changed most. Every figure and delta comes from `Comparison`
/// (FerriteScenarios), which `ferrite compare` prints too.
struct CompareRoutes: Sendable {
  let store: any ServerStore

  /// One compared run as a planner names it.
  struct Run: Encodable, Sendable {
    var job: String
    var scenarioId: String
    var scenario: String
    /// The scenario a variant was made from, when the run's scenario is a variant.
    var base: String?
    /// The version of the scenario the run solved.
    var version: Int?
    /// When the run finished (ISO 8601).
    var finishedAt: Date?
    /// "scenario / variant / version N" (the base's name first for a variant), with the time of
    /// the run when two runs would otherwise share it.
    var label: String
  }

  /// The comparison with the runs it compares.
  struct Body: Encodable, Sendable {
    var runs: [Run]
    var comparison: Comparison

    func encode(to encoder: any Encoder) throws {
      try comparison.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(runs, forKey: .runs)
    }

    enum Keys: String, CodingKey { case runs }
  }

  var routes: [Route] {
    [
      Route(.get, "/api/compare", role: .viewer) { request, _ in
        let ids = (request.query("jobs") ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
          .filter { !$0.isEmpty }
        guard (2...6).contains(ids.count) else {
          throw APIError.badRequest("name 2 to 6 finished jobs, base first: /api/compare?jobs=BASE,OTHER")
        }
        guard Set(ids).count == ids.count else { throw APIError.badRequest("each job may appear once: \(ids.joined(separator: ","))") }
        var runs: [Run] = []
        var stored: [Data] = []
        for id in ids {
          guard let job = try await store.job(id: id) else { throw APIError.notFound("job", id) }
          guard !job.isSweep else {
            throw APIError.badRequest("job \(id) is a sweep; compare runs of single scenarios (open the sweep to see its runs)")
          }
          guard let result = try await store.result(ofJob: id) else {
            throw APIError(.conflict, "no-result", "job \(id) has no result (it is \(job.state.rawValue))")
          }
          let scenario = try await store.scenario(id: job.scenarioId)
          let name = scenario?.name ?? job.scenarioId
          var base: String?
          if let baseId = scenario?.baseId { base = try await store.scenario(id: baseId)?.name ?? baseId }
          let label = ([base, name].compactMap { $0 } + [job.scenarioVersion.map { "version \($0)" }].compactMap { $0 })
            .joined(separator: " / ")
          runs.append(
            Run(job: id, scenarioId: job.scenarioId, scenario: name, base: base, version: job.scenarioVersion, finishedAt: job.finishedAt,
              label: label))
          stored.append(result.plan)
        }
        Self.label(&runs)
        let (compared, results) = (runs, stored)
        let body = try await HeavyWork.run {
          let plans = try results.map { try JSONResponse.decoder.decode(Plan.self, from: $0) }
          let comparison = Comparison(names: compared.map(\.label), plans: plans, changeLimit: 15)
          return try JSONResponse.encoder.encode(Body(runs: compared, comparison: comparison))
        }
        return JSONResponse.data(body)
      }
    ]
  }

  /// Adds the time of the run (and, within one second, the job's id) to labels that appear more
  /// than once, so that no two runs carry the same name.
  static func label(_ runs: inout [Run]) {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "d MMM HH:mm:ss 'UTC'"
    let counts = Dictionary(runs.map { ($0.label, 1) }, uniquingKeysWith: +)
    for index in runs.indices where (counts[runs[index].label] ?? 0) > 1 {
      let time = runs[index].finishedAt.map { formatter.string(from: $0) } ?? "run " + runs[index].job.prefix(8)
      runs[index].label += ", run of " + time
    }
    // Runs of one version finished in the same second: the job's id tells them apart.
    let again = Dictionary(runs.map { ($0.label, 1) }, uniquingKeysWith: +)
    for index in runs.indices where (again[runs[index].label] ?? 0) > 1 { runs[index].label += " (job \(runs[index].job.prefix(8)))" }
  }
}
