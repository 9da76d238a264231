import FerriteIO
import FerriteModel
import Foundation
import Testing

/// The published JSON Schema must accept what the writer writes and reject what the reader rejects.
@Suite("JSON Schema")
struct JSONSchemaTests {
  /// Checks `value` against the subset of JSON Schema 2020-12 the generated schema uses; returns problems.
  static func problems(_ value: Any, _ schema: [String: Any], path: String = "$") -> [String] {
    var found: [String] = []
    if let options = schema["oneOf"] as? [[String: Any]] {
      let matching = options.filter { problems(value, $0, path: path).isEmpty }.count
      if matching != 1 { found.append("\(path): matches \(matching) of oneOf") }
    }
    if let allowed = schema["enum"] as? [String],
      !(value is String && allowed.contains(value as? String ?? ""))
    {
      found.append("\(path): not in enum")
    }
    if let type = schema["type"] {
      let types = (type as? [String]) ?? [(type as? String) ?? ""]
      if !types.contains(where: { matches(value, type: $0) }) { found.append("\(path): not \(types)") }
    }
    if let number = value as? NSNumber, !isBoolean(value) {
      let double = number.doubleValue
      if let minimum = schema["minimum"] as? Double, double < minimum {
        found.append("\(path): below minimum")
      }
      if let minimum = schema["exclusiveMinimum"] as? Double, double <= minimum {
        found.append("\(path): not above minimum")
      }
      if let maximum = schema["maximum"] as? Double, double > maximum {
        found.append("\(path): above maximum")
      }
    }
    if let pattern = schema["pattern"] as? String, let text = value as? String,
      text.range(of: pattern, options: .regularExpression) == nil
    {
      found.append("\(path): does not match \(pattern)")
    }
    if let object = value as? [String: Any] {
      for key in (schema["required"] as? [String]) ?? [] where object[key] == nil {
        found.append("\(path): missing \(key)")
      }
      let properties = (schema["properties"] as? [String: [String: Any]]) ?? [:]
      for (key, member) in object {
        if let property = properties[key] {
          found += problems(member, property, path: path + "." + key)
        } else if let additional = schema["additionalProperties"] as? [String: Any] {
          found += problems(member, additional, path: path + "." + key)
        } else if (schema["additionalProperties"] as? Bool) == false {
          found.append("\(path): unexpected \(key)")
        }
      }
    }
    if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
      for (index, item) in array.enumerated() { found += problems(item, items, path: "\(path)[\(index)]") }
      if let minimum = schema["minItems"] as? Int, array.count < minimum {
        found.append("\(path): too few items")
      }
    }
    return found
  }

  /// JSON booleans arrive as NSNumbers whose Objective-C type is `c` (char).
  static func isBoolean(_ value: Any) -> Bool {
    guard let number = value as? NSNumber else { return false }
    return String(cString: number.objCType) == "c"
  }

  static func matches(_ value: Any, type: String) -> Bool {
    let isBool = isBoolean(value)
    switch type {
    case "object": return value is [String: Any]
    case "array": return value is [Any]
    case "string": return value is String
    case "boolean": return isBool
    case "number": return value is NSNumber && !isBool
    case "integer":
      return !isBool && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } == true
    default: return false
    }
  }

  static func schema() throws -> [String: Any] {
    let data = Data(JSONSchemaDocument.text().utf8)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test("what the writer writes conforms to the schema")
  func writerOutputConforms() throws {
    let schema = try JSONSchemaTests.schema()
    for scenario in [RoundTripTests.everyTable, try ScenarioReader().read(Paths.fixture("two-mills"))] {
      let json = try JSONSerialization.jsonObject(with: Data(ScenarioWriter().json(scenario).utf8))
      #expect(JSONSchemaTests.problems(json, schema) == [])
    }
  }

  @Test("the schema rejects negative capacity, unknown columns, bad enums and missing keys")
  func schemaRejects() throws {
    let schema = try JSONSchemaTests.schema()
    let bad: [String: Any] = [
      "name": "x", "periods": [2026],
      "processes": [["id": "p", "site": "s", "capacity": -1]],
      "sites": [["id": "s", "country": "kr", "kind": "castle", "colour": "red"]],
      "products": [["name": "no id"]],
    ]
    #expect(
      Set(JSONSchemaTests.problems(bad, schema)) == [
        "$.processes[0].capacity: below minimum",
        "$.products[0]: missing id",
        "$.sites[0]: unexpected colour",
        "$.sites[0].country: does not match ^[A-Z]{2}$",
        "$.sites[0].kind: not in enum",
      ])
    #expect(JSONSchemaTests.problems(["periods": [2026]], schema) == ["$: missing name"])
  }
}
