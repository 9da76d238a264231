import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FerriteServer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The server reproducers of /work/shared/reliability (README.md, "Server"): each ends with a
/// refused request (a JSON error, or an upload stored as invalid that cannot be solved), the
/// process stays up and /api/health still answers.
@Suite("Hostile uploads and requests are refused without harming the server")
struct HostileRequestTests {
  /// The payloads of server_payloads.py, built here so the tests need no Python.
  enum Payloads {
    /// One `scenario.yaml` whose deflate data is a stored block claiming 65,535 bytes of which 8
    /// follow: ZIPFoundation's Linux inflate loop waited for the rest forever.
    static var endlessDeflate: Data {
      Fixtures.crafted([
        .init(name: "scenario.yaml", data: Data([0x00, 0xFF, 0xFF, 0x00, 0x00]) + Data("name: x\n".utf8), declaredSize: 10)
      ])
    }

    /// `policy/p0/tariff_rules.csv`: 1 MB of zeros whose central directory says 1 byte.
    static func lyingSize() throws -> Data {
      let honest = try Fixtures.zip([("policy/p0/tariff_rules.csv", String(repeating: "0", count: 1 << 20))])
      return Fixtures.rewritingCentralDirectory(honest, declaredSize: 1)
    }

    /// A valid `scenario.yaml` whose recorded CRC-32 is wrong.
    static func badCRC() throws -> Data {
      let honest = try Fixtures.zip([("scenario.yaml", Fixtures.twoMills)])
      return Fixtures.rewritingCentralDirectory(honest, crc: 0x1234_5678)
    }

    /// Eleven levels of nine aliases, the last used as a mapping key (9^11 nodes if composed).
    static var aliasKeyBomb: Data {
      var text = "a0: &a0 [lol]\n"
      for level in 1...11 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n" }
      return Data((text + "name: x\nperiods: 2026\n? *a11\n: 1\n").utf8)
    }

    /// A recipe making 1e300 t of steel from 1 t of ore.
    static func recipe1e300() throws -> Data {
      try Fixtures.zip([
        ("scenario.yaml", "name: x\nperiods: 2026\n"), ("products.csv", "id\nore\nsteel\n"),
        ("sites.csv", "id,country,kind\nmill,US,steel-mill\n"), ("processes.csv", "id,site,capacity\nmill/eaf,mill,1\n"),
        ("recipes.csv", "process,role,product,quantity\nmill/eaf,input,ore,1\nmill/eaf,output,steel,1e300\n"),
      ])
    }

    /// The three files of server-policy-pack-path-traversal/zip-contents: packs named by paths.
    static func packPathTraversal() throws -> Data {
      try Fixtures.zip([
        ("scenario.yaml", "name: probe\nperiods: 2026\npolicy_packs: [\"../../etc\", \"../../no-such-dir\"]\n"),
        ("products.csv", "id\nsteel\n"), ("sites.csv", "id,country,kind\nm,US,steel-mill\n"),
      ])
    }
  }

  /// What "at once" means here: the failures these tests guard against hang for ever or run for
  /// minutes, while a busy 2-core machine running every suite in parallel can delay an answer by
  /// seconds (speed itself is measured by the benchmarks, not by tests).
  static let prompt: Duration = .seconds(20)

  /// The server still answers /api/health, quickly.
  static func expectHealthy(_ client: LiveClient) async throws {
    let start = ContinuousClock.now
    #expect(try await client.get("/api/health", token: nil).status == .ok)
    #expect(ContinuousClock.now - start < Self.prompt)
  }

  static func message(_ response: TestClient.Response) throws -> String { try json(response)["message"] as? String ?? "" }

  @Test("a deflate stream that ends early, a lying size and a bad CRC are refused naming the entry")
  func damagedZips() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      for _ in 0..<3 {
        let endless = try await client.upload(Payloads.endlessDeflate, fileName: "loop.zip", token: harness.editor)
        #expect(endless.status == .badRequest)
        #expect(try Self.message(endless).contains("scenario.yaml: cannot be unpacked: its compressed data ends early"))
      }
      let lying = try await client.upload(try Payloads.lyingSize(), fileName: "lie.zip", token: harness.editor)
      #expect(lying.status == .badRequest)
      let lyingMessage = try Self.message(lying)
      #expect(lyingMessage.contains("policy/p0/tariff_rules.csv") && lyingMessage.contains("header declares"), "\(lyingMessage)")
      let crc = try await client.upload(try Payloads.badCRC(), fileName: "crc.zip", token: harness.editor)
      #expect(crc.status == .badRequest)
      #expect(try Self.message(crc).contains("scenario.yaml: cannot be unpacked: it fails its CRC-32 check"))
      #expect(try jsonArray(try await client.get("/api/scenarios", token: harness.viewer)).isEmpty)
      try await Self.expectHealthy(client)
    }
  }

  @Test("actual unpacked bytes count against the limit, which names the entry where it was reached")
  func unpackedLimit() async throws {
    // Two honest entries of 6,000 bytes each against a 10,000-byte limit: the second crosses it.
    let limits = UploadLimits(maximumUploadBytes: 1 << 20, maximumEntries: 10, maximumUnpackedBytes: 10_000)
    let harness = try await Harness(limits: limits)
    defer { harness.remove() }
    try await harness.live { client in
      let zip = try Fixtures.zip([
        ("scenario.yaml", "name: x\n" + String(repeating: "#", count: 5_992)), ("sites.csv", String(repeating: "0", count: 6_000)),
      ])
      let response = try await client.upload(zip, fileName: "big.zip", token: harness.editor)
      #expect(response.status == .contentTooLarge)
      let message = try Self.message(response)
      #expect(message.contains("limit reached at sites.csv"), "\(message)")
    }
  }

  @Test("sweeps of 1e11 samples, Int.max samples or a 300^4 grid are refused at once, before any run is built")
  func oversizedSweeps() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let uploaded = try json(try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two.yaml", token: harness.editor))
      let id = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let parameter = "\"demand.quantity*=" + Array(repeating: "1", count: 300).joined(separator: ",") + "\""
      func grid(_ count: Int) -> String { "{\"grid\": [" + Array(repeating: parameter, count: count).joined(separator: ", ") + "]}" }
      let bodies: [(String, String)] = [
        (#"{"grid": ["demand.quantity*=1"], "samples": 100000000000}"#, "samples must be from 1 to 2000"),
        (#"{"grid": ["demand.quantity*=1"], "samples": 9223372036854775807}"#, "samples must be from 1 to 2000"),
        // 300^4 = 8,100,000,000 runs.
        (grid(4), "the grid has 8100000000 runs"),
        // 300^8 overflows Int: the count is refused, not computed by wrapping.
        (grid(8), "more than 9223372036854775807"),
      ]
      for (body, reason) in bodies {
        let start = ContinuousClock.now
        let response = try await client.post("/api/scenarios/\(id)/sweep", token: harness.editor, body: body)
        #expect(response.status == .badRequest)
        let message = try Self.message(response)
        #expect(message.contains(reason), "\(message)")
        #expect(ContinuousClock.now - start < Self.prompt)
      }
      #expect(try jsonArray(try await client.get("/api/jobs", token: harness.viewer)).isEmpty)
      try await Self.expectHealthy(client)
    }
  }

  @Test("an alias-key bomb, a 1e300 recipe and pack paths are stored as invalid with clear errors and cannot be solved")
  func invalidScenarios() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let uploads: [(Data, String, String)] = [
        (Payloads.aliasKeyBomb, "bomb.yaml", "alias"),
        (try Payloads.recipe1e300(), "r.zip", "quantity"),
        (try Payloads.packPathTraversal(), "t.zip", "../../etc"),
      ]
      for (data, name, mark) in uploads {
        let start = ContinuousClock.now
        let response = try await client.upload(data, fileName: name, token: harness.editor)
        #expect(ContinuousClock.now - start < Self.prompt)
        #expect(response.status == .created)
        let body = try json(response)
        let scenario = try #require(body["scenario"] as? [String: Any])
        #expect(scenario["isValid"] as? Bool == false, "\(name)")
        let errors = (body["diagnostics"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
        let texts = errors.compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.contains(mark) }, "\(name): \(texts)")
        let id = try #require(scenario["id"] as? String)
        let solve = try await client.post("/api/scenarios/\(id)/solve", token: harness.editor)
        #expect(solve.status == .unprocessableContent)
      }
      // The pack names are refused as names: nothing tells whether /etc exists on the server.
      let probe = try json(try await client.upload(try Payloads.packPathTraversal(), fileName: "t.zip", token: harness.editor))
      let texts = (probe["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
      let etc = texts.filter { $0.contains("../../etc") }
      let missing = texts.filter { $0.contains("../../no-such-dir") }
      #expect(etc.count == 1 && missing.count == 1)
      #expect(etc.first?.replacingOccurrences(of: "../../etc", with: "X") == missing.first?.replacingOccurrences(of: "../../no-such-dir", with: "X"))
      #expect(!texts.contains { $0.contains("pack.yaml") || $0.contains("origin_rules") })
      try await Self.expectHealthy(client)
    }
  }

  @Test("a pack the upload lacks is an error unless the server's pack folder has it")
  func serverPackFolder() async throws {
    // policy_packs: [us] with no policy/us/ in the zip.
    let zip = try Fixtures.zip([
      ("scenario.yaml", Fixtures.twoMills.replacingOccurrences(of: "currency: USD\n", with: "currency: USD\npolicy_packs: [us]\n"))
    ])
    // A single file carries its rules in its own tables, so the two-mills YAML goes in as a folder's scenario.yaml.
    let without = try await Harness()
    defer { without.remove() }
    try await without.live { client in
      let body = try json(try await client.upload(zip, fileName: "packs.zip", token: without.editor))
      #expect((body["scenario"] as? [String: Any])?["isValid"] as? Bool == false)
      let texts = (body["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
      #expect(texts.contains { $0.contains("policy pack 'us' not found") }, "\(texts)")
    }
    let with = try await Harness(policyPackFolder: Fixtures.root.appendingPathComponent("policy").path)
    defer { with.remove() }
    try await with.live { client in
      let body = try json(try await client.upload(zip, fileName: "packs.zip", token: with.editor))
      let texts = (body["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
      #expect(!texts.contains { $0.contains("not found") }, "\(texts)")
    }
  }

  @Test("a connection that never finishes its request head is closed after the idle timeout")
  func slowClient() async throws {
    let harness = try await Harness(idleTimeout: .seconds(1))
    defer { harness.remove() }
    try await harness.live { client in
      let port = try #require(client.port)
      // Half a request head, then silence; the server should close within about a second.
      let seconds = try await RawConnection.secondsUntilClosed(port: port, sending: "GET /api/health HTTP/1.1\r\nHost: x\r\n")
      #expect(seconds > 0.5 && seconds < 5, "closed after \(seconds) s")
      // The harness's own keep-alive connection sat idle just as long and is closed too: ask on a new one.
      let health = try await TestClient.withClient(host: Harness.address, port: port) { try await $0.get("/api/health") }
      #expect(health.status == .ok)
    }
  }

  @Test("JSON bodies over their limit are 413, a bad chunk size 400, a trailing comma 400, HEAD answers like GET")
  func smallerResponses() async throws {
    let harness = try await Harness()
    defer { harness.remove() }
    try await harness.live { client in
      let big = "{\"role\": \"viewer\", \"label\": \"" + String(repeating: "x", count: 20_000) + "\"}"
      let tooLarge = try await client.post("/api/tokens", token: harness.admin, body: big)
      #expect(tooLarge.status == .contentTooLarge)
      #expect(try Self.message(tooLarge).contains("a token request is limited to 16384 bytes"))
      let uploaded = try json(try await client.upload(Data(Fixtures.twoMills.utf8), fileName: "two.yaml", token: harness.editor))
      let id = try #require((uploaded["scenario"] as? [String: Any])?["id"] as? String)
      let hugeSweep = try await client.post(
        "/api/scenarios/\(id)/sweep", token: harness.editor, body: "{\"grid\": [\"" + String(repeating: " ", count: 70_000) + "\"]}")
      #expect(hugeSweep.status == .contentTooLarge)

      let comma = try await client.post("/api/tokens", token: harness.admin, body: #"{"role":"viewer",}"#)
      #expect(comma.status == .badRequest)
      let nestedComma = try await client.post("/api/scenarios/\(id)/solve", token: harness.editor, body: #"{"timeLimit": 5, }"#)
      #expect(nestedComma.status == .badRequest)
      // A comma inside a string is text, not a trailing comma.
      #expect(try await client.post("/api/tokens", token: harness.admin, body: #"{"role":"viewer","label":",}"}"#).status == .created)

      for uri in ["/api/health", "/", "/openapi.json"] {
        let head = try await client.execute(uri: uri, method: .head) { $0 }
        #expect(head.status == .ok, "HEAD \(uri)")
        #expect((head.body?.readableBytes ?? 0) == 0)
      }
      #expect(try await client.execute(uri: "/api/scenarios", method: .head) { $0 }.status == .unauthorized)

      let port = try #require(client.port)
      let chunked =
        "POST /api/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(harness.admin)\r\n"
        + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"
      let answer = try await RawConnection.response(port: port, sending: chunked)
      #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(200))")
      try await Self.expectHealthy(client)
    }
  }
}

/// A plain TCP connection to the test server, for requests no HTTP client would send.
enum RawConnection {
  /// Sends `text` and waits (up to 10 s) for the server to close the connection; returns the seconds it took.
  static func secondsUntilClosed(port: Int, sending text: String) async throws -> Double {
    try await onThread {
      let socket = try connect(port: port)
      defer { close(socket) }
      let start = Date()
      try send(text, on: socket)
      _ = read(socket)
      return Date().timeIntervalSince(start)
    }
  }

  /// Sends `text` and returns everything the server answers until it closes (or 10 s pass).
  static func response(port: Int, sending text: String) async throws -> String {
    try await onThread {
      let socket = try connect(port: port)
      defer { close(socket) }
      try send(text, on: socket)
      return String(decoding: read(socket), as: UTF8.self)
    }
  }

  /// Blocking socket calls run on a thread of their own, not Swift's cooperative pool.
  static func onThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
  }

  static func connect(port: Int) throws -> Int32 {
    #if canImport(Glibc)
      let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard socket >= 0 else { throw HarnessError("socket() failed") }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port)).bigEndian
    inet_pton(AF_INET, Harness.address, &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        #if canImport(Glibc)
          Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        #else
          Darwin.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        #endif
      }
    }
    guard connected == 0 else {
      close(socket)
      throw HarnessError("cannot connect to \(Harness.address):\(port)")
    }
    return socket
  }

  static func send(_ text: String, on socket: Int32) throws {
    let bytes = Array(text.utf8)
    let sent = bytes.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
    guard sent == bytes.count else { throw HarnessError("could not send the request") }
  }

  /// Everything until the peer closes, or until the receive timeout.
  static func read(_ socket: Int32) -> [UInt8] {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { return received }
      received += buffer[..<count]
    }
  }
}
