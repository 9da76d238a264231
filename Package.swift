// swift-tools-version:6.0
import PackageDescription

// Dependencies point inward: the CLI composes everything; the modeling layer knows nothing of
// supply chains and the domain knows nothing of linear programs. Only `HiGHS` touches the solver,
// only `ferrite` touches ArgumentParser.
let package = Package(
  name: "Ferrite",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "ferrite", targets: ["ferrite"]),
    .library(name: "LinearProgramming", targets: ["LinearProgramming"]),
    .library(name: "HiGHS", targets: ["HiGHS"]),
    .library(name: "FerriteModel", targets: ["FerriteModel"]),
    .library(name: "FerriteIO", targets: ["FerriteIO"]),
    .library(name: "FerritePlanner", targets: ["FerritePlanner"]),
    .library(name: "FerriteStore", targets: ["FerriteStore"]),
    .library(name: "FerriteServer", targets: ["FerriteServer"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
  ],
  targets: [
    .target(name: "LinearProgramming"),
    .target(name: "HiGHS", dependencies: ["LinearProgramming"]),
    .target(name: "FerriteModel"),
    // ZIPFoundation for .xlsx workbooks (and its zlib for the strict zip reader uploads share).
    .target(
      name: "FerriteIO",
      dependencies: [
        "FerriteModel", .product(name: "Yams", package: "Yams"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    .target(name: "FerritePlanner", dependencies: ["FerriteModel", "LinearProgramming"]),
    // Exchange formats for results: PACT product footprints, transport emissions (ISO 14083 style).
    .target(name: "FerriteReports", dependencies: ["FerriteModel", "FerriteIO", "FerritePlanner"]),
    // Variants, comparisons and sweeps of scenarios.
    .target(
      name: "FerriteScenarios",
      dependencies: [
        "FerriteModel", "FerriteIO", "FerritePlanner", "LinearProgramming",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    // Results databases: SQLite through GRDB, PostgreSQL through PostgresNIO; nothing else
    // touches either.
    .target(
      name: "FerriteStore",
      dependencies: [
        "FerriteModel",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ]
    ),
    // Queued sweeps: the PostgreSQL queue's worker loop and the conversions between sweep runs
    // and stored records, for `ferrite sweep`, `ferrite worker` and the server alike.
    .target(
      name: "FerriteWorker",
      dependencies: ["FerriteModel", "FerriteIO", "FerriteScenarios", "FerriteStore", "LinearProgramming"]
    ),
    // The HTTP API and web app; the only target that touches Hummingbird.
    .target(
      name: "FerriteServer",
      dependencies: [
        "FerriteModel", "FerriteIO", "FerritePlanner", "FerriteReports", "FerriteScenarios", "FerriteStore", "FerriteWorker",
        "LinearProgramming", .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      resources: [.copy("Web")]
    ),
    .executableTarget(
      name: "ferrite",
      dependencies: [
        "LinearProgramming", "HiGHS", "FerriteModel", "FerriteIO", "FerritePlanner",
        "FerriteStore", "FerriteServer", "FerriteScenarios", "FerriteReports", "FerriteWorker",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "LinearProgrammingTests", dependencies: ["LinearProgramming"]),
    .testTarget(name: "HiGHSTests", dependencies: ["HiGHS", "LinearProgramming"]),
    .testTarget(
      name: "FerriteIOTests",
      dependencies: ["FerriteIO", "FerriteModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      exclude: ["Fixtures"]),
    .testTarget(name: "FerriteStoreTests", dependencies: ["FerriteStore", "FerriteModel"]),
    .testTarget(
      name: "FerriteScenariosTests",
      dependencies: ["FerriteScenarios", "FerritePlanner", "FerriteModel", "FerriteIO", "HiGHS", "LinearProgramming"]
    ),
    .testTarget(
      name: "FerriteServerTests",
      dependencies: [
        "FerriteServer", "FerriteStore", "FerriteIO", "FerriteModel", "FerriteWorker", "HiGHS",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    .testTarget(
      name: "FerriteReportsTests", dependencies: ["FerriteReports", "FerritePlanner", "FerriteModel", "HiGHS"]),
    // Runs the built `ferrite` binary as a subprocess (no module dependency: it is found next to
    // the test bundle, which `swift build --build-tests` builds alongside).
    .testTarget(name: "FerriteCLITests"),
    .testTarget(
      name: "FerritePlannerTests",
      dependencies: ["FerritePlanner", "FerriteModel", "FerriteIO", "HiGHS", "LinearProgramming"]
    ),
  ]
)
