internal import Crypto

/// One pooled HTTP/1.1 connection: a socket, TLS over it when the scheme is https, and the
/// bytes read past the end of the previous response.
///
/// Ownership: the pool or exactly one request owns it at a time and uses it from one I/O
/// thread; hence `@unchecked Sendable`. The TLS session is declared before the socket so it
/// is freed first.
final class HTTPClientConnection: @unchecked Sendable {
    let endpoint: HTTPClientEndpoint
    private let tls: TLSClientConnection?
    let socket: HTTPClientSocket
    /// Received bytes not yet consumed by the parser.
    var buffer: [UInt8] = []
    var idleSince: ContinuousClock.Instant = .now
    var requestsServed = 0

    private init(endpoint: HTTPClientEndpoint, socket: HTTPClientSocket, tls: TLSClientConnection?) {
        self.endpoint = endpoint
        self.socket = socket
        self.tls = tls
    }

    /// Connects (and for https, handshakes and verifies) before `deadline`. Blocking.
    static func open(_ endpoint: HTTPClientEndpoint, tlsContext: @autoclosure () throws(HTTPClientError) -> TLSClientContext,
                     deadline: ContinuousClock.Instant) throws(HTTPClientError) -> HTTPClientConnection {
        // A bad CA file is a configuration error: report it before touching the network.
        let context = endpoint.isTLS ? try tlsContext() : nil
        let socket = try HTTPClientSocket.connect(host: endpoint.host, port: endpoint.port, deadline: deadline)
        guard let context else { return HTTPClientConnection(endpoint: endpoint, socket: socket, tls: nil) }
        try socket.limit(to: deadline)
        do {
            let tls = try context.connect(socket: socket.fd, hostName: endpoint.host)
            return HTTPClientConnection(endpoint: endpoint, socket: socket, tls: tls)
        } catch {
            throw Self.map(error)
        }
    }

    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(HTTPClientError) {
        try socket.limit(to: deadline)
        let result: Result<Void, HTTPClientError> = bytes.withUnsafeBytes { raw in
            do {
                if let tls { try tls.write(raw) } else { try socket.write(raw) }
                return .success(())
            } catch let error as TLSError {
                return .failure(Self.map(error))
            } catch let error as HTTPClientError {
                return .failure(error)
            } catch {
                return .failure(.connectionClosed)
            }
        }
        try result.get()
    }

    /// Reads more bytes into `buffer`; returns how many (0: the peer closed).
    @discardableResult
    func fill(deadline: ContinuousClock.Instant) throws(HTTPClientError) -> Int {
        try socket.limit(to: deadline)
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let result: Result<Int, HTTPClientError> = chunk.withUnsafeMutableBytes { raw in
            do {
                return .success(try tls.map { try $0.read(into: raw) } ?? socket.read(into: raw))
            } catch let error as TLSError {
                return .failure(Self.map(error))
            } catch let error as HTTPClientError {
                return .failure(error)
            } catch {
                return .failure(.connectionClosed)
            }
        }
        let count = try result.get()
        buffer.append(contentsOf: chunk[..<count])
        return count
    }

    static func map(_ error: TLSError) -> HTTPClientError {
        switch error {
        case .timeout: .timeout
        case .verificationFailed(let why): .tlsVerificationFailed(why)
        case .configuration(let why), .handshakeFailed(let why), .ioFailed(let why): .tlsFailed(why)
        }
    }
}
