import Testing
@testable import SeqThinkServer

@Suite struct RoutingTests {
    @Test(arguments: [
        ("GET", "/health", RouteDecision.direct(.health)),
        ("HEAD", "/health", .direct(.health)),
        ("GET", "/ready", .direct(.ready)),
        ("GET", "/metrics", .direct(.metrics)),
        ("GET", "/.well-known/age-recipient", .direct(.ageRecipient)),
        ("POST", "/mcp", .pipeline(.mcp)),
        ("DELETE", "/mcp", .pipeline(.mcp)),
        ("GET", "/mcp", .pipeline(.mcp)),
        ("POST", "/mcp/tool", .pipeline(.mcpTool)),
        ("GET", "/mcp/sse", .pipeline(.mcpSSE)),
        ("POST", "/mcp/messages", .pipeline(.mcpMessages)),
        ("POST", "/health", .methodNotAllowed(.health)),
        ("GET", "/mcp/tool", .methodNotAllowed(.mcpTool)),
        ("PUT", "/mcp", .methodNotAllowed(.mcp)),
        ("GET", "/nope", .notFound),
        ("GET", "/health/", .notFound),
        ("GET", "other", .notFound),
    ])
    func classifiesByMethodAndPath(method: String, path: String, expected: RouteDecision) {
        #expect(RouteDecision.classify(method: method, path: path) == expected)
    }

    @Test func errorBodyIsTheContractShapeWithEscaping() {
        let body = ErrorBody(status: 400, code: "bad\"code", message: "line\nbreak")
        let text = String(decoding: body.json(requestID: "abc-1"), as: UTF8.self)
        #expect(text == #"{"error":{"code":"bad\"code","message":"line\nbreak"},"requestId":"abc-1"}"#)
    }

    @Test func readinessListsWhatIsMissingAndTurnsOffAtShutdown() {
        let readiness = Readiness()
        readiness.register("backend", detail: "starting")
        #expect(readiness.body().status == 503)
        #expect(String(decoding: readiness.body().json, as: UTF8.self)
                == #"{"status":"not_ready","missing":["backend: starting"]}"#)
        readiness.set("backend", ready: true, detail: "embedded")
        #expect(readiness.body().status == 200)
        #expect(String(decoding: readiness.body().json, as: UTF8.self) == #"{"status":"ready"}"#)
        readiness.beginShutdown()
        #expect(readiness.body().status == 503)
    }
}
