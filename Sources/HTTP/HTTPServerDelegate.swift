/// What the service plugs into the server.
public protocol HTTPServerDelegate: Sendable {
    /// Called on an event-loop thread for each complete request: must not block; hand off and return.
    /// The next request on the same connection is not dispatched before this one is answered.
    func handle(_ request: HTTPRequest, responder: HTTPResponder)

    /// Observability for everything answered by the HTTP layer itself (400/408/413/431/505, 503 at
    /// accept) and for connection open/close/reject. Called on an event-loop thread: must not block.
    func observe(_ event: HTTPServerEvent)
}
