// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tejido",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tejido", targets: ["tejido"]),
        .library(name: "TejidoCore", targets: ["TejidoCore"]),
        .library(name: "TejidoWeb", targets: ["TejidoWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // The domain: protocol, consent, access policy, crypto. Foundation and swift-crypto only.
        .target(
            name: "TejidoCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // For scrypt, which stretches a passphrase into the key that opens a person's own key.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The web: Vapor and Fluent; pages written in Swift. Thin handlers over TejidoCore.
        .target(
            name: "TejidoWeb",
            dependencies: [
                "TejidoCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                // Counters and histograms that name no person, collective or case (TejidoMetrics).
                .product(name: "Prometheus", package: "swift-prometheus"),
                // The loopback-only /metrics listener, apart from Vapor's server.
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Requests to paired instances: no redirects followed, replies read up to a limit.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "tejido",
            dependencies: [
                "TejidoWeb",
                "TejidoCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TejidoCoreTests",
            dependencies: ["TejidoCore"]
        ),
        .testTarget(
            name: "TejidoWebTests",
            dependencies: [
                "TejidoWeb",
                "TejidoCore",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
