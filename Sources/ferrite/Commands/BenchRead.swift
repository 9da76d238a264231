import ArgumentParser
import FerriteIO
import FerriteModel
import Foundation

/// `ferrite bench read`: reading and validating a scenario folder against pandas reading the same CSV files.
struct BenchRead: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "read",
    abstract: "Time reading and validating a scenario folder against pandas reading the same CSV files.",
    discussion: """
      Without FOLDER, generates `ferrite bench planner`'s network of --customers customers (supply
      sites a fifth of that, capacity options removed) into a temporary folder. Each round reads and
      validates the folder with Ferrite, then runs python3 once to read every CSV file of the folder
      with pandas.read_csv (timed inside Python, so starting Python and importing pandas do not
      count). Rounds alternate, so both see the same machine load; medians and their ratio are
      printed with the load average. Needs python3 with pandas (bash scripts/install-python-packages
      pandas==2.3.3).
      """)

  @Argument(help: "A scenario folder; generated when left out.") var folder: String?
  @Option(help: "Customers of the generated network.") var customers = 8000
  @Option(help: "Rounds of Ferrite and pandas each.") var rounds = 5
  @Option(help: "The Python that has pandas.") var python = "python3"

  static let pandasScript = """
    import glob, os, sys, time
    import pandas
    folder = sys.argv[1]
    start = time.perf_counter()
    rows = sum(len(pandas.read_csv(path)) for path in sorted(glob.glob(os.path.join(folder, "*.csv"))))
    print(time.perf_counter() - start, rows)
    """

  func run() throws {
    guard rounds >= 1, customers >= 1 else { throw ValidationError("--rounds and --customers must be at least 1") }
    var path = folder ?? ""
    var generated: String?
    if folder == nil {
      let size = SyntheticNetworkSize(sites: max(3, customers / 5), customers: customers, products: 3, periods: 10)
      var scenario = SyntheticNetwork(size: size, seed: 1).scenario()
      scenario.capacityOptions = []
      path = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-bench-read-\(UUID().uuidString)")
        .path
      try ScenarioWriter().write(scenario, to: path)
      generated = path
    }
    defer { if let generated { try? FileManager.default.removeItem(atPath: generated) } }

    var ferrite: [Double] = []
    var pandas: [Double] = []
    var rows = 0
    print("round\tferrite s\tpandas s\tload average")
    for round in 1...rounds {
      let start = DispatchTime.now().uptimeNanoseconds
      let loaded = ScenarioReader().load(path)
      ferrite.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      guard loaded.isValid else {
        throw ValidationError("the folder has errors:\n" + loaded.diagnostics.map(\.description).joined(separator: "\n"))
      }
      let (seconds, pandasRows) = try runPandas(path)
      pandas.append(seconds)
      rows = pandasRows
      print("\(round)\t\(format(ferrite[round - 1]))\t\(format(seconds))\t\(Self.loadAverage)")
    }
    let ferriteMedian = median(ferrite), pandasMedian = median(pandas)
    print(
      "\(path): \(rows) rows; median Ferrite \(format(ferriteMedian)) s (read + validate), pandas "
        + "\(format(pandasMedian)) s (read_csv); ratio \(String(format: "%.2f", ferriteMedian / pandasMedian)); "
        + "peak memory \(ProcessMemory.peakResidentBytes >> 20) MiB; load average \(Self.loadAverage)")
  }

  /// Seconds pandas took to read every CSV file of `folder`, and the rows it read.
  func runPandas(_ folder: String) throws -> (Double, Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-c", Self.pandasScript, folder]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let words = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
    guard process.terminationStatus == 0, words.count == 2, let seconds = Double(words[0]), let rows = Int(words[1])
    else {
      throw ValidationError(
        "\(python) with pandas failed; install it with: bash scripts/install-python-packages pandas==2.3.3")
    }
    return (seconds, rows)
  }

  static var loadAverage: String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
  }

  func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }

  func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
