// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Acta",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "acta", targets: ["acta"]),
        .library(name: "ActaLog", targets: ["ActaLog"]),
        .library(name: "ActaEvents", targets: ["ActaEvents"]),
        .library(name: "ActaProjections", targets: ["ActaProjections"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Debian's liblz4 (frame API); nothing vendored.
        .systemLibrary(
            name: "CLZ4",
            path: "Sources/CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        // One SQLite setting Swift cannot make itself (sqlite3_config is variadic).
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The engine: entries, canonical JSON, compression, hashing, the SQLite log.
        .target(
            name: "ActaLog",
            dependencies: [
                "CLZ4",
                "CSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/ActaLog"
        ),
        // The OCPS event catalog and the real history.
        .target(
            name: "ActaEvents",
            dependencies: ["ActaLog"],
            path: "events",
            resources: [.copy("history"), .copy("examples")]
        ),
        // The views rebuilt from the log.
        .target(
            name: "ActaProjections",
            dependencies: ["ActaLog", "ActaEvents"],
            path: "projections"
        ),
        // The read-only HTTP reader: JSON API, pages, live feed.
        .target(
            name: "ActaReader",
            dependencies: [
                "ActaLog", "ActaEvents", "ActaProjections",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Sources/ActaReader",
            resources: [.copy("openapi.json")]
        ),
        .executableTarget(
            name: "acta",
            dependencies: [
                "ActaLog", "ActaEvents", "ActaProjections", "ActaReader",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/acta"
        ),
        // Benchmark: `swift run -c release acta-bench`.
        .executableTarget(
            name: "acta-bench",
            dependencies: [
                "ActaLog", "ActaEvents", "ActaProjections",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "tools/bench"
        ),
        // libFuzzer on the decoding and import path (tools/fuzz/run); built normally it replays a corpus.
        .executableTarget(
            name: "acta-fuzz",
            dependencies: ["ActaLog", "ActaEvents"],
            path: "tools/fuzz",
            exclude: ["corpus", "run"]
        ),
        .testTarget(name: "ActaLogTests", dependencies: ["ActaLog", "ActaEvents"]),
        .testTarget(name: "ActaEventsTests", dependencies: ["ActaEvents", "ActaLog"]),
        .testTarget(name: "ActaProjectionsTests", dependencies: ["ActaProjections", "ActaEvents", "ActaLog"]),
        .testTarget(name: "ActaCLITests", dependencies: ["ActaLog", "ActaEvents", "ActaProjections"]),
        .testTarget(
            name: "ActaReaderTests",
            dependencies: [
                "ActaReader", "ActaLog", "ActaEvents", "ActaProjections",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
