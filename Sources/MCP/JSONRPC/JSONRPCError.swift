public import JSON

// The error object of a JSON-RPC error response, with the standard codes (JSON-RPC 2.0 §5.1)
// and the codes MCP 2026-07-28 allocates in -32020...-32099 (basic/index "Error Codes").

/// A JSON-RPC error object.
public struct JSONRPCError: Error, Sendable, Equatable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603
    /// MCP 2026-07-28: HTTP headers do not match the body, or a required header is missing.
    public static let headerMismatchCode = -32020
    /// MCP 2026-07-28: the request needs a client capability the client did not declare.
    public static let missingRequiredClientCapabilityCode = -32021
    /// MCP 2026-07-28: the requested protocol version is not served here.
    public static let unsupportedProtocolVersionCode = -32022

    public static func parseError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: parseErrorCode, message: "Parse error: \(detail)")
    }

    public static func invalidRequest(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: invalidRequestCode, message: "Invalid Request: \(detail)")
    }

    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: methodNotFoundCode, message: "Method not found: \(method.prefix(128))")
    }

    public static func invalidParams(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: invalidParamsCode, message: "Invalid params: \(detail)")
    }

    public static func internalError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: internalErrorCode, message: "Internal error: \(detail)")
    }

    public static func headerMismatch(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: headerMismatchCode, message: "Header mismatch: \(detail)")
    }

    public static func unsupportedProtocolVersion(requested: String, supported: [String]) -> JSONRPCError {
        JSONRPCError(code: unsupportedProtocolVersionCode, message: "Unsupported protocol version",
                     data: .object(["supported": .array(supported.map { .string($0) }),
                                    "requested": .string(requested)]))
    }

    public var jsonValue: JSONValue {
        var object: JSONObject = ["code": .int(code), "message": .string(message)]
        if let data { object["data"] = data }
        return .object(object)
    }
}
