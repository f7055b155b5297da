import HTTP
import MCP

/// The legacy SSE transport's view of an HTTP stream: each event is written as one chunk.
/// In encrypted mode (`sealing` set) each message event's data is first sealed to the stream's
/// recipients (Specs/wire-format.md); a sealing failure counts `encrypt_failures_total` and
/// closes the stream rather than send anything in plaintext.
struct LegacyStreamSink: MCPEventSink {
    let writer: HTTPStreamWriter
    let sealing: ResponseSealing?
    let sealFailed: @Sendable () -> Void

    func send(_ event: SSEEvent) -> Bool {
        guard let sealing else { return writer.write(event.encoded()) }
        guard let sealed = try? sealing.seal(event) else {
            sealFailed()
            return false
        }
        return writer.write(sealed.encoded())
    }

    func finish() { writer.finish() }
}

extension MCPServer {
    /// Opens the legacy SSE stream on `responder` and ties the session's life to it.
    func openLegacyStream(on responder: HTTPResponder, principal: String? = nil, sealing: ResponseSealing? = nil,
                          sealFailed: @escaping @Sendable () -> Void = {}) async {
        var headers = HTTPHeaders(Self.legacyStreamHeaders.map { ($0.name, $0.value) })
        if sealing?.lz4 == true { headers.add(name: SecureHeaders.encoding, value: "lz4") }
        let writer = responder.startStream(status: 200, headers: headers)
        let sessionID = await openLegacyStream(LegacyStreamSink(writer: writer, sealing: sealing, sealFailed: sealFailed),
                                               principal: principal)
        writer.onClose { [self] in
            Task { await self.closeLegacyStream(sessionID) }
        }
    }
}
