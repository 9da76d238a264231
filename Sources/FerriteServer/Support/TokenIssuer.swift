import Crypto
import FerriteStore
import Foundation
import Hummingbird

/// Creates API tokens and checks them; only their SHA-256 hashes are ever stored.
public struct TokenIssuer: Sendable {
  let store: any ServerStore

  public init(store: any ServerStore) { self.store = store }

  /// Creates a token with `role` and returns it; this is the only time it is seen in clear.
  public func create(role: TokenRole, label: String) async throws -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    let token = "fer_" + Self.hex(bytes)
    try await store.insert(
      StoredToken(id: UUID().uuidString.lowercased(), hash: Self.hash(token), role: role, label: label, createdAt: Date()))
    return token
  }

  /// The hex SHA-256 of a token.
  public static func hash(_ token: String) -> String {
    hex(Array(SHA256.hash(data: Data(token.utf8))))
  }

  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  /// The role of the bearer token in `request`, throwing 401 without a known token and 403 when
  /// its role is below `required`.
  func authorize(_ request: Request, as required: TokenRole) async throws -> TokenRole {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
      throw APIError(.unauthorized, "unauthorized", "sign in: send the header `Authorization: Bearer <token>`")
    }
    let token = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
    guard !token.isEmpty, let stored = try await store.token(hash: Self.hash(token)) else {
      throw APIError(.unauthorized, "unauthorized", "unknown token; create one with `ferrite token create`")
    }
    guard stored.role >= required else {
      throw APIError(
        .forbidden, "forbidden", "this needs the \(required.rawValue) role; the token has \(stored.role.rawValue)")
    }
    return stored.role
  }
}
