// swift-tools-version:6.0
import PackageDescription

// Every Swift target opts into the same upcoming features: public API is written out on
// purpose, existentials are spelled `any`, and a member is visible only where its module
// is imported. A nonisolated async function runs on its caller's executor
// (NonisolatedNonsendingByDefault): a stage worker on an event loop no longer goes through
// an executor switch, and its preference look-up, at every such call (BENCHMARKS.md section 10).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "seqthink",
    products: [
        .executable(name: "seqthink", targets: ["seqthink"]),
        .library(name: "Age", targets: ["Age"]),
        .library(name: "JWT", targets: ["JWT"]),
        .library(name: "JSON", targets: ["JSON"]),
    ],
    targets: [
        // C libraries from Debian, and the one shim for what Glibc does not export.
        .systemLibrary(name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium",
                       providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLZ4", path: "Sources/CLZ4", pkgConfig: "liblz4",
                       providers: [.apt(["liblz4-dev"])]),
        .target(name: "CSystem", path: "Sources/CSystem"),

        // Safe Swift wrappers: the only target that imports CSodium, COpenSSL and CLZ4.
        .target(name: "Crypto", dependencies: ["CSodium", "COpenSSL", "CLZ4"], swiftSettings: strict),
        // Libraries that know nothing of the service.
        .target(name: "Age", dependencies: ["Crypto"], swiftSettings: strict),
        .target(name: "JSON", dependencies: [], swiftSettings: strict),
        .target(name: "JWT", dependencies: ["Crypto", "JSON"], swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["CSystem", "Crypto", "JSON"], swiftSettings: strict),
        .target(name: "Pipeline", dependencies: [], swiftSettings: strict),
        .target(name: "MCP", dependencies: ["JSON", "HTTP", "CSystem"], swiftSettings: strict),
        // The service: configuration, the six stages, routes, lifecycle.
        .target(name: "SeqThinkServer",
                dependencies: ["Pipeline", "HTTP", "MCP", "JSON", "JWT", "Age", "Crypto", "CSystem"],
                swiftSettings: strict),
        // The command line: argument parsing and every verb.
        .target(name: "SeqThinkCLI", dependencies: ["SeqThinkServer", "Age", "JWT", "JSON", "Crypto", "MCP", "HTTP"],
                swiftSettings: strict),
        .executableTarget(name: "seqthink", dependencies: ["SeqThinkCLI"], swiftSettings: strict),
        // Helpers shared by the test targets only (repo paths, peers, child processes).
        .target(name: "TestSupport", dependencies: [], swiftSettings: strict),

        .testTarget(name: "CryptoTests", dependencies: ["TestSupport", "Crypto"], swiftSettings: strict),
        .testTarget(name: "AgeTests", dependencies: ["TestSupport", "Age", "Crypto"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "JWTTests", dependencies: ["TestSupport", "JWT", "JSON", "Crypto", "HTTP"],
                    exclude: ["requirements.txt", "mint_tokens.py", "jwks_server.py"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["TestSupport", "HTTP", "CSystem"], swiftSettings: strict),
        .testTarget(name: "PipelineTests", dependencies: ["TestSupport", "Pipeline"], swiftSettings: strict),
        .testTarget(name: "MCPTests", dependencies: ["TestSupport", "MCP", "JSON"], swiftSettings: strict),
        .testTarget(name: "SeqThinkServerTests", dependencies: ["TestSupport", "SeqThinkServer", "Age", "HTTP", "Pipeline", "MCP", "JSON"],
                    exclude: ["python", "Backends/python"],
                    swiftSettings: strict),
        .testTarget(name: "SeqThinkCLITests", dependencies: ["TestSupport", "SeqThinkCLI", "SeqThinkServer", "JSON"],
                    swiftSettings: strict),
    ]
)
