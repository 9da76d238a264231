import ArgumentParser
import FerriteServer
import FerriteStore
import Foundation

/// `ferrite token create|list|revoke`: API tokens for the server.
struct TokenCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token", abstract: "Manage the server's API tokens.",
    subcommands: [Create.self, List.self, Revoke.self])

  /// `ferrite token create --role R`: prints a new token once; only its hash is stored.
  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create an API token and print it (it is stored hashed and cannot be shown again).")

    @Option(help: "viewer (read), editor (upload, solve, delete) or admin (also tokens).") var role: TokenRole
    @Option(help: "Who or what the token is for.") var label = ""
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      let store = try await database.open()
      let token = try await TokenIssuer(store: store).create(role: role, label: label)
      await store.close()
      print(token)
    }
  }

  /// `ferrite token list`: ids, roles and labels; tokens themselves are never stored.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List API tokens: id, role, label and when created.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      let store = try await database.open()
      let tokens = try await store.tokens()
      await store.close()
      guard !tokens.isEmpty else {
        print("No tokens; create one with `ferrite token create --role admin`.")
        return
      }
      let date = ISO8601DateFormatter()
      print("id".padding(toLength: 38, withPad: " ", startingAt: 0) + "role    created               label")
      for token in tokens {
        print(
          token.id.padding(toLength: 38, withPad: " ", startingAt: 0)
            + token.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            + date.string(from: token.createdAt).padding(toLength: 22, withPad: " ", startingAt: 0) + token.label)
      }
    }
  }

  /// `ferrite token revoke ID`: the token stops working at once, on every server sharing the store.
  struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revoke an API token by its id (or the first characters of it, as `ferrite token list` shows).")

    @Argument(help: "The token's id or an unambiguous start of it (at least 4 characters).") var id: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      let store = try await database.open()
      let revoked = try await store.revokeToken(id)
      await store.close()
      guard let revoked else {
        throw ValidationError(
          "no single token has an id starting with '\(id)'; `ferrite token list` shows the ids")
      }
      print("Revoked \(revoked.role.rawValue) token \(revoked.id)\(revoked.label.isEmpty ? "" : " (\(revoked.label))")")
    }
  }
}

extension TokenRole: ExpressibleByArgument {}
