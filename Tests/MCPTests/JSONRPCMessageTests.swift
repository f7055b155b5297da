import JSON
import Testing
@testable import MCP

@Suite struct JSONRPCMessageTests {
    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"method":"m"}"#, JSONRPCMessage.request(JSONRPCRequest(id: .integer("1"), method: "m"))),
        (#"{"jsonrpc":"2.0","id":"a","method":"m","params":{}}"#, .request(JSONRPCRequest(id: .string("a"), method: "m", params: JSONObject()))),
        (#"{"jsonrpc":"2.0","method":"n"}"#, .notification(JSONRPCRequest(id: nil, method: "n"))),
        (#"{"jsonrpc":"2.0","id":99999999999999999999,"result":{}}"#, .result(id: .integer("99999999999999999999"), result: .object([:]))),
        (#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#, .error(id: nil, error: JSONRPCError(code: -32700, message: "x"))),
        (#"{"jsonrpc":"2.0","id":2,"error":{"code":5,"message":"y","data":[1]}}"#, .error(id: .integer("2"), error: JSONRPCError(code: 5, message: "y", data: .array([.int(1)])))),
    ])
    func decodesEachKindOfMessage(_ text: String, _ expected: JSONRPCMessage) throws {
        #expect(try JSONRPCMessage.decode(Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        ("{", -32700, false),
        ("[]", -32600, false),
        (#"[{"jsonrpc":"2.0","id":1,"method":"m"}]"#, -32600, false),
        ("\"x\"", -32600, false),
        (#"{"id":1,"method":"m"}"#, -32600, true),
        (#"{"jsonrpc":2.0,"id":1,"method":"m"}"#, -32600, true),
        (#"{"jsonrpc":"2.0","id":true,"method":"m"}"#, -32600, false),
        (#"{"jsonrpc":"2.0","id":1e3,"method":"m"}"#, -32600, false),
        (#"{"jsonrpc":"2.0","id":1,"method":""}"#, -32600, true),
        (#"{"jsonrpc":"2.0","id":1,"method":"m","params":"p"}"#, -32600, true),
        (#"{"jsonrpc":"2.0","id":1,"method":"m","params":[1]}"#, -32602, true),
        (#"{"jsonrpc":"2.0","id":1}"#, -32600, true),
        (#"{"jsonrpc":"2.0","result":{}}"#, -32600, false),
        (#"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}}"#, -32600, true),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}}"#, -32600, true),
        (#"{"jsonrpc":"2.0","id":1,"method":"m","method":"n"}"#, -32700, false),
    ])
    func refusesBadMessagesWithTheRightCode(_ text: String, _ code: Int, _ keepsID: Bool) {
        do {
            _ = try JSONRPCMessage.decode(Array(text.utf8))
            Issue.record("decoded \(text)")
        } catch {
            #expect(error.error.code == code, "\(text)")
            #expect((error.id != nil) == keepsID, "\(text)")
        }
    }

    @Test func encodesResponsesWithTheIDVerbatim() {
        let response = JSONRPCResponse.result(.integer("-0"), .object(["a": .bool(true)]))
        #expect(String(decoding: response.encode(), as: UTF8.self) == #"{"jsonrpc":"2.0","id":-0,"result":{"a":true}}"#)
        let error = JSONRPCResponse.error(nil, .parseError("bad"))
        #expect(String(decoding: error.encode(), as: UTF8.self) == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: bad"}}"#)
        let raw = JSONRPCResponse(id: .string("s"), outcome: .encodedResult(Array(#"{"x":1}"#.utf8)))
        #expect(String(decoding: raw.encode(), as: UTF8.self) == #"{"jsonrpc":"2.0","id":"s","result":{"x":1}}"#)
    }
}
