internal import COpenSSL
internal import Glibc

/// One TLS client session over a blocking socket.
///
/// Ownership: owns one `SSL`, freed in `deinit`; the socket stays the caller's. Used by one
/// thread at a time (the HTTP client hands a connection from its pool to one request), and
/// may move between threads between uses, hence `@unchecked Sendable`. Time limits are the
/// socket's (`SO_RCVTIMEO`/`SO_SNDTIMEO`): a blocked call that runs out reports `.timeout`.
public final class TLSClientConnection: @unchecked Sendable {
    private let ssl: OpaquePointer
    private let context: TLSClientContext

    init(context: TLSClientContext, socket fd: Int32, hostName: String) throws(TLSError) {
        guard let ssl = SSL_new(context.context) else { throw .configuration(Self.drainErrors()) }
        self.ssl = ssl
        self.context = context
        guard SSL_set_fd(ssl, fd) == 1 else { throw .configuration(Self.drainErrors()) }
        if Self.isIPLiteral(hostName) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), hostName) == 1 else {
                throw .configuration("invalid IP address")
            }
        } else {
            guard seqthink_SSL_set_tlsext_host_name(ssl, hostName) == 1,
                  SSL_set1_host(ssl, hostName) == 1
            else { throw .configuration("invalid host name") }
        }
        let result = SSL_connect(ssl)
        guard result == 1 else {
            let verify = SSL_get_verify_result(ssl)
            if verify != X509_V_OK {
                let reason = String(cString: X509_verify_cert_error_string(verify))
                ERR_clear_error()
                throw .verificationFailed(reason)
            }
            throw failure(result, handshake: true)
        }
    }

    deinit { SSL_free(ssl) }

    /// Reads up to `buffer.count` bytes; 0 means the peer closed the connection.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TLSError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let result = SSL_read(ssl, base, Int32(min(buffer.count, Int(Int32.max))))
        if result > 0 { return Int(result) }
        let code = SSL_get_error(ssl, result)
        if code == SSL_ERROR_ZERO_RETURN || (code == SSL_ERROR_SYSCALL && errno == 0) {
            ERR_clear_error()
            return 0
        }
        throw failure(result, handshake: false)
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, Int(Int32.max))
            let result = SSL_write(ssl, bytes.baseAddress! + offset, Int32(chunk))
            guard result > 0 else { throw failure(result, handshake: false) }
            offset += Int(result)
        }
    }

    private func failure(_ result: Int32, handshake: Bool) -> TLSError {
        let code = SSL_get_error(ssl, result)
        let savedErrno = errno
        let detail = Self.drainErrors()
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE
            || (code == SSL_ERROR_SYSCALL && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK)) {
            return .timeout
        }
        let reason = detail.isEmpty ? (savedErrno != 0 ? String(cString: strerror(savedErrno)) : "connection closed") : detail
        return handshake ? .handshakeFailed(reason) : .ioFailed(reason)
    }

    /// The reason strings of OpenSSL's error queue on this thread, which is left empty.
    static func drainErrors() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            if let reason = ERR_reason_error_string(code) { reasons.append(String(cString: reason)) }
        }
        return reasons.joined(separator: "; ")
    }

    static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
