import FerriteIO
import FerriteModel
import FerritePlanner
import Foundation
import HiGHS
import LinearProgramming
import Testing

/// Mutations of the two-mills fixture that pass validation, solved with HiGHS: numbers anywhere in
/// their documented ranges (at the maxima, at zero, tiny, on a log scale), blank optional cells,
/// carbon prices, grid factors and duties at their limits. Every case must end in a definite outcome -
/// a plan (optimal or not), an infeasible plan with its explanation, or a `PlanningError` with a
/// message - without trapping and within the time limit.
@Suite("Solve fuzzing")
struct SolveFuzzTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("FerriteIOTests/Fixtures/two-mills")

  /// A deterministic generator (SplitMix64), so a failing case can be replayed from its round.
  struct Random: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// A value for `column` inside its range: a limit, zero, tiny, or log-uniform up to the maximum.
  static func value(for column: ColumnSchema, _ random: inout Random) -> String {
    let low = column.minimum ?? 0
    let high = column.maximum ?? 1e6
    let choice = Int.random(in: 0..<6, using: &random)
    var value: Double
    switch choice {
    case 0: value = high
    case 1: value = low
    case 2: value = max(low, 1e-9)
    case 3: value = high / 10
    default:
      let exponent = Double.random(in: -6...log10(max(high, 1e-6)), using: &random)
      value = min(high, max(low, pow(10, exponent)))
    }
    if column.minimumIsExclusive && value <= low { value = max(low * 2, 1e-6) }
    if column.kind == .integer { value = min(high, max(low, value.rounded(.down))) }
    return ColumnSchema.format(value)
  }

  /// The fixture's files with 1 to 3 numeric cells changed and, now and then, carbon tables added.
  static func mutated(_ base: [String: String], _ random: inout Random) -> [String: String] {
    var files = base
    for _ in 0..<Int.random(in: 1...3, using: &random) {
      let name = files.keys.filter { $0.hasSuffix(".csv") }.sorted().randomElement(using: &random) ?? "lanes.csv"
      guard let schema = ScenarioSchema.tables.first(where: { $0.fileName == name }),
        var lines = files[name]?.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
        lines.count > 1
      else { continue }
      let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let numeric = header.enumerated().filter { _, name in
        guard let kind = schema.column(name)?.kind else { return false }
        return kind == .number || kind == .integer
      }
      guard let (position, columnName) = numeric.randomElement(using: &random),
        let column = schema.column(columnName)
      else { continue }
      let row = Int.random(in: 1..<lines.count, using: &random)
      var cells = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard position < cells.count else { continue }
      // An optional cell may also go blank (no limit, no price).
      cells[position] =
        !column.isRequired && Bool.random(using: &random) && Bool.random(using: &random)
        ? "" : value(for: column, &random)
      lines[row] = cells.joined(separator: ",")
      files[name] = lines.joined(separator: "\n")
    }
    if Int.random(in: 0..<4, using: &random) == 0 {
      let price = ScenarioSchema.carbonPrices.column("price").map { value(for: $0, &random) } ?? "0"
      let factor = ScenarioSchema.gridFactors.column("factor").map { value(for: $0, &random) } ?? "0"
      files["carbon_prices.csv"] = "kind,jurisdiction,period,price\ninternal,,2026,\(price)\nemissions,US,2027,\(price)\n"
      files["grid_factors.csv"] = "country,period,factor\nUS,,\(factor)\nKR,,\(factor)\n"
    }
    if Int.random(in: 0..<4, using: &random) == 0 {
      // Duties at their limits on the Korean mill's coil (the heap-corruption reproducer had 1e100).
      let rate = ScenarioSchema.tariffRules.column("ad_valorem").map { value(for: $0, &random) } ?? "0"
      let specific = ScenarioSchema.tariffRules.column("specific").map { value(for: $0, &random) } ?? "0"
      files["tariff_rules.csv"] = "id,importer,hs_prefix,origin,ad_valorem,specific\nt1,US,72,KR,\(rate),\(specific)\n"
    }
    return files
  }

  @Test("300 valid mutations of two-mills solve to a definite outcome within the time limit")
  func mutatedTwoMills() async throws {
    var base: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: Self.fixture.path) {
      base[name] = try String(contentsOf: Self.fixture.appendingPathComponent(name), encoding: .utf8)
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-solve-fuzz-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var random = Random(state: 2026)
    var outcomes: [String: Int] = [:]
    var solved = 0
    var round = 0
    while solved < 300 && round < 2000 {
      // Give the cooperative threads back between cases: other tests' timeouts run on them.
      await Task.yield()
      round += 1
      let files = Self.mutated(base, &random)
      for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
        try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
      }
      for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
      let loaded = ScenarioReader().load(folder.path)
      guard loaded.isValid, let scenario = loaded.scenario else { continue }
      solved += 1
      var options = PlannerOptions()
      options.solve.timeLimit = 5
      let start = ContinuousClock.now
      // Planning errors are possible (the planner's own range check), but printed for a reader.
      do {
        let plan = try Planner(solver: HiGHSSolver()).solve(scenario, options: options)
        // Summaries format every figure of the plan: huge and tiny ones must print, not trap.
        let summary = PlanSummary(plan).text()
        #expect(!summary.isEmpty, "round \(round)")
        if plan.termination == .infeasible {
          #expect(plan.infeasibility != nil, "round \(round): infeasible without an explanation")
        }
        outcomes[plan.termination.rawValue, default: 0] += 1
      } catch {
        #expect(!error.problems.isEmpty && !error.description.isEmpty, "round \(round): empty error")
        outcomes["error: \(error.cause.rawValue)", default: 0] += 1
        print("round \(round): \(error.description.prefix(300))")
        // The scenario's ranges exist so that the planner's range check never fires on a valid scenario.
        #expect(!error.description.contains("come from the scenario's values"), "round \(round): \(error)")
      }
      let elapsed = ContinuousClock.now - start
      #expect(elapsed < .seconds(15), "round \(round): \(elapsed)")
    }
    #expect(solved == 300, "only \(solved) of \(round) mutations were valid")
    // Most cases still solve to optimality; the rest must be definite, never `notSolved`.
    #expect((outcomes["optimal"] ?? 0) > 150, "\(outcomes)")
    #expect(outcomes["notSolved"] == nil, "\(outcomes)")
    print("solve fuzzing outcomes: \(outcomes.sorted { $0.key < $1.key })")
  }
}
