import ArgumentParser
import Foundation
import HiGHS
import LinearProgramming

struct Doctor: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check that HiGHS is found, which version it is, and that a tiny LP solves.")

  func run() async throws {
    print("ferrite \(Ferrite.version)")
    let installation: HiGHSInstallation
    do {
      installation = try HiGHSInstallation.current()
    } catch {
      printError("HiGHS: not usable\n\(error)")
      throw ExitCode.failure
    }

    let pinned = installation.version == HiGHSInstallation.pinnedVersion
    print(
      "HiGHS \(installation.version)\(pinned ? "" : " (Ferrite pins \(HiGHSInstallation.pinnedVersion))")")
    print("  library   \(installation.libraryPath) (\(describe(installation.source)))")
    print("  command   \(describeCommand(of: installation))")
    print("  integers  \(installation.integerBits)-bit HighsInt")
    let defaultThreads =
      installation.defaultThreads == 0
      ? "HiGHS chooses (threads option 0)" : "HiGHS default \(installation.defaultThreads)"
    print("  threads   \(ProcessInfo.processInfo.activeProcessorCount) cores available; \(defaultThreads)")

    // maximize 3x + 2y subject to x + y <= 4 and x <= 3: x = 3 earns most, y = 1 fills the
    // first row, so the optimum is 3*3 + 2*1 = 11.
    let tiny = LinearProgram(
      sense: .maximize, objective: [3, 2], columnLower: [0, 0], columnUpper: [.infinity, .infinity],
      columnKinds: [.continuous, .continuous], rowLower: [-.infinity, -.infinity], rowUpper: [4, 3],
      matrix: SparseMatrix(rowCount: 2, columnStarts: [0, 2, 3], rowIndices: [0, 1, 0], values: [1, 1, 1]))
    do {
      let result = try HiGHSSolver().solve(tiny, options: SolveOptions())
      guard result.hasOptimalSolution, let objective = result.objective, abs(objective - 11) < 1e-9 else {
        printError(
          "  tiny LP   wrong answer: \(result.termination.rawValue), objective "
            + "\(result.objective.map { "\($0)" } ?? "none") instead of 11")
        throw ExitCode.failure
      }
      let milliseconds = (result.statistics.wallSeconds * 1000).formatted(
        .number.precision(.fractionLength(1)))
      print("  tiny LP   solved: objective 11 as expected in \(milliseconds) ms")
    } catch let error as SolverError {
      printError("  tiny LP   failed: \(error)")
      throw ExitCode.failure
    }
  }

  /// Where the `highs` command is and whether it starts; it only cross-checks written models.
  private func describeCommand(of installation: HiGHSInstallation) -> String {
    guard let path = installation.commandPath else {
      return "not found (needed only to cross-check written models)"
    }
    do {
      let output = try installation.runCommand(["--version"])
      return output.exitStatus == 0 ? path : "\(path) (does not start: exit \(output.exitStatus))"
    } catch {
      return "\(path) (does not start: \(error.message))"
    }
  }

  private func describe(_ source: HiGHSInstallation.Source) -> String {
    switch source {
    case .environment: "from FERRITE_HIGHS_LIBRARY"
    case .highsbox: "from the highsbox Python package"
    case .system: "from the system library path"
    }
  }

  private func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
  }
}
