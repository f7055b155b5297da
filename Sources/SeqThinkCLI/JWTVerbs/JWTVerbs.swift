import JSON

internal import Crypto
internal import Foundation
internal import Glibc
internal import JWT

/// `seqthink token` and `seqthink jwks`: RS256 development tokens and the matching JWKS.
///
///     seqthink token --key PEM --kid KID [--sub S] [--scope S] [--iss I] [--aud A] [--ttl SECONDS]
///     seqthink token --new-key FILE        (a fresh 2048-bit RSA key, PKCS#8 PEM, mode 0600)
///     seqthink jwks --key PEM --kid KID
///
/// Exit status: 0 done, 1 failure (unreadable key, file exists), 2 usage error.
public enum JWTVerbs {
    static let tokenUsage = "usage: seqthink token --key PEM --kid KID [--sub S] [--scope S] [--iss I] [--aud A] [--ttl SECONDS]\n       seqthink token --new-key FILE"
    static let jwksUsage = "usage: seqthink jwks --key PEM --kid KID"

    /// Where a verb writes; the public entry points use stdout and stderr.
    struct Output: Sendable {
        var out: @Sendable (String) -> Void
        var err: @Sendable (String) -> Void

        static var standard: Output { Output(out: { print($0) }, err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `seqthink token …` (arguments after the verb); prints the token, returns the exit status.
    public static func token(_ args: [String]) -> Int32 { token(args, output: .standard) }

    /// `seqthink jwks …` (arguments after the verb); prints the JWKS, returns the exit status.
    public static func jwks(_ args: [String]) -> Int32 { jwks(args, output: .standard) }

    static func token(_ args: [String], output: Output, now: Date = Date()) -> Int32 {
        run(usage: tokenUsage, output: output) { () throws in
            let flags = try JWTVerbArguments(args, allowed: ["key", "kid", "sub", "scope", "iss", "aud", "ttl", "new-key"])
            if let path = flags["new-key"] {
                guard flags.count == 1 else {
                    throw JWTVerbArguments.UsageError(description: "--new-key takes no other flag")
                }
                try writeNewKey(to: path)
                output.err("wrote a 2048-bit RSA private key to \(path)")
                return
            }
            let (keyPath, keyID) = (try flags.required("key"), try flags.required("kid"))
            guard let ttl = Int(flags["ttl"] ?? "3600"), ttl > 0, ttl <= 10 * 365 * 86400 else {
                throw JWTVerbArguments.UsageError(description: "--ttl must be a positive number of seconds")
            }
            let signer = JWTSigner(key: try loadKey(keyPath), keyID: keyID)
            let issuedAt = now.timeIntervalSince1970.rounded(.down)
            var claims: [String: JSONValue] = [
                "sub": .string(flags["sub"] ?? "seqthink-dev"),
                "iat": .number(JSONNumber(issuedAt)),
                "exp": .number(JSONNumber(issuedAt + Double(ttl))),
            ]
            if let scope = flags["scope"] { claims["scope"] = .string(scope) }
            if let iss = flags["iss"] { claims["iss"] = .string(iss) }
            if let aud = flags["aud"] { claims["aud"] = .string(aud) }
            output.out(try signer.sign(claims: claims))
        }
    }

    static func jwks(_ args: [String], output: Output) -> Int32 {
        run(usage: jwksUsage, output: output) { () throws in
            let flags = try JWTVerbArguments(args, allowed: ["key", "kid"])
            let key = try loadKey(try flags.required("key"))
            let jwk = JWK(keyID: try flags.required("kid"), key: try key.publicKey)
            output.out(JWKSet(keys: [jwk]).jsonValue.serialized)
        }
    }

    private static func run(usage: String, output: Output, _ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch let error as JWTVerbArguments.UsageError {
            output.err("seqthink: \(error.description)\n\(usage)")
            return 2
        } catch {
            output.err("seqthink: \(error)")
            return 1
        }
    }

    private static func loadKey(_ path: String) throws -> RSAPrivateKey {
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "cannot read key file \(path)")
        }
        do {
            return try RSAPrivateKey(pem: pem)
        } catch {
            throw Failure(description: "\(path) is not an unencrypted RSA private key in PEM")
        }
    }

    /// Writes a new key with mode 0600 from the start (never world-readable, even briefly),
    /// and refuses to replace an existing file.
    private static func writeNewKey(to path: String) throws {
        let key = try RSAPrivateKey.generate(bits: 2048)
        let pem = Array(try key.pemPKCS8.utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = pem.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == pem.count, fsync(fd) == 0 else {
            unlink(path)
            throw Failure(description: "cannot write \(path)")
        }
    }
}
