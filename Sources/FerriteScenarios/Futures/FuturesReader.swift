import FerriteIO
import FerriteModel
import Foundation
import Yams

/// Why a futures study cannot be read or solved: every problem, each with its place.
public struct FuturesError: Error, Sendable, CustomStringConvertible {
  public var problems: [String]
  public init(_ problems: [String]) { self.problems = problems }
  public var description: String { problems.joined(separator: "\n") }
}

/// Reads a futures file (docs/futures.md):
///
/// ```yaml
/// name: North America trade futures
/// base: ../north-america          # the base scenario, relative to this file
/// decide_by: 2030                 # optional: only builds and openings before 2030 are shared
/// risk: expected-value            # or cvar (with cvar_alpha, cvar_weight), or minimax-regret
/// futures:
///   - name: duty-stays
///     probability: 0.4
///     variant: {changes: []}      # a variant inline, in the variant language
///   - name: mill-late
///     probability: 0.6
///     variant: ../variants/mill-late.yaml
/// ```
public struct FuturesReader: Sendable {
  public var limits: ReadLimits

  public init(limits: ReadLimits = .standard) { self.limits = limits }

  /// Reads the study at `path` with its base scenario and every variant; throws every problem at once.
  public func read(_ path: String) throws(FuturesError) -> FuturesStudy {
    let url = URL(fileURLWithPath: path)
    let file = url.lastPathComponent
    guard let data = FileManager.default.contents(atPath: path), data.count <= limits.maximumFileSize,
      let text = String(data: data, encoding: .utf8)
    else {
      throw FuturesError(["\(path): cannot read it as a UTF-8 text file (give a futures .yaml file)"])
    }
    let (mapping, diagnostics) = YAMLMapping.parse(text, file: file, limits: limits)
    guard let root = mapping else { throw FuturesError(diagnostics.map(\.description)) }
    return try study(root, file: file, folder: url.deletingLastPathComponent())
  }

  /// Reads a futures file's text whose base is `base` (a stored scenario): its `base:` key, if
  /// any, is ignored and every variant must be written inline, since there is no folder to read
  /// files from.
  public func parse(_ text: String, file: String, base: Scenario) throws(FuturesError) -> FuturesStudy {
    guard text.utf8.count <= limits.maximumFileSize else {
      throw FuturesError(["\(file): larger than \(limits.maximumFileSize) bytes (write fewer futures)"])
    }
    let (mapping, diagnostics) = YAMLMapping.parse(text, file: file, limits: limits)
    guard let root = mapping else { throw FuturesError(diagnostics.map(\.description)) }
    return try study(root, file: file, folder: nil, base: base)
  }

  func study(_ root: Node.Mapping, file: String, folder: URL?, base given: Scenario? = nil) throws(FuturesError) -> FuturesStudy {
    var problems: [String] = []
    func problem(_ node: Node?, _ message: String, fix: String? = nil) {
      let line = (node?.mark?.line).map { ":\($0)" } ?? ""
      problems.append("\(file)\(line): \(message)" + (fix.map { " (\($0))" } ?? ""))
    }
    var name = folder?.lastPathComponent ?? given?.settings.name ?? "futures"
    var basePath: (String, Node)?
    var decideBy: Year?
    var riskWord = "expected-value"
    var riskNode: Node?
    var alpha = 0.9, weight = 0.5
    var futureNodes: [Node] = []
    let known = ["name", "description", "base", "decide_by", "risk", "cvar_alpha", "cvar_weight", "futures"]
    for (keyNode, value) in root {
      let key = keyNode.string ?? ""
      switch key {
      case "name": name = value.string ?? name
      case "description": break
      case "base":
        if let text = value.string, !text.isEmpty { basePath = (text, value) } else { problem(value, "base must be a path", fix: "write base: ../north-america") }
      case "decide_by":
        if let year = value.string.flatMap({ Int($0) }), (1900...2200).contains(year) { decideBy = year } else {
          problem(value, "decide_by must be a year", fix: "write decide_by: 2030")
        }
      case "risk":
        riskWord = value.string ?? ""
        riskNode = value
      case "cvar_alpha", "cvar_weight":
        guard let number = value.string.flatMap(Double.init), number.isFinite else {
          problem(value, "\(key) must be a number", fix: key == "cvar_alpha" ? "write cvar_alpha: 0.9" : "write cvar_weight: 0.5")
          continue
        }
        if key == "cvar_alpha" {
          if number > 0, number < 1 { alpha = number } else { problem(value, "cvar_alpha must be above 0 and below 1", fix: "0.9 averages the worst 10 % of outcomes") }
        } else {
          if (0...1).contains(number) { weight = number } else { problem(value, "cvar_weight must be from 0 to 1", fix: "0 is the expected value alone, 1 CVaR alone") }
        }
      case "futures":
        guard case .sequence(let items) = value else {
          problem(value, "futures must be a list", fix: "write each future as `- name: ...`")
          continue
        }
        futureNodes = Array(items)
      default:
        problem(keyNode, "unknown key '\(key)'", fix: Suggestion.fix(for: key, among: known) ?? "known keys: " + known.joined(separator: ", "))
      }
    }
    let risk: FuturesStudy.Risk
    switch riskWord {
    case "expected-value": risk = .expectedValue
    case "cvar": risk = .conditionalValueAtRisk(alpha: alpha, weight: weight)
    case "minimax-regret": risk = .minimaxRegret
    default:
      risk = .expectedValue
      problem(riskNode, "risk '\(riskWord)' is not expected-value, cvar or minimax-regret", fix: Suggestion.fix(for: riskWord, among: ["expected-value", "cvar", "minimax-regret"]))
    }

    var base: Scenario? = given
    if given != nil {
      // The base is given; a base: key names the file it came from and is not read.
    } else if let (path, node) = basePath, let folder {
      let location = folder.appendingPathComponent(path).standardizedFileURL.path
      let loaded = ScenarioReader(limits: limits).load(location)
      if let scenario = loaded.scenario, loaded.isValid {
        base = scenario
      } else {
        problem(node, "the base scenario \(path) is not valid:")
        problems += loaded.diagnostics.filter { $0.severity == .error }.map { "  " + $0.description }
      }
    } else {
      problem(nil, "no base scenario", fix: "add base: PATH (a scenario folder or file, relative to this file)")
    }

    var futures: [FuturesStudy.Future] = []
    var names: Set<String> = []
    for item in futureNodes {
      guard case .mapping(let fields) = item else {
        problem(item, "a future is a mapping", fix: "write - {name: ..., probability: ..., variant: ...}")
        continue
      }
      var futureName: String?
      var probability: Double?
      var variant: Variant?
      for (keyNode, value) in fields {
        switch keyNode.string ?? "" {
        case "name": futureName = value.string
        case "description": break
        case "probability":
          guard let number = value.string.flatMap(Double.init), (0...1).contains(number) else {
            problem(value, "probability must be a number from 0 to 1", fix: "write probability: 0.25")
            continue
          }
          probability = number
        case "variant":
          do throws(VariantError) {
            switch value {
            case .mapping(let inline):
              variant = try VariantReader().variant(inline, file: file, name: futureName ?? "future")
            case .scalar:
              guard let folder else {
                problem(value, "variant files cannot be read here", fix: "write the variant inline: variant: {changes: [...]}")
                continue
              }
              let path = folder.appendingPathComponent(value.string ?? "").standardizedFileURL.path
              variant = try VariantReader().read(path)
            default:
              problem(value, "variant must be a mapping or a file path", fix: "write variant: {changes: [...]} or variant: mill-late.yaml")
            }
          } catch {
            problems += error.problems.map { $0.message + ($0.fix.map { " (\($0))" } ?? "") }
          }
        case let other:
          problem(keyNode, "unknown key '\(other)' in a future", fix: Suggestion.fix(for: other, among: ["name", "description", "probability", "variant"]))
        }
      }
      guard let futureName, !futureName.isEmpty else {
        problem(item, "the future has no name", fix: "add name: ...")
        continue
      }
      if !names.insert(futureName).inserted { problem(item, "two futures are named '\(futureName)'", fix: "give each future its own name") }
      guard let probability else {
        problem(item, "future '\(futureName)' has no probability", fix: "add probability: 0.25")
        continue
      }
      var chosen = variant ?? Variant(name: futureName)
      chosen.name = futureName
      futures.append(FuturesStudy.Future(name: futureName, probability: probability, variant: chosen))
    }
    if futureNodes.isEmpty { problem(nil, "no futures", fix: "list at least one future under futures:") }
    let sum = futures.reduce(0) { $0 + $1.probability }
    if !futures.isEmpty, futures.count == futureNodes.count, abs(sum - 1) > 1e-6 {
      problem(nil, "the probabilities sum to \(sum), not 1", fix: "scale them so that they add up to 1")
    }
    guard problems.isEmpty, let base else { throw FuturesError(problems) }
    return FuturesStudy(name: name, base: base, futures: futures, decideBy: decideBy, risk: risk)
  }
}
