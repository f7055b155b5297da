public import HTTP
import MCP

/// One request on its way through the six stages, with the handle that answers it.
///
/// Ownership: exactly one stage holds an Exchange at a time (it travels through the channels);
/// the stage that holds it is the only code that reads or changes it, and the channel's lock
/// orders one holder's writes before the next holder's reads. That hand-over discipline is what
/// makes the `@unchecked Sendable` true. Once `outcome` is set the exchange is answered: every
/// later stage passes it on untouched and Egress writes it. Egress is the only code that calls
/// `responder`.
///
/// A class, not a struct: each hop copies an Exchange into a channel's buffer, out into a
/// worker's batch and into the stage, and as a struct of a dozen reference-holding fields every
/// copy and its release were ~20 reference-count operations: 43 % of all retain/release in the
/// profile of a tool call, ~6 % of its CPU (BENCHMARKS.md "Profiles"). As a class a copy is one.
public final class Exchange: @unchecked Sendable {
    /// The request as parsed (immutable).
    public let request: HTTPRequest
    public let responder: HTTPResponder
    /// What Ingress decided from the method and path (classified once, by the listener).
    let decision: RouteDecision
    public var route: Route { decision.route }
    /// When Ingress accepted it (the start of `request_duration_seconds`).
    public let admittedAt: ContinuousClock.Instant

    /// Who the caller is, once AuthGate has checked the token (nil when auth is off).
    public var principal: Principal?
    /// The request body, then its plaintext once Decryptor has opened it.
    public var requestPayload: [UInt8]
    /// Whether the request was ASCII-armored (the reply is armored too).
    public var armored = false
    /// The reply the dispatcher produced, before Encryptor seals it.
    public var reply: HTTPResponse?
    /// The reply's SSE events as the dispatcher made them (Encryptor seals each one).
    var replyEvents: [SSEEvent]?
    /// How the reply is sealed, decided by Decryptor from the request (nil: encryption off).
    var sealing: ResponseSealing?
    /// GET /mcp/sse passed its checks: Egress opens the legacy event stream instead of replying.
    public var opensLegacyStream = false
    /// Set when the exchange is answered (error or final reply); later stages skip it.
    public var outcome: HTTPResponse?
    /// The stage and reason of a failure, for `errors_total` and the access log.
    public var failure: (stage: StageName, reason: String)?

    init(request: HTTPRequest, responder: HTTPResponder, decision: RouteDecision, admittedAt: ContinuousClock.Instant) {
        self.request = request
        self.responder = responder
        self.decision = decision
        self.admittedAt = admittedAt
        self.requestPayload = request.body
    }

    /// Turns the exchange into an error response; the next hop is Egress.
    public func fail(_ error: ErrorBody, stage: StageName, reason: String? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        var allHeaders = headers
        allHeaders.replaceOrAdd(name: "Content-Type", value: "application/json")
        outcome = HTTPResponse(status: error.status, headers: allHeaders, body: error.json(requestID: request.requestID))
        failure = (stage, reason ?? error.code)
    }

    /// Marks the exchange answered with `response`.
    public func finish(_ response: HTTPResponse) {
        outcome = response
    }

    public var isAnswered: Bool { outcome != nil }
}

/// The authenticated caller, as far as the access log needs it (never the token).
public struct Principal: Sendable, Equatable {
    public let subject: String
    public let scopes: [String]

    public init(subject: String, scopes: [String]) {
        self.subject = subject
        self.scopes = scopes
    }
}

/// The six stages, in order; the raw value is the `stage` label of the metrics.
public enum StageName: String, Sendable, CaseIterable {
    case ingress, auth, decrypt, mcp, encrypt, egress
}
