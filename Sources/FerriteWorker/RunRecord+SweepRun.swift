import FerriteScenarios
import FerriteStore

extension RunRecord {
  /// The stored form of `run` as a run of sweep `sweep`.
  public init(_ run: SweepRun, sweep: Int64) {
    self.init(
      sweepId: sweep, runIndex: run.index, inputs: run.inputs, termination: run.termination, objective: run.objective,
      figures: run.figures, decisions: run.decisions, regret: run.regret, inPlace: run.inPlace,
      simplexIterations: run.simplexIterations, seconds: run.seconds)
  }
}

extension SweepRun {
  /// The run a stored record holds.
  public init(_ record: RunRecord) {
    self.init(
      index: record.runIndex, inputs: record.inputs, termination: record.termination, objective: record.objective,
      figures: record.figures, decisions: record.decisions, regret: record.regret, inPlace: record.inPlace,
      simplexIterations: record.simplexIterations, seconds: record.seconds)
  }
}
