import HTTPTypes
import Hummingbird

/// Adds the security headers to every response, and CORS headers only for an allowed origin.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
  /// The one origin allowed to call from another site; nil keeps CORS off.
  var allowedOrigin: String?

  static var contentSecurityPolicy: String {
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
      + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
  }

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws -> Response
  {
    let isAllowedOrigin = allowedOrigin != nil && request.headers[.origin] == allowedOrigin
    var response: Response
    if isAllowedOrigin, request.method == .options {
      response = Response(status: .noContent)
      response.headers[.accessControlAllowMethods] = "GET, POST, DELETE"
      response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
    } else {
      response = try await next(request, context)
    }
    let fields: [(String, String)] = [
      ("Content-Security-Policy", Self.contentSecurityPolicy),
      ("X-Content-Type-Options", "nosniff"),
      ("X-Frame-Options", "DENY"),
      ("Referrer-Policy", "no-referrer"),
      ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    for (name, value) in fields {
      if let field = HTTPField.Name(name) { response.headers[field] = value }
    }
    if request.uri.path.hasPrefix("/api/") { response.headers[.cacheControl] = "no-store" }
    if isAllowedOrigin, let allowedOrigin {
      response.headers[.accessControlAllowOrigin] = allowedOrigin
      response.headers[.vary] = "Origin"
    }
    return response
  }
}
