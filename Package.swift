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
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    .target(name: "LinearProgramming"),
    .target(name: "HiGHS", dependencies: ["LinearProgramming"]),
    .target(name: "FerriteModel"),
    .target(name: "FerriteIO", dependencies: ["FerriteModel", .product(name: "Yams", package: "Yams")]),
    .target(name: "FerritePlanner", dependencies: ["FerriteModel", "LinearProgramming"]),
    .executableTarget(
      name: "ferrite",
      dependencies: [
        "LinearProgramming", "HiGHS", "FerriteModel", "FerriteIO", "FerritePlanner",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "LinearProgrammingTests", dependencies: ["LinearProgramming"]),
    .testTarget(name: "HiGHSTests", dependencies: ["HiGHS", "LinearProgramming"]),
    .testTarget(name: "FerriteIOTests", dependencies: ["FerriteIO", "FerriteModel"], exclude: ["Fixtures"]),
    .testTarget(
      name: "FerritePlannerTests",
      dependencies: ["FerritePlanner", "FerriteModel", "FerriteIO", "HiGHS", "LinearProgramming"]
    ),
  ]
)
