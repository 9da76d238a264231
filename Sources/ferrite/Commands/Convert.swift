import ArgumentParser
import FerriteIO
import FerritePlanner
import Foundation

/// `ferrite convert SOURCE DESTINATION`: between the folder form, the single-file form and an
/// Excel workbook.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert a scenario between a folder of CSV tables, a single YAML or JSON file and an Excel workbook.",
    discussion: """
      The destination's form follows its name: `.yaml`/`.yml` or `.json` writes one file, `.xlsx` an \
      Excel workbook (a settings sheet, one sheet per table, a README sheet with every column's type, \
      unit and meaning), anything else a folder with scenario.yaml and one CSV per table. The source \
      may be any of these and must validate without errors; a workbook's cells must hold values, not \
      formulas.
      Exit codes: 0 success, 2 the source has errors, 1 usage error or failure to write.
      """)

  @Argument(help: "The scenario to read: a folder, a .yaml/.json file or an .xlsx workbook.") var source: String
  @Argument(help: "Where to write: a folder, or a file ending in .yaml, .yml, .json or .xlsx.") var destination:
    String

  func validate() throws {
    guard FileManager.default.fileExists(atPath: source) else {
      throw ValidationError("No such file or folder: \(source)")
    }
  }

  func run() throws {
    let loaded = ScenarioReader().load(source)
    for diagnostic in loaded.diagnostics where diagnostic.severity == .warning {
      FileHandle.standardError.write(Data((Terminal.wrap(PrintableText.escaping(diagnostic.description)) + "\n").utf8))
    }
    guard let scenario = loaded.scenario, loaded.isValid else {
      for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
        FileHandle.standardError.write(Data((Terminal.wrap(diagnostic.description) + "\n").utf8))
      }
      throw ExitCode(2)
    }
    try ScenarioWriter().write(scenario, to: destination)
    print("wrote \(destination)")
  }
}
