import HTTP
import MCP

/// The legacy SSE transport's view of an HTTP stream: each event is written as one chunk.
struct LegacyStreamSink: MCPEventSink {
    let writer: HTTPStreamWriter

    func send(_ event: SSEEvent) -> Bool { writer.write(event.encoded()) }
    func finish() { writer.finish() }
}

extension MCPServer {
    /// Opens the legacy SSE stream on `responder` and ties the session's life to it.
    func openLegacyStream(on responder: HTTPResponder, principal: String?) async {
        let headers = HTTPHeaders(Self.legacyStreamHeaders.map { ($0.name, $0.value) })
        let writer = responder.startStream(status: 200, headers: headers)
        let sessionID = await openLegacyStream(LegacyStreamSink(writer: writer), principal: principal)
        writer.onClose { [self] in
            Task { await self.closeLegacyStream(sessionID) }
        }
    }
}
