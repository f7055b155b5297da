/// Request ids: accepted from the client when safe to log, otherwise generated.
public enum RequestID {
    /// Whether `candidate` is 1-128 characters of `[A-Za-z0-9._-]`.
    public static func isValid(_ candidate: String) -> Bool {
        let utf8 = candidate.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    /// A fresh id: 128 random bits as 32 lowercase hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// A fresh id from `generator` (the event loops use a fast per-loop generator seeded from
    /// the system: ids must be unique and unguessable enough for tracing, not secret).
    static func generate(using generator: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for half in 0..<2 {
            var word = generator.next() as UInt64
            for i in 0..<16 {
                out[half * 16 + i] = digits[Int(word & 0xF)]
                word >>= 4
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The client's id when valid, otherwise a fresh one.
    static func resolve(_ incoming: String?, using generator: inout some RandomNumberGenerator) -> String {
        if let incoming, isValid(incoming) { return incoming }
        return generate(using: &generator)
    }
}
