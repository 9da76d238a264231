import Foundation
import Testing
import ZIPFoundation

/// Scenarios and zips the server tests upload.
enum Fixtures {
  /// Two mills and three plants in one YAML file (the planner's transport case): mill1 makes coil
  /// at 2/t up to 60, mill2 at 1/t up to 45; plants need 30, 20, 40. Delivered costs mill1 6, 8,
  /// 11 and mill2 5.5, 9, 4, so p3 takes 40 from mill2, mill2's other 5 go to p1, mill1 covers
  /// 25 of p1 and all 20 of p2: 40*4 + 5*5.5 + 25*6 + 20*8 = 497.5.
  static let twoMills = """
    name: two mills
    periods: [2026]
    currency: USD
    products:
      - {id: coil, name: Coil, unit: t, family: steel}
    sites:
      - {id: mill1, name: Mill 1, country: KR, latitude: 34.9, longitude: 127.7, kind: steel-mill}
      - {id: mill2, name: Mill 2, country: US, latitude: 30.1, longitude: -91.0, kind: steel-mill}
      - {id: p1, name: Plant 1, country: US, latitude: 32.3, longitude: -86.3, kind: vehicle-plant}
      - {id: p2, name: Plant 2, country: US, latitude: 32.2, longitude: -81.4, kind: vehicle-plant}
      - {id: p3, name: Plant 3, country: MX, latitude: 25.8, longitude: -100.1, kind: vehicle-plant}
    processes:
      - {id: mill1/caster, site: mill1, name: Caster, capacity: 60, variable_cost: 2}
      - {id: mill2/caster, site: mill2, name: Caster, capacity: 45, variable_cost: 1}
    recipes:
      - {process: mill1/caster, role: output, product: coil, quantity: 1}
      - {process: mill2/caster, role: output, product: coil, quantity: 1}
    lanes:
      - {id: mill1-p1, from: mill1, to: p1, mode: ocean, cost_per_unit: 4}
      - {id: mill1-p2, from: mill1, to: p2, mode: ocean, cost_per_unit: 6}
      - {id: mill1-p3, from: mill1, to: p3, mode: ocean, cost_per_unit: 9}
      - {id: mill2-p1, from: mill2, to: p1, mode: rail, cost_per_unit: 4.5}
      - {id: mill2-p2, from: mill2, to: p2, mode: rail, cost_per_unit: 8}
      - {id: mill2-p3, from: mill2, to: p3, mode: rail, cost_per_unit: 3}
    demand:
      - {site: p1, product: coil, period: 2026, quantity: 30}
      - {site: p2, product: coil, period: 2026, quantity: 20}
      - {site: p3, product: coil, period: 2026, quantity: 40}

    """

  /// The repository root, found from this file.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// An example zipped with its folder and the repository's policy packs beside it, as
  /// docs/server.md tells a planner to upload it.
  static func northAmericaZip(_ example: String = "north-america") throws -> Data {
    let folder = root.appendingPathComponent("examples/\(example)")
    let archive = try Archive(accessMode: .create)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    for name in names {
      let data = try Data(contentsOf: folder.appendingPathComponent(name))
      try add(data, as: "\(example)/\(name)", to: archive)
    }
    let policy = root.appendingPathComponent("policy")
    for pack in try FileManager.default.contentsOfDirectory(atPath: policy.path).sorted() {
      let packFolder = policy.appendingPathComponent(pack)
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: packFolder.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
      for name in try FileManager.default.contentsOfDirectory(atPath: packFolder.path).sorted() {
        try add(try Data(contentsOf: packFolder.appendingPathComponent(name)), as: "policy/\(pack)/\(name)", to: archive)
      }
    }
    return try #require(archive.data)
  }

  /// A zip of `entries` (path, content), optionally with a symbolic link entry.
  static func zip(_ entries: [(String, String)], symlink: (String, String)? = nil) throws -> Data {
    let archive = try Archive(accessMode: .create)
    for (path, text) in entries { try add(Data(text.utf8), as: path, to: archive) }
    if let (path, target) = symlink {
      let data = Data(target.utf8)
      try archive.addEntry(with: path, type: .symlink, uncompressedSize: Int64(data.count)) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    return try #require(archive.data)
  }

  static func add(_ data: Data, as path: String, to archive: Archive) throws {
    try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
      position, size in data.subdata(in: Int(position)..<Int(position) + size)
    }
  }

  /// A zip entry written byte by byte, with whatever sizes and checksum a test wants to claim.
  struct CraftedEntry {
    var name: String
    var data: Data
    /// 8 deflate (the data must then be a raw deflate stream), 0 stored.
    var method: UInt16 = 8
    var crc: UInt32 = 0
    var declaredSize: UInt32
  }

  /// A zip of `entries` exactly as given (as server_payloads.py's crafted_zip writes them).
  static func crafted(_ entries: [CraftedEntry]) -> Data {
    var out = Data()
    var central = Data()
    func le(_ value: some FixedWidthInteger, into data: inout Data) {
      withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
    for entry in entries {
      let name = Data(entry.name.utf8)
      let offset = UInt32(out.count)
      le(UInt32(0x0403_4B50), into: &out)
      for value: UInt16 in [20, 0, entry.method, 0, 0x21] { le(value, into: &out) }
      for value: UInt32 in [entry.crc, UInt32(entry.data.count), entry.declaredSize] { le(value, into: &out) }
      le(UInt16(name.count), into: &out)
      le(UInt16(0), into: &out)
      out += name + entry.data
      le(UInt32(0x0201_4B50), into: &central)
      for value: UInt16 in [0x031E, 20, 0, entry.method, 0, 0x21] { le(value, into: &central) }
      for value: UInt32 in [entry.crc, UInt32(entry.data.count), entry.declaredSize] { le(value, into: &central) }
      for value: UInt16 in [UInt16(name.count), 0, 0, 0, 0] { le(value, into: &central) }
      le(UInt32(0o100644) << 16, into: &central)
      le(offset, into: &central)
      central += name
    }
    let start = UInt32(out.count)
    out += central
    le(UInt32(0x0605_4B50), into: &out)
    for value: UInt16 in [0, 0, UInt16(entries.count), UInt16(entries.count)] { le(value, into: &out) }
    le(UInt32(central.count), into: &out)
    le(start, into: &out)
    le(UInt16(0), into: &out)
    return out
  }

  /// `zip` (of one entry) with its central directory record claiming another size or CRC-32.
  static func rewritingCentralDirectory(_ zip: Data, declaredSize: UInt32? = nil, crc: UInt32? = nil) -> Data {
    var bytes = [UInt8](zip)
    func read32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    func write32(_ value: UInt32, _ at: Int) { for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) } }
    // The end record has no comment here: it is the last 22 bytes.
    let directory = read32(bytes.count - 22 + 16)
    if let crc { write32(crc, directory + 16) }
    if let declaredSize { write32(declaredSize, directory + 24) }
    return Data(bytes)
  }
}
