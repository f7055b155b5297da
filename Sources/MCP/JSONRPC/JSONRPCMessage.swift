public import JSON

// One JSON-RPC 2.0 message, decoded strictly (JSON-RPC 2.0 §4-§5, MCP basic/index "Messages").
//
// Rules enforced here, before any MCP logic sees a message:
// - the top level is one object (a batch array is answered with -32600, never processed);
// - `jsonrpc` is exactly "2.0";
// - a request id is a string or an integer, never null, never a fraction;
// - `params`, when present, is an object (an array is -32602: MCP names every parameter);
// - a message is exactly one of request, notification, result response, error response, and
//   carries no other top-level members.

/// A decoded JSON-RPC message.
public enum JSONRPCMessage: Sendable, Equatable {
    case request(JSONRPCRequest)
    case notification(JSONRPCRequest)
    case result(id: JSONRPCID, result: JSONValue)
    case error(id: JSONRPCID?, error: JSONRPCError)
}

/// A message that could not be decoded, with the id to answer to when one could be read.
public struct JSONRPCDecodingFailure: Error, Sendable, Equatable {
    public var id: JSONRPCID?
    public var error: JSONRPCError
}

extension JSONRPCMessage {
    /// Parses and validates one message from body bytes.
    public static func decode(_ body: some Collection<UInt8>) throws(JSONRPCDecodingFailure) -> JSONRPCMessage {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw JSONRPCDecodingFailure(id: nil, error: .parseError(error.description))
        }
        return try decode(value)
    }

    /// Validates an already parsed value as one message.
    public static func decode(_ value: JSONValue) throws(JSONRPCDecodingFailure) -> JSONRPCMessage {
        guard case .object(let object) = value else {
            if case .array = value {
                throw JSONRPCDecodingFailure(id: nil, error: .invalidRequest("batches are not supported; send one message per request"))
            }
            throw JSONRPCDecodingFailure(id: nil, error: .invalidRequest("a message must be a JSON object"))
        }
        // Read the id first, so later failures can still be answered to the right request.
        var id: JSONRPCID? = nil
        if let rawID = object["id"] {
            guard let parsed = JSONRPCID(rawID) else {
                if case .null = rawID, object["error"] != nil {
                    return try decodeError(object, id: nil)
                }
                throw JSONRPCDecodingFailure(id: nil, error: .invalidRequest("id must be a string or an integer"))
            }
            id = parsed
        }
        guard object["jsonrpc"] == .string("2.0") else {
            throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("jsonrpc must be \"2.0\""))
        }
        if let method = object["method"] {
            guard case .string(let name) = method, !name.isEmpty else {
                throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("method must be a non-empty string"))
            }
            for key in object.keys where !["jsonrpc", "id", "method", "params"].contains(key) {
                throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("unexpected member \"\(key.prefix(64))\""))
            }
            var params: JSONObject? = nil
            switch object["params"] {
            case nil: break
            case .object(let p): params = p
            case .array: throw JSONRPCDecodingFailure(id: id, error: .invalidParams("params must be an object"))
            default: throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("params must be an object"))
            }
            let request = JSONRPCRequest(id: id, method: name, params: params)
            return id == nil ? .notification(request) : .request(request)
        }
        if object["error"] != nil { return try decodeError(object, id: id) }
        if let result = object["result"] {
            guard let id else { throw JSONRPCDecodingFailure(id: nil, error: .invalidRequest("a response needs an id")) }
            for key in object.keys where !["jsonrpc", "id", "result"].contains(key) {
                throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("unexpected member \"\(key.prefix(64))\""))
            }
            return .result(id: id, result: result)
        }
        throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("neither a request nor a response"))
    }

    private static func decodeError(_ object: JSONObject, id: JSONRPCID?) throws(JSONRPCDecodingFailure) -> JSONRPCMessage {
        guard object["jsonrpc"] == .string("2.0") else {
            throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("jsonrpc must be \"2.0\""))
        }
        for key in object.keys where !["jsonrpc", "id", "error"].contains(key) {
            throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("unexpected member \"\(key.prefix(64))\""))
        }
        guard case .object(let error) = object["error"],
              case .number(let code) = error["code"], code.isIntegerLexeme, let codeValue = Int(code.text),
              case .string(let message) = error["message"] else {
            throw JSONRPCDecodingFailure(id: id, error: .invalidRequest("error must have an integer code and a string message"))
        }
        return .error(id: id, error: JSONRPCError(code: codeValue, message: message, data: error["data"]))
    }
}
