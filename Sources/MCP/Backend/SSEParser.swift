// The client side of Server-Sent Events (WHATWG HTML, "Parsing an event stream"), enough for
// MCP's Streamable HTTP responses: `data:` lines joined by LF, `event:` kept, comments and
// other fields ignored, any of CRLF, LF or CR ending a line. Bounded: an event or a line
// larger than `maximumBytes` is an error, never an unbounded buffer.

struct SSEParser {
    struct Event: Equatable {
        var type: String
        var data: [UInt8]
    }

    struct TooLarge: Error {}

    let maximumBytes: Int
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var type = ""
    private var previousCR = false

    init(maximumBytes: Int) { self.maximumBytes = maximumBytes }

    /// Feeds bytes; returns the events they complete.
    mutating func feed(_ chunk: some Sequence<UInt8>) throws(TooLarge) -> [Event] {
        var events: [Event] = []
        for byte in chunk {
            if byte == 0x0A, previousCR { previousCR = false; continue }
            previousCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                if let event = endLine() { events.append(event) }
            } else {
                guard line.count + data.count < maximumBytes else { throw TooLarge() }
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> Event? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            defer { data.removeAll(keepingCapacity: true); hasData = false; type = "" }
            guard hasData else { return nil }
            return Event(type: type.isEmpty ? "message" : type, data: data)
        }
        if line[0] == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        let field = line[..<colon]
        var valueStart = colon < line.count ? colon + 1 : colon
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line[valueStart...]
        if field.elementsEqual("data".utf8) {
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            type = String(decoding: value, as: UTF8.self)
        }
        return nil
    }
}
