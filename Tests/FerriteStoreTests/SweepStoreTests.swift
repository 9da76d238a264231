import FerriteStore
import Foundation
import Testing

@Suite("Sweep store (SQLite)")
struct SweepStoreTests {
  @Test("sweeps and runs round-trip through an in-memory database, a run saved twice is kept once")
  func roundTrip() throws {
    let store = try SweepStore()
    let sweep = try store.insert(SweepRecord(name: "duty", base: "examples/north-america", parameters: "a.b=1,2", runCount: 2, seed: 7))
    let id = try #require(sweep.id)
    let run = RunRecord(
      sweepId: id, runIndex: 0, inputs: ["a.b": 1], termination: "optimal", objective: 12.5,
      figures: ["total cost": 12.5], decisions: ["mill modules": 1], regret: 0.25, inPlace: true, simplexIterations: 3,
      seconds: 0.01)
    var second = run
    second.runIndex = 1
    second.objective = nil
    try store.save([run, second])
    try store.save([run])
    let runs = try store.runs(ofSweep: id)
    #expect(runs == [run, second])
    #expect(try store.sweeps().map(\.name) == ["duty"])
  }
}
