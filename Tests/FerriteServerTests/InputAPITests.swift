import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

/// The inputs API: tables as cells, edits checked with diagnostics pinned to table, row and
/// column, versions with their differences, variants from shortcuts, and workbooks.
@Suite("Scenario inputs, versions and variants over a loopback socket")
struct InputAPITests {
  static func id(_ response: TestClient.Response) throws -> String {
    try #require((try json(response)["scenario"] as? [String: Any])?["id"] as? String)
  }

  static func body(_ tables: [String: [[String: String]]], note: String? = nil) throws -> String {
    var object: [String: Any] = ["tables": tables]
    if let note { object["note"] = note }
    return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
  }

  @Test("an edited cell with a bad value gets its diagnostic on that table, row and column; hostile cells never trap")
  func editDiagnostics() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let id = try Self.id(try await client.upload(try Fixtures.northAmericaZip(), fileName: "na.zip", token: harness.editor))
      let tables = try json(try await client.get("/api/scenarios/\(id)/tables", token: harness.viewer))
      #expect(tables["editable"] as? Bool == true && tables["version"] as? Int == 1)
      let cells = try #require(tables["tables"] as? [String: [[String: String]]])
      var demand = try #require(cells["demand"])
      #expect(demand.count > 5)
      let options = try #require(cells["capacity_options"])
      #expect(options.first?["id"] == "louisiana-mill" && options.first?["earliest_period"] == "2029")

      // Row 3's quantity is not a number, row 0 names a site that does not exist.
      demand[3]["quantity"] = "NaN"
      demand[0]["site"] = "nowhere"
      let checked = try json(try await client.post("/api/scenarios/\(id)/check", token: harness.viewer, body: try Self.body(["demand": demand])))
      #expect(checked["valid"] as? Bool == false)
      let diagnostics = try #require(checked["diagnostics"] as? [[String: Any]])
      let quantity = diagnostics.first { $0["table"] as? String == "demand" && $0["rowIndex"] as? Int == 3 && $0["field"] as? String == "quantity" }
      #expect(quantity != nil, "\(diagnostics)")
      let site = diagnostics.first { $0["table"] as? String == "demand" && $0["rowIndex"] as? Int == 0 && $0["field"] as? String == "site" }
      #expect(site != nil, "\(diagnostics)")
      #expect((site?["message"] as? String)?.contains("nowhere") == true)

      // 1e300 and a row with only a site: each diagnostic on its row; never a trap.
      var hostile = options
      hostile[0]["module_size"] = "1e300"
      hostile.append(["site": "louisiana"])
      let response = try await client.post(
        "/api/scenarios/\(id)/check", token: harness.viewer, body: try Self.body(["capacity_options": hostile]))
      #expect(response.status == .ok)
      let hostileDiagnostics = try #require(try json(response)["diagnostics"] as? [[String: Any]])
      #expect(hostileDiagnostics.contains { $0["table"] as? String == "capacity_options" && $0["rowIndex"] as? Int == 0 && $0["field"] as? String == "module_size" },
        "\(hostileDiagnostics.map { $0["text"] ?? "" })")
      #expect(hostileDiagnostics.contains { $0["table"] as? String == "capacity_options" && $0["rowIndex"] as? Int == 1 },
        "\(hostileDiagnostics.map { $0["text"] ?? "" })")
      // A 300,000-character cell: the CSV limit's diagnostic on its row, within seconds.
      var huge = options
      huge[0]["source"] = String(repeating: "x", count: 300_000)
      let started = Date()
      let hugeResponse = try await client.post(
        "/api/scenarios/\(id)/check", token: harness.viewer, body: try Self.body(["capacity_options": huge]))
      #expect(Date().timeIntervalSince(started) < 20)
      let hugeDiagnostics = try #require(try json(hugeResponse)["diagnostics"] as? [[String: Any]])
      #expect(hugeDiagnostics.contains { $0["table"] as? String == "capacity_options" && $0["rowIndex"] as? Int == 0 && $0["severity"] as? String == "error" })

      // An unknown table and a body that is not JSON are refused with a reason.
      let unknown = try await client.post("/api/scenarios/\(id)/check", token: harness.viewer, body: #"{"tables": {"demnd": []}}"#)
      #expect(unknown.status == .badRequest && text(unknown).contains("demnd"))
      #expect(try await client.post("/api/scenarios/\(id)/check", token: harness.viewer, body: "{").status == .badRequest)
      // Saving needs an editor.
      #expect(try await client.post("/api/scenarios/\(id)/versions", token: harness.viewer, body: try Self.body(["demand": demand])).status == .forbidden)
    }
  }

  @Test("saving makes version 2 with who and what; the diff names the changed cell; a run records the version it solved")
  func versionsAndDiff() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let id = try Self.id(try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two-mills.yaml", token: harness.editor))
      let cells = try #require(try json(try await client.get("/api/scenarios/\(id)/tables", token: harness.viewer))["tables"] as? [String: [[String: String]]])
      var lanes = try #require(cells["lanes"])
      // A negative cost in row 1 (mill1-p2) is pinned to that cell of the single-file scenario.
      lanes[1]["cost_per_unit"] = "-5"
      let bad = try json(try await client.post("/api/scenarios/\(id)/check", token: harness.viewer, body: try Self.body(["lanes": lanes])))
      let pinned = try #require(bad["diagnostics"] as? [[String: Any]])
      #expect(pinned.contains { $0["table"] as? String == "lanes" && $0["rowIndex"] as? Int == 1 && $0["field"] as? String == "cost_per_unit" }, "\(pinned)")

      // Demand at p3 from 40 to 45 t, and a row added.
      var demand = try #require(cells["demand"])
      demand[2]["quantity"] = "45"
      demand.append(["site": "p1", "product": "coil", "period": "2026", "quantity": "1"])
      demand[3]["site"] = "p2"
      demand[3]["period"] = "2026"
      let saved = try await client.post("/api/scenarios/\(id)/versions", token: harness.editor, body: try Self.body(["demand": demand], note: "p3 wants more"))
      #expect(saved.status == .created)
      let savedBody = try json(saved)
      #expect(savedBody["valid"] as? Bool == false, "two rows for (p2, coil, 2026) are a duplicate key")
      let version = try #require(savedBody["version"] as? [String: Any])
      #expect(version["number"] as? Int == 2 && version["parent"] as? Int == 1 && version["note"] as? String == "p3 wants more")
      #expect((version["author"] as? String)?.hasPrefix("test editor (") == true)

      // Remove the duplicate: version 3 is valid; against version 2 it has one row fewer.
      demand.removeLast()
      let fixed = try json(try await client.post("/api/scenarios/\(id)/versions", token: harness.editor, body: try Self.body(["demand": demand])))
      #expect(fixed["valid"] as? Bool == true, "\(fixed)")
      let detail = try json(try await client.get("/api/scenarios/\(id)", token: harness.viewer))
      #expect((detail["versions"] as? [[String: Any]])?.map { $0["number"] as? Int } == [1, 2, 3])
      #expect((detail["scenario"] as? [String: Any])?["version"] as? Int == 3)
      let diff = try json(try await client.get("/api/scenarios/\(id)/diff?version=3", token: harness.viewer))
      let diffTables = try #require(diff["tables"] as? [[String: Any]])
      #expect(diffTables.map { $0["table"] as? String } == ["demand"])
      #expect((diffTables.first?["changed"] as? [[String: Any]])?.count == 0)
      #expect((diffTables.first?["added"] as? [[String: String]])?.count == 0)
      #expect((diffTables.first?["removed"] as? [[String: String]])?.map { $0["quantity"] } == ["1"])
      let fromUpload = try json(try await client.get("/api/scenarios/\(id)/diff?version=3&against=1", token: harness.viewer))
      let demandDiff = try #require((fromUpload["tables"] as? [[String: Any]])?.first)
      let cell = try #require(((demandDiff["changed"] as? [[String: Any]])?.first?["cells"] as? [[String: String]])?.first)
      #expect(cell == ["column": "quantity", "before": "40", "after": "45"])
      #expect(try await client.get("/api/scenarios/\(id)/diff?version=9", token: harness.viewer).status == .badRequest)

      let job = try #require(try json(try await client.post("/api/scenarios/\(id)/solve", token: harness.editor))["id"] as? String)
      let status = try await client.waitForJob(job, token: harness.viewer)
      #expect(status["state"] as? String == "succeeded" && status["scenarioVersion"] as? Int == 3)
      let workbook = try await client.get("/api/jobs/\(job)/workbook", token: harness.viewer)
      #expect(workbook.status == .ok)
      #expect(Data((workbook.body ?? ByteBuffer()).readableBytesView).starts(with: [0x50, 0x4B]))
    }
  }

  @Test("the mill two years late from the shortcut: previewed, saved under the base, solved; its inputs workbook uploads back valid")
  func shortcutVariant() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let base = try Self.id(try await client.upload(try Fixtures.northAmericaZip(), fileName: "na.zip", token: harness.editor))
      let shortcut = #"{"shortcut": {"kind": "delay-capacity-option", "option": "louisiana-mill", "years": 2}}"#
      let preview = try json(try await client.post("/api/scenarios/\(base)/variants/preview", token: harness.viewer, body: shortcut))
      #expect(preview["name"] as? String == "louisiana-mill-2-years-late")
      let change = try #require((preview["previews"] as? [[String: Any]])?.first)
      #expect(change["change"] as? String == "capacity_options where id=louisiana-mill: earliest_period = 2031")
      #expect((change["before"] as? [[String: String]])?.first?["earliest_period"] == "2029")
      #expect((change["after"] as? [[String: String]])?.first?["earliest_period"] == "2031")
      let unknown = try await client.post(
        "/api/scenarios/\(base)/variants/preview", token: harness.viewer,
        body: #"{"shortcut": {"kind": "delay-capacity-option", "option": "lousiana-mill", "years": 2}}"#)
      #expect(unknown.status == .unprocessableContent && text(unknown).contains("louisiana-mill"))

      let created = try await client.post("/api/scenarios/\(base)/variants", token: harness.editor, body: shortcut)
      #expect(created.status == .created)
      let createdBody = try json(created)
      let variant = try #require(createdBody["scenario"] as? [String: Any])
      #expect(variant["isValid"] as? Bool == true, "\(createdBody["diagnostics"] ?? "")")
      #expect(variant["baseId"] as? String == base && variant["baseVersion"] as? Int == 1)
      #expect((variant["variant"] as? String)?.contains("earliest_period = 2031") == true)
      let variantID = try #require(variant["id"] as? String)
      let resolved = try #require(try json(try await client.get("/api/scenarios/\(variantID)/tables", token: harness.viewer))["tables"] as? [String: [[String: String]]])
      #expect(resolved["capacity_options"]?.first?["earliest_period"] == "2031")

      // The inputs as a workbook, uploaded again, make a valid scenario.
      let workbook = try await client.get("/api/scenarios/\(variantID)/workbook", token: harness.viewer)
      #expect(workbook.status == .ok)
      let data = Data((workbook.body ?? ByteBuffer()).readableBytesView)
      let uploaded = try json(try await client.upload(data, fileName: "late.xlsx", token: harness.editor))
      let again = try #require(uploaded["scenario"] as? [String: Any])
      #expect(again["format"] as? String == "workbook" && again["isValid"] as? Bool == true, "\(uploaded["diagnostics"] ?? "")")
    }
  }

  @Test("a folder without the policy packs it names is invalid, naming each pack; with the server's packs it is valid and says which")
  func missingPacks() async throws {
    let folder = Fixtures.root.appendingPathComponent("examples/north-america")
    var entries: [(String, String)] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".csv") || name.hasSuffix(".yaml") {
      entries.append(("north-america/\(name)", try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)))
    }
    let zip = try Fixtures.zip(entries)
    let bare = try await Harness()
    defer { bare.remove() }
    try await bare.live { client in
      let body = try json(try await client.upload(zip, fileName: "na.zip", token: bare.editor))
      #expect((body["scenario"] as? [String: Any])?["isValid"] as? Bool == false)
      let messages = (body["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
      for pack in ["us", "mx", "kr-us"] { #expect(messages.contains { $0.contains("'\(pack)' not found") }, "\(messages)") }
    }
    let served = try await Harness(policyPackFolder: Fixtures.root.appendingPathComponent("policy").path)
    defer { served.remove() }
    try await served.live { client in
      let id = try Self.id(try await client.upload(zip, fileName: "na.zip", token: served.editor))
      let validation = try json(try await client.post("/api/scenarios/\(id)/validate", token: served.viewer))
      #expect(validation["valid"] as? Bool == true)
      #expect(validation["serverPacks"] as? [String] == ["us", "mx", "kr-us"])
    }
  }
}
