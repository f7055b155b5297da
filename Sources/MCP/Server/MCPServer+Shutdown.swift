extension MCPServer {
    /// Ends every legacy SSE stream and frees its session (the gateway is draining: a stream
    /// would otherwise hold its connection open until the shutdown grace runs out).
    public func closeAllLegacyStreams() async {
        for (id, _) in sessions.legacySinks() {
            await closeLegacyStream(id)
        }
    }
}
