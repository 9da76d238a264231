import LinearProgramming

/// Where the HiGHS library this process uses was found, and what it is.
public struct HiGHSInstallation: Sendable, Equatable {
  /// How the library was found, in search order.
  public enum Source: String, Sendable, Hashable {
    /// The path in the `FERRITE_HIGHS_LIBRARY` environment variable.
    case environment
    /// The `highsbox` Python package (what `scripts/install-highs` installs).
    case highsbox
    /// The system's dynamic loader path (a distribution package, Homebrew, conda, ...).
    case system
  }

  /// The pinned highsbox release that `scripts/install-highs` installs.
  public static let pinnedVersion = "1.15.1"

  /// The commands that install the pinned HiGHS.
  public static let installCommands =
    "`bash scripts/install-highs` (or `python3 -m pip install highsbox==\(pinnedVersion)`)"

  /// How to get HiGHS onto a machine; every "HiGHS is missing" message ends with it.
  public static let installHint = """
    Install HiGHS with \(installCommands), or set FERRITE_HIGHS_LIBRARY to the path of \
    libhighs.so.
    """

  /// The file the library was loaded from.
  public var libraryPath: String
  public var source: Source
  /// The version HiGHS reports, such as "1.15.1".
  public var version: String
  /// The width of HiGHS's integers (`HighsInt`) in bits.
  public var integerBits: Int
  /// The `highs` command-line solver next to the library or on `PATH`, when there is one.
  public var commandPath: String?
  /// HiGHS's default for its `threads` option (0 means HiGHS picks from the machine's cores).
  public var defaultThreads: Int

  /// The HiGHS this process uses, loading it on first use.
  ///
  /// Throws a ``SolverError`` that says how to install HiGHS when it cannot be found or loaded.
  public static func current() throws(SolverError) -> HiGHSInstallation {
    try HighsLibrary.shared.get().installation
  }
}
