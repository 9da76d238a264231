import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

@Suite("The OpenAPI document")
struct OpenAPITests {
  /// The document's operations as "METHOD path".
  static func documented() throws -> Set<String> {
    let url = Fixtures.root.appendingPathComponent("Sources/FerriteServer/Web/openapi.json")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    #expect(document["openapi"] as? String == "3.1.0")
    let paths = try #require(document["paths"] as? [String: [String: Any]])
    return Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
  }

  @Test("documents every route the router has, and nothing else")
  func everyRoute() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    let routes = Set(harness.server.routes.map { "\($0.method.rawValue) \($0.path)" })
    let documented = try Self.documented()
    #expect(routes.subtracting(documented) == [], "routes missing from openapi.json")
    #expect(documented.subtracting(routes) == [], "openapi.json documents routes the server lacks")
  }

  @Test("every route is answered by the router and /openapi.json serves the document")
  func routerAnswers() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    let routes = harness.server.routes
    try await harness.live { client in
      for route in routes {
        let uri = route.path.replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{table}", with: "flows")
        let response = try await client.execute(uri: uri, method: route.method, headers: auth(harness.admin)) { $0 }
        if response.status == .notFound {
          #expect(try json(response)["error"] as? String != "no-route", "\(route.method) \(route.path)")
        }
      }
      let served = try json(try await client.get("/openapi.json", token: nil))
      #expect(served["openapi"] as? String == "3.1.0")
    }
  }
}
