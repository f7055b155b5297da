// Session ids: 24 bytes from the system CSPRNG (SystemRandomNumberGenerator reads getrandom(2)
// on Linux), base64url without padding: 32 visible ASCII characters, as MCP requires
// (2025-11-25 transports, "Session Management": 0x21-0x7E only).

enum MCPSessionID {
    static let length = 32

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        for _ in 0..<3 {
            let word = generator.next() as UInt64
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for chunk in stride(from: 0, to: 24, by: 3) {
            let n = UInt32(bytes[chunk]) << 16 | UInt32(bytes[chunk + 1]) << 8 | UInt32(bytes[chunk + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(shift)) & 0x3F)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A syntactically possible id (any visible ASCII, bounded): anything else is refused
    /// before a lookup.
    static func isWellFormed(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
