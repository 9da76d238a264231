import FerriteIO
import FerriteModel
import FerritePlanner
import Foundation
import Testing

/// The duty table of README.md ("Trade rules and the Louisiana mill") against solves of the examples.
///
/// The figures are read from the README itself, so editing either the examples
/// or the README without the other fails here.
@Suite("README: the duty table holds", .serialized)
struct ReadmeDutyTableTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The table's rows by their first cell, each with its "with the mill" and "without" cells.
  static func table() throws -> [String: (with: String, without: String)] {
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let section = try #require(readme.range(of: "## Trade rules and the Louisiana mill"))
    var rows: [String: (String, String)] = [:]
    for line in readme[section.upperBound...].split(separator: "\n") {
      if line.hasPrefix("## ") { break }
      guard line.hasPrefix("|"), !line.hasPrefix("|---") else { continue }
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
        .map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 3 else { continue }
      rows[cells[0]] = (cells[1], cells[2])
    }
    return rows
  }

  /// The first "N.NN bn" of a cell, in units (2.10 bn -> 2.10e9), and the tolerance its rounding
  /// allows (half a unit of its last digit).
  static func billions(_ cell: String) throws -> (value: Double, tolerance: Double) {
    let match = try #require(cell.firstMatch(of: /([0-9]+)\.([0-9]+) bn/), "no 'N.NN bn' in '\(cell)'")
    let value = try #require(Double("\(match.1).\(match.2)"))
    let tolerance = 0.5 * pow(10, -Double(match.2.count))
    return (value * 1e9, tolerance * 1e9)
  }

  static func plan(_ folder: String) throws -> Plan {
    try solve(try ScenarioReader().read(root.appendingPathComponent("examples/\(folder)").path))
  }

  /// The figures the table reports for one plan, by row.
  static func figures(_ plan: Plan) throws -> [String: Double] {
    let trade = try #require(plan.trade)
    func duties(_ prefix: String) -> Double {
      trade.duties.filter { $0.rule.hasPrefix(prefix) }.reduce(0) { $0 + $1.amount }
    }
    return [
      "Section 232 steel duties (own-period USD)": duties("us-s232"),
      "US-Korea 15 % on cathode and anode": duties("us-kr-"),
      "all duties, discounted to 2026 at 8 %": trade.totalDuties,
      "discounted profit (incentives included)": plan.revenue - plan.totalCost,
    ]
  }

  @Test("duties, discounted duties and profit with and without the Louisiana mill match the README")
  func dutyTable() throws {
    let table = try Self.table()
    let with = try Self.plan("north-america")
    let without = try Self.plan("north-america-no-louisiana")
    #expect(with.termination == .optimal && without.termination == .optimal)
    let withFigures = try Self.figures(with)
    let withoutFigures = try Self.figures(without)
    for (row, _) in withFigures {
      let cells = try #require(table[row], "README's table lost its row '\(row)'")
      for (cell, actual) in [(cells.with, withFigures[row]), (cells.without, withoutFigures[row])] {
        let (expected, tolerance) = try Self.billions(cell)
        let value = try #require(actual)
        #expect(
          abs(value - expected) <= tolerance,
          "\(row): README says \(cell), the plan \(value / 1e9) bn")
      }
    }

    // USMCA 70 % rule: with the mill Kia's share is exactly 70 % (the rule binds) where it
    // qualifies; without it neither producer qualifies in any year.
    let rule = try #require(table["USMCA 70 % steel rule"])
    #expect(rule.with.contains("Kia exactly at 70 %"))
    let kia = try #require(with.trade).originShares.filter { $0.rule.contains("kia") && $0.qualifies == true }
    #expect(!kia.isEmpty)
    #expect(kia.contains { abs(($0.reached ?? 0) - 0.70) < 1e-6 && $0.binds })
    #expect(rule.without == "neither qualifies")
    #expect(try #require(without.trade).originShares.allSatisfy { $0.qualifies != true })
  }
}
