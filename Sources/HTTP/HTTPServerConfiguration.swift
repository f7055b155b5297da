import Foundation

/// Limits and sizing of an `HTTPServer`. Every limit is enforced by the HTTP layer itself.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind (numeric IPv4/IPv6 or a resolvable name; "0.0.0.0" = every IPv4 address).
    public var host: String
    /// Port to bind; 0 picks an ephemeral port (read it back from `HTTPServer.port`).
    public var port: Int
    /// Event-loop threads, each with its own epoll set. Default: the number of cores.
    public var eventLoops: Int
    /// Largest request body (Content-Length or the sum of chunks); past it: 413.
    public var maxBodyBytes: Int
    /// Largest request head (request line and header fields); past it: 431.
    public var maxHeaderBytes: Int
    /// Time from the first byte of a head to its end; past it: 408 and close. Not reset by each byte.
    public var headerTimeout: Duration
    /// How long a keep-alive connection may sit without a request, a body may stall, or a write
    /// may make no progress, before the connection closes.
    public var idleTimeout: Duration
    /// Most connections open at once; past it a new connection is accepted and closed at once.
    public var maxConnections: Int
    /// Most bytes a streamed response may have queued for a slow client before it is closed.
    public var maxStreamBufferBytes: Int
    /// Pending connections the kernel may queue (listen backlog).
    public var backlog: Int

    public init(
        host: String = "0.0.0.0",
        port: Int = 8443,
        eventLoops: Int = HTTPServerConfiguration.defaultEventLoops,
        maxBodyBytes: Int = 4 << 20,
        maxHeaderBytes: Int = 16 << 10,
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 10_000,
        maxStreamBufferBytes: Int = 1 << 20,
        backlog: Int = 1024
    ) {
        self.host = host
        self.port = port
        self.eventLoops = eventLoops
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxStreamBufferBytes = maxStreamBufferBytes
        self.backlog = backlog
    }

    /// The number of active cores (at least 1).
    public static var defaultEventLoops: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
