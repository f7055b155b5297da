import JSON
import Testing
@testable import MCP

/// The pure parts of the external backends: command-line splitting, line and SSE framing,
/// result splicing, and the loopback rule.
@Suite struct BackendPartsTests {
    @Test(arguments: [
        ("npx -y @modelcontextprotocol/server-sequential-thinking", ["npx", "-y", "@modelcontextprotocol/server-sequential-thinking"]),
        ("  python3   server.py\tstdio ", ["python3", "server.py", "stdio"]),
        (#"'/opt/my tools/server' --name "a b" it\'s"#, ["/opt/my tools/server", "--name", "a b", "it's"]),
        (#"cmd "quote \" and \\ and \$HOME" 'single $HOME *'"#, ["cmd", #"quote " and \ and $HOME"#, "single $HOME *"]),
        (#"cmd '' """#, ["cmd", "", ""]),
        ("cmd a\\ b c\\\nd", ["cmd", "a b", "cd"]),
        (#"cmd --x=1 ./a=b"#, ["cmd", "--x=1", "./a=b"]),
        (#"cmd "a"'b'c"#, ["cmd", "abc"]),
    ])
    func splitsCommandLinesAsAShellWould(_ line: String, _ words: [String]) throws {
        #expect(try CommandLineWords.split(line) == words)
    }

    @Test(arguments: ["", "   ", "cmd 'open", #"cmd "open"#, "cmd a|b", "cmd; rm", "cmd > out", "cmd $HOME", "cmd `x`",
                      #"cmd "$HOME""#, "cmd *.py", "cmd ~/x", "cmd # comment", "A=b cmd", "cmd &", "cmd \\"])
    func refusesWhatOnlyAShellWouldMeanSomethingBy(_ line: String) {
        #expect(throws: CommandLineWords.Failure.self) { try CommandLineWords.split(line) }
    }

    @Test func splitsLinesAndDropsOverlongOnes() {
        var splitter = LineSplitter(maximumBytes: 8)
        var items: [LineSplitter.Item] = []
        for chunk in ["ab", "c\r\n12345", "6789", "0abc\nlast\n", "\n", "x"] {
            Array(chunk.utf8).withUnsafeBytes { splitter.feed($0) { items.append($0) } }
        }
        #expect(items == [.line(Array("abc".utf8)), .overlong, .line(Array("last".utf8)), .line([])])
    }

    @Test func parsesSSEEventsAcrossChunks() throws {
        var parser = SSEParser(maximumBytes: 1024)
        var events: [SSEParser.Event] = []
        for chunk in [": keep-alive\n\nevent: mess", "age\ndata: {\"a\":\r\ndata:1}\r\n\r", "\ndata: x\n\nevent: other\ndata: y\n\n"] {
            events += try parser.feed(Array(chunk.utf8))
        }
        #expect(events == [
            SSEParser.Event(type: "message", data: Array("{\"a\":\n1}".utf8)),
            SSEParser.Event(type: "message", data: Array("x".utf8)),
            SSEParser.Event(type: "other", data: Array("y".utf8)),
        ])
        var small = SSEParser(maximumBytes: 8)
        #expect(throws: SSEParser.TooLarge.self) { try small.feed(Array("data: 0123456789\n\n".utf8)) }
    }

    @Test func findsTheRawBytesOfATopLevelMember() {
        let text = #"{ "jsonrpc":"2.0", "id" : 7, "x":{"result":[1,"}"]}, "result" : {"a":"b\"}","n":[1.50,{}]} }"#
        let bytes = Array(text.utf8)
        let span = JSONMemberSpan.find("result", in: bytes)
        #expect(span.map { String(decoding: bytes[$0], as: UTF8.self) } == #"{"a":"b\"}","n":[1.50,{}]}"#)
        #expect(JSONMemberSpan.find("id", in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) } == "7")
        #expect(JSONMemberSpan.find("error", in: bytes) == nil)
    }

    @Test func splicesTheBackendResultUnderTheClientID() throws {
        let backendBytes = Array(#"{"jsonrpc":"2.0","id":41,"result":{"content":[{"type":"text","text":"é \u00e9"}],"n":1.0E3}}"#.utf8)
        let reply = try #require(try MCPForwarding.decodeReply(backendBytes))
        let response = MCPForwarding.passThrough(reply, clientID: .string("client-1"))
        #expect(String(decoding: response.encode(), as: UTF8.self)
                == #"{"jsonrpc":"2.0","id":"client-1","result":{"content":[{"type":"text","text":"é \u00e9"}],"n":1.0E3}}"#)
        let errorBytes = Array(#"{"jsonrpc":"2.0","id":41,"error":{"code":-32042,"message":"m","data":{"k":[]}}}"#.utf8)
        let error = MCPForwarding.passThrough(try #require(try MCPForwarding.decodeReply(errorBytes)), clientID: JSONRPCID(3))
        #expect(error.error?.code == -32042)
        #expect(String(decoding: error.encode(), as: UTF8.self) == #"{"jsonrpc":"2.0","id":3,"error":{"code":-32042,"message":"m","data":{"k":[]}}}"#)
    }

    @Test func stripsStatelessProtocolFieldsWhenForwarding() {
        let request = JSONRPCRequest(id: JSONRPCID(1), method: "tools/call", params: [
            "name": .string("t"),
            "_meta": .object(["io.modelcontextprotocol/protocolVersion": .string("2026-07-28"),
                              "io.modelcontextprotocol/clientCapabilities": .object([:]), "progressToken": .int(5)]),
        ])
        let encoded = String(decoding: MCPForwarding.encodeRequest(request, id: JSONRPCID(99), era: .stateless), as: UTF8.self)
        #expect(encoded == #"{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"t","_meta":{"progressToken":5}}}"#)
    }

    @Test func refusesBackendAnswersThatAreNotJSONRPC() {
        #expect(throws: MCPBackendError.self) { try MCPForwarding.decodeReply(Array("<html>".utf8)) }
        #expect(throws: MCPBackendError.self) { try MCPForwarding.decodeReply(Array(#"{"jsonrpc":"1.0","id":1,"result":{}}"#.utf8)) }
    }

    @Test(arguments: [
        ("http://127.0.0.1:8000/mcp", true), ("http://127.9.8.7/mcp", true), ("http://localhost:1/x", true),
        ("http://[::1]:8000/mcp", true), ("http://[::ffff:127.0.0.1]:80/", true), ("https://LOCALHOST/mcp", true),
        ("http://10.0.0.1:8000/mcp", false), ("http://192.168.1.2/mcp", false), ("http://example.com/mcp", false),
        ("http://[::2]/mcp", false), ("http://128.0.0.1/", false), ("http://127.0.0.1.example.com/", false),
    ])
    func acceptsOnlyLoopbackUnlessAllowed(_ url: String, _ loopback: Bool) throws {
        if loopback {
            _ = try HTTPBackendEndpoint(url: url, allowRemote: false)
        } else {
            #expect(throws: MCPBackendConfigurationError.self) { try HTTPBackendEndpoint(url: url, allowRemote: false) }
            _ = try HTTPBackendEndpoint(url: url, allowRemote: true)
        }
    }

    @Test(arguments: ["ftp://127.0.0.1/", "http://user:pw@127.0.0.1/", "http://127.0.0.1:0/", "http://127.0.0.1:99999/", "http:///mcp", "127.0.0.1:8000"])
    func refusesMalformedBackendURLs(_ url: String) {
        #expect(throws: MCPBackendConfigurationError.self) { try HTTPBackendEndpoint(url: url, allowRemote: true) }
    }
}
