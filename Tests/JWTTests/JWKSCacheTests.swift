import JSON
import Crypto
import Foundation
import JWT
import Synchronization
import Testing

/// A clock that never sleeps: `sleep` records the delay, advances time, and cancels the
/// caller after `sleepLimit` sleeps so a `run()` loop ends.
final class ManualClock: JWKSClock {
    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))
    let sleepLimit: Int

    init(sleepLimit: Int = .max) { self.sleepLimit = sleepLimit }

    var now: Duration { state.withLock { $0.now } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(by duration: Duration) { state.withLock { $0.now += duration } }

    func sleep(for duration: Duration) async throws {
        let count = state.withLock { state -> Int in
            state.sleeps.append(duration)
            state.now += duration
            return state.sleeps.count
        }
        if count >= sleepLimit { throw CancellationError() }
    }
}

/// Answers fetches from a script; the last entry repeats.
final class ScriptedFetcher: JWKSFetcher {
    struct Failure: Error {}
    private let state: Mutex<(script: [Result<[UInt8], Failure>], calls: Int)>

    init(_ script: [Result<[UInt8], Failure>]) { state = Mutex((script, 0)) }

    var calls: Int { state.withLock { $0.calls } }

    func then(_ script: [Result<[UInt8], Failure>]) { state.withLock { $0.script = script } }

    func fetchJWKS(timeout: Duration, maximumBytes: Int) async throws -> [UInt8] {
        let next = state.withLock { state -> Result<[UInt8], Failure> in
            state.calls += 1
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
        return try next.get()
    }
}

struct JWKSCacheTests {
    static let mainJWK = try! TestFixtures.mainSigner.publicJWK
    static let otherJWK = JWK(keyID: "other", key: try! TestFixtures.otherKey.publicKey)

    static func document(_ keys: [JWK]) -> Result<[UInt8], ScriptedFetcher.Failure> {
        .success(Array(JWKSet(keys: keys).jsonValue.serialized.utf8))
    }

    static func token(signer: RSAPrivateKey, kid: String) -> String {
        try! JWTSigner(key: signer, keyID: kid).sign(claims: ["exp": .number(JSONNumber(TestFixtures.now + 300))])
    }

    @Test func initialFailuresRetryWithBackoffThenLoad() async {
        let fetcher = ScriptedFetcher([.failure(.init()), .success(Array("{not json".utf8)), Self.document([Self.mainJWK])])
        let clock = ManualClock(sleepLimit: 3)
        let results = Mutex<[String]>([])
        let cache = JWKSCache(fetcher: fetcher, clock: clock, onRefresh: { result in results.withLock { $0.append(result.metricLabel) } })
        #expect(!cache.isLoaded)
        await cache.run()
        #expect(cache.isLoaded)
        #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(3240)])
        #expect(cache.counters == JWKSRefreshCounters(success: 1, error: 2))
        #expect(results.withLock { $0 } == ["error", "error", "success"])
        #expect(cache.lastError == nil)
    }

    @Test func backoffDoublesUpToTheMaximum() async {
        let fetcher = ScriptedFetcher([.failure(.init())])
        let clock = ManualClock(sleepLimit: 9)
        let cache = JWKSCache(fetcher: fetcher, clock: clock)
        await cache.run()
        #expect(clock.sleeps.map { $0 / .seconds(1) } == [1, 2, 4, 8, 16, 32, 60, 60, 60])
        #expect(!cache.isLoaded)
        #expect(cache.lastError?.hasPrefix("fetch failed") == true)
    }

    @Test func failedRefreshesKeepTheOldKeys() async {
        let tooLarge = Array("{\"keys\":[]}".utf8) + [UInt8](repeating: 0x20, count: 1 << 20)
        let fetcher = ScriptedFetcher([
            Self.document([Self.mainJWK]),
            .failure(.init()),
            .success(Array("{\"keys\":[".utf8)),
            .success(Array("{\"keys\":[]}".utf8)),
            .success(Array(#"{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"},{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}]}"#.utf8)),
            .success(Array(#"{"keys":{}}"#.utf8)),
            .success(Array(#"{"keys":[],"keys":[]}"#.utf8)),
            .success(tooLarge),
        ])
        let cache = JWKSCache(fetcher: fetcher, clock: ManualClock())
        await cache.refresh()
        for _ in 0..<7 {
            let keys = await cache.refresh()
            #expect(keys?.key(forID: "main") != nil)
        }
        #expect(cache.keys?.keys.count == 1)
        #expect(cache.counters == JWKSRefreshCounters(success: 1, error: 7))
        #expect(cache.lastError == "body larger than 1048576 bytes")
    }

    @Test func rotationIsPickedUpAndTheRemovedKeyIsRefused() async throws {
        let fetcher = ScriptedFetcher([Self.document([Self.mainJWK])])
        let clock = ManualClock()
        let cache = JWKSCache(fetcher: fetcher, clock: clock)
        await cache.refresh()
        let verifier = JWTVerifier()
        _ = try await verifier.verify(Self.token(signer: TestFixtures.mainKey, kid: "main"), using: cache)

        // The auth service publishes a new key and drops the old one.
        fetcher.then([Self.document([Self.otherJWK])])
        let claims = try await verifier.verify(Self.token(signer: TestFixtures.otherKey, kid: "other"), using: cache)
        #expect(claims.keyID == "other")
        #expect(fetcher.calls == 2)

        await #expect(throws: JWTError(.unknownKid, "no key matches the token's kid")) {
            try await verifier.verify(Self.token(signer: TestFixtures.mainKey, kid: "main"), using: cache)
        }
    }

    @Test func unknownKidFloodFetchesAtMostOncePerInterval() async {
        let fetcher = ScriptedFetcher([Self.document([Self.mainJWK])])
        let clock = ManualClock()
        let cache = JWKSCache(fetcher: fetcher, configuration: JWKSCacheConfiguration(minimumRefreshInterval: .seconds(30)), clock: clock)
        await cache.refresh()
        let verifier = JWTVerifier()
        for index in 0..<200 {
            await #expect(throws: JWTError.self) {
                try await verifier.verify(Self.token(signer: TestFixtures.mainKey, kid: "forged-\(index % 7)"), using: cache)
            }
        }
        #expect(fetcher.calls == 2)
        clock.advance(by: .seconds(29))
        #expect(await cache.refreshForUnknownKeyID() == nil)
        #expect(fetcher.calls == 2)
        clock.advance(by: .seconds(1))
        #expect(await cache.refreshForUnknownKeyID() != nil)
        #expect(fetcher.calls == 3)
    }

    @Test func concurrentRefreshesShareOneFetch() async {
        let gate = GatedFetcher(body: Array(JWKSet(keys: [Self.mainJWK]).jsonValue.serialized.utf8))
        let cache = JWKSCache(fetcher: gate, clock: ManualClock())
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = await cache.refreshForUnknownKeyID() } }
            group.addTask { _ = await cache.refresh() }
            // Bounded wait until the one fetch is in progress, then let it finish.
            for _ in 0..<10_000 where gate.calls == 0 { await Task.yield() }
            for _ in 0..<1000 { await Task.yield() }
            gate.open()
        }
        #expect(gate.calls == 1)
        #expect(cache.isLoaded)
    }
}

/// A fetcher whose fetch waits until `open()`.
final class GatedFetcher: JWKSFetcher {
    private let state = Mutex<(calls: Int, opened: Bool, waiters: [CheckedContinuation<Void, Never>])>((0, false, []))
    let body: [UInt8]

    init(body: [UInt8]) { self.body = body }

    var calls: Int { state.withLock { $0.calls } }

    func open() {
        let waiters = state.withLock { state in
            state.opened = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func fetchJWKS(timeout: Duration, maximumBytes: Int) async throws -> [UInt8] {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                state.calls += 1
                if state.opened { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return body
    }
}
