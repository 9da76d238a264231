import ArgumentParser

struct Doctor: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check that HiGHS is found, which version it is, and that a tiny LP solves.")

  func run() async throws {
    print("ferrite \(Ferrite.version)")
  }
}
