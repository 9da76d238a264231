import FerriteIO
import Foundation

/// An upload turned into named scenario files, or rejected with every reason at once.
struct Upload: Sendable {
  /// "folder" or "document".
  var format: String
  /// File name to content; for folders, names are from `UploadReader.folderFileNames` or
  /// `policy/PACK/FILE` with a checked pack name and a file name from the packs' fixed list.
  var files: [String: Data]
  /// Zip entries that are not scenario files and were left out (README.md and the like).
  var ignored: [String]
}

/// Reads uploads: a zip of a scenario folder or one YAML/JSON file, entirely in memory.
///
/// Zip entry names are only compared against the fixed list of scenario file names; none is ever
/// used as a path, so no request reaches the file system. The one exception is a policy pack's
/// folder name (`policy/us/tariff_rules.csv`), which must be lower-case letters, digits, `-` and
/// `_` only before it is kept.
struct UploadReader: Sendable {
  var limits: UploadLimits

  /// `scenario.yaml` and every table's CSV file: all a scenario folder may hold.
  static let folderFileNames: [String] = ["scenario.yaml"] + ScenarioSchema.tables.map(\.fileName)

  func read(_ data: Data, fileName: String) throws(APIError) -> Upload {
    guard !data.isEmpty else { throw .badRequest("the upload is empty; send a .zip, .xlsx, .yaml, .yml or .json file") }
    let lower = fileName.lowercased()
    // A workbook is a zip too; its sheets are read by the workbook reader, which has its own limits.
    if lower.hasSuffix(".xlsx") { return Upload(format: "workbook", files: ["scenario.xlsx": data], ignored: []) }
    if data.starts(with: [0x50, 0x4B]) { return try readZip(data) }
    guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") else {
      throw .badRequest("'\(fileName)' is not a zip, .xlsx, .yaml, .yml or .json file")
    }
    return Upload(format: "document", files: [Self.documentName(fileName): data], ignored: [])
  }

  /// A safe name for a single-file scenario: its last path component in plain characters.
  static func documentName(_ fileName: String) -> String {
    let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "scenario.yaml"
    let cleaned = String(last.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) })
    return cleaned.isEmpty || cleaned.hasPrefix(".") ? "scenario.yaml" : String(cleaned.prefix(100))
  }

  private func readZip(_ data: Data) throws(APIError) -> Upload {
    let archive: ZipArchive
    do {
      archive = try ZipArchive(data, maximumEntries: limits.maximumEntries)
    } catch {
      throw .badRequest("the upload is not a readable zip file")
    }
    if archive.declaredEntryCount > limits.maximumEntries {
      throw APIError(.contentTooLarge, "too-many-entries", "the zip has more than \(limits.maximumEntries) entries")
    }
    var problems: [String] = []
    var unpacked = 0
    var files: [String: Data] = [:]
    var ignored: [String] = []
    for entry in archive.entries {
      let path = entry.path
      if let problem = Self.problem(path: path, isSymlink: entry.isSymlink) {
        problems.append("\(Self.printable(path)): \(problem)")
        continue
      }
      guard !entry.isDirectory else { continue }
      let components = path.split(separator: "/").map(String.init)
      let name = components.last ?? ""
      let known: String
      if let pack = Self.policyPackFile(components) {
        known = pack
      } else if components.count <= 2, !components.contains("__MACOSX"),
        let scenarioFile = Self.folderFileNames.first(where: { $0 == name })
      {
        // A folder zipped with its own top-level folder is accepted; deeper files are not the scenario's.
        known = scenarioFile
      } else {
        ignored.append(Self.printable(path))
        continue
      }
      if files[known] != nil {
        problems.append("\(Self.printable(path)): a second \(known)")
        continue
      }
      // The entry stops at its declared size, so what is left of the limit bounds the real bytes too.
      do {
        let content = try archive.extract(entry, limit: limits.maximumUnpackedBytes - unpacked)
        unpacked += content.count
        files[known] = content
      } catch {
        switch error {
        case .overLimit: throw unpackedTooLarge(at: path)
        case .damaged(let reason), .unreadable(let reason):
          problems.append("\(Self.printable(path)): cannot be unpacked: \(reason)")
        }
      }
    }
    if !problems.isEmpty {
      throw APIError(.badRequest, "unsafe-zip", "rejected zip entries: " + problems.joined(separator: "; "))
    }
    if files.isEmpty {
      throw .badRequest("the zip holds no scenario files; zip a folder with scenario.yaml and its CSV tables")
    }
    return Upload(format: "folder", files: files, ignored: ignored)
  }

  /// `policy/PACK/FILE` for an entry `[TOP/]policy/PACK/FILE` whose pack name is safe and whose
  /// file is one a pack may hold; nil for any other entry.
  static func policyPackFile(_ components: [String]) -> String? {
    guard let index = components.firstIndex(of: "policy"), index <= 1, components.count == index + 3 else { return nil }
    let pack = components[index + 1], file = components[index + 2]
    guard ScenarioSchema.isPolicyPackName(pack), let known = ScenarioSchema.policyPackFileNames.first(where: { $0 == file })
    else { return nil }
    return "policy/\(pack)/\(known)"
  }

  /// Why an entry may not be unpacked, or nil when it may.
  static func problem(path: String, isSymlink: Bool) -> String? {
    if isSymlink { return "links are not allowed" }
    if path.hasPrefix("/") || path.hasPrefix("\\") || path.contains("\\") { return "absolute or backslash paths are not allowed" }
    if path.count >= 2, path.dropFirst().first == ":" { return "drive letters are not allowed" }
    if path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." }) {
      return "'..' is not allowed"
    }
    if path.unicodeScalars.contains(where: { $0.value < 0x20 }) { return "control characters are not allowed" }
    return nil
  }

  static func printable(_ path: String) -> String {
    String(path.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) }.prefix(200))
  }

  private func unpackedTooLarge(at path: String) -> APIError {
    APIError(
      .contentTooLarge, "too-large",
      "the zip unpacks to more than \(Self.megabytes(limits.maximumUnpackedBytes)) (limit reached at \(Self.printable(path)))")
  }

  /// A byte count as people read it: "200 MB", or "10000 bytes" below a megabyte.
  static func megabytes(_ bytes: Int) -> String { bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes" }
}
