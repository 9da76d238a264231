import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("The highs command-line solver")
struct CommandTests {
  /// minimize x + 3y subject to x + y >= 2: x is cheaper, so x = 2 and the objective is 2.
  @Test("The highs command solves a hand-written free MPS file")
  func solvesMPS() throws {
    let mps = """
      NAME tiny
      ROWS
       N cost
       G need
      COLUMNS
       x cost 1 need 1
       y cost 3 need 1
      RHS
       rhs need 2
      ENDATA

      """
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("ferrite-tiny-\(UUID().uuidString).mps").path
    try mps.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }

    let output = try HiGHSInstallation.current().runCommand([path])
    #expect(output.exitStatus == 0, "\(output.text)")
    #expect(output.modelStatus == "Optimal")
    #expect(close(output.objective, 2))
  }

  @Test("The command's environment puts the library's directory first on the loader path")
  func environment() throws {
    let installation = try HiGHSInstallation.current()
    let directory = URL(fileURLWithPath: installation.libraryPath).deletingLastPathComponent().path
    let environment = installation.commandEnvironment(["LD_LIBRARY_PATH": "/opt/other"])
    #if os(Linux)
      #expect(environment["LD_LIBRARY_PATH"] == "\(directory):/opt/other")
    #endif
  }
}
