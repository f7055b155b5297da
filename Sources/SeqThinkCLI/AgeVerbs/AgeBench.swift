import Age
import Crypto
internal import Glibc

/// `seqthink bench-age [SECONDS]`: a hidden verb that measures, in this binary (build it with
/// -c release), the in-memory seal/open of a 1 KiB message against the primitives inside it,
/// and the two ChaCha20-Poly1305 backends on bulk chunks. Prints a Markdown table.
extension AgeVerbs {
    public static func benchAge(_ args: [String]) -> Int32 {
        let seconds = args.first.flatMap(Double.init) ?? 0.5
        do {
            try runBench(seconds: seconds)
            return 0
        } catch {
            printError("\(error)")
            return 1
        }
    }

    private static func now(_ clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` repeatedly for about `seconds`; returns (wall, cpu) seconds per call.
    private static func measure(_ seconds: Double, _ body: () throws -> Void) rethrows -> (Double, Double) {
        for _ in 0..<10 { try body() }
        var iterations = 0
        let wall0 = now(CLOCK_MONOTONIC), cpu0 = now(CLOCK_PROCESS_CPUTIME_ID)
        var wall1 = wall0
        repeat {
            for _ in 0..<16 { try body() }
            iterations += 16
            wall1 = now(CLOCK_MONOTONIC)
        } while wall1 - wall0 < seconds
        let cpu1 = now(CLOCK_PROCESS_CPUTIME_ID)
        return ((wall1 - wall0) / Double(iterations), (cpu1 - cpu0) / Double(iterations))
    }

    private static func row(_ name: String, _ result: (Double, Double), bytes: Int? = nil) {
        let micros = result.0 * 1e6, cpuMicros = result.1 * 1e6
        var line = "| \(name) | \(format(micros)) | \(format(cpuMicros)) |"
        // Throughput from CPU time: on a shared machine wall time counts other processes too.
        if let bytes { line += " \(format(Double(bytes) / result.1 / 1e9)) GB/s |" } else { line += " |" }
        printLine(line, fd: 1)
    }

    private static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }

    private static func runBench(seconds: Double) throws {
        printLine("| operation | wall µs/op | CPU µs/op | throughput (CPU) |", fd: 1)
        printLine("|---|---:|---:|---:|", fd: 1)
        let identity = X25519Identity.generate()
        let secret = X25519.generateSecret()
        let peer = try X25519.publicKey(secret: X25519.generateSecret())
        row("X25519 public key (basepoint mult)", try measure(seconds) { _ = try X25519.publicKey(secret: secret) })
        row("X25519 shared secret", try measure(seconds) { _ = try X25519.sharedSecret(secret: secret, peer: peer) })
        guard let table = X25519.PeerTable(peer: peer) else { throw CryptoError.libraryFailure("X25519 peer table") }
        row("X25519 shared secret, prepared peer (Edwards table)", try measure(seconds) { _ = try X25519.sharedSecret(secret: secret, peer: table) })
        row("X25519 peer table build", try measure(seconds) { _ = X25519.PeerTable(peer: peer) })
        let ikm = SecureBytes(randomCount: 32)
        row("HKDF-SHA-256 (32-byte output)", try measure(seconds) { _ = try HKDFSHA256.derive(ikm: ikm, salt: [1, 2], info: [3], count: 32) })

        let message = SecureRandom.bytes(count: 1024)
        row("Age.seal 1 KiB, 1 X25519 recipient", try measure(seconds) { _ = try Age.seal(message, to: [identity.recipient]) })
        let prepared = identity.recipient.prepared()
        row("Age.seal 1 KiB, 1 prepared X25519 recipient", try measure(seconds) { _ = try Age.seal(message, to: [prepared]) })
        let sealed = try Age.seal(message, to: [identity.recipient])
        row("Age.open 1 KiB", try measure(seconds) { _ = try Age.open(sealed, with: [identity]) })
        let armored = try Age.seal(message, to: [identity.recipient], armor: true)
        row("Age.open 1 KiB armored", try measure(seconds) { _ = try Age.open(armored, with: [identity]) })

        let key = SecureBytes(randomCount: 32)
        let nonce = [UInt8](repeating: 7, count: 12)
        let cipher = try ChaChaPolyCipher(key: key)
        row("ChaCha20-Poly1305 OpenSSL context setup", try measure(seconds) { _ = try ChaChaPolyCipher(key: key) })
        for size in [1024, 16 * 1024, 64 * 1024] {
            let input = SecureRandom.bytes(count: size)
            var output = [UInt8](repeating: 0, count: size + 16)
            let name = size >= 1024 ? "\(size / 1024) KiB" : "\(size) B"
            row("ChaCha20-Poly1305 seal \(name), OpenSSL EVP", try measure(seconds) {
                try input.withUnsafeBytes { i in try nonce.withUnsafeBytes { n in try output.withUnsafeMutableBytes { try cipher.seal(i, nonce: n, into: $0) } } }
            }, bytes: size)
            row("ChaCha20-Poly1305 seal \(name), libsodium", try measure(seconds) {
                try input.withUnsafeBytes { i in try nonce.withUnsafeBytes { n in try output.withUnsafeMutableBytes { try ChaChaPoly.seal(i, key: key, nonce: n, into: $0) } } }
            }, bytes: size)
        }
    }
}
