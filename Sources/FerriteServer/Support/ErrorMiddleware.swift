import Hummingbird
import Logging

/// Turns every error into a JSON `{error, message}` response; nothing else (no stack trace, no
/// internal description) ever reaches the client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws -> Response
  {
    do {
      return try await next(request, context)
    } catch let error as APIError {
      return Self.response(error)
    } catch let error as HTTPError {
      let code = error.status == .notFound ? "no-route" : "http-\(error.status.code)"
      let message =
        error.status == .notFound
        ? "no route \(request.method) \(request.uri.path)"
        : error.body ?? error.status.reasonPhrase
      return Self.response(APIError(error.status, code, message))
    } catch let error as any HTTPResponseError {
      // Hummingbird's own errors (a body over a limit is 413): keep their status, not 500.
      return Self.response(APIError(error.status, "http-\(error.status.code)", error.status.reasonPhrase))
    } catch {
      context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
      return Self.response(APIError(.internalServerError, "internal", "the server could not complete the request"))
    }
  }

  static func response(_ error: APIError) -> Response {
    let body = ErrorBody(error: error.code, message: error.message)
    return (try? JSONResponse.make(body, status: error.status))
      ?? Response(status: error.status)
  }
}
