import Foundation
import TestSupport

struct VectorError: Error, CustomStringConvertible { let description: String }

/// One file of the CCTV age test suite (format in ../shared/testdata/age-cctv/README.md).
struct CCTVVector: Sendable, CustomStringConvertible {
    let name: String
    let expect: String
    let payloadHash: String?
    let fileKey: [UInt8]
    let identities: [String]
    let passphrases: [String]
    let armored: Bool
    let compressed: Bool
    /// The age file (decompressed).
    let body: [UInt8]

    var description: String { name }
    /// Vectors that need a post-quantum (ML-KEM-768 + X25519) identity this library lacks.
    var isHybrid: Bool { identities.contains { $0.hasPrefix("AGE-SECRET-KEY-PQ-") } }

    static func directory() throws -> URL { try TestEnvironment.sharedTestdata("age-cctv") }

    /// Every vector file, sorted by name.
    static func all() throws -> [CCTVVector] {
        let dir = try directory()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "README.md" }.sorted()
        return try names.map { try load(dir.appendingPathComponent($0)) }
    }

    static func load(_ url: URL) throws -> CCTVVector {
        let raw = [UInt8](try Data(contentsOf: url))
        guard let split = (0..<raw.count - 1).first(where: { raw[$0] == 10 && raw[$0 + 1] == 10 }) else {
            throw VectorError(description: "\(url.lastPathComponent): no blank line after the vector header")
        }
        var expect = "", hash: String?, key: [UInt8] = [], ids: [String] = [], pws: [String] = []
        var armored = false, compressed = false
        for line in String(decoding: raw[0..<split], as: UTF8.self).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...].drop(while: { $0 == " " }))
            switch name {
            case "expect": expect = value
            case "payload": hash = value
            case "file key": key = Hex.decode(value)
            case "identity": ids.append(value)
            case "passphrase": pws.append(value)
            case "armored": armored = value == "yes"
            case "compressed": compressed = value == "zlib"
            default: break
            }
        }
        var body = Array(raw[(split + 2)...])
        if compressed { body = try inflate(body) }
        return CCTVVector(name: url.lastPathComponent, expect: expect, payloadHash: hash, fileKey: key,
                          identities: ids, passphrases: pws, armored: armored, compressed: compressed, body: body)
    }

    /// zlib-inflates with python3 (the toolchain's Foundation has no zlib on Linux).
    static func inflate(_ bytes: [UInt8]) throws -> [UInt8] {
        let python = try TestEnvironment.tool("python3", package: "python3")
        let result = try ProcessRunner.run(python, ["-c", "import sys,zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))"],
                                           stdin: Data(bytes), timeout: 60)
        guard result.status == 0 else { throw VectorError(description: "zlib inflate failed: \(result.stderrText)") }
        return [UInt8](result.stdout)
    }
}
