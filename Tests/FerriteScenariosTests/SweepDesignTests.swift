import FerriteScenarios
import Testing

/// Sweep designs are sized from their parameters before anything is built.
@Suite("Sweep designs")
struct SweepDesignTests {
  @Test("the run count is the product of the grids, or the samples, and overflow is caught")
  func runCount() throws {
    let parameters = try ["demand.quantity*=0.8,1,1.2", "lanes.cost_per_unit=1,2"].map { try SweepParameter.parse($0).get() }
    #expect(SweepDesign.runCount(of: parameters, samples: nil) == 6)
    #expect(SweepDesign.runCount(of: parameters, samples: 40) == 40)
    // 300 values four times over is 8.1e9 runs; 65 parameters of 2 values overflow Int.
    let wide = try SweepParameter.parse("demand.quantity*=" + (1...300).map(String.init).joined(separator: ",")).get()
    #expect(SweepDesign.runCount(of: Array(repeating: wide, count: 4), samples: nil) == 8_100_000_000)
    let two = try SweepParameter.parse("demand.quantity*=1,2").get()
    #expect(SweepDesign.runCount(of: Array(repeating: two, count: 65), samples: nil) == nil)
  }

  @Test("a design over the limit is refused before it is built, every problem at once")
  func limits() throws {
    let grid = "demand.quantity*=" + (1...300).map(String.init).joined(separator: ",")
    switch SweepDesign.parse(Array(repeating: grid, count: 4), samples: nil, seed: 1, maximumRuns: 2_000) {
    case .success: Issue.record("a grid of 8.1e9 runs was accepted")
    case .failure(let problems): #expect(problems.description.contains("8100000000 runs"), "\(problems)")
    }
    switch SweepDesign.parse(["demand.quantity*=1", "nonsense"], samples: 100_000_000_000, seed: 1, maximumRuns: 2_000) {
    case .success: Issue.record("1e11 samples were accepted")
    case .failure(let problems):
      #expect(problems.problems.count == 2, "\(problems)")
      #expect(problems.description.contains("samples must be from 1 to 2000"))
    }
    let design = try SweepDesign.parse(["demand.quantity*=0.9,1.1"], samples: nil, seed: 1, maximumRuns: 2_000).get()
    #expect(design.runs.count == 2)
  }
}
