// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "coprod",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "coprod", targets: ["coprod"]),
    .executable(name: "coprod-bench", targets: ["coprod-bench"]),
    .library(name: "CoprodEngine", targets: ["CoprodEngine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/JohnSundell/Plot", exact: "0.14.0"),
  ],
  targets: [
    // Debian's liblua5.4 through pkg-config, with static-inline wrappers for Lua's macros.
    .systemLibrary(
      name: "CLua",
      pkgConfig: "lua5.4",
      providers: [.apt(["liblua5.4-dev"])]
    ),
    // The few lines of C where Lua's longjmp must never cross a Swift frame.
    .target(name: "CLuaShims", dependencies: ["CLua"]),
    .target(name: "CoprodModel", dependencies: ["BigInt"], swiftSettings: swiftSettings),
    .target(
      name: "CoprodStore",
      dependencies: [
        "CoprodModel", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings
    ),
    // Reports as format-neutral documents, and their Markdown and HTML (with SVG charts) renderers.
    .target(
      name: "CoprodDocument", dependencies: ["CoprodModel", .product(name: "Plot", package: "Plot")], swiftSettings: swiftSettings),
    .target(
      name: "CoprodLua",
      dependencies: [
        "CLua", "CLuaShims", "CoprodModel", "CoprodDocument", "BigInt",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "CoprodPlugins",
      dependencies: [
        "CoprodLua", "CoprodModel", "Yams",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    // Sharing plugins: signed archives, keys and trust, installs, catalogues, the lock file.
    .target(
      name: "CoprodSharing",
      dependencies: [
        "CoprodModel", "CoprodPlugins", "CoprodLua",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "CoprodEngine",
      dependencies: [
        "CoprodModel", "CoprodStore", "CoprodLua", "CoprodPlugins", "CoprodSharing", "CoprodDocument", "Yams", "BigInt",
        .product(name: "CSV", package: "CSV.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "coprod",
      dependencies: [
        "CoprodEngine", "CoprodLua", "CoprodPlugins", "CoprodSharing", "CoprodStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "coprod-bench",
      dependencies: ["CoprodEngine", "CoprodLua", "CLua", "CLuaShims"],
      swiftSettings: swiftSettings
    ),
    .target(name: "CoprodTestSupport", path: "Tests/CoprodTestSupport", swiftSettings: swiftSettings),
    .testTarget(name: "CoprodDocumentTests", dependencies: ["CoprodDocument", "CoprodTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "CoprodLuaTests", dependencies: ["CoprodLua", "CoprodModel", "CLua"], swiftSettings: swiftSettings),
    .testTarget(
      name: "CoprodPluginsTests", dependencies: ["CoprodPlugins", "CoprodLua"], swiftSettings: swiftSettings),
    .testTarget(
      name: "CoprodSharingTests",
      dependencies: [
        "CoprodSharing", "CoprodPlugins", "CoprodModel",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "CoprodEngineTests", dependencies: ["CoprodEngine", "CoprodModel", "BigInt"],
      resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
    .testTarget(
      name: "CoprodStoreTests",
      dependencies: [
        "CoprodStore", "CoprodEngine", "CoprodPlugins", "CoprodTestSupport", .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "CSV", package: "CSV.swift"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "CoprodCLITests", dependencies: ["CoprodEngine", "CoprodModel", "CoprodTestSupport", "BigInt"],
      exclude: ["Golden", "Exact"],
      swiftSettings: swiftSettings),
  ]
)
