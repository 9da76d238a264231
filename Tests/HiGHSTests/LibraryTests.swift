import Foundation
import LinearProgramming
import Testing

@testable import HiGHS

@Suite("Finding and loading HiGHS")
struct LibraryTests {
  @Test("HiGHS 1.15 with 32-bit integers is installed, with its command-line solver")
  func installed() throws {
    // Fails (never skips) on a machine without HiGHS, with the install instructions.
    let installation = try HiGHSInstallation.current()
    #expect(installation.version.hasPrefix("1.15"))
    #expect(installation.integerBits == 32)
    #expect(FileManager.default.fileExists(atPath: installation.libraryPath))
    let command = try #require(installation.commandPath)
    #expect(FileManager.default.isExecutableFile(atPath: command))
  }

  @Test("FERRITE_HIGHS_LIBRARY naming a real library loads exactly that library")
  func environmentVariable() throws {
    let path = try HiGHSInstallation.current().libraryPath
    let library = try HighsLibrary.load(environment: ["FERRITE_HIGHS_LIBRARY": path])
    #expect(library.installation.source == .environment)
    #expect(library.installation.libraryPath == path)
  }

  @Test("FERRITE_HIGHS_LIBRARY naming a missing file gives the documented message")
  func missingLibrary() throws {
    let error = #expect(throws: SolverError.self) {
      try HighsLibrary.load(environment: ["FERRITE_HIGHS_LIBRARY": "/nonexistent/libhighs.so"])
    }
    let message = try #require(error?.description)
    #expect(
      message.hasPrefix(
        "FERRITE_HIGHS_LIBRARY is set to /nonexistent/libhighs.so, but HiGHS could not be loaded from it"))
    #expect(message.contains("bash scripts/install-highs"))
    #expect(message.contains("python3 -m pip install highsbox==1.15.1"))
  }

  @Test("FERRITE_HIGHS_LIBRARY naming a file that is not a library is an error, not a crash")
  func notALibrary() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("ferrite-not-highs-\(UUID().uuidString).so").path
    try "not a shared library".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let error = #expect(throws: SolverError.self) {
      try HighsLibrary.load(environment: ["FERRITE_HIGHS_LIBRARY": path])
    }
    #expect(error?.message.contains("FERRITE_HIGHS_LIBRARY is set to \(path)") == true)
  }

  @Test("The highsbox package is found without any environment variable set")
  func highsboxWithoutHints() throws {
    // Only HOME and PATH, as a login shell has them: the globbed site-packages or python3 must
    // lead to the package install-highs put in place.
    let environment = ProcessInfo.processInfo.environment.filter { $0.key == "HOME" || $0.key == "PATH" }
    let library = try HighsLibrary.load(environment: environment)
    #expect(library.installation.source == .highsbox)
  }
}
