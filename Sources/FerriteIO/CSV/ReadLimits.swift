/// Bounds on what the readers accept, so a wrong or hostile file yields a diagnostic, not a hang.
public struct ReadLimits: Sendable, Equatable {
  /// Largest file read, in bytes.
  public var maximumFileSize: Int
  /// Most columns in a CSV header.
  public var maximumColumns: Int
  /// Longest field, in bytes.
  public var maximumFieldLength: Int
  /// Most rows in one table.
  public var maximumRows: Int

  public init(maximumFileSize: Int, maximumColumns: Int, maximumFieldLength: Int, maximumRows: Int) {
    self.maximumFileSize = maximumFileSize
    self.maximumColumns = maximumColumns
    self.maximumFieldLength = maximumFieldLength
    self.maximumRows = maximumRows
  }

  /// Generous enough for networks of millions of rows, small enough to fail fast on garbage.
  public static let standard = ReadLimits(
    maximumFileSize: 256 << 20, maximumColumns: 256, maximumFieldLength: 64 << 10, maximumRows: 5_000_000)

  /// The limits in words, for the docs.
  public var summary: String {
    "files up to \(maximumFileSize >> 20) MiB, \(maximumColumns) columns, fields of \(maximumFieldLength >> 10) KiB, "
      + "\(maximumRows) rows per table"
  }
}

/// A byte count in words: "300 bytes", "64 KiB", "256 MiB".
func byteSize(_ bytes: Int) -> String {
  if bytes >= 1 << 20 { return "\(bytes >> 20) MiB" }
  if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
  return "\(bytes) bytes"
}
