import FerriteModel
import Yams

/// Untrusted YAML read with the checks scenarios get (alias bombs, nesting, messages with lines),
/// for the other YAML files Ferrite reads: variants and futures.
public enum YAMLMapping {
  /// The document's root mapping, or every problem found, each with its line.
  public static func parse(_ text: String, file: String, limits: ReadLimits = .standard) -> (Node.Mapping?, [Diagnostic]) {
    let (document, diagnostics) = YAMLDocument.parse(text, file: file, limits: limits)
    return (document?.root, diagnostics)
  }
}
