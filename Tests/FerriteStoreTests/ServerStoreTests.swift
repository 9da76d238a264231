import FerriteStore
import Foundation
import Testing

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
    #expect(ContinuousClock.now - start < .seconds(30))
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
}
