/// A sink that armors everything written to it and forwards it to another sink.
/// Call `finish()` once at the end: it writes the last line and the END line.
public final class ArmorWriter: AgeByteSink {
    private static let lineBytes = 48
    private let sink: any AgeByteSink
    /// Bytes not yet encoded (fewer than 48, one 64-column line's worth).
    private var pending: [UInt8] = []
    private var started = false

    /// Armors into `sink`; the BEGIN line is written with the first bytes.
    public init(sink: any AgeByteSink) {
        self.sink = sink
    }

    private func start() throws {
        guard !started else { return }
        started = true
        try sink.write(AgeArmor.begin + [UInt8(ascii: "\n")])
    }

    /// Encodes whole 48-byte groups straight from `bytes`; only a remainder is copied.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try start()
        var offset = 0
        if !pending.isEmpty {
            let n = min(Self.lineBytes - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<n]))
            offset = n
            guard pending.count == Self.lineBytes else { return }
            try sink.write(pending.withUnsafeBytes { AgeBase64.encodeLines($0) })
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - offset) / Self.lineBytes * Self.lineBytes
        if whole > 0 {
            try sink.write(AgeBase64.encodeLines(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + whole])))
            offset += whole
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
    }

    /// Writes the final (short) line and the END line.
    public func finish() throws {
        try start()
        var out = AgeBase64.encode(pending, padded: true)
        if !out.isEmpty { out.append(UInt8(ascii: "\n")) }
        pending = []
        try sink.write(out + AgeArmor.end + [UInt8(ascii: "\n")])
    }
}
