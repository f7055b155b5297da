public import JSON

// A response to send: the result as a value, as bytes already encoded (pass-through from a
// backend, never re-encoded), or an error.

/// A JSON-RPC response on its way out.
public struct JSONRPCResponse: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case result(JSONValue)
        /// A result whose JSON text is already encoded; written as is.
        case encodedResult([UInt8])
        case error(JSONRPCError)
        /// A whole response message already encoded by a forwarding backend, passed through
        /// byte for byte. The backend guarantees it is one JSON-RPC response carrying `id`;
        /// `errorCode` is its error code when it is an error (the transport maps -32601 to 404).
        case encodedMessage([UInt8], errorCode: Int?)
    }

    /// nil only for an error answering a message whose id could not be read.
    public var id: JSONRPCID?
    public var outcome: Outcome

    public init(id: JSONRPCID?, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }

    public static func result(_ id: JSONRPCID, _ value: JSONValue) -> JSONRPCResponse {
        JSONRPCResponse(id: id, outcome: .result(value))
    }

    public static func error(_ id: JSONRPCID?, _ error: JSONRPCError) -> JSONRPCResponse {
        JSONRPCResponse(id: id, outcome: .error(error))
    }

    /// The error, when this is an error response (for a pass-through message, only its code).
    public var error: JSONRPCError? {
        switch outcome {
        case .error(let e): return e
        case .encodedMessage(_, let code?): return JSONRPCError(code: code, message: "")
        default: return nil
        }
    }

    /// The full message as compact JSON bytes.
    public func encode() -> [UInt8] {
        if case .encodedMessage(let bytes, _) = outcome { return bytes }
        var writer = JSONWriter(reservingCapacity: 512)
        writer.writeRaw("{\"jsonrpc\":\"2.0\",\"id\":")
        if let id { writer.write(id.jsonValue) } else { writer.writeRaw("null") }
        switch outcome {
        case .result(let value):
            writer.writeRaw(",\"result\":")
            writer.write(value)
        case .encodedResult(let bytes):
            writer.writeRaw(",\"result\":")
            writer.writeRaw(bytes)
        case .error(let error):
            writer.writeRaw(",\"error\":")
            writer.write(error.jsonValue)
        case .encodedMessage:
            break
        }
        writer.writeRaw("}")
        return writer.bytes
    }
}
