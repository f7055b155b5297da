import JSON

// The stateless revision (2026-07-28): every request names its version and capabilities in
// `_meta`; the HTTP headers mirror the body and must match it.
//   basic/index "Per-request protocol fields": missing required _meta -> -32602, HTTP 400.
//   transports/streamable-http "Protocol Version Header", "Server Validation":
//     missing MCP-Protocol-Version / Mcp-Method / Mcp-Name or a mismatch -> -32020, HTTP 400;
//     unsupported version -> -32022 UnsupportedProtocolVersion, HTTP 400;
//     unknown method -> -32601, HTTP 404.
// Sessions do not exist in this revision: an Mcp-Session-Id header is ignored and every
// stateless call shares the default history (one per principal when auth names one).

extension MCPServer {
    static let methodHeader = "Mcp-Method"
    static let nameHeader = "Mcp-Name"
    static let versionMetaKey = "io.modelcontextprotocol/protocolVersion"
    static let capabilitiesMetaKey = "io.modelcontextprotocol/clientCapabilities"

    /// Which body field `Mcp-Name` mirrors, per method.
    static let nameBearingMethods = ["tools/call": "name", "prompts/get": "name", "resources/read": "uri"]

    func handleStateless(_ call: JSONRPCRequest, headers: MCPHeaders, format: ResponseFormat, body: [UInt8], principal: String?) async -> MCPHTTPResponse {
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

        let context = MCPBackendContext(session: sharedHistory(principal), era: .stateless, protocolVersion: version,
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
