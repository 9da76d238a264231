import Foundation
import Testing

@Suite("ferrite solve --solver, --threads, --blocks")
struct SolverFlagsTests {
  /// A generated network without capacity options: an LP whose three periods are independent,
  /// each above the 5,000 rows + columns + nonzeros from which a block is solved on its own
  /// (about 1,000 rows, 2,400 columns and 4,400 nonzeros per period at 200 customers).
  static func generatedLP() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-cli-\(UUID().uuidString)").path
    let generate = try Ferrite.run(
      "generate", "--sites", "40", "--customers", "200", "--products", "3", "--periods", "3", folder)
    #expect(generate.status == 0, "\(generate.stderr)")
    let options = URL(fileURLWithPath: folder).appendingPathComponent("capacity_options.csv")
    let header = try String(contentsOf: options, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
    try Data((header + "\n").utf8).write(to: options)
    return folder
  }

  static func objective(_ json: String) throws -> Double {
    let plan = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    return try #require(plan?["objective"] as? Double)
  }

  @Test("Blocks on two threads, blocks off, and the interior point method give the same optimum")
  func sameOptimum() throws {
    let folder = try Self.generatedLP()
    let whole = try Ferrite.run("solve", folder, "--blocks", "off", "--format", "json")
    let log = folder + "/highs.log"
    let blocks = try Ferrite.run(
      "solve", folder, "--blocks", "on", "--threads", "2", "--solver", "simplex", "--format", "json",
      "--solver-log", log)
    // One solver run, and one log, per period.
    #expect((1...3).allSatisfy { FileManager.default.fileExists(atPath: log + ".block\($0)") })
    #expect(!FileManager.default.fileExists(atPath: log + ".block4"))
    let ipm = try Ferrite.run("solve", folder, "--blocks", "off", "--solver", "ipm", "--format", "json")
    #expect(whole.status == 0 && blocks.status == 0 && ipm.status == 0, "\(blocks.stderr) \(ipm.stderr)")
    let reference = try Self.objective(whole.stdout)
    #expect(abs(try Self.objective(blocks.stdout) - reference) <= 1e-9 * abs(reference))
    // IPX with crossover ends at a vertex: the same optimum within HiGHS's tolerances.
    #expect(abs(try Self.objective(ipm.stdout) - reference) <= 1e-7 * abs(reference))
  }

  @Test("A method or thread count that does not exist is a usage error naming the choices")
  func badValues() throws {
    let folder = try Scenarios.write(Scenarios.small)
    let method = try Ferrite.run("solve", folder, "--solver", "barrier")
    #expect(method.status != 0)
    #expect(method.stderr.contains("'pdlp'"), "\(method.stderr)")
    let threads = try Ferrite.run("solve", folder, "--threads", "0")
    #expect(threads.status != 0)
    #expect(threads.stderr.contains("--threads must be from 1 to 1024"), "\(threads.stderr)")
    let blocks = try Ferrite.run("solve", folder, "--blocks", "sometimes")
    #expect(blocks.status != 0 && blocks.stderr.contains("'off'"), "\(blocks.stderr)")
  }
}
