import FerriteModel
import Foundation

/// Where one field's bytes sit in a buffer of text. Absent fields (a column a row lacks) have no bytes.
struct TextSpan: Equatable {
  var start: UInt32
  var count: UInt32

  /// The span of a cell that is not there at all, as opposed to an empty one.
  static let absent = TextSpan(start: 0, count: .max)

  var isAbsent: Bool { count == .max }
  var range: Range<Int> { Int(start)..<Int(start) + Int(count) }
}

/// One record of a CSV file with the line it starts on.
struct CSVRecord: Equatable {
  var line: Int
  var fields: [String]
}

/// A CSV file split into a header and records, before any column has a meaning.
///
/// The fields stay in the file's own bytes: an unquoted field is a span of the file, a quoted one is
/// unescaped in place (doubled quotes and line breaks only ever shorten it). So reading costs no
/// allocation per field; `header` and `records` give the fields as strings where that is wanted.
struct CSVFile: Equatable {
  /// The file's bytes, quoted fields unescaped within their own range.
  var text: [UInt8]
  /// Every field of every record, the header first, in file order.
  var fields: [TextSpan]
  /// The line each record starts on; record 0 is the header.
  var lines: [Int]
  /// Where each record's fields start in `fields`, plus one entry for the end.
  var starts: [Int]

  /// The records, the header included.
  var recordCount: Int { lines.count }

  /// The fields of record `index` (0 is the header).
  func spans(of index: Int) -> ArraySlice<TextSpan> { fields[starts[index]..<starts[index + 1]] }

  func string(_ span: TextSpan) -> String {
    span.isAbsent ? "" : text.withUnsafeBufferPointer { String(decoding: $0[span.range], as: UTF8.self) }
  }

  func record(_ index: Int) -> CSVRecord {
    CSVRecord(line: lines[index], fields: spans(of: index).map(string))
  }

  var header: CSVRecord { record(0) }
  var records: [CSVRecord] { (1..<recordCount).map(record) }

  /// A file of the given records (a workbook's sheet read as a table).
  init(header: CSVRecord, records: [CSVRecord]) {
    text = []
    fields = []
    lines = []
    starts = [0]
    for record in [header] + records {
      for field in record.fields {
        fields.append(TextSpan(start: UInt32(text.count), count: UInt32(field.utf8.count)))
        text.append(contentsOf: field.utf8)
      }
      lines.append(record.line)
      starts.append(fields.count)
    }
  }

  init(text: [UInt8], fields: [TextSpan], lines: [Int], starts: [Int]) {
    self.text = text
    self.fields = fields
    self.lines = lines
    self.starts = starts
  }
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
    // Spans are 32-bit offsets: a larger file is refused whatever the limit says.
    if data.count > min(limits.maximumFileSize, Int(UInt32.max - 1)) {
      return (nil, [tooLarge(file: file, size: data.count)])
    }
    var parser = Parser(text: [UInt8](data), file: file, limits: limits)
    return parser.parse()
  }

  func tooLarge(file: String, size: Int) -> Diagnostic {
    Diagnostic(
      .error, "file is \(byteSize(size)), more than the limit of \(byteSize(limits.maximumFileSize))",
      fix: "split the table or check that this is the right file", at: .init(file: file))
  }

  /// The first NUL byte or invalid UTF-8 sequence in `bytes` from `start`, with its line, if any.
  static func encodingProblem(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (
    message: String, fix: String, line: Int
  )? {
    var line = 1
    var index = start
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte >= 0x0E && byte < 0x80 {
        // Printable ASCII, the bulk of any table: nothing to check.
        index += 1
        continue
      }
      if byte == 0 {
        return (
          "binary content (NUL byte)", "save the table as CSV text (UTF-8), not as a spreadsheet workbook",
          line
        )
      }
      if byte == 0x0A || (byte == 0x0D && (index + 1 == count || bytes[index + 1] != 0x0A)) {
        line += 1
      }
      if byte < 0x80 {
        index += 1
        continue
      }
      let length = sequenceLength(bytes, at: index)
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
}

extension CSVReader {
  /// The state machine over the bytes of one file, splitting them into field spans in one pass.
  struct Parser {
    var text: [UInt8]
    let file: String
    let limits: ReadLimits
    var diagnostics: [Diagnostic] = []
    var fields: [TextSpan] = []
    var lines: [Int] = []
    var starts: [Int] = [0]
    var line = 1

    init(text: [UInt8], file: String, limits: ReadLimits) {
      self.text = text
      self.file = file
      self.limits = limits
    }

    mutating func error(_ message: String, fix: String? = nil, line: Int? = nil) {
      diagnostics.append(
        Diagnostic(.error, message, fix: fix, at: .init(file: file, line: line ?? self.line)))
    }

    mutating func parse() -> (CSVFile?, [Diagnostic]) {
      var index = 0
      if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { index = 3 }
      let from = index
      if let problem = text.withUnsafeBufferPointer({ CSVReader.encodingProblem(in: $0, from: from) }) {
        error(problem.message, fix: problem.fix, line: problem.line)
        return (nil, diagnostics)
      }
      // A rough count of records, so the arrays grow once or twice instead of twenty times.
      let estimate = min(text.count / 32, limits.maximumRows) + 1
      lines.reserveCapacity(estimate)
      starts.reserveCapacity(estimate + 1)
      fields.reserveCapacity(estimate * 8)
      var buffer = text
      text = []
      let finished = buffer.withUnsafeMutableBufferPointer { parseRecords($0, from: index) }
      guard finished else { return (nil, diagnostics) }
      guard !lines.isEmpty else {
        error("the file is empty", fix: "write a header row naming the columns", line: 1)
        return (nil, diagnostics)
      }
      return (CSVFile(text: buffer, fields: fields, lines: lines, starts: starts), diagnostics)
    }

    /// Splits the bytes into records; false when reading had to stop. Quoted fields are unescaped
    /// in place: what is written never overtakes what is read.
    mutating func parseRecords(_ bytes: UnsafeMutableBufferPointer<UInt8>, from start: Int) -> Bool {
      let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
      let hash: UInt8 = 0x23
      var index = start
      let end = bytes.count
      let maximumField = limits.maximumFieldLength

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
        if lines.count > limits.maximumRows {
          error(
            "more than \(limits.maximumRows) rows",
            fix: "split the table or check that this is the right file")
          return false
        }
        let recordLine = line
        let recordStart = fields.count
        var fieldCount = 0
        var tooManyColumns = false
        var recordDone = false
        while !recordDone {
          // One field.
          let span: TextSpan
          if index < end, bytes[index] == quote {
            let openedOn = line
            index += 1
            // The unescaped text is written from `write`, which stays at or behind `index`.
            let fieldStart = index
            var write = index
            var closed = false
            while index < end {
              let byte = bytes[index]
              if byte == quote {
                if index + 1 < end, bytes[index + 1] == quote {
                  bytes[write] = quote
                  write += 1
                  index += 2
                  // The length is checked with the next byte, so a field of exactly the limit ending in "" passes.
                  continue
                } else {
                  index += 1
                  closed = true
                  break
                }
              } else if byte == carriageReturn || byte == newline {
                // Past the line end first: writing the \n may overwrite the \r it starts with.
                skipLineEnd(&index, &line)
                bytes[write] = newline
                write += 1
              } else {
                bytes[write] = byte
                write += 1
                index += 1
              }
              if write - fieldStart > maximumField { break }
            }
            if !closed {
              if write - fieldStart > maximumField {
                error(
                  "a field is longer than \(byteSize(maximumField))",
                  fix: "check for a quote that is never closed", line: openedOn)
              } else {
                error(
                  "a quoted field opened here is never closed",
                  fix: "add the closing \" or remove the opening one", line: openedOn)
              }
              return false
            }
            // Text after the closing quote: keep it, but say so.
            if index < end, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriageReturn {
              while index < end, bytes[index] != comma, bytes[index] != newline,
                bytes[index] != carriageReturn
              {
                bytes[write] = bytes[index]
                write += 1
                index += 1
              }
              error(
                "text after a closing quote", fix: "quote the whole field and double any quote inside it",
                line: line)
            }
            span = TextSpan(start: UInt32(fieldStart), count: UInt32(write - fieldStart))
          } else {
            let fieldStart = index
            while index < end {
              let byte = bytes[index]
              if byte == comma || byte == newline || byte == carriageReturn { break }
              index += 1
            }
            if index - fieldStart > maximumField {
              error(
                "a field is longer than \(byteSize(maximumField))",
                fix: "check that this is a CSV table")
              return false
            }
            span = TextSpan(start: UInt32(fieldStart), count: UInt32(index - fieldStart))
          }
          if fieldCount < limits.maximumColumns {
            fields.append(span)
            fieldCount += 1
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
            if index >= end {
              fields.append(TextSpan(start: UInt32(index), count: 0))
              recordDone = true
            }
          } else {
            skipLineEnd(&index, &line)
            recordDone = true
          }
        }
        if tooManyColumns && lines.isEmpty {
          fields.removeSubrange(recordStart...)
          return false
        }
        lines.append(recordLine)
        starts.append(fields.count)
      }
      return true
    }
  }
}
