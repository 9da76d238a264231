import Foundation

/// A text format for exchanging a program with other solvers.
public enum ModelFileFormat: String, Sendable, CaseIterable {
  case mps
  case lp

  /// The format named by a file's extension (`.mps` or `.lp`), or `nil`.
  public init?(path: String) {
    let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
    self.init(rawValue: ext)
  }
}

extension LinearProgram {
  /// The program as text in `format`.
  public func text(in format: ModelFileFormat) -> String {
    switch format {
    case .mps: MPSWriter().text(for: self)
    case .lp: LPWriter().text(for: self)
    }
  }

  /// Writes the program to `path`, in the format its extension names.
  public func write(toFile path: String) throws(ModelFileError) {
    guard let format = ModelFileFormat(path: path) else {
      throw ModelFileError(path: path, message: "unknown model file extension", fix: "use .mps or .lp")
    }
    do {
      try Data(text(in: format).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw ModelFileError(
        path: path, message: "cannot write: \(error.localizedDescription)",
        fix: "check that the folder exists and is writable")
    }
  }
}

/// A model file could not be written.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var message: String
  public var fix: String

  public var description: String { "\(path): \(message) (\(fix))" }
}
