import Foundation
import LinearProgramming

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The loaded HiGHS library: its function table and where it came from.
///
/// Search order: `FERRITE_HIGHS_LIBRARY`, the highsbox Python package, the system loader. A wrong
/// `FERRITE_HIGHS_LIBRARY` is an error in itself rather than a reason to look elsewhere, so a
/// user who points at a library always gets that library or a message about it.
final class HighsLibrary: Sendable {
  let api: HighsAPI
  let installation: HiGHSInstallation

  /// The library for this process, loaded on first use; Swift runs this initializer once even
  /// when many threads ask at the same time.
  static let shared: Result<HighsLibrary, SolverError> = Result { () throws(SolverError) in
    try load(environment: ProcessInfo.processInfo.environment)
  }

  /// The environment variable that names the library explicitly.
  static let environmentVariable = "FERRITE_HIGHS_LIBRARY"

  /// The oldest HiGHS whose C functions match the declarations in ``HighsAPI``.
  static let minimumVersion = (major: 1, minor: 15)

  private init(api: HighsAPI, installation: HiGHSInstallation) {
    self.api = api
    self.installation = installation
  }

  /// Finds and loads HiGHS, reading variables such as `FERRITE_HIGHS_LIBRARY`, `HOME` and `PATH`
  /// from `environment` (a parameter so tests need not change the process environment).
  ///
  /// `machineWide: false` skips the fixed folders (`/usr/...`) and the system loader, so a test
  /// can see what happens on a machine without HiGHS.
  static func load(
    environment: [String: String], machineWide: Bool = true
  ) throws(SolverError) -> HighsLibrary {
    if let path = environment[environmentVariable], !path.isEmpty {
      do {
        return try open(path, source: .environment, environment: environment)
      } catch {
        throw SolverError(
          "\(environmentVariable) is set to \(path), but HiGHS could not be loaded from it: "
            + "\(error.reason)",
          fix: """
            Point \(environmentVariable) at libhighs.so from HiGHS \(minimumVersion.major).\
            \(minimumVersion.minor) or newer, or unset it and install HiGHS with \
            \(HiGHSInstallation.installCommands).
            """)
      }
    }

    var rejected: [String] = []
    for path in highsboxLibraries(environment: environment, machineWide: machineWide) {
      do {
        return try open(path, source: .highsbox, environment: environment)
      } catch {
        rejected.append("\(path): \(error.reason)")
      }
    }
    for name in machineWide ? systemLibraryNames : [] {
      do {
        return try open(name, source: .system, environment: environment)
      } catch {
        // A name the loader does not know is the normal case; only a library it found but
        // could not use is worth reporting.
        if case .unusable = error { rejected.append("\(name): \(error.reason)") }
      }
    }

    var message =
      "HiGHS was not found: \(environmentVariable) is not set, no highsbox Python package "
      + "holds libhighs, and the system loader knows no libhighs."
    if !rejected.isEmpty {
      message += " Libraries found but not usable:\n" + rejected.map { "  - \($0)" }.joined(separator: "\n")
    }
    throw SolverError(message, fix: HiGHSInstallation.installHint)
  }

  /// Why one candidate library could not be used.
  enum Failure: Error {
    /// The loader could not open the file (missing, wrong architecture, missing dependency).
    case notLoadable(String)
    /// The file loaded but is not a HiGHS Ferrite can drive.
    case unusable(String)

    var reason: String {
      switch self {
      case .notLoadable(let reason), .unusable(let reason): reason
      }
    }
  }

  /// Loads the library at `path` (or a bare name for the system loader) and checks that it is a
  /// 32-bit-integer HiGHS of at least ``minimumVersion``.
  static func open(
    _ path: String, source: HiGHSInstallation.Source, environment: [String: String]
  ) throws(Failure) -> HighsLibrary {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
      throw .notLoadable(dlerror().map { String(cString: $0) } ?? "dlopen failed")
    }
    do {
      return try inspect(handle, path: path, source: source, environment: environment)
    } catch {
      dlclose(handle)
      throw error
    }
  }

  private static func inspect(
    _ handle: UnsafeMutableRawPointer, path: String, source: HiGHSInstallation.Source,
    environment: [String: String]
  ) throws(Failure) -> HighsLibrary {
    let api: HighsAPI
    do {
      api = try HighsAPI(library: handle, path: path)
    } catch {
      throw .unusable(error.message)
    }

    let major = Int(api.versionMajor())
    let minor = Int(api.versionMinor())
    let version =
      api.version().map { String(cString: $0) } ?? "\(major).\(minor).\(api.versionPatch())"
    guard (major, minor) >= minimumVersion else {
      throw .unusable(
        "it is HiGHS \(version); Ferrite needs \(minimumVersion.major).\(minimumVersion.minor) or newer")
    }

    guard let instance = api.create() else {
      throw .unusable("Highs_create returned no instance")
    }
    defer { api.destroy(instance) }
    let integerBytes = Int(api.sizeofHighsInt(instance))
    guard integerBytes == MemoryLayout<HighsAPI.HighsInt>.size else {
      throw .unusable(
        "it was built with \(integerBytes * 8)-bit integers (HIGHSINT64); Ferrite needs the default "
          + "32-bit build, such as highsbox \(HiGHSInstallation.pinnedVersion)")
    }
    var threads: Int32 = 0
    let threadsStatus = "threads".withCString { api.getIntOptionValue(instance, $0, &threads) }

    let libraryPath = loadedPath(of: handle) ?? path
    let installation = HiGHSInstallation(
      libraryPath: libraryPath, source: source, version: version, integerBits: integerBytes * 8,
      commandPath: commandPath(besideLibrary: libraryPath, environment: environment),
      defaultThreads: HighsStatus(rawValue: threadsStatus) == .error ? 0 : Int(threads))
    return HighsLibrary(api: api, installation: installation)
  }

  /// The file the loader actually opened, which tells a bare name such as `libhighs.so` apart.
  private static func loadedPath(of handle: UnsafeMutableRawPointer) -> String? {
    // Glibc's module map hides dladdr (it needs _GNU_SOURCE), so it is looked up like HiGHS.
    typealias AddressInfo = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
    guard let symbol = dlsym(handle, "Highs_create"), let process = dlopen(nil, RTLD_NOW),
      let dladdr = dlsym(process, "dladdr")
    else { return nil }
    // Dl_info is four pointers in glibc and Darwin; the first is the file name.
    var info = [UnsafeRawPointer?](repeating: nil, count: 4)
    guard unsafeBitCast(dladdr, to: AddressInfo.self)(symbol, &info) != 0,
      let name = info[0]?.assumingMemoryBound(to: CChar.self)
    else { return nil }
    return URL(fileURLWithPath: String(cString: name)).standardizedFileURL.path
  }

  #if os(macOS)
    static let libraryFileNames = ["libhighs.dylib"]
    static let systemLibraryNames = [
      "libhighs.dylib", "/opt/homebrew/lib/libhighs.dylib", "/usr/local/lib/libhighs.dylib",
    ]
  #else
    static let libraryFileNames = ["libhighs.so"]
    static let systemLibraryNames = ["libhighs.so", "libhighs.so.1"]
  #endif

  /// Paths of libhighs inside every highsbox package installed in a usual place, then where
  /// `python3` on `PATH` says highsbox is when none of those exist.
  static func highsboxLibraries(environment: [String: String], machineWide: Bool) -> [String] {
    var sitePackages: [String] = []
    if let virtualEnv = environment["VIRTUAL_ENV"] {
      sitePackages.append("\(virtualEnv)/lib/python3*/site-packages")
    }
    if let conda = environment["CONDA_PREFIX"] {
      sitePackages.append("\(conda)/lib/python3*/site-packages")
    }
    if let home = environment["HOME"] {
      sitePackages.append("\(home)/.local/lib/python3*/site-packages")
      sitePackages.append(
        "\(environment["PYENV_ROOT"] ?? "\(home)/.pyenv")/versions/*/lib/python3*/site-packages")
      sitePackages.append("\(home)/Library/Python/3*/lib/python/site-packages")
    }
    if machineWide {
      sitePackages += [
        "/usr/local/lib/python3*/dist-packages", "/usr/local/lib/python3*/site-packages",
        "/usr/lib/python3/dist-packages", "/usr/lib/python3*/site-packages",
        "/opt/homebrew/lib/python3*/site-packages",
        "/Library/Frameworks/Python.framework/Versions/3*/lib/python3*/site-packages",
      ]
    }
    var found: [String] = []
    for directory in sitePackages {
      for name in libraryFileNames {
        for path in matches(of: "\(directory)/highsbox/highs_dist/lib/\(name)") where !found.contains(path) {
          found.append(path)
        }
      }
    }
    if found.isEmpty, let directory = highsboxLibraryDirectoryFromPython(environment: environment) {
      found = libraryFileNames.map { "\(directory)/\($0)" }.filter {
        FileManager.default.fileExists(atPath: $0)
      }
    }
    return found
  }

  /// The files matching a shell wildcard pattern, sorted.
  private static func matches(of pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    guard glob(pattern, 0, nil, &result) == 0 else { return [] }
    return (0..<Int(result.gl_pathc)).compactMap { index in
      result.gl_pathv[index].map { String(cString: $0) }
    }
  }

  /// Asks `python3` on `PATH` where highsbox keeps its library; `nil` when there is no python3
  /// or no highsbox.
  private static func highsboxLibraryDirectoryFromPython(environment: [String: String]) -> String? {
    guard let python = executable(named: "python3", environment: environment) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", "import highsbox; print(highsbox.highs_lib_dir())"]
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return nil
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let directory = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return directory.isEmpty ? nil : directory
  }

  /// The `highs` solver in the highsbox layout (`lib/../bin/highs`) or on `PATH`.
  static func commandPath(besideLibrary library: String, environment: [String: String]) -> String? {
    let beside = URL(fileURLWithPath: library).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("bin/highs").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return executable(named: "highs", environment: environment)
  }

  private static func executable(named name: String, environment: [String: String]) -> String? {
    let directories = (environment["PATH"] ?? "").split(separator: ":")
    for directory in directories {
      let path = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }
}
