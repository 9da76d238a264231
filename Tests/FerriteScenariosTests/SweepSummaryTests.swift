import FerriteScenarios
import Testing

/// Which statistics a sweep's summary gives: a grid's chosen points against samples' draws.
@Suite("Sweep summary")
struct SweepSummaryTests {
  static func run(_ index: Int, _ inputs: [String: Double], cost: Double, firstBuild: Double) -> SweepRun {
    SweepRun(
      index: index, inputs: inputs, termination: "optimal", objective: cost, figures: ["total cost": cost, "service level": 1],
      decisions: ["mill first build": firstBuild, "mill modules": firstBuild == 0 ? 0 : 1], regret: 0, inPlace: false,
      simplexIterations: 0, seconds: 0)
  }

  static let base = run(-1, [:], cost: 100, firstBuild: 2029)

  @Test("a 2 x 2 grid: no percentiles, one line per value of the second parameter, never built is a gap, years as years")
  func grid() {
    let a = "capacity_options[id=mill].earliest_period=2029,2031", b = "demand.quantity*=1,2"
    // Cost = 100 * quantity factor + 10 per year of delay; the mill is never built at factor 1 from 2031.
    let runs = [
      Self.run(0, [a: 2029, b: 1], cost: 100, firstBuild: 2029), Self.run(1, [a: 2029, b: 2], cost: 200, firstBuild: 2029),
      Self.run(2, [a: 2031, b: 1], cost: 120, firstBuild: 0), Self.run(3, [a: 2031, b: 2], cost: 220, firstBuild: 2031),
    ]
    let summary = SweepSummary(base: Self.base, runs: runs, parameters: [a, b], design: .grid)
    #expect(summary.design == .grid && summary.hasPercentiles == false && summary.histograms == nil)
    let grid = try? #require(summary.grid)
    #expect(grid?.x == a && grid?.by == b && grid?.xValues == [2029, 2031] && grid?.averagedOver == [])
    #expect(grid?.lines.map(\.value) == [1, 2])
    #expect(grid?.lines[0].values["total cost"] == [100, 120] && grid?.lines[1].values["total cost"] == [200, 220])
    #expect(grid?.lines[0].values["mill first build"] == [2029, nil] && grid?.lines[1].values["mill first build"] == [2029, 2031])
    let cost = summary.figures.first { $0.name == "total cost" }
    // Mean (100 + 200 + 120 + 220) / 4 = 160.
    #expect(cost?.minimum == 100 && cost?.maximum == 220 && cost?.mean == 160)
    let first = summary.decisions.first { $0.name == "mill first build" }
    #expect(first?.unit == "year" && first?.shares.map(\.value) == [0, 2029, 2031])
    let text = summary.text()
    #expect(text.hasPrefix("a grid of 4 runs") && !text.contains("p10") && !text.contains("median"))
    // Years as years, not "2.0 k" or "2,029"; 0 as never.
    #expect(text.contains("never: 25 %") && text.contains("2029: 50 %") && text.contains("2031: 25 %"))
    #expect(!text.contains("2,029") && !text.contains(" k"))
  }

  @Test("twelve samples: percentiles and a histogram whose bins were counted by hand; five samples: none")
  func samples() {
    let p = "demand.quantity*=±20%"
    let runs = (1...12).map { Self.run($0 - 1, [p: Double($0)], cost: Double($0), firstBuild: 2029) }
    let summary = SweepSummary(base: Self.base, runs: runs, parameters: [p], design: .samples)
    #expect(summary.hasPercentiles == true && summary.grid == nil)
    let histogram = summary.histograms?.first { $0.name == "total cost" }
    // sqrt(12) rounds to 3, raised to the minimum of 5 bins of (12 - 1) / 5 = 2.2: [1, 3.2) holds
    // 1, 2, 3; [3.2, 5.4) 4, 5; [5.4, 7.6) 6, 7; [7.6, 9.8) 8, 9; [9.8, 12] 10, 11, 12.
    #expect(histogram?.counts == [3, 2, 2, 2, 3])
    #expect(histogram?.edges.count == 6 && histogram?.edges.first == 1 && histogram?.edges.last == 12)
    let cost = summary.figures.first { $0.name == "total cost" }
    // Median of 1...12 is 6.5; P10 at position 1.1 is 2.1.
    #expect(cost.map { abs($0.median - 6.5) < 1e-12 && abs($0.p10 - 2.1) < 1e-12 } == true)
    #expect(summary.text().contains("p10"))

    let few = SweepSummary(base: Self.base, runs: Array(runs.prefix(5)), parameters: [p], design: .samples)
    #expect(few.hasPercentiles == false && few.histograms?.isEmpty == false && !few.text().contains("p10"))
  }

  @Test("every value the same: one bin, no division by zero")
  func flat() {
    let runs = (0..<10).map { Self.run($0, ["x": 1], cost: 50, firstBuild: 0) }
    let summary = SweepSummary(base: Self.base, runs: runs, parameters: ["x"], design: .samples)
    let histogram = summary.histograms?.first { $0.name == "total cost" }
    #expect(histogram?.counts == [10] && histogram?.edges == [50, 50])
  }
}
