internal import COpenSSL

/// Client-side TLS settings: TLS 1.2 or later, the peer's certificate verified against the
/// system trust store or one CA file, and (per connection) its host name.
///
/// Ownership: owns one `SSL_CTX`, freed in `deinit`. The context is configured in `init` and
/// never changed afterwards; OpenSSL allows creating connections from one context on many
/// threads at once, hence `@unchecked Sendable`.
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    /// `caFile`: a PEM bundle of trusted CAs; nil uses the system trust store.
    public init(caFile: String? = nil) throws(TLSError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .configuration(TLSClientConnection.drainErrors())
        }
        self.context = context
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard seqthink_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw .configuration(TLSClientConnection.drainErrors())
        }
        // HTTP framing (Content-Length, chunked) detects truncation itself; servers that close
        // without close_notify are common and must not turn a complete response into an error.
        _ = SSL_CTX_set_options(context, seqthink_SSL_OP_IGNORE_UNEXPECTED_EOF())
        if let caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw .configuration("cannot load CA file: \(TLSClientConnection.drainErrors())")
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw .configuration("cannot load the system trust store: \(TLSClientConnection.drainErrors())")
            }
        }
    }

    deinit { SSL_CTX_free(context) }

    /// Runs the client handshake on a connected blocking socket `fd` (whose time limits the
    /// caller has set), verifying the certificate for `hostName` (a DNS name or an IP literal).
    /// The caller keeps owning `fd`.
    public func connect(socket fd: Int32, hostName: String) throws(TLSError) -> TLSClientConnection {
        try TLSClientConnection(context: self, socket: fd, hostName: hostName)
    }
}
