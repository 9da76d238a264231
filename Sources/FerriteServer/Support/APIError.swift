import Hummingbird

/// An error the API reports to its client as `{"error": code, "message": text}`.
struct APIError: Error, Sendable {
  var status: HTTPResponse.Status
  /// A stable machine-readable code such as "scenario-not-found".
  var code: String
  var message: String

  init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
    self.status = status
    self.code = code
    self.message = message
  }

  static func notFound(_ what: String, _ id: String) -> APIError {
    APIError(.notFound, "\(what)-not-found", "no \(what) with id '\(id)'")
  }

  static func badRequest(_ message: String) -> APIError {
    APIError(.badRequest, "bad-request", message)
  }
}

/// The body of every error response.
struct ErrorBody: Codable, Sendable {
  var error: String
  var message: String
}
