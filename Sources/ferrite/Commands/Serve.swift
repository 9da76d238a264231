import ArgumentParser
import FerriteServer
import FerriteStore
import Foundation

/// `ferrite serve`: the HTTP API and web app over a data folder.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the HTTP API and the web app (open http://127.0.0.1:8080 in a browser).",
    discussion: """
      Scenarios, jobs, results and API tokens live in a SQLite database in the data folder; a \
      restart keeps them, and jobs that were running are marked interrupted. The API is described \
      by /openapi.json (see docs/server.md). Every API call needs a token (`ferrite token create \
      --role viewer`); on a first start with no tokens an admin token is created and printed once.
      """)

  @Option(help: "Address to listen on.") var host = "127.0.0.1"
  @Option(help: "Port to listen on.") var port = 8080
  @Option(help: "Folder holding the database.") var data = "ferrite-data"
  @Option(help: "An origin (such as https://planning.example.com) allowed to call the API; CORS is off without it.")
  var allowOrigin: String?

  func validate() throws {
    guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
  }

  func run() async throws {
    let server: FerriteServer
    do {
      server = try FerriteServer(
        configuration: ServerConfiguration(host: host, port: port, dataDirectory: data, allowedOrigin: allowOrigin))
    } catch {
      throw ValidationError("cannot open the data folder '\(data)': \(error) (check that it is writable)")
    }
    if server.interruptedJobs > 0 { print("\(server.interruptedJobs) unfinished job(s) marked interrupted") }
    if try server.store.tokenCount() == 0 {
      let token = try TokenIssuer(store: server.store).create(role: .admin, label: "first start")
      print("No tokens yet; created an admin token (shown only now):\n  \(token)")
    }
    print("Ferrite on http://\(host):\(port)/ with data in \(data)")
    // The server runs until stopped: show the token now, not when a pipe's buffer fills.
    fflush(nil)
    try await server.application().runService()
  }
}
