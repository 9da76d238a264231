import FerriteIO
import FerriteModel
import Foundation

/// One number a sweep varies: a column of the rows a filter selects, set to a value or scaled.
///
/// Written `TABLE[FILTER].COLUMN=VALUES` to set and `TABLE[FILTER].COLUMN*=VALUES` to scale, where
/// VALUES is a grid `0.25,0.5`, a uniform range `U(0,150)`, or `±20%` (scaling, uniform 0.8-1.2):
///
///     tariff_rules[id=us-s232-steel-25].ad_valorem=0.25,0.5
///     purchases[product=spodumene].price*=±40%
///     carbon_prices.price=U(0,150)
public struct SweepParameter: Sendable, Equatable, CustomStringConvertible {
  public enum Values: Sendable, Equatable {
    case grid([Double])
    case uniform(low: Double, high: Double)
  }

  /// The parameter as written.
  public var name: String
  public var table: Table
  public var filter: RowFilter
  public var column: String
  /// Whether values multiply the base's cells rather than replace them.
  public var scales: Bool
  public var values: Values

  public var description: String { name }

  /// Parses a parameter; the problem names what is wrong with it.
  public static func parse(_ text: String) -> Result<SweepParameter, VariantProblem> {
    // The assignment follows the filter, which may hold '=' itself.
    let searchStart = text.lastIndex(of: "]") ?? text.startIndex
    let tail = text[searchStart...]
    let scales = tail.contains("*=")
    guard let equals = tail.range(of: scales ? "*=" : "=") else {
      return .failure(VariantProblem("'\(text)' has no '=' or '*='", fix: "write demand.quantity*=0.8,1,1.2"))
    }
    var target = String(text[..<equals.lowerBound]).trimmingCharacters(in: .whitespaces)
    let valueText = String(text[equals.upperBound...]).trimmingCharacters(in: .whitespaces)
    guard let dot = target.range(of: ".", options: .backwards) else {
      return .failure(VariantProblem("'\(target)' names no column", fix: "write TABLE[FILTER].COLUMN"))
    }
    let column = String(target[dot.upperBound...])
    target = String(target[..<dot.lowerBound])
    var filterText = ""
    if let open = target.firstIndex(of: "["), target.hasSuffix("]") {
      filterText = String(target[target.index(after: open)..<target.index(before: target.endIndex)])
      target = String(target[..<open])
    }
    let schema: TableSchema
    switch VariantReader.schema(named: target) {
    case .success(let found): schema = found
    case .failure(let error): return .failure(error)
    }
    guard let columnSchema = schema.column(column) else {
      return .failure(VariantProblem(
        "table '\(schema.name)' has no column '\(column)'", fix: Suggestion.fix(for: column, among: schema.columns.map(\.name))))
    }
    guard [.number, .integer, .year].contains(columnSchema.kind) else {
      return .failure(VariantProblem("column '\(column)' of \(schema.name) is not a number", fix: "sweep numeric columns only"))
    }
    let filter: RowFilter
    switch RowFilter.parse(filterText.replacingOccurrences(of: "&", with: " and "), schema: schema) {
    case .success(let parsed): filter = parsed
    case .failure(let error): return .failure(error)
    }
    let values: Values
    if let range = Self.uniform(valueText) {
      values = range
    } else if let percent = Self.percent(valueText) {
      guard scales else {
        return .failure(VariantProblem("'±\(percent * 100)%' scales a value", fix: "write *= instead of ="))
      }
      values = .uniform(low: 1 - percent, high: 1 + percent)
    } else {
      let numbers = valueText.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil }) else {
        return .failure(VariantProblem("'\(valueText)' is not a list of numbers, U(low,high) or ±P%", fix: "write 0.25,0.5 or U(0,150) or ±20%"))
      }
      values = .grid(numbers.compactMap { $0 })
    }
    return .success(SweepParameter(
      name: text.trimmingCharacters(in: .whitespaces), table: schema.table, filter: filter, column: column, scales: scales,
      values: values))
  }

  static func uniform(_ text: String) -> Values? {
    guard text.hasPrefix("U("), text.hasSuffix(")") else { return nil }
    let bounds = text.dropFirst(2).dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard bounds.count == 2, bounds[0] <= bounds[1] else { return nil }
    return .uniform(low: bounds[0], high: bounds[1])
  }

  static func percent(_ text: String) -> Double? {
    var body = text
    for prefix in ["±", "+-", "+/-"] where body.hasPrefix(prefix) { body = String(body.dropFirst(prefix.count)) }
    guard body != text, body.hasSuffix("%"), let value = Double(body.dropLast()), value >= 0 else { return nil }
    return value / 100
  }

  /// The values a grid takes of this parameter: its list, or low, middle and high of a range.
  public var gridValues: [Double] {
    switch values {
    case .grid(let list): return list
    case .uniform(let low, let high): return low == high ? [low] : [low, (low + high) / 2, high]
    }
  }

  /// The change this parameter makes with `value`.
  public func change(_ value: Double) -> VariantChange {
    VariantChange(
      table: table, filter: filter,
      action: scales ? .scale([column: value]) : .set([column: VariantChange.text(value)]))
  }
}

/// The runs of a sweep: the value of every parameter in each run, the same for a seed on any machine.
public struct SweepDesign: Sendable, Equatable {
  public var parameters: [SweepParameter]
  /// `runs[i][p]` is parameter p's value in run i.
  public var runs: [[Double]]

  /// Every combination of the parameters' grids, the first parameter varying slowest.
  public static func grid(_ parameters: [SweepParameter]) -> SweepDesign {
    var runs: [[Double]] = [[]]
    for parameter in parameters {
      let values = parameter.gridValues
      runs = runs.flatMap { run in values.map { run + [$0] } }
    }
    return SweepDesign(parameters: parameters, runs: parameters.isEmpty ? [] : runs)
  }

  /// `count` random runs: run i draws from its own generator seeded by `seed` and i, so a run's
  /// values do not depend on which worker draws them or in what order. Grids draw one of their values.
  public static func samples(_ parameters: [SweepParameter], count: Int, seed: UInt64) -> SweepDesign {
    let runs = (0..<max(0, count)).map { index -> [Double] in
      var generator = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
      return parameters.map { parameter in
        switch parameter.values {
        case .grid(let list): return list[Int(generator.next() % UInt64(list.count))]
        case .uniform(let low, let high): return low + (high - low) * generator.unit()
        }
      }
    }
    return SweepDesign(parameters: parameters, runs: runs)
  }

  /// The runs of shard `shard` (from 0) of `count`: `shard`, `shard + count`, ... - together the
  /// shards cover every run exactly once, for batch schedulers that split a sweep by index.
  public func indices(shard: Int, of count: Int) -> [Int] {
    guard count > 0, (0..<count).contains(shard) else { return [] }
    return Array(stride(from: shard, to: runs.count, by: count))
  }

  /// The variant of run `index`.
  public func variant(_ index: Int) -> Variant {
    Variant(name: "run-\(index)", changes: zip(parameters, runs[index]).map { $0.change($1) })
  }
}

extension SweepDesign {
  /// The most runs `ferrite sweep` builds; a server sets its own, lower limit.
  public static let commandLineMaximumRuns = 1_000_000

  /// Why a sweep as written cannot run: every parameter that could not be read, or its size.
  public struct Problems: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
  }

  /// How many runs a design of `parameters` has: `samples` when given, else the product of the
  /// grids' sizes; nil when the product overflows `Int`. Computed without building anything.
  public static func runCount(of parameters: [SweepParameter], samples: Int?) -> Int? {
    if let samples { return samples }
    guard !parameters.isEmpty else { return 0 }
    var count = 1
    for parameter in parameters {
      let (product, overflow) = count.multipliedReportingOverflow(by: parameter.gridValues.count)
      guard !overflow else { return nil }
      count = product
    }
    return count
  }

  /// Reads parameters as written (`demand.quantity*=0.8,1,1.2`) into a design of `samples` random
  /// runs, or of every grid combination without `samples`.
  ///
  /// The run count is checked against `maximumRuns` from the parsed parameters before any run is
  /// built, so a 300^4 grid or 1e11 samples is refused in microseconds instead of exhausting memory.
  /// - Complexity: O(runs x parameters) once the count is accepted.
  public static func parse(_ texts: [String], samples: Int?, seed: UInt64, maximumRuns: Int)
    -> Result<SweepDesign, Problems>
  {
    var parameters: [SweepParameter] = []
    var problems: [String] = []
    for text in texts {
      switch SweepParameter.parse(text) {
      case .success(let parameter): parameters.append(parameter)
      case .failure(let problem): problems.append("'\(text)': \(problem.message)" + (problem.fix.map { " (\($0))" } ?? ""))
      }
    }
    if texts.isEmpty { problems.append("give at least one parameter") }
    if let samples, !(1...maximumRuns).contains(samples) {
      problems.append("samples must be from 1 to \(maximumRuns), not \(samples)")
    }
    guard problems.isEmpty else { return .failure(Problems(problems: problems)) }
    guard let count = runCount(of: parameters, samples: samples), count <= maximumRuns else {
      let count = runCount(of: parameters, samples: samples).map { "\($0)" } ?? "more than \(Int.max)"
      return .failure(Problems(problems: [
        "the grid has \(count) runs; a sweep here may have at most \(maximumRuns) (use fewer values, or draw a number of samples)"
      ]))
    }
    return .success(samples.map { SweepDesign.samples(parameters, count: $0, seed: seed) } ?? SweepDesign.grid(parameters))
  }

  /// Checks that every parameter's filter matches a row of `base`, by applying run 0's changes to
  /// its tables: a typo is caught once, before any run is solved.
  public func checkFilters(on base: Scenario) throws(VariantError) {
    guard !runs.isEmpty else { return }
    _ = try variant(0).apply(to: ScenarioTables(base))
  }
}

/// A small, fast generator with a fixed algorithm, so samples are the same on every platform.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform draw in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
