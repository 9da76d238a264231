import Foundation
import Testing

@testable import FerriteStore

/// One suite every server store passes: SQLite always, PostgreSQL when the test database is set
/// (scripts/test starts it and exports FERRITE_TEST_POSTGRES_URL).
@Suite("Server store conformance: versions, variants, jobs' versions", .serialized)
struct ServerStoreConformanceTests {
  enum Kind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
  }

  /// A fresh SQLite file, or the shared test PostgreSQL database (ids are unique per test run).
  static func open(_ kind: Kind) async throws -> (any ServerStore)? {
    switch kind {
    case .sqlite:
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("ferrite-store-\(UUID().uuidString).sqlite").path
      return try SQLiteServerStore(path: path)
    case .postgres:
      guard let url = TestDatabase.url else {
        if TestDatabase.isEnabled { Issue.record("FERRITE_TEST_POSTGRES_URL is not set") }
        return nil
      }
      return try await PostgresServerStore.connect(url: url)
    }
  }

  static func file(_ id: String, _ name: String, _ text: String) -> StoredScenarioFile {
    StoredScenarioFile(scenarioId: id, name: name, content: Data(text.utf8))
  }

  @Test("saving versions keeps every version's files, makes the last one current and deletes them with the scenario", arguments: Kind.allCases)
  func versions(kind: Kind) async throws {
    guard let store = try await Self.open(kind) else { return }
    defer { Task { await store.close() } }
    let id = UUID().uuidString.lowercased()
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    var scenario = StoredScenario(
      id: id, name: "na", format: "folder", isValid: true, errorCount: 0, warningCount: 0, sizeBytes: 10, uploadedAt: now)
    try await store.save(
      scenario,
      version: StoredVersion(scenarioId: id, number: 1, parent: nil, author: "editor (abc)", createdAt: now, isValid: true, errorCount: 0, note: "upload"),
      files: [Self.file(id, "demand.csv", "v1"), Self.file(id, "scenario.yaml", "name: na")])
    scenario.version = 2
    scenario.isValid = false
    scenario.errorCount = 1
    try await store.save(
      scenario,
      version: StoredVersion(
        scenarioId: id, number: 2, parent: 1, author: "editor (abc)", createdAt: now.addingTimeInterval(60), isValid: false,
        errorCount: 1, note: "edited demand"),
      files: [Self.file(id, "demand.csv", "v2"), Self.file(id, "scenario.yaml", "name: na")])

    let stored = try #require(try await store.scenario(id: id))
    #expect(stored.version == 2 && !stored.isValid && stored.errorCount == 1)
    let versions = try await store.versions(ofScenario: id)
    #expect(versions.map(\.number) == [1, 2])
    #expect(versions.map(\.parent) == [nil, 1])
    #expect(versions.last?.note == "edited demand" && versions.last?.author == "editor (abc)")
    #expect(versions.first?.createdAt == now)
    let first = try await store.files(ofScenario: id, version: 1)
    #expect(first.map(\.name) == ["demand.csv", "scenario.yaml"])
    #expect(first.first.map { String(decoding: $0.content, as: UTF8.self) } == "v1")
    let current = try await store.files(ofScenario: id)
    #expect(current.first.map { String(decoding: $0.content, as: UTF8.self) } == "v2")
    #expect(try await store.files(ofScenario: id, version: 9).isEmpty)
    // The same version number twice is refused: versions are never overwritten.
    await #expect(throws: (any Error).self) {
      try await store.save(
        scenario,
        version: StoredVersion(scenarioId: id, number: 2, parent: 1, author: "x", createdAt: now, isValid: true, errorCount: 0, note: ""),
        files: [])
    }
    #expect(try await store.files(ofScenario: id).count == 2)

    #expect(try await store.deleteScenario(id: id))
    #expect(try await store.versions(ofScenario: id).isEmpty)
    #expect(try await store.files(ofScenario: id, version: 1).isEmpty)
  }

  @Test("a variant keeps its base, base version and text; a job keeps the version it solved", arguments: Kind.allCases)
  func variantsAndJobs(kind: Kind) async throws {
    guard let store = try await Self.open(kind) else { return }
    defer { Task { await store.close() } }
    let base = UUID().uuidString.lowercased(), variant = UUID().uuidString.lowercased()
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let text = "name: late\nchanges:\n- \"capacity_options where id=louisiana-mill: earliest_period = 2031\"\n"
    for (id, baseId) in [(base, String?.none), (variant, base)] {
      let scenario = StoredScenario(
        id: id, name: id == base ? "na" : "na / late", format: id == base ? "folder" : "document", isValid: true, errorCount: 0,
        warningCount: 0, sizeBytes: 1, uploadedAt: now, version: 1, baseId: baseId, baseVersion: baseId == nil ? nil : 3,
        variant: baseId == nil ? nil : text)
      try await store.save(
        scenario,
        version: StoredVersion(scenarioId: id, number: 1, parent: nil, author: "a", createdAt: now, isValid: true, errorCount: 0, note: ""),
        files: [Self.file(id, "scenario.yaml", "x")])
    }
    let stored = try #require(try await store.scenario(id: variant))
    #expect(stored.baseId == base && stored.baseVersion == 3 && stored.variant == text)
    #expect(try await store.scenario(id: base)?.baseId == nil)

    let job = StoredJob(id: UUID().uuidString.lowercased(), scenarioId: variant, server: "test", options: Data("{}".utf8), createdAt: now, scenarioVersion: 1)
    try await store.insert(job)
    #expect(try await store.job(id: job.id)?.scenarioVersion == 1)
    // Deleting the base leaves the variant, which holds its own resolved files.
    #expect(try await store.deleteScenario(id: base))
    #expect(try await store.scenario(id: variant) != nil)
    #expect(try await store.deleteScenario(id: variant))
    #expect(try await store.job(id: job.id) == nil)
  }
}
