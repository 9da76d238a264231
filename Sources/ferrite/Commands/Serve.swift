import ArgumentParser
import FerriteServer
import FerriteStore
import Foundation
import HiGHS

/// `ferrite serve`: the HTTP API and web app over a data folder or a PostgreSQL database.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the HTTP API and the web app (open http://127.0.0.1:8080 in a browser).",
    discussion: """
      Scenarios, jobs, results and API tokens live in a SQLite database in the data folder, or in \
      PostgreSQL with --database postgres://user@host/db; a restart keeps them, and jobs that were \
      running are marked interrupted. The API is described by /openapi.json (see docs/server.md). \
      Every API call needs a token (`ferrite token create --role viewer`); on a first start with no \
      tokens an admin token is created and printed once.
      """)

  @Option(help: "Address to listen on.") var host = "127.0.0.1"
  @Option(help: "Port to listen on.") var port = 8080
  @OptionGroup var database: DatabaseOptions
  @Option(help: "An origin (such as https://planning.example.com) allowed to call the API; CORS is off without it.")
  var allowOrigin: String?
  @Option(help: "This server's name among servers sharing a PostgreSQL database (default: the host name); at startup it marks only its own unfinished jobs interrupted.")
  var instance: String?
  @Option(
    help: ArgumentHelp(
      "A folder of policy packs (DIR/NAME/pack.yaml ...) that uploaded scenarios may name in policy_packs.",
      discussion: "Without it an upload sees only the packs it carries; a pack found nowhere is an error."))
  var policyPacks: String?
  @Flag(
    help: ArgumentHelp(
      "Queue sweeps started in the web app or API in the PostgreSQL database for `ferrite worker` processes.",
      discussion: "Needs --database postgres://...; without it sweeps run in this process. See docs/sweeps.md."))
  var sweepsOnWorkers = false

  func validate() throws {
    guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
    if sweepsOnWorkers && database.postgresURL == nil {
      throw ValidationError("--sweeps-on-workers queues sweeps in PostgreSQL: give --database postgres://user@host/db too.")
    }
    if let policyPacks {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: policyPacks, isDirectory: &isFolder), isFolder.boolValue else {
        throw ValidationError("--policy-packs '\(policyPacks)' is not a folder; give the folder holding the packs, such as policy")
      }
    }
  }

  func run() async throws {
    var configuration = ServerConfiguration(
      host: host, port: port, dataDirectory: database.data, allowedOrigin: allowOrigin,
      postgresURL: database.postgresURL, instance: instance,
      policyPackFolder: policyPacks.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
    configuration.sweepsOnWorkers = sweepsOnWorkers
    let server: FerriteServer
    do {
      server = try await FerriteServer(configuration: configuration, solver: HiGHSSolver())
    } catch {
      throw ValidationError("cannot open \(database.place(configuration)): \(error)")
    }
    if server.interruptedJobs > 0 { print("\(server.interruptedJobs) unfinished job(s) marked interrupted") }
    do {
      if try await server.store.tokenCount() == 0 {
        let token = try await TokenIssuer(store: server.store).create(role: .admin, label: "first start")
        print("No tokens yet; created an admin token (shown only now):\n  \(token)")
      }
      print("Ferrite on http://\(host):\(port)/ with data in \(configuration.database.description)")
      // The server runs until stopped: show the token now, not when a pipe's buffer fills.
      fflush(nil)
      try await server.application().runService()
    } catch {
      await server.close()
      throw error
    }
    await server.close()
  }
}

/// Where the server's records are: `--data` folder (SQLite) or `--database` (PostgreSQL).
struct DatabaseOptions: ParsableArguments {
  @Option(help: "Folder holding the SQLite database.") var data = "ferrite-data"
  @Option(
    name: .customLong("database"),
    help: "A PostgreSQL database to use instead of the data folder: postgres://user[:password]@host[:port]/db.")
  var postgresURL: String?

  func validate() throws {
    if let url = postgresURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
      throw ValidationError("--database takes a PostgreSQL URL such as postgres://ferrite@localhost:5432/ferrite")
    }
  }

  /// The store, opened.
  func open() async throws -> any ServerStore {
    let configuration = ServerConfiguration(dataDirectory: data, postgresURL: postgresURL)
    do {
      if postgresURL == nil { try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true) }
      return try await configuration.database.open()
    } catch {
      throw ValidationError("cannot open \(place(configuration)): \(error)")
    }
  }

  func place(_ configuration: ServerConfiguration) -> String {
    postgresURL == nil
      ? "the data folder '\(data)' (check that it is writable)" : configuration.database.description
  }
}
