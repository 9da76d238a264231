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

  @Test("A machine without HiGHS gets the documented message with the install commands")
  func notFound() throws {
    let error = #expect(throws: SolverError.self) {
      try HighsLibrary.load(environment: ["HOME": "/nonexistent"], machineWide: false)
    }
    #expect(
      error?.description == """
        HiGHS was not found: FERRITE_HIGHS_LIBRARY is not set, no highsbox Python package holds \
        libhighs, and the system loader knows no libhighs.
        Install HiGHS with `bash scripts/install-highs` (or `python3 -m pip install \
        highsbox==1.15.1`), or set FERRITE_HIGHS_LIBRARY to the path of libhighs.so.
        """)
  }

  @Test("A broken highsbox package is named in the message, not skipped in silence")
  func brokenHighsbox() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ferrite-venv-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let lib = root.appendingPathComponent("lib/python3.11/site-packages/highsbox/highs_dist/lib")
    try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
    let library = lib.appendingPathComponent(HighsLibrary.libraryFileNames[0]).path
    try "truncated download".write(toFile: library, atomically: true, encoding: .utf8)
    let error = #expect(throws: SolverError.self) {
      try HighsLibrary.load(environment: ["VIRTUAL_ENV": root.path], machineWide: false)
    }
    #expect(error?.message.contains("Libraries found but not usable:\n  - \(library): ") == true)
  }
}
