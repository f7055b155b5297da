import JSON
import Crypto
import Foundation
import HTTP
import JWT
import Testing
import TestSupport

/// A JWKS server on loopback (Python, plain and TLS with a test CA) fetched through
/// `HTTPClient` into a `JWKSCache`: rotation without restart, a server down at first, and
/// TLS refusals for a wrong host name or an unknown CA.
@Suite(.serialized)
struct LiveJWKSTests {
    static let python = Result { try TestEnvironment.venvPython("jwt", requirements: "Tests/JWTTests/requirements.txt") }
    static let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/JWTTests/jwks_server.py").path

    static func publish(_ keys: [JWK], in directory: URL) throws {
        try JWKSet(keys: keys).jsonValue.serialized.write(to: directory.appendingPathComponent("jwks.json"), atomically: true, encoding: .utf8)
    }

    static func cache(url: String, client: HTTPClient) -> JWKSCache {
        let fetcher = HTTPClientBodyFetcher(url: url, client: client)
        return JWKSCache(fetcher: JWKSClosureFetcher { timeout, limit in try await fetcher.fetch(timeout: timeout, maximumBytes: limit) },
                         configuration: JWKSCacheConfiguration(minimumRefreshInterval: .zero))
    }

    static func token(_ key: RSAPrivateKey, kid: String) throws -> String {
        try JWTSigner(key: key, keyID: kid).sign(claims: ["sub": .string("bob"), "exp": .number(JSONNumber(TestFixtures.now + 300))])
    }

    @Test func rotationOverPlainHTTPIsPickedUpWithoutRestart() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.publish([try TestFixtures.mainSigner.publicJWK], in: directory)
        let server = try BackgroundServer(python: Self.python.get(), script: Self.script, arguments: ["--dir", directory.path])
        defer { server.stop() }

        let cache = Self.cache(url: "http://127.0.0.1:\(server.port)/jwks.json", client: HTTPClient())
        #expect(await cache.refresh() != nil)
        let verifier = JWTVerifier()
        #expect(try await verifier.verify(Self.token(TestFixtures.mainKey, kid: "main"), using: cache).subject == "bob")

        try Self.publish([JWK(keyID: "next", key: try TestFixtures.otherKey.publicKey)], in: directory)
        #expect(try await verifier.verify(Self.token(TestFixtures.otherKey, kid: "next"), using: cache).keyID == "next")
        await #expect(throws: JWTError(.unknownKid, "no key matches the token's kid")) {
            try await verifier.verify(Self.token(TestFixtures.mainKey, kid: "main"), using: cache)
        }
        #expect(cache.counters.error == 0)
    }

    @Test func serverDownAtStartThenUpLoadsKeys() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.publish([try TestFixtures.mainSigner.publicJWK], in: directory)
        // Learn a free port, then stop the server so that nothing listens there.
        let probe = try ScriptedHTTPServer { _ in .init("") }
        let port = probe.port
        probe.stop()

        let cache = Self.cache(url: "http://127.0.0.1:\(port)/jwks.json", client: HTTPClient())
        #expect(await cache.refresh() == nil)
        #expect(!cache.isLoaded)
        #expect(cache.lastError?.contains("connection refused") == true)

        let server = try BackgroundServer(python: Self.python.get(), script: Self.script, arguments: ["--dir", directory.path, "--port", "\(port)"])
        defer { server.stop() }
        #expect(await cache.refresh() != nil)
        #expect(cache.isLoaded)
        #expect(cache.counters == JWKSRefreshCounters(success: 1, error: 1))
    }

    @Test func fetchesOverHTTPSWithTheTestCA() async throws {
        let pki = try TestPKI.make()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        try Self.publish([try TestFixtures.mainSigner.publicJWK], in: pki.directory)
        let server = try BackgroundServer(python: Self.python.get(), script: Self.script,
                                          arguments: ["--dir", pki.directory.path, "--cert", pki.cert("server"), "--key", pki.key("server")])
        defer { server.stop() }
        let client = HTTPClient(configuration: HTTPClientConfiguration(caFile: pki.caFile))
        for host in ["127.0.0.1", "localhost"] {
            let cache = Self.cache(url: "https://\(host):\(server.port)/jwks.json", client: client)
            #expect(await cache.refresh()?.key(forID: "main") != nil, "\(host): \(cache.lastError ?? "")")
        }
        // Keep-alive over TLS: later requests reuse the pooled connection.
        for _ in 0..<3 {
            let response = try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/jwks.json"), timeout: .seconds(5))
            #expect(response.status == 200)
        }
        #expect(client.idleConnectionCount(for: "https://127.0.0.1:\(server.port)/") == 1)
    }

    @Test func refusesACertificateForAnotherHost() async throws {
        let pki = try TestPKI.make()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        try Self.publish([try TestFixtures.mainSigner.publicJWK], in: pki.directory)
        let server = try BackgroundServer(python: Self.python.get(), script: Self.script,
                                          arguments: ["--dir", pki.directory.path, "--cert", pki.cert("wrong-host"), "--key", pki.key("wrong-host")])
        defer { server.stop() }
        let client = HTTPClient(configuration: HTTPClientConfiguration(caFile: pki.caFile))
        await #expect(throws: HTTPClientError.tlsVerificationFailed("hostname mismatch")) {
            try await client.execute(HTTPClientRequest(url: "https://localhost:\(server.port)/jwks.json"), timeout: .seconds(5))
        }
        await #expect(throws: HTTPClientError.tlsVerificationFailed("IP address mismatch")) {
            try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/jwks.json"), timeout: .seconds(5))
        }
    }

    @Test func refusesACertificateFromAnUnknownCA() async throws {
        let pki = try TestPKI.make()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        try Self.publish([try TestFixtures.mainSigner.publicJWK], in: pki.directory)
        let server = try BackgroundServer(python: Self.python.get(), script: Self.script,
                                          arguments: ["--dir", pki.directory.path, "--cert", pki.cert("server"), "--key", pki.key("server")])
        defer { server.stop() }
        for client in [HTTPClient(configuration: HTTPClientConfiguration(caFile: pki.otherCAFile)), HTTPClient()] {
            let cache = Self.cache(url: "https://localhost:\(server.port)/jwks.json", client: client)
            #expect(await cache.refresh() == nil)
            #expect(cache.lastError?.contains("unable to get local issuer certificate") == true, "\(cache.lastError ?? "")")
        }
    }

    @Test func refusesAMissingCAFile() async {
        let client = HTTPClient(configuration: HTTPClientConfiguration(caFile: "/nonexistent/ca.pem"))
        await #expect {
            try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:1/"), timeout: .seconds(2))
        } throws: { error in
            guard case HTTPClientError.tlsFailed(let why) = error else { return false }
            return why.contains("CA file")
        }
    }
}
