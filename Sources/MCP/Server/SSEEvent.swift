// One Server-Sent Event (WHATWG HTML, "Server-sent events"). In encrypted mode the lead
// replaces `data` with base64 of an age ciphertext; `event` and `id` stay plaintext.

/// An SSE event or comment.
public struct SSEEvent: Sendable, Equatable {
    public var event: String?
    public var data: [UInt8]
    /// A comment line (keep-alive) instead of an event when true; `data` is ignored.
    public var isComment: Bool

    public init(event: String?, data: [UInt8]) {
        self.event = event
        self.data = data
        self.isComment = false
    }

    /// `: keep-alive` — ignored by clients, keeps intermediaries from timing the stream out.
    public static let keepAlive = SSEEvent(comment: ())

    private init(comment: Void) {
        self.event = nil
        self.data = []
        self.isComment = true
    }

    /// A `message` event carrying one JSON-RPC message.
    public static func message(_ json: [UInt8]) -> SSEEvent { SSEEvent(event: "message", data: json) }

    /// The wire form. Data is split on line breaks into several `data:` lines, so a payload can
    /// never end the event early or inject a field.
    public func encoded() -> [UInt8] {
        if isComment { return Array(": keep-alive\n\n".utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 32)
        if let event {
            out.append(contentsOf: "event: ".utf8)
            out.append(contentsOf: event.utf8.filter { $0 != 0x0A && $0 != 0x0D })
            out.append(0x0A)
        }
        var line: [UInt8] = []
        func flush() {
            out.append(contentsOf: "data: ".utf8)
            out.append(contentsOf: line)
            out.append(0x0A)
            line.removeAll(keepingCapacity: true)
        }
        var previousCR = false
        for byte in data {
            if byte == 0x0A, previousCR { previousCR = false; continue }
            previousCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D { flush() } else { line.append(byte) }
        }
        flush()
        out.append(0x0A)
        return out
    }
}
