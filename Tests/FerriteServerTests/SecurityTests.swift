import FerriteStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

@Suite("Tokens, roles, upload limits and security headers")
struct SecurityTests {
  @Test("no token, an unknown token and a too-low role are refused with JSON errors")
  func authorization() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let none = try await client.get("/api/scenarios", token: nil)
      #expect(none.status == .unauthorized)
      #expect(try json(none)["error"] as? String == "unauthorized")
      let unknown = try await client.get("/api/scenarios", token: "fer_0000")
      #expect(unknown.status == .unauthorized)
      let viewerUpload = try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "a.yaml", token: harness.viewer)
      #expect(viewerUpload.status == .forbidden)
      #expect(try json(viewerUpload)["message"] as? String == "this needs the editor role; the token has viewer")
      let editorToken = try await client.post("/api/tokens", token: harness.editor, body: #"{"role":"viewer"}"#)
      #expect(editorToken.status == .forbidden)
      let created = try await client.post("/api/tokens", token: harness.admin, body: #"{"role":"viewer","label":"x"}"#)
      #expect(created.status == .created)
      let token = try #require(try json(created)["token"] as? String)
      let session = try json(try await client.get("/api/session", token: token))
      #expect(session["role"] as? String == "viewer")
      #expect(try await client.get("/api/health", token: nil).status == .ok)
    }
  }

  @Test("an admin lists tokens without their hashes and revokes one, which stops working at once (SQLite)")
  func revokeOnSQLite() async throws { try await revoke(postgresURL: nil) }

  @Test(
    "an admin lists tokens without their hashes and revokes one, which stops working at once (PostgreSQL)",
    .enabled(if: TestPostgres.isEnabled, TestPostgres.skipped))
  func revokeOnPostgres() async throws { try await revoke(postgresURL: try TestPostgres.requiredURL()) }

  func revoke(postgresURL url: String?) async throws {
    let harness = try await Harness(postgresURL: url)
    // Harnesses on PostgreSQL share the database: find this one's editor token by its hash.
    let id = try #require(try await harness.server.store.token(hash: TokenIssuer.hash(harness.editor))).id
    try await harness.live { client in
      let listed = try jsonArray(try await client.get("/api/tokens", token: harness.admin))
      let editor = try #require(listed.first { $0["id"] as? String == id })
      #expect(editor["role"] as? String == "editor" && editor["label"] as? String == "test editor")
      #expect(listed.allSatisfy { $0["hash"] == nil && $0["token"] == nil })
      #expect(try await client.get("/api/tokens", token: harness.editor).status == .forbidden)
      #expect(try await client.get("/api/scenarios", token: harness.editor).status == .ok)
      let revoked = try await client.execute(uri: "/api/tokens/\(id)", method: .delete, headers: auth(harness.admin)) { $0 }
      #expect(revoked.status == .noContent)
      #expect(try await client.get("/api/scenarios", token: harness.editor).status == .unauthorized)
      let again = try await client.execute(uri: "/api/tokens/\(id)", method: .delete, headers: auth(harness.admin)) { $0 }
      #expect(again.status == .notFound)
    }
    // A prefix revokes only when it names one token.
    let store = harness.server.store
    let viewer = try #require(try await store.token(hash: TokenIssuer.hash(harness.viewer)))
    #expect(try await store.revokeToken("") == nil)
    #expect(try await store.revokeToken(String(viewer.id.prefix(3))) == nil)
    #expect(try await store.revokeToken(String(viewer.id.prefix(8)))?.id == viewer.id)
    #expect(try await store.token(hash: TokenIssuer.hash(harness.viewer)) == nil)
    await harness.close()
  }

  @Test("policy pack entries are kept only with a plain pack name and a file a pack may hold")
  func policyPackEntries() {
    func kept(_ path: String) -> String? { UploadReader.policyPackFile(path.split(separator: "/").map(String.init)) }
    #expect(kept("policy/us/tariff_rules.csv") == "policy/us/tariff_rules.csv")
    #expect(kept("north-america/policy/kr-us/pack.yaml") == "policy/kr-us/pack.yaml")
    #expect(kept("policy/US/tariff_rules.csv") == nil)
    #expect(kept("policy/u s/tariff_rules.csv") == nil)
    #expect(kept("policy/-x/tariff_rules.csv") == nil)
    #expect(kept("policy/us/sites.csv") == nil)
    #expect(kept("policy/us/deeper/tariff_rules.csv") == nil)
    #expect(kept("a/b/policy/us/tariff_rules.csv") == nil)
  }

  @Test("tokens are stored only as SHA-256 hashes")
  func hashedTokens() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    let database = try Data(contentsOf: URL(fileURLWithPath: harness.server.configuration.databasePath))
    #expect(database.range(of: Data(harness.admin.utf8)) == nil)
    #expect(try await harness.server.store.token(hash: TokenIssuer.hash(harness.admin))?.role == .admin)
    // SHA-256 of "abc" from FIPS 180-2.
    #expect(TokenIssuer.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test("zip entries with '..', absolute paths or links are rejected, all named in one message")
  func zipSlip() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let cases: [(Data, String)] = [
        (try Fixtures.zip([("scenario.yaml", "name: x\nperiods: [2026]\n"), ("../sites.csv", "id\n")]), "'..'"),
        (try Fixtures.zip([("/etc/sites.csv", "id\n")]), "absolute"),
        (try Fixtures.zip([("scenario.yaml", "name: x\n")], symlink: ("sites.csv", "/etc/passwd")), "links"),
        (try Fixtures.zip([("a/../../products.csv", "id\n"), ("c:/x.csv", "")]), "'..'"),
      ]
      for (zip, reason) in cases {
        let response = try await client.upload(zip, fileName: "evil.zip", token: harness.editor)
        #expect(response.status == .badRequest)
        let body = try json(response)
        #expect(body["error"] as? String == "unsafe-zip")
        #expect((body["message"] as? String)?.contains(reason) == true, "\(body)")
      }
      let both = try json(try await client.upload(try Fixtures.zip([("../a.csv", ""), ("/b.csv", "")]), fileName: "e.zip", token: harness.editor))
      #expect((both["message"] as? String)?.contains("../a.csv") == true)
      #expect((both["message"] as? String)?.contains("/b.csv") == true)
      #expect(try jsonArray(try await client.get("/api/scenarios", token: harness.viewer)).isEmpty)
    }
  }

  @Test("uploads over the size or entry limit, empty, or of the wrong type are refused")
  func uploadLimits() async throws {
    let limits = UploadLimits(maximumUploadBytes: 4096, maximumEntries: 3, maximumUnpackedBytes: 10_000)
    let harness = try await Harness(limits: limits)
    defer { harness.remove() }
    try await harness.live { client in
      let large = try await client.upload(Data(repeating: 0x20, count: 5000), fileName: "big.yaml", token: harness.editor)
      #expect(large.status == .contentTooLarge)
      let many = try Fixtures.zip((1...4).map { ("f\($0).csv", "x") })
      let manyResponse = try await client.upload(many, fileName: "many.zip", token: harness.editor)
      #expect(manyResponse.status == .contentTooLarge)
      #expect(try json(manyResponse)["error"] as? String == "too-many-entries")
      // 20 kB of zeros compresses to a few dozen bytes but unpacks past the 10 kB limit.
      let bomb = try Fixtures.zip([("sites.csv", String(repeating: "0", count: 20_000))])
      #expect(bomb.count < 4096)
      let bombResponse = try await client.upload(bomb, fileName: "bomb.zip", token: harness.editor)
      #expect(bombResponse.status == .contentTooLarge)
      let empty = try await client.upload(Data(), fileName: "a.yaml", token: harness.editor)
      #expect(empty.status == .badRequest)
      let exe = try await client.upload(Data("MZ".utf8), fileName: "a.exe", token: harness.editor)
      #expect(exe.status == .badRequest)
      let notZip = try await client.upload(Data("PK garbage".utf8), fileName: "a.zip", token: harness.editor)
      #expect(notZip.status == .badRequest)
    }
  }

  @Test("every response carries the security headers and no CORS header by default; errors are JSON")
  func headers() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      for uri in ["/", "/api/health", "/api/scenarios", "/no/such/page", "/../etc/passwd"] {
        let response = try await client.execute(
          uri: uri, method: .get, headers: [.origin: "https://evil.example"]) { $0 }
        let csp = response.headers[HTTPField.Name("Content-Security-Policy")!]
        #expect(csp?.contains("script-src 'self'") == true)
        #expect(csp?.contains("frame-ancestors 'none'") == true)
        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
        #expect(response.headers[.accessControlAllowOrigin] == nil)
      }
      let missing = try await client.get("/etc/passwd", token: nil)
      #expect(missing.status == .notFound)
      let body = try json(missing)
      #expect(body["error"] as? String == "no-route")
      #expect(Set(body.keys) == ["error", "message"])
      let scenario = try await client.get("/api/scenarios/nope", token: harness.viewer)
      #expect(try json(scenario)["error"] as? String == "scenario-not-found")
      let badJSON = try await client.post("/api/tokens", token: harness.admin, body: "{")
      #expect(badJSON.status == .badRequest)
      #expect(!text(badJSON).contains("DecodingError"))
    }
  }
}
