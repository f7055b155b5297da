/// A sink that armors everything written to it and forwards it to another sink.
/// Call `finish()` once at the end: it writes the last line and the END line.
public final class ArmorWriter: AgeByteSink {
    private let sink: any AgeByteSink
    /// Bytes not yet encoded (fewer than 48, one 64-column line's worth).
    private var pending: [UInt8] = []
    private var started = false

    public init(sink: any AgeByteSink) {
        self.sink = sink
    }

    private func start() throws {
        guard !started else { return }
        started = true
        try sink.write(AgeArmor.begin + [UInt8(ascii: "\n")])
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try start()
        pending.append(contentsOf: bytes)
        let whole = pending.count / 48 * 48
        guard whole > 0 else { return }
        // Keep the last full group back when it ends the data, so finish() writes it: lines
        // are full 64 columns either way, so emitting it now is also fine.
        let encoded = pending.withUnsafeBytes { AgeBase64.encode(UnsafeRawBufferPointer(rebasing: $0[0..<whole])) }
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 64)
        var i = 0
        while i < encoded.count {
            out += encoded[i..<i + 64]
            out.append(UInt8(ascii: "\n"))
            i += 64
        }
        pending.removeFirst(whole)
        try sink.write(out)
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
