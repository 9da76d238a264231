import FerriteIO
import FerriteModel
import Foundation

/// A scenario folder in a fresh temporary directory, made from a fixture's files and edits to them.
struct ScenarioFolder {
  let url: URL
  var path: String { url.path }

  /// Copies the fixture `name` and applies `edit` to its files (file name -> text) before writing.
  init(fixture name: String = "two-mills", edit: (inout [String: String]) -> Void = { _ in }) throws {
    var files = try ScenarioFolder.files(ofFixture: name)
    edit(&files)
    try self.init(files: files)
  }

  init(files: [String: String]) throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
  }

  init(bytes files: [String: Data]) throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, data) in files { try data.write(to: url.appendingPathComponent(name)) }
  }

  static func files(ofFixture name: String) throws -> [String: String] {
    let folder = Paths.fixtures.appendingPathComponent(name)
    var files: [String: String] = [:]
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[file] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }
    return files
  }

  func load() -> LoadedScenario { ScenarioReader().load(path) }

  func remove() { try? FileManager.default.removeItem(at: url) }
}

extension Dictionary where Key == String, Value == String {
  /// Replaces the first occurrence of `old` with `new` in file `name`.
  mutating func replace(_ old: String, with new: String, in name: String) {
    guard let text = self[name], let range = text.range(of: old) else {
      self[name] = (self[name] ?? "") + "\n# edit did not apply: \(old)\n"
      return
    }
    self[name] = text.replacingCharacters(in: range, with: new)
  }

  /// Appends `line` to file `name`.
  mutating func append(_ line: String, to name: String) {
    self[name] = (self[name] ?? "") + line + "\n"
  }
}

/// A small, seedable pseudo-random generator (SplitMix64), so fuzz tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
