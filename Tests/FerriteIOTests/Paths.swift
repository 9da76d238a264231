import Foundation

/// Where the repository and the test fixtures are, found from this file's own path.
enum Paths {
  static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let repository = tests.deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = tests.appendingPathComponent("Fixtures")

  static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

  static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: repository.appendingPathComponent(relativePath), encoding: .utf8)
  }
}
