import FerriteStore
import Hummingbird
import NIOCore

/// One endpoint: method, path (with `{name}` parameters), the role it needs and its handler.
///
/// The router is built from these and only these, so the OpenAPI test can check the list.
struct Route: Sendable {
  var method: HTTPRequest.Method
  var path: String
  /// nil for public endpoints (the web app's files, the OpenAPI document, health).
  var role: TokenRole?
  var handle: @Sendable (Request, BasicRequestContext) async throws -> Response

  init(
    _ method: HTTPRequest.Method, _ path: String, role: TokenRole?,
    _ handle: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response
  ) {
    self.method = method
    self.path = path
    self.role = role
    self.handle = handle
  }
}

extension BasicRequestContext {
  /// The path parameter `name`, which the route guarantees.
  func parameter(_ name: String) throws -> String {
    guard let value = parameters.get(name) else { throw APIError.badRequest("missing path parameter '\(name)'") }
    return value
  }
}

extension Request {
  /// The query parameter `name` as an integer within `range`, or `default` when absent.
  func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
    guard let text = uri.queryParameters[name[...]] else { return value }
    guard let number = Int(text), range.contains(number) else {
      throw APIError.badRequest("query parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return number
  }

  func query(_ name: String) -> String? { uri.queryParameters[name[...]].map(String.init) }

  /// The body of `what` (such as "a token request"), at most `limit` bytes: a larger body is 413
  /// naming the limit, one that cannot be read (a malformed chunk size) is 400, never 500.
  mutating func collectBody(limit: Int, of what: String) async throws -> ByteBuffer {
    do {
      return try await collectBody(upTo: limit)
    } catch is NIOTooManyBytesError {
      throw APIError(.contentTooLarge, "too-large", "\(what) is limited to \(UploadReader.megabytes(limit))")
    } catch {
      throw APIError.badRequest("the body of \(what) could not be read: the request is malformed (check its chunked encoding)")
    }
  }
}
