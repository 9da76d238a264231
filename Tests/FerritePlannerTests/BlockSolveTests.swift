import FerriteModel
import FerritePlanner
import HiGHS
import LinearProgramming
import Testing

@Suite("Generated networks solved in blocks")
struct BlockSolveTests {
  /// The LP `ferrite bench planner` measures: a generated network without capacity options, so no
  /// decision links one period to the next and each period is a block of its own.
  static func program(periods: Int, seed: UInt64, expansions: Bool = false) throws -> LinearProgram {
    var scenario = SyntheticNetwork(
      size: SyntheticNetworkSize(sites: 12, customers: 30, products: 2, periods: periods), seed: seed
    ).scenario()
    if !expansions { scenario.capacityOptions = [] }
    return try Formulation(scenario, options: PlannerOptions(namesInModel: false)).program()
  }

  @Test(
    "Without capacity options each period is a block; block-wise and whole solves agree to 1e-9",
    arguments: [(4, UInt64(1)), (6, UInt64(7))])
  func periodsAreBlocks(periods: Int, seed: UInt64) throws {
    let program = try Self.program(periods: periods, seed: seed)
    let blocks = ProgramBlocks(program, minimumSize: 0)
    #expect(blocks.groups.count >= periods, "at least one block per period")

    var split = SolveOptions(threads: 2)
    split.blocks = .on
    var whole = SolveOptions(threads: 1)
    whole.blocks = .off
    let parts = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(program, options: split)
    let one = try HiGHSSolver().solve(program, options: whole)
    #expect(parts.hasOptimalSolution && one.hasOptimalSolution)
    let a = try #require(parts.objective)
    let b = try #require(one.objective)
    #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "block-wise \(a), whole \(b)")
    #expect(parts.dual == .feasible && parts.rowDuals.count == program.rowCount)
    #expect(parts.columnValues.count == program.columnCount && parts.basis != nil)
    // The assembled solution is feasible for the whole program: every row within its bounds.
    for row in 0..<program.rowCount {
      let value = parts.rowValues[row]
      #expect(value >= program.rowLower[row] - 1e-6 * max(1, abs(value)), "row \(row)")
      #expect(value <= program.rowUpper[row] + 1e-6 * max(1, abs(value)), "row \(row)")
    }
    // Strong duality holds for the assembled duals: each dual times the bound it prices (the lower
    // one when it raises the objective of a minimization, the upper one otherwise) sums to the
    // primal objective.
    let minimizing = program.sense == .minimize
    func priced(_ dual: Double, lower: Double, upper: Double) -> Double {
      let bound = (dual > 0) == minimizing ? lower : upper
      return bound.isFinite ? dual * bound : 0
    }
    var dualObjective = program.objectiveOffset
    for row in 0..<program.rowCount where parts.rowDuals[row] != 0 {
      dualObjective += priced(parts.rowDuals[row], lower: program.rowLower[row], upper: program.rowUpper[row])
    }
    for column in 0..<program.columnCount where parts.reducedCosts[column] != 0 {
      dualObjective += priced(
        parts.reducedCosts[column], lower: program.columnLower[column], upper: program.columnUpper[column])
    }
    #expect(abs(dualObjective - a) <= 1e-6 * max(1, abs(a)), "dual \(dualObjective), primal \(a)")
  }

  @Test("With capacity options (a MILP) the planner's plan is the same solved in blocks or whole")
  func mixedIntegerPlan() throws {
    let program = try Self.program(periods: 3, seed: 3, expansions: true)
    var split = SolveOptions()
    split.blocks = .on
    var whole = SolveOptions()
    whole.blocks = .off
    let parts = try BlockSolver(solver: HiGHSSolver(), minimumBlockSize: 0).solve(program, options: split)
    let one = try HiGHSSolver().solve(program, options: whole)
    #expect(parts.termination == one.termination)
    let a = try #require(parts.objective)
    let b = try #require(one.objective)
    // Both stop at HiGHS's default relative gap (1e-4), so the optima agree within it.
    #expect(abs(a - b) <= 1e-4 * max(1, abs(b)), "block-wise \(a), whole \(b)")
  }
}
