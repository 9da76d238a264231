import FerriteModel
import Foundation

/// One record of a CSV file with the line it starts on.
struct CSVRecord: Equatable {
  var line: Int
  var fields: [String]
}

/// A CSV file split into a header and records, before any column has a meaning.
struct CSVFile: Equatable {
  var header: CSVRecord
  var records: [CSVRecord]
}

/// An RFC 4180 reader that accepts what spreadsheets write and refuses what they never do.
///
/// It takes quoted fields with commas, doubled quotes and line breaks, a UTF-8 byte-order mark,
/// CRLF, LF or CR line ends, and skips blank lines and lines starting with `#`. Binary content,
/// invalid UTF-8 and anything beyond `limits` become diagnostics; reading stops early, so a huge
/// or hostile file costs neither unbounded time nor memory.
struct CSVReader {
  var limits: ReadLimits = .standard

  /// Reads the file at `url`, naming it `file` in diagnostics.
  func read(contentsOf url: URL, file: String) -> (CSVFile?, [Diagnostic]) {
    if let problem = CSVReader.notAFile(url.path, file: file) { return (nil, [problem]) }
    let size =
      (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
    if size > limits.maximumFileSize {
      return (nil, [tooLarge(file: file, size: size)])
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      return (
        nil,
        [
          Diagnostic(
            .error, "cannot read the file", fix: "check that it exists and is readable", at: .init(file: file)
          )
        ]
      )
    }
    return read(data, file: file)
  }

  /// A diagnostic when `path` is a folder or anything but a regular file (a pipe would block a read).
  static func notAFile(_ path: String, file: String) -> Diagnostic? {
    // Links are followed: a scenario may link tables of another (examples/north-america-no-louisiana).
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType,
      type != .typeRegular
    else { return nil }
    let what = type == .typeDirectory ? "a folder" : "not a regular file"
    return Diagnostic(
      .error, "\(file) is \(what)", fix: "replace it with a \(file.hasSuffix(".csv") ? "CSV" : "text") file",
      at: .init(file: file))
  }

  /// Reads CSV text from `data`, naming it `file` in diagnostics.
  func read(_ data: Data, file: String) -> (CSVFile?, [Diagnostic]) {
    if data.count > limits.maximumFileSize { return (nil, [tooLarge(file: file, size: data.count)]) }
    return data.withUnsafeBytes { raw in
      var parser = Parser(bytes: raw.bindMemory(to: UInt8.self), file: file, limits: limits)
      return parser.parse()
    }
  }

  func tooLarge(file: String, size: Int) -> Diagnostic {
    Diagnostic(
      .error, "file is \(byteSize(size)), more than the limit of \(byteSize(limits.maximumFileSize))",
      fix: "split the table or check that this is the right file", at: .init(file: file))
  }
}

extension CSVReader {
  /// The state machine over the bytes of one file.
  struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let limits: ReadLimits
    var diagnostics: [Diagnostic] = []
    var records: [CSVRecord] = []
    var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, limits: ReadLimits) {
      self.bytes = bytes
      self.file = file
      self.limits = limits
    }

    mutating func error(_ message: String, fix: String? = nil, line: Int? = nil) {
      diagnostics.append(
        Diagnostic(.error, message, fix: fix, at: .init(file: file, line: line ?? self.line)))
    }

    mutating func parse() -> (CSVFile?, [Diagnostic]) {
      var index = 0
      if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
      if let problem = encodingProblem(from: index) {
        error(problem.message, fix: problem.fix, line: problem.line)
        return (nil, diagnostics)
      }
      guard parseRecords(from: index) else { return (nil, diagnostics) }
      guard let header = records.first else {
        error("the file is empty", fix: "write a header row naming the columns", line: 1)
        return (nil, diagnostics)
      }
      return (CSVFile(header: header, records: Array(records.dropFirst())), diagnostics)
    }

    /// The first NUL byte or invalid UTF-8 sequence, with its line, if any.
    func encodingProblem(from start: Int) -> (message: String, fix: String, line: Int)? {
      var line = 1
      var index = start
      while index < bytes.count {
        let byte = bytes[index]
        if byte == 0 {
          return (
            "binary content (NUL byte)", "save the table as CSV text (UTF-8), not as a spreadsheet workbook",
            line
          )
        }
        if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
          line += 1
        }
        if byte < 0x80 {
          index += 1
          continue
        }
        let length = Parser.sequenceLength(bytes, at: index)
        if length == 0 {
          return (
            "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true))", "save the file as CSV UTF-8",
            line
          )
        }
        index += length
      }
      return nil
    }

    /// The length of a valid UTF-8 sequence starting at `index`, or 0 when it is invalid.
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
      let lead = bytes[index]
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; high = 0x9F
      case 0xF0: length = 4; low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; high = 0x8F
      default: return 0
      }
      guard index + length <= bytes.count else { return 0 }
      for offset in 1..<length {
        let byte = bytes[index + offset]
        let (min, max) = offset == 1 ? (low, high) : (0x80, 0xBF)
        if byte < min || byte > max { return 0 }
      }
      return length
    }

    /// Splits the bytes into records; false when reading had to stop.
    mutating func parseRecords(from start: Int) -> Bool {
      let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
      let hash: UInt8 = 0x23
      var index = start
      let end = bytes.count

      /// Moves past a line end at `index` (CRLF counts once) and counts the line.
      func skipLineEnd(_ index: inout Int, _ line: inout Int) {
        if bytes[index] == carriageReturn, index + 1 < end, bytes[index + 1] == newline { index += 1 }
        index += 1
        line += 1
      }

      while index < end {
        // At the start of a record: skip blank lines and # comments.
        let first = bytes[index]
        if first == newline || first == carriageReturn {
          skipLineEnd(&index, &line)
          continue
        }
        if first == hash {
          while index < end, bytes[index] != newline, bytes[index] != carriageReturn { index += 1 }
          if index < end { skipLineEnd(&index, &line) }
          continue
        }
        if records.count > limits.maximumRows {
          error(
            "more than \(limits.maximumRows) rows",
            fix: "split the table or check that this is the right file")
          return false
        }
        let recordLine = line
        var fields: [String] = []
        var tooManyColumns = false
        var recordDone = false
        while !recordDone {
          // One field.
          var value: String
          if index < end, bytes[index] == quote {
            let openedOn = line
            index += 1
            var buffer: [UInt8] = []
            var closed = false
            var segmentStart = index
            while index < end {
              let byte = bytes[index]
              if byte == quote {
                buffer.append(contentsOf: bytes[segmentStart..<index])
                if index + 1 < end, bytes[index + 1] == quote {
                  buffer.append(quote)
                  index += 2
                  segmentStart = index
                  continue
                }
                index += 1
                closed = true
                break
              }
              if byte == carriageReturn || byte == newline {
                buffer.append(contentsOf: bytes[segmentStart..<index])
                buffer.append(newline)
                skipLineEnd(&index, &line)
                segmentStart = index
              } else {
                index += 1
              }
              if buffer.count + (index - segmentStart) > limits.maximumFieldLength { break }
            }
            if !closed {
              if buffer.count + (index - segmentStart) > limits.maximumFieldLength {
                error(
                  "a field is longer than \(byteSize(limits.maximumFieldLength))",
                  fix: "check for a quote that is never closed", line: openedOn)
              } else {
                error(
                  "a quoted field opened here is never closed",
                  fix: "add the closing \" or remove the opening one", line: openedOn)
              }
              return false
            }
            value = String(decoding: buffer, as: UTF8.self)
            // Text after the closing quote: keep it, but say so.
            if index < end, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriageReturn {
              let start = index
              while index < end, bytes[index] != comma, bytes[index] != newline,
                bytes[index] != carriageReturn
              { index += 1 }
              value += String(decoding: bytes[start..<index], as: UTF8.self)
              error(
                "text after a closing quote", fix: "quote the whole field and double any quote inside it",
                line: line)
            }
          } else {
            let start = index
            while index < end, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriageReturn
            {
              index += 1
            }
            if index - start > limits.maximumFieldLength {
              error(
                "a field is longer than \(byteSize(limits.maximumFieldLength))",
                fix: "check that this is a CSV table")
              return false
            }
            value = String(decoding: bytes[start..<index], as: UTF8.self)
          }
          if fields.count < limits.maximumColumns {
            fields.append(value)
          } else if !tooManyColumns {
            tooManyColumns = true
            error(
              "more than \(limits.maximumColumns) columns",
              fix: "check the delimiter and that this is the right file", line: recordLine)
          }
          if index >= end {
            recordDone = true
          } else if bytes[index] == comma {
            index += 1
            if index >= end { fields.append(""); recordDone = true }
          } else {
            skipLineEnd(&index, &line)
            recordDone = true
          }
        }
        if tooManyColumns && records.isEmpty { return false }
        records.append(CSVRecord(line: recordLine, fields: fields))
      }
      return true
    }
  }
}
