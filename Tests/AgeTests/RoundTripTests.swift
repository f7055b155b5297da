@testable import Age
import Crypto
import Foundation
import Testing

/// Round trips the CCTV vectors allow: armor decode/encode, header decode/encode, and STREAM
/// decrypt/encrypt with the vector's file key and nonce.
struct RoundTripTests {
    static let vectors = CCTVTests.vectors.filter { !$0.isHybrid }

    @Test(arguments: vectors.filter { $0.armored && $0.expect != "armor failure" })
    func armorReEncodesToTheSameText(_ v: CCTVVector) throws {
        let binary = try AgeArmor.decode(v.body)
        // Normalise what the encoder never writes: CRLF, surrounding whitespace, a missing final LF.
        var text = String(decoding: v.body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        text = text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        #expect(String(decoding: AgeArmor.encode(binary), as: UTF8.self) == text)
    }

    @Test(arguments: vectors.filter { !["header failure", "armor failure"].contains($0.expect) })
    func headerReEncodesToTheSameBytes(_ v: CCTVVector) throws {
        let binary = v.armored ? try AgeArmor.decode(v.body) : v.body
        let parsed = try #require(try binary.withUnsafeBytes { try AgeHeaderParser.parse($0) })
        let encoded = AgeHeader.encodeWithoutMAC(parsed.header.stanzas)
        #expect(encoded == parsed.macInput)
        #expect(encoded + Array(" ".utf8) + AgeBase64.encode(parsed.header.mac) + [10] == Array(binary[0..<parsed.length]))
    }

    @Test(arguments: vectors.filter { $0.expect == "success" })
    func streamReEncryptsToTheSamePayload(_ v: CCTVVector) throws {
        let binary = v.armored ? try AgeArmor.decode(v.body) : v.body
        let parsed = try #require(try binary.withUnsafeBytes { try AgeHeaderParser.parse($0) })
        let nonce = Array(binary[parsed.length..<parsed.length + 16])
        let payload = Array(binary[(parsed.length + 16)...])
        let fileKey = SecureBytes(copying: v.fileKey)
        let opener = try PayloadStream(fileKey: fileKey, nonce: nonce)
        let sealer = try PayloadStream(fileKey: fileKey, nonce: nonce)
        var reEncrypted: [UInt8] = []
        var offset = 0
        var plain = [UInt8](repeating: 0, count: PayloadStream.chunkSize)
        var sealed = [UInt8](repeating: 0, count: PayloadStream.sealedChunkSize)
        while true {
            let take = min(PayloadStream.sealedChunkSize, payload.count - offset)
            let (count, last) = try payload.withUnsafeBytes { p in
                try plain.withUnsafeMutableBytes { try opener.open(UnsafeRawBufferPointer(rebasing: p[offset..<offset + take]), into: $0) }
            }
            try plain.withUnsafeBytes { p in
                try sealed.withUnsafeMutableBytes { s in
                    try sealer.seal(UnsafeRawBufferPointer(rebasing: p[0..<count]), last: last,
                                    into: UnsafeMutableRawBufferPointer(rebasing: s[0..<count + 16]))
                }
            }
            reEncrypted += sealed[0..<count + 16]
            offset += take
            if last { break }
        }
        #expect(reEncrypted == payload)
    }
}
