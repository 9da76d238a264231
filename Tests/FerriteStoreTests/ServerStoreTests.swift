import Foundation
import NIOSSL
import Testing

@testable import FerriteStore

@Suite("The server's stores")
struct ServerStoreTests {
  @Test("an unreachable PostgreSQL gives a message naming it, without the password, within the timeout")
  func unreachable() async throws {
    // Port 1 on loopback refuses connections; nothing listens there.
    let url = "postgres://planner:secret@127.0.0.1:1/ferrite"
    let start = ContinuousClock.now
    do {
      _ = try await PostgresServerStore.connect(url: url, timeout: .seconds(2))
      Issue.record("connected to a port where nothing listens")
    } catch {
      let message = "\(error)"
      #expect(message.contains("127.0.0.1:1"), "\(message)")
      #expect(!message.contains("secret"), "\(message)")
    }
    // A hang bound, not a speed check: on a stock machine with the whole suite running the 2 s
    // timeout has come back after 31 s (the cooperative pool busy with other tests).
    #expect(ContinuousClock.now - start < .seconds(90))
  }

  @Test("a URL that is not PostgreSQL's is refused with the form to use")
  func badURL() async throws {
    await #expect(throws: (any Error).self) { _ = try await ServerDatabase.postgres(url: "mysql://x@y/z").open() }
    do {
      _ = try await ServerDatabase.postgres(url: "mysql://x@y/z").open()
    } catch {
      #expect("\(error)".contains("postgres://user@host:port/database"))
    }
  }

  @Test("sslmode defaults to require off this machine and prefer on loopback; every named mode is honoured")
  func sslModes() throws {
    #expect(try PostgresURL("postgres://ferrite@db.example.com/ferrite").mode == .require)
    #expect(try PostgresURL("postgres://ferrite@10.0.0.5:6432/ferrite").mode == .require)
    #expect(try PostgresURL("postgres://ferrite@localhost/ferrite").mode == .prefer)
    #expect(try PostgresURL("postgres://ferrite@127.0.0.1:5433/ferrite").mode == .prefer)
    #expect(try PostgresURL("postgres://ferrite@[::1]/ferrite").mode == .prefer)
    for mode in PostgresTLSMode.allCases {
      #expect(try PostgresURL("postgres://ferrite@db.example.com/ferrite?sslmode=\(mode.rawValue)").mode == mode)
    }
    #expect(try PostgresURL("postgres://ferrite@localhost/ferrite?sslmode=verify-full").mode == .verifyFull)
    #expect(try PostgresURL("postgres://ferrite@db.example.com/ferrite?sslmode=disable").mode == .disable)
  }

  @Test("a URL's parts are read: host, port, user, password, database, root certificate")
  func urlParts() throws {
    let url = try PostgresURL("postgresql://planner:s3cret@db.example.com:6432/plans?sslmode=verify-ca&sslrootcert=/etc/ca.pem")
    #expect(url.host == "db.example.com" && url.port == 6432 && url.user == "planner" && url.password == "s3cret")
    #expect(url.database == "plans" && url.mode == .verifyCA && url.rootCertificate == "/etc/ca.pem")
    #expect(url.location == "postgresql://planner:***@db.example.com:6432/plans?sslmode=verify-ca&sslrootcert=/etc/ca.pem")
    let bare = try PostgresURL("postgres://db.example.com")
    #expect(bare.port == 5432 && bare.user == "postgres" && bare.password == nil && bare.database == nil)
  }

  @Test("an unknown sslmode is an error naming the URL without its password and the modes to use")
  func unknownSSLMode() {
    #expect {
      _ = try PostgresURL("postgres://planner:secret@db.example.com/ferrite?sslmode=always")
    } throws: { error in
      let message = "\(error)"
      return message.contains("sslmode 'always'") && message.contains("planner:***@db.example.com")
        && !message.contains("secret") && message.contains("verify-full")
    }
    // An unreadable root certificate is refused before any connection is tried.
    #expect(throws: StoreError.self) {
      _ = try PostgresURL("postgres://x@db.example.com/f?sslmode=verify-full&sslrootcert=/no/such/ca.pem").tls()
    }
  }

  @Test("each mode checks the server's certificate as libpq does")
  func certificateChecks() throws {
    func verification(_ mode: String) throws -> CertificateVerification? {
      try PostgresURL("postgres://x@db.example.com/f?sslmode=\(mode)").tlsConfiguration()?.certificateVerification
    }
    #expect(try verification("disable") == nil)
    #expect(try verification("prefer") == CertificateVerification.none)
    #expect(try verification("require") == CertificateVerification.none)
    #expect(try verification("verify-ca") == .noHostnameVerification)
    #expect(try verification("verify-full") == .fullVerification)
  }
}
