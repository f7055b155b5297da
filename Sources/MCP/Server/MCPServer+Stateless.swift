// The stateless revision (2026-07-28): every request names its version and capabilities in
// `_meta`; the HTTP headers mirror the body and must match it.
//   basic/index "Per-request protocol fields": missing required _meta -> -32602, HTTP 400.
//   transports/streamable-http "Protocol Version Header", "Server Validation":
//     missing MCP-Protocol-Version / Mcp-Method / Mcp-Name or a mismatch -> -32020, HTTP 400;
//     unsupported version -> -32022 UnsupportedProtocolVersion, HTTP 400;
//     unknown method -> -32601, HTTP 404.
// Sessions do not exist in this revision: an Mcp-Session-Id header is ignored and every
// stateless call shares the default history.

extension MCPServer {
    static let methodHeader = "Mcp-Method"
    static let nameHeader = "Mcp-Name"
    static let versionMetaKey = "io.modelcontextprotocol/protocolVersion"
    static let capabilitiesMetaKey = "io.modelcontextprotocol/clientCapabilities"

    /// Which body field `Mcp-Name` mirrors, per method.
    static let nameBearingMethods = ["tools/call": "name", "prompts/get": "name", "resources/read": "uri"]

    func handleStateless(_ call: JSONRPCRequest, headers: MCPHeaders, format: ResponseFormat, body: [UInt8]) async -> MCPHTTPResponse {
        let id = call.id
        func refuse(_ error: JSONRPCError) -> MCPHTTPResponse { .jsonRPC(400, .error(id, error)) }

        let header = headers[Self.versionHeader]
        guard case .string(let version)? = call.meta?[Self.versionMetaKey] else {
            if let header, !MCPProtocolVersion.stateless.contains(header) {
                return refuse(.unsupportedProtocolVersion(requested: header, supported: MCPProtocolVersion.all))
            }
            return refuse(.invalidParams("_meta must carry \(Self.versionMetaKey) (a string)"))
        }
        guard let header else { return refuse(.headerMismatch("MCP-Protocol-Version header is required")) }
        guard header == version else {
            return refuse(.headerMismatch("MCP-Protocol-Version header value '\(header.prefix(64))' does not match body value '\(version.prefix(64))'"))
        }
        guard MCPProtocolVersion.stateless.contains(version) else {
            return refuse(.unsupportedProtocolVersion(requested: version, supported: MCPProtocolVersion.all))
        }
        guard case .object? = call.meta?[Self.capabilitiesMetaKey] else {
            return refuse(.invalidParams("_meta must carry \(Self.capabilitiesMetaKey) (an object)"))
        }
        guard let methodHeader = headers[Self.methodHeader] else {
            return refuse(.headerMismatch("Mcp-Method header is required"))
        }
        guard methodHeader == call.method else {
            return refuse(.headerMismatch("Mcp-Method header value '\(methodHeader.prefix(64))' does not match body value '\(call.method.prefix(64))'"))
        }
        if let field = Self.nameBearingMethods[call.method] {
            guard let raw = headers[Self.nameHeader] else { return refuse(.headerMismatch("Mcp-Name header is required for \(call.method)")) }
            guard let name = Self.decodeHeaderValue(raw) else { return refuse(.headerMismatch("Mcp-Name header is malformed")) }
            let body = call.params?[field]?.stringValue
            guard body == name else {
                return refuse(.headerMismatch("Mcp-Name header value '\(name.prefix(64))' does not match body value '\((body ?? "").prefix(64))'"))
            }
        }

        let context = MCPBackendContext(session: defaultThoughtSession, era: .stateless, protocolVersion: version,
                                        supportedVersions: MCPProtocolVersion.all, rawMessage: body)
        do {
            guard let response = try await backend.handle(call, context: context) else { return MCPHTTPResponse(status: 202) }
            if response.error?.code == JSONRPCError.methodNotFoundCode {
                return .jsonRPC(404, response)
            }
            return reply(response, format: format)
        } catch {
            return backendFailure(error, id: id)
        }
    }

    /// A header value, decoding the `=?base64?…?=` sentinel (transports "Value Encoding");
    /// nil when the value has characters a header may not carry or the base64 is bad.
    static func decodeHeaderValue(_ raw: String) -> String? {
        guard raw.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 <= 0x7E) }) else { return nil }
        let prefix = "=?base64?", suffix = "?="
        guard raw.hasPrefix(prefix), raw.hasSuffix(suffix), raw.utf8.count >= prefix.utf8.count + suffix.utf8.count else { return raw }
        let encoded = raw.dropFirst(prefix.count).dropLast(suffix.count)
        guard let bytes = Base64.decode(encoded) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// Standard base64 (RFC 4648 §4) with padding, strict.
enum Base64 {
    static func decode(_ text: Substring) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        func value(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
        var i = 0
        while i < chars.count {
            let last = i + 4 == chars.count
            let pad = last ? (chars[i + 3] == UInt8(ascii: "=") ? (chars[i + 2] == UInt8(ascii: "=") ? 2 : 1) : 0) : 0
            var n: UInt32 = 0
            for j in 0..<4 {
                if j >= 4 - pad { n <<= 6; continue }
                guard let v = value(chars[i + j]) else { return nil }
                n = n << 6 | v
            }
            out.append(UInt8(truncatingIfNeeded: n >> 16))
            if pad < 2 { out.append(UInt8(truncatingIfNeeded: n >> 8)) }
            if pad < 1 { out.append(UInt8(truncatingIfNeeded: n)) }
            i += 4
        }
        return out
    }
}
