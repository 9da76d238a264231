import ArgumentParser
import FerriteServer
import FerriteStore
import Foundation

/// `ferrite token create`: API tokens for the server.
struct TokenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token", abstract: "Manage the server's API tokens.", subcommands: [Create.self])

  /// `ferrite token create --role R`: prints a new token once; only its hash is stored.
  struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create an API token and print it (it is stored hashed and cannot be shown again).")

    @Option(help: "viewer (read), editor (upload, solve, delete) or admin (also tokens).") var role: TokenRole
    @Option(help: "Folder holding the server's database.") var data = "ferrite-data"
    @Option(help: "Who or what the token is for.") var label = ""

    func run() throws {
      do {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let store = try ServerStore(path: ServerConfiguration(dataDirectory: data).databasePath)
        print(try TokenIssuer(store: store).create(role: role, label: label))
      } catch {
        throw ValidationError("cannot create a token in '\(data)': \(error)")
      }
    }
  }
}

extension TokenRole: ExpressibleByArgument {}
