import Foundation

// zlib: ZIPFoundation's system-library module on Linux, the SDK's module on Apple platforms.
#if canImport(CZlib)
  import CZlib
#elseif canImport(zlib)
  import zlib
#endif

/// A zip archive read from memory that trusts none of its own numbers.
///
/// ZIPFoundation's Linux inflate loop spins forever on a deflate stream that ends early, and its
/// callers only see the sizes an entry declares. This reader inflates with zlib directly and
/// counts the bytes it actually produces: an entry stops at the size it declares (so declared
/// sizes bound memory and the caller's limits hold), a stream that stops making progress or ends
/// early is damaged, and every entry's CRC-32 is checked.
public struct ZipArchive: Sendable {
  /// One entry as the central directory describes it.
  public struct Entry: Sendable {
    public var path: String
    public var isSymlink: Bool
    public var isDirectory: Bool
    public var isEncrypted: Bool
    /// 0 stored, 8 deflated; others are refused.
    public var method: UInt16
    public var crc32: UInt32
    public var compressedSize: Int
    /// The size the archive declares; `extract` never produces more.
    public var declaredSize: Int
    public var localHeaderOffset: Int
  }

  /// Why an archive or one of its entries cannot be read.
  public enum Failure: Error, Equatable {
    /// The archive's structure is unreadable (not a zip, cut short, ZIP64 beyond what a scenario needs).
    case unreadable(String)
    /// One entry cannot be unpacked; the reason names what is wrong with it.
    case damaged(String)
    /// The entry unpacks past the limit the caller gave.
    case overLimit
  }

  let bytes: [UInt8]
  public let entries: [Entry]
  /// Entries the end record announces, known before any is parsed.
  public let declaredEntryCount: Int

  /// Reads the end record and the central directory; refuses archives that have more than
  /// `maximumEntries` entries before reading any of them.
  public init(_ data: Data, maximumEntries: Int) throws(Failure) {
    let bytes = [UInt8](data)
    self.bytes = bytes
    guard let end = Self.endRecord(in: bytes) else { throw .unreadable("no end of central directory record") }
    let count = Int(Self.u16(bytes, end + 10) ?? 0)
    let size = Int(Self.u32(bytes, end + 12) ?? 0)
    let offset = Int(Self.u32(bytes, end + 16) ?? 0)
    declaredEntryCount = count
    guard count != 0xFFFF, offset != 0xFFFF_FFFF else { throw .unreadable("ZIP64 archives are not supported") }
    guard count <= maximumEntries else {
      entries = []
      return
    }
    guard offset <= bytes.count, size <= bytes.count - offset else { throw .unreadable("the central directory lies outside the file") }
    var entries: [Entry] = []
    var position = offset
    for _ in 0..<count {
      guard Self.u32(bytes, position) == 0x0201_4B50, let nameLength = Self.u16(bytes, position + 28),
        let extraLength = Self.u16(bytes, position + 30), let commentLength = Self.u16(bytes, position + 32),
        let flags = Self.u16(bytes, position + 8), let method = Self.u16(bytes, position + 10),
        let crc = Self.u32(bytes, position + 16), let compressed = Self.u32(bytes, position + 20),
        let uncompressed = Self.u32(bytes, position + 24), let madeBy = Self.u16(bytes, position + 4),
        let external = Self.u32(bytes, position + 38), let local = Self.u32(bytes, position + 42)
      else { throw .unreadable("a central directory record is damaged") }
      let nameStart = position + 46
      let extraStart = nameStart + Int(nameLength)
      let next = extraStart + Int(extraLength) + Int(commentLength)
      guard next <= bytes.count else { throw .unreadable("a central directory record is cut short") }
      // UTF-8 when flagged; otherwise names are CP437, whose ASCII part (all scenario file names) is the same.
      let path = String(decoding: bytes[nameStart..<extraStart], as: UTF8.self)
      var sizes = (compressed: Int(compressed), declared: Int(uncompressed), local: Int(local))
      if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
        guard let wide = Self.zip64(bytes[extraStart..<extraStart + Int(extraLength)], sizes: sizes) else {
          throw .unreadable("'\(path)' has a damaged ZIP64 extra field")
        }
        sizes = wide
      }
      let mode = (external >> 16) & 0o170000
      let isUnix = madeBy >> 8 == 3
      entries.append(
        Entry(
          path: path, isSymlink: isUnix && mode == 0o120000,
          isDirectory: path.hasSuffix("/") || (isUnix && mode == 0o040000), isEncrypted: flags & 1 != 0, method: method,
          crc32: crc, compressedSize: sizes.compressed, declaredSize: sizes.declared, localHeaderOffset: sizes.local))
      position = next
    }
    self.entries = entries
  }

  /// The entry's content: at most its declared size and at most `limit` bytes (else `.overLimit`),
  /// exactly its declared size, with a matching CRC-32.
  public func extract(_ entry: Entry, limit: Int) throws(Failure) -> Data {
    guard !entry.isEncrypted else { throw .damaged("encrypted entries are not supported") }
    guard entry.declaredSize <= limit else { throw .overLimit }
    let start = entry.localHeaderOffset
    guard Self.u32(bytes, start) == 0x0403_4B50, let nameLength = Self.u16(bytes, start + 26),
      let extraLength = Self.u16(bytes, start + 28)
    else { throw .damaged("its local header is missing or damaged") }
    let dataStart = start + 30 + Int(nameLength) + Int(extraLength)
    guard dataStart <= bytes.count, entry.compressedSize <= bytes.count - dataStart else {
      throw .damaged("its data runs past the end of the zip")
    }
    let input = bytes[dataStart..<dataStart + entry.compressedSize]
    let content: Data
    switch entry.method {
    case 0: content = Data(input)
    case 8: content = try Self.inflate(input, upTo: entry.declaredSize)
    default: throw .damaged("compression method \(entry.method) is not supported (zip with deflate or no compression)")
    }
    guard content.count == entry.declaredSize else {
      throw .damaged("it unpacks to \(content.count) bytes, not the \(entry.declaredSize) its header declares")
    }
    guard Self.crc32(content) == entry.crc32 else { throw .damaged("it fails its CRC-32 check") }
    return content
  }

  /// Inflates a raw deflate stream, refusing to produce more than `maximum` bytes or to wait on a
  /// stream that makes no progress.
  static func inflate(_ input: ArraySlice<UInt8>, upTo maximum: Int) throws(Failure) -> Data {
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .damaged("the deflate decoder could not start")
    }
    defer { inflateEnd(&stream) }
    var output = Data()
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    let result: Result<Void, Failure> = input.withUnsafeBufferPointer { source in
      guard let base = source.baseAddress, !source.isEmpty else { return .failure(.damaged("its compressed data is empty")) }
      stream.next_in = UnsafeMutablePointer(mutating: base)
      stream.avail_in = UInt32(source.count)
      while true {
        let inputBefore = stream.avail_in
        let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
          stream.next_out = buffer.baseAddress
          stream.avail_out = UInt32(buffer.count)
          return zlibInflate(&stream)
        }
        let produced = chunk.count - Int(stream.avail_out)
        if produced > maximum - output.count {
          return .failure(.damaged("it unpacks to more than the \(maximum) byte\(maximum == 1 ? "" : "s") its header declares"))
        }
        output.append(contentsOf: chunk[..<produced])
        switch status {
        case Z_STREAM_END: return .success(())
        case Z_OK where produced > 0 || stream.avail_in < inputBefore: continue
        case Z_OK, Z_BUF_ERROR: return .failure(.damaged("its compressed data ends early"))
        default: return .failure(.damaged("its compressed data is damaged"))
        }
      }
    }
    try result.get()
    return output
  }

  /// The CRC-32 (ISO 3309, as zip uses it) of `data`.
  static func crc32(_ data: Data) -> UInt32 {
    var crc: UInt = 0
    var start = data.startIndex
    // zlib takes 32-bit lengths: feed it a gigabyte at a time.
    while start < data.endIndex {
      let end = data.index(start, offsetBy: min(1 << 30, data.endIndex - start))
      crc = data[start..<end].withUnsafeBytes { raw in
        zlibCRC32(crc, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(raw.count))
      }
      start = end
    }
    return UInt32(truncatingIfNeeded: crc)
  }

  /// The start of the end of central directory record, searched backwards past any comment.
  static func endRecord(in bytes: [UInt8]) -> Int? {
    guard bytes.count >= 22 else { return nil }
    let lowest = max(0, bytes.count - 22 - 0xFFFF)
    for position in stride(from: bytes.count - 22, through: lowest, by: -1) where u32(bytes, position) == 0x0605_4B50 {
      return position
    }
    return nil
  }

  /// Sizes and offset from a ZIP64 extra field: each 32-bit value that is 0xFFFFFFFF is replaced,
  /// in the order uncompressed, compressed, offset.
  static func zip64(_ extra: ArraySlice<UInt8>, sizes: (compressed: Int, declared: Int, local: Int))
    -> (compressed: Int, declared: Int, local: Int)?
  {
    let field = [UInt8](extra)
    var position = 0
    while position + 4 <= field.count {
      guard let id = u16(field, position), let length = u16(field, position + 2) else { return nil }
      let body = position + 4
      if id == 0x0001 {
        var cursor = body
        func next() -> Int? {
          guard cursor + 8 <= body + Int(length), let value = u64(field, cursor), value <= UInt64(Int.max) else { return nil }
          cursor += 8
          return Int(value)
        }
        var result = sizes
        for field in [\(compressed: Int, declared: Int, local: Int).declared, \.compressed, \.local]
        where sizes[keyPath: field] == 0xFFFF_FFFF {
          guard let value = next() else { return nil }
          result[keyPath: field] = value
        }
        return result
      }
      position = body + Int(length)
    }
    return nil
  }

  static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16? {
    guard at >= 0, at + 2 <= bytes.count else { return nil }
    return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
  }

  static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32? {
    guard at >= 0, at + 4 <= bytes.count else { return nil }
    return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
  }

  static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64? {
    guard at >= 0, at + 8 <= bytes.count else { return nil }
    return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
  }
}

// zlib's calls under names that the static methods above do not shadow.
@inline(__always) private func zlibInflate(_ stream: inout z_stream) -> Int32 { inflate(&stream, Z_NO_FLUSH) }
@inline(__always) private func zlibCRC32(_ crc: UInt, _ buffer: UnsafePointer<UInt8>?, _ length: UInt32) -> UInt {
  crc32(crc, buffer, length)
}

extension ZipArchive.Failure: CustomStringConvertible {
  public var description: String {
    switch self {
    case .unreadable(let reason): "the zip is unreadable: \(reason)"
    case .damaged(let reason): "damaged: \(reason)"
    case .overLimit: "it unpacks past the size limit"
    }
  }
}
