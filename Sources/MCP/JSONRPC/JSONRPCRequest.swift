public import JSON

// A request (with id) or notification (without) as MCPServer and the backends see it.

/// A request or notification from the peer.
public struct JSONRPCRequest: Sendable, Equatable {
    /// nil for a notification.
    public var id: JSONRPCID?
    public var method: String
    public var params: JSONObject?

    public init(id: JSONRPCID?, method: String, params: JSONObject? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }

    public var isNotification: Bool { id == nil }

    /// `params._meta`, when present and an object.
    public var meta: JSONObject? { params?["_meta"]?.objectValue }
}
