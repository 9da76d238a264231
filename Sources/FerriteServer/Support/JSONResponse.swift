import Foundation
import Hummingbird

/// Encodes values as JSON responses the same way everywhere (sorted keys, ISO 8601 dates).
enum JSONResponse {
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }()

  static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }()

  /// Decodes a request body, refusing what strict JSON (RFC 8259) does not allow but Foundation's
  /// lenient parser accepts: a trailing comma before `}` or `]`.
  static func decodeRequest<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
    guard !hasTrailingComma(data) else { throw StrictJSONError() }
    return try decoder.decode(type, from: data)
  }

  struct StrictJSONError: Error {}

  /// Whether a comma outside strings is followed, past white space, by `}` or `]`.
  static func hasTrailingComma(_ data: Data) -> Bool {
    var inString = false
    var escaped = false
    var afterComma = false
    for byte in data {
      if inString {
        if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
        continue
      }
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
      case UInt8(ascii: "}"), UInt8(ascii: "]"): if afterComma { return true }
      case UInt8(ascii: "\""): inString = true
      default: break
      }
      afterComma = byte == UInt8(ascii: ",")
    }
    return false
  }

  static func make<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
    data(try encoder.encode(value), status: status)
  }

  static func data(_ data: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json")
    -> Response
  {
    Response(
      status: status, headers: [.contentType: contentType],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }
}
