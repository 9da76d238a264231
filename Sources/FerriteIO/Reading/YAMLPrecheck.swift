import CYaml
import FerriteModel

/// A cheap pass over libyaml's events that refuses what would make composing the tree hang.
///
/// Yams composes the whole tree and hashes every mapping key to find duplicates before Ferrite
/// sees a node. An alias used as a key (`? *a11`) makes that hash walk every node the alias
/// expands to, 9^11 for a 668-byte file, so such documents are refused here, from events only,
/// with memory and time linear in the file: aliases inside keys, aliases that repeat more values
/// than `ReadLimits.maximumAliasedValues`, nesting deeper than `ReadLimits.maximumNesting`, and
/// plain keys that repeat in a mapping (named with their line, which Yams' error lacks).
///
/// - Complexity: O(events); each alias adds the stored size of its anchor, never walks it.
struct YAMLPrecheck {
  let file: String
  let limits: ReadLimits

  /// One open sequence or mapping.
  private struct Frame {
    var isMapping: Bool
    var anchor: String?
    /// Whether this collection is (part of) a mapping key.
    var isKey: Bool
    /// For a mapping: whether the next child is a key.
    var expectsKey = true
    /// Values in the collection, aliases counted at their full size.
    var size = 1
    /// The plain keys seen so far, with their lines.
    var keys: [String: Int] = [:]
  }

  /// The first problem found, or nil when the document may be composed (syntax errors are left to
  /// the composer, which reports them).
  func problem(in text: String) -> Diagnostic? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    var utf8 = Array(text.utf8)
    return utf8.withUnsafeMutableBufferPointer { buffer -> Diagnostic? in
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      return scan(&parser)
    }
  }

  private func error(_ message: String, fix: String, line: Int) -> Diagnostic {
    Diagnostic(.error, message, fix: fix, at: .init(file: file, line: line))
  }

  private func scan(_ parser: inout yaml_parser_t) -> Diagnostic? {
    var anchors: [String: Int] = [:]
    var stack: [Frame] = []
    var aliased = 0
    var event = yaml_event_t()
    /// Adds a finished value of `size` to the open collection; a mapping's next child flips key/value.
    func add(_ size: Int) {
      guard !stack.isEmpty else { return }
      stack[stack.count - 1].size = min(stack[stack.count - 1].size &+ size, Int.max / 2)
      if stack[stack.count - 1].isMapping { stack[stack.count - 1].expectsKey.toggle() }
    }
    /// Whether the value starting now is a key or inside one.
    func startsKey() -> Bool {
      guard let top = stack.last else { return false }
      return top.isKey || (top.isMapping && top.expectsKey)
    }
    while true {
      guard yaml_parser_parse(&parser, &event) == 1 else {
        // libyaml's own nesting limit, hit while scanning ahead: the same message as ours, not libyaml's.
        guard let problem = parser.problem, String(cString: problem).contains("nest") else { return nil }
        return nestingError(line: Int(parser.problem_mark.line) + 1)
      }
      defer { yaml_event_delete(&event) }
      let line = Int(event.start_mark.line) + 1
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return nil
      case YAML_ALIAS_EVENT:
        let name = string(event.data.alias.anchor) ?? ""
        if startsKey() {
          return error(
            "the YAML alias *\(shownName(name)) is used as a key",
            fix: "write the key out as plain text; aliases may stand only for values", line: line)
        }
        let size = anchors[name] ?? 1
        aliased = min(aliased &+ size, Int.max / 2)
        if aliased > limits.maximumAliasedValues {
          return error(
            "YAML aliases repeat more than \(limits.maximumAliasedValues) values",
            fix: "write the values out instead of repeating anchors with *aliases", line: line)
        }
        add(size)
      case YAML_SCALAR_EVENT:
        if let name = string(event.data.scalar.anchor) { anchors[name] = 1 }
        if let top = stack.last, top.isMapping, top.expectsKey, !top.isKey,
          event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE || event.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE
            || event.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE,
          let value = event.data.scalar.value
        {
          let key = String(
            decoding: UnsafeBufferPointer(start: value, count: Int(event.data.scalar.length)), as: UTF8.self)
          if let first = top.keys[key] {
            return error(
              "duplicate key \(shown(key)) (first on line \(first))",
              fix: "remove one of them or rename it", line: line)
          }
          stack[stack.count - 1].keys[key] = line
        }
        add(1)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        guard stack.count < limits.maximumNesting else { return nestingError(line: line) }
        let anchor = string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
        stack.append(Frame(isMapping: isMapping, anchor: anchor, isKey: startsKey()))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else { return nil }
        if let anchor = frame.anchor { anchors[anchor] = frame.size }
        add(frame.size)
      default:
        continue
      }
    }
  }

  private func nestingError(line: Int) -> Diagnostic {
    error(
      "values nested more than \(limits.maximumNesting) levels deep",
      fix: "check the brackets and indentation; scenario values nest a few levels at most", line: line)
  }

  /// A C string from libyaml, or nil.
  private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  /// An anchor name as shown in a message: control characters and long names neutralized.
  private func shownName(_ name: String) -> String {
    String(shown(name).dropFirst().dropLast())
  }
}
