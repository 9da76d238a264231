import FerritePlanner
import FerriteReports
import FerriteStore
import Foundation
import HTTPTypes
import Hummingbird

/// A finished plan as one Excel workbook: its key figures, then every table of the plan
/// (`PlanWorkbook`, the same file `ferrite solve --out plan.xlsx` writes).
struct WorkbookRoutes: Sendable {
  let store: any ServerStore

  var routes: [Route] {
    [
      Route(.get, "/api/jobs/{id}/workbook", role: .viewer) { _, context in
        let id = try context.parameter("id")
        guard let job = try await store.job(id: id) else { throw APIError.notFound("job", id) }
        guard !job.isSweep else {
          throw APIError(.conflict, "sweep", "job \(id) is a sweep; its tables download as CSV from /api/jobs/\(id)/tables")
        }
        guard let result = try await store.result(ofJob: id) else {
          throw APIError(.conflict, "no-result", "job \(id) has no result (it is \(job.state.rawValue))")
        }
        let stored = result.plan
        let (data, name) = try await HeavyWork.run {
          let plan = try JSONResponse.decoder.decode(Plan.self, from: stored)
          return (try PlanWorkbook.data(plan), plan.scenario)
        }
        var response = JSONResponse.data(
          data, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if let disposition = HTTPField.Name("Content-Disposition") {
          response.headers[disposition] = "attachment; filename=\"\(Self.fileName(name)).xlsx\""
        }
        return response
      }
    ]
  }

  /// A file name from a scenario name: letters, digits, '-' and '_' only (nothing that could end
  /// the header's quoted string), "plan" when none is left.
  static func fileName(_ scenario: String) -> String {
    let kept = String(scenario.unicodeScalars.map { scalar -> Character in
      CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? Character(scalar) : "-"
    })
    let trimmed = kept.split(separator: "-").joined(separator: "-").lowercased()
    return trimmed.isEmpty ? "plan" : String(trimmed.prefix(60))
  }
}
