import FerriteModel
import FerritePlanner
import Foundation

/// A folder of PACT ProductFootprints for a plan: `pact-v2/` and `pact-v3/`, one JSON file per
/// delivery, each checked against the PACT data model before it is written.
public enum ProductFootprintFolder {
  /// A document that breaks a rule of the PACT data model; it is written all the same.
  public struct Problem: Sendable, CustomStringConvertible {
    public var file: String
    public var messages: [String]
    public var description: String { "\(file): " + messages.joined(separator: "; ") }
  }

  /// Writes every version's documents into `folder` (created when missing) and returns the
  /// conformance problems found. `company` declares the footprints (nil: the network).
  public static func write(
    _ plan: Plan, scenario: Scenario, company: Company.ID?, to folder: URL, created: Date = Date()
  ) throws -> [Problem] {
    guard plan.carbon != nil else { return [] }
    var problems: [Problem] = []
    for version in PACTVersion.allCases {
      let directory = folder.appendingPathComponent(version == .v2 ? "pact-v2" : "pact-v3", isDirectory: true)
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let export = ProductFootprintExport(
        scenario: scenario, plan: plan, version: version, company: company, created: created)
      for document in export.documents() {
        let name =
          "\(document.referenceYear)_\(document.productId.split(separator: ":").last ?? "")_\(document.id).json"
        let found = PACTConformance.problems(in: document.jsonObject(), version: version)
        if !found.isEmpty { problems.append(Problem(file: "\(directory.lastPathComponent)/\(name)", messages: found)) }
        try document.json().write(to: directory.appendingPathComponent(name), options: .atomic)
      }
    }
    return problems
  }
}
