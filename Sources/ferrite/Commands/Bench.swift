import ArgumentParser
import Foundation
import HiGHS
import LinearProgramming

struct Bench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure Ferrite's speed (run with -c release); see docs/performance.md.",
    subcommands: [BenchMatrix.self, BenchPlanner.self, BenchRead.self, BenchFacilities.self],
    defaultSubcommand: BenchMatrix.self)
}

struct BenchMatrix: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matrix",
    abstract: "Measure how fast the modeling layer builds a large sparse LP (run with -c release).",
    discussion: """
      Builds a synthetic covering LP (see docs/performance.md), compresses it by column and
      reports time, nonzeros per second and peak memory per nonzero.
      """)

  @Option(help: "Columns of the synthetic LP.") var columns = 1_000_000
  @Option(help: "Rows of the synthetic LP.") var rows = 250_000
  @Option(help: "Nonzeros of the synthetic LP.") var nonzeros = 5_000_000
  @Flag(inversion: .prefixedNo, help: "Also time HiGHS taking the model (after memory is measured).")
  var handToHiGHS = true

  func validate() throws {
    guard columns > 0, rows > 0, nonzeros >= rows else {
      throw ValidationError("columns and rows must be positive and nonzeros at least rows")
    }
  }

  func run() async throws {
    let baseline = ProcessMemory.currentResidentBytes
    let synthetic = SyntheticProgram(columns: columns, rows: rows, nonzeros: nonzeros)
    let (model, rowSeconds) = measure { synthetic.build() }
    let (program, compressSeconds) = measure { model.program() }
    let peak = ProcessMemory.peakResidentBytes - baseline
    let count = program.matrix.nonzeroCount
    let total = rowSeconds + compressSeconds
    print("synthetic LP: \(program.rowCount) rows, \(program.columnCount) columns, \(count) nonzeros")
    print(row("write rows (incl. random numbers)", rowSeconds, count))
    print(row("compress to CSC", compressSeconds, count))
    print(row("build total", total, count))
    print("peak memory on Ferrite's side: \(peak / 1_048_576) MiB, \(format(Double(peak) / Double(count))) bytes per nonzero")
    if handToHiGHS {
      let (session, passSeconds) = try measure { try HiGHSSession(program) }
      withExtendedLifetime(session) {}
      print(row("HiGHS takes the model (1 thread)", passSeconds, count))
    }
  }

  private func row(_ label: String, _ seconds: Double, _ count: Int) -> String {
    let rate = Double(count) / seconds / 1e6
    return label.padding(toLength: 36, withPad: " ", startingAt: 0)
      + "\(format(seconds * 1000)) ms   \(format(rate)) M nonzeros/s"
  }

  private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
