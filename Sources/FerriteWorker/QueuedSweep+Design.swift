import FerriteIO
import FerriteModel
import FerriteScenarios
import FerriteStore
import Foundation

extension QueuedSweep {
  /// A sweep of `base` to queue: the base written out whole (policy packs included), so every
  /// worker solves the same scenario, and the parameters as written, so every worker rebuilds the
  /// same design.
  public init(name: String, base: Scenario, design: SweepDesign, samples: Int?, seed: UInt64) {
    self.init(
      name: name, scenario: ScenarioWriter().yaml(base), parameters: design.parameters.map(\.name).joined(separator: "\n"),
      samples: samples, seed: Int64(bitPattern: seed), runCount: design.runs.count)
  }

  /// The design the sweep was queued with, rebuilt from its parameters.
  public func design() throws -> SweepDesign {
    let texts = parameters.split(separator: "\n").map(String.init)
    switch SweepDesign.parse(texts, samples: samples, seed: UInt64(bitPattern: seed), maximumRuns: SweepDesign.commandLineMaximumRuns) {
    case .success(let design): return design
    case .failure(let problems): throw QueueError("sweep \(id ?? 0) cannot be rebuilt: \(problems)")
    }
  }

  /// The base scenario as queued.
  public func base() throws -> Scenario {
    let loaded = ScenarioReader().load(document: Data(scenario.utf8), named: name)
    guard let scenario = loaded.scenario, loaded.isValid else {
      throw QueueError(
        "the base scenario of sweep \(id ?? 0) does not read back: "
          + loaded.diagnostics.map(\.description).joined(separator: "; "))
    }
    return scenario
  }
}
