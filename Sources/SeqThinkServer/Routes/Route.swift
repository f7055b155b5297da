/// The paths the gateway serves (CONTRACT.md "Endpoints"). The route name is also the `route`
/// label of the request metrics, so the set is closed: every unknown path is `other`.
public enum Route: String, Sendable, CaseIterable {
    case health = "/health"
    case ready = "/ready"
    case metrics = "/metrics"
    case ageRecipient = "/.well-known/age-recipient"
    case mcp = "/mcp"
    case mcpTool = "/mcp/tool"
    case mcpSSE = "/mcp/sse"
    case mcpMessages = "/mcp/messages"
    case other

    /// The label value for metrics and logs.
    public var label: String { self == .other ? "other" : rawValue }

    /// Methods this route answers; HEAD goes with GET.
    var allowedMethods: [String] {
        switch self {
        case .health, .ready, .metrics, .ageRecipient: ["GET", "HEAD"]
        case .mcp: ["POST", "GET", "DELETE"]
        case .mcpTool, .mcpMessages: ["POST"]
        case .mcpSSE: ["GET"]
        case .other: []
        }
    }

    /// Answered by Ingress itself, never through AuthGate and the later stages.
    var isDirect: Bool {
        switch self {
        case .health, .ready, .metrics, .ageRecipient, .other: true
        case .mcp, .mcpTool, .mcpSSE, .mcpMessages: false
        }
    }
}

/// What Ingress does with a request, decided from its method and path alone.
enum RouteDecision: Equatable {
    case direct(Route)
    case pipeline(Route)
    case methodNotAllowed(Route)
    case notFound

    static func classify(method: String, path: String) -> RouteDecision {
        // A trailing slash is a different resource; we do not guess.
        guard let route = Route(rawValue: path), route != .other else { return .notFound }
        guard route.allowedMethods.contains(method) else { return .methodNotAllowed(route) }
        return route.isDirect ? .direct(route) : .pipeline(route)
    }

    var route: Route {
        switch self {
        case .direct(let route), .pipeline(let route), .methodNotAllowed(let route): route
        case .notFound: .other
        }
    }
}
