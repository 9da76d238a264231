import FerriteStore
import Foundation
import Hummingbird

/// Health and token management.
struct AdminRoutes: Sendable {
  let issuer: TokenIssuer

  struct TokenRequest: Codable, Sendable {
    var role: TokenRole
    var label: String?
  }

  struct TokenBody: Codable, Sendable {
    var token: String
    var role: TokenRole
  }

  /// A token as listed: never its hash.
  struct TokenEntry: Codable, Sendable {
    var id: String
    var role: TokenRole
    var label: String
    var createdAt: Date

    init(_ token: StoredToken) {
      id = token.id
      role = token.role
      label = token.label
      createdAt = token.createdAt
    }
  }

  struct Health: Codable, Sendable {
    var status: String
    var version: String
  }

  var routes: [Route] {
    [
      Route(.get, "/api/health", role: nil) { _, _ in try JSONResponse.make(Health(status: "ok", version: "1")) },
      Route(.get, "/api/session", role: .viewer) { request, _ in
        struct Session: Codable { var role: TokenRole }
        return try JSONResponse.make(Session(role: try await issuer.authorize(request, as: .viewer)))
      },
      Route(.post, "/api/tokens", role: .admin) { request, _ in
        var request = request
        let body = try await request.collectBody(limit: 16 * 1024, of: "a token request")
        guard let asked = try? JSONResponse.decodeRequest(TokenRequest.self, from: Data(body.readableBytesView)) else {
          throw APIError.badRequest("the body must be JSON like {\"role\": \"viewer\", \"label\": \"alice\"}")
        }
        let token = try await issuer.create(role: asked.role, label: String((asked.label ?? "").prefix(200)))
        return try JSONResponse.make(TokenBody(token: token, role: asked.role), status: .created)
      },
      Route(.get, "/api/tokens", role: .admin) { _, _ in
        try JSONResponse.make(try await issuer.store.tokens().map(TokenEntry.init))
      },
      Route(.delete, "/api/tokens/{id}", role: .admin) { _, context in
        let id = try context.parameter("id")
        guard try await issuer.store.deleteToken(id: id) else { throw APIError.notFound("token", id) }
        return Response(status: .noContent)
      },
    ]
  }
}
