// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "redis-trib",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RedisTrib", targets: ["RedisTrib", "RESP"]),
        .library(name: "TribCommands", targets: ["TribCommands"]),
        .executable(name: "redis-trib", targets: ["redis-trib"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        // FilePath and FileDescriptor in swift-subprocess's API on Linux.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // Only for `swift package generate-documentation`; it adds no module to any target.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Only for redis-trib-bench: the latency histogram of its load client.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .target(
            name: "RESP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RedisTrib",
            dependencies: [
                "RESP",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TribCommands",
            dependencies: [
                "RedisTrib",
                "RESP",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TribLanguage",
            swiftSettings: strictSettings
        ),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "TribShell", dependencies: ["CEditLine", "TribLanguage", "RESP"], swiftSettings: strictSettings),
        .target(name: "TribRuntime", dependencies: ["TribLanguage", "TribCommands", "RedisTrib", "RESP"], swiftSettings: strictSettings),
        .target(
            name: "TribCLI",
            dependencies: [
                "RedisTrib",
                "RESP",
                "TribCommands",
                "TribLanguage",
                "TribRuntime",
                "TribShell",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings + [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "redis-trib", dependencies: ["TribCLI"], swiftSettings: strictSettings,
            // The release binary carries the Swift runtime and Foundation: without some twenty shared
            // libraries to load and bind, a command starts in a third of the time (docs/PERFORMANCE.md).
            // TribCLI is compiled with it too: its import of Foundation then names Foundation's own static libraries.
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "redis-trib-bench",
            dependencies: [
                "RedisTrib",
                "RESP",
                "TribCommands",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "Sources/TribBench",
            swiftSettings: strictSettings
        ),
        .target(
            name: "TribTestSupport",
            dependencies: ["TribLanguage"],
            path: "Tests/TribTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RESPTests",
            dependencies: [
                "RESP",
                "TribTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RedisTribTests",
            dependencies: ["RedisTrib", "RESP", "TribTestSupport", .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TribShellTests",
            dependencies: ["TribShell", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TribCLITests",
            dependencies: ["TribCLI", "RedisTrib", "RESP", "TribCommands", "TribLanguage", "TribRuntime", "TribShell"],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TribLanguageTests",
            dependencies: ["TribLanguage", "TribTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TribCommandsTests",
            dependencies: ["TribCommands", "RedisTrib", "RESP", "TribTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TribRuntimeTests",
            dependencies: [
                "TribRuntime", "TribLanguage", "TribCommands", "RedisTrib", "RESP", "TribTestSupport", .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "RedisTrib",
                "RESP",
                "TribCommands",
                "TribTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
