// Where the legacy SSE transport writes: the lead adapts the HTTP server's stream writer
// (`HTTPStreamWriter.write(bytes) -> Bool`, `finish()`) to this.

/// An open server-to-client event stream.
public protocol MCPEventSink: Sendable {
    /// Writes one event; false when the stream is gone (the session is then closed).
    func send(_ event: SSEEvent) -> Bool
    /// Ends the stream.
    func finish()
}
