import Foundation
import LinearProgramming

/// What one run of the `highs` command-line solver printed.
public struct HiGHSCommandOutput: Sendable, Equatable {
  public var exitStatus: Int32
  /// Standard output and standard error, interleaved.
  public var text: String

  public init(exitStatus: Int32, text: String) {
    self.exitStatus = exitStatus
    self.text = text
  }

  /// The model status line's value, such as "Optimal" or "Infeasible" (for a MIP, the solving
  /// report's "Status").
  public var modelStatus: String? { value(after: "Model status") ?? reportValue("Status") }

  /// The objective value the solver printed, when it printed one (for a MIP, the primal bound).
  public var objective: Double? {
    (value(after: "Objective value") ?? reportValue("Primal bound")).flatMap(Double.init)
  }

  /// A value of the MIP solving report, whose lines read `  Label   value` without a colon.
  private func reportValue(_ label: String) -> String? {
    for line in text.split(separator: "\n") {
      let trimmed = line.drop { $0 == " " }
      guard trimmed.hasPrefix(label + " ") else { continue }
      return trimmed.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
    }
    return nil
  }

  private func value(after label: String) -> String? {
    for line in text.split(separator: "\n") where line.hasPrefix(label) {
      guard let colon = line.firstIndex(of: ":") else { continue }
      return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return nil
  }
}

extension HiGHSInstallation {
  /// The environment the `highs` command needs on top of `base`.
  ///
  /// highsbox's `highs` looks for libhighs in `../lib64` while the wheel puts it in `../lib`, so
  /// it only starts with the library's directory on the loader path.
  public func commandEnvironment(
    _ base: [String: String] = ProcessInfo.processInfo.environment
  ) -> [String: String] {
    #if os(macOS)
      let variable = "DYLD_LIBRARY_PATH"
    #else
      let variable = "LD_LIBRARY_PATH"
    #endif
    let directory = URL(fileURLWithPath: libraryPath).deletingLastPathComponent().path
    var environment = base
    environment[variable] = [directory, base[variable]].compactMap { $0 }.filter { !$0.isEmpty }
      .joined(separator: ":")
    return environment
  }

  /// Runs the `highs` command with `arguments` and waits for it to finish.
  ///
  /// It runs in a fresh temporary directory (removed afterwards) because it writes `Highs.log`
  /// where it runs, so file arguments must be absolute paths.
  public func runCommand(_ arguments: [String]) throws(SolverError) -> HiGHSCommandOutput {
    guard let commandPath else {
      throw SolverError(
        "The highs command was not found next to \(libraryPath) or on PATH.",
        fix: HiGHSInstallation.installHint)
    }
    let fileManager = FileManager.default
    let directory = fileManager.temporaryDirectory
      .appendingPathComponent("ferrite-highs-\(UUID().uuidString)")
    defer { try? fileManager.removeItem(at: directory) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: commandPath)
    process.arguments = arguments
    process.environment = commandEnvironment()
    process.currentDirectoryURL = directory
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    do {
      try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
      try process.run()
    } catch {
      throw SolverError("Could not run \(commandPath): \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return HiGHSCommandOutput(
      exitStatus: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
  }
}
