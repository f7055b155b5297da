import JSON
import Testing
@testable import MCP

@Suite struct SequentialThinkingEngineTests {
    let base = #""thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":3"#

    @Test func answersWithTheReferenceTextAndStructuredContent() async {
        let engine = makeEngine()
        let result = await engine.process(arguments: json("{\(base)}"), session: "s")
        #expect(result["isError"] == nil)
        let expectedText = "{\n  \"thoughtNumber\": 1,\n  \"totalThoughts\": 3,\n  \"nextThoughtNeeded\": true,\n  \"branches\": [],\n  \"thoughtHistoryLength\": 1\n}"
        #expect(result.firstText == expectedText)
        #expect(result["structuredContent"] == json(expectedText))
        #expect(result["content"] == json(#"[{"type":"text","text":\#(JSONValue.string(expectedText).jsonText)}]"#))
    }

    @Test func raisesTotalThoughtsToThoughtNumber() async {
        let engine = makeEngine()
        let result = await engine.process(arguments: json(#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":5,"totalThoughts":3}"#), session: "s")
        #expect(result["structuredContent"]?["totalThoughts"] == .int(5))
        #expect(result["structuredContent"]?["thoughtNumber"] == .int(5))
    }

    @Test func recordsBranchesOnlyWithBothFieldsAndListsThemInObjectKeysOrder() async {
        let engine = makeEngine()
        func call(_ extra: String) async -> JSONValue {
            await engine.process(arguments: json("{\(base)\(extra)}"), session: "b")
        }
        _ = await call(#","branchId":"only-id""#)                       // no branchFromThought: not recorded
        _ = await call(#","branchFromThought":1,"branchId":"""#)       // empty id is falsy: not recorded
        _ = await call(#","branchFromThought":1"#)                      // no id: not recorded
        _ = await call(#","branchFromThought":1,"branchId":"zeta""#)
        _ = await call(#","branchFromThought":1,"branchId":"7""#)
        _ = await call(#","branchFromThought":1,"branchId":"alpha""#)
        _ = await call(#","branchFromThought":1,"branchId":"2""#)
        let last = await call(#","branchFromThought":1,"branchId":"zeta""#)
        #expect(last["structuredContent"]?["branches"] == json(#"["2","7","zeta","alpha"]"#))
        #expect(last["structuredContent"]?["thoughtHistoryLength"] == .int(8))
    }

    @Test func keepsHistoryPerSession() async {
        let engine = makeEngine()
        _ = await engine.process(arguments: json("{\(base)}"), session: "a")
        _ = await engine.process(arguments: json("{\(base)}"), session: "a")
        let other = await engine.process(arguments: json("{\(base)}"), session: "b")
        #expect(other["structuredContent"]?["thoughtHistoryLength"] == .int(1))
        await engine.endSession("a")
        let again = await engine.process(arguments: json("{\(base)}"), session: "a")
        #expect(again["structuredContent"]?["thoughtHistoryLength"] == .int(1))
    }

    @Test func boundsHistoryLengthPerSession() async {
        let engine = makeEngine { $0.maxThoughtsPerSession = 3 }
        var last = JSONValue.null
        for _ in 0..<5 { last = await engine.process(arguments: json("{\(base)}"), session: "s") }
        #expect(last["structuredContent"]?["thoughtHistoryLength"] == .int(3))
    }

    @Test func expiresIdleSessionsAfterTheTTL() async {
        let manual = ManualClock()
        let engine = makeEngine({ $0.sessionTTLSeconds = 10 }, clock: manual.clock)
        _ = await engine.process(arguments: json("{\(base)}"), session: "s")
        manual.advance(9)
        let kept = await engine.process(arguments: json("{\(base)}"), session: "s")
        #expect(kept["structuredContent"]?["thoughtHistoryLength"] == .int(2))
        manual.advance(11)
        let fresh = await engine.process(arguments: json("{\(base)}"), session: "s")
        #expect(fresh["structuredContent"]?["thoughtHistoryLength"] == .int(1))
    }

    @Test func evictsTheLeastRecentlyUsedSessionPastMaxSessions() async {
        let manual = ManualClock()
        var configuration = MCPConfiguration()
        configuration.maxSessions = 2
        let store = InMemoryThoughtSessionStore(configuration: configuration, clock: manual.clock)
        let engine = SequentialThinkingEngine(configuration: configuration, store: store)
        _ = await engine.process(arguments: json("{\(base)}"), session: "a"); manual.advance(1)
        _ = await engine.process(arguments: json("{\(base)}"), session: "b"); manual.advance(1)
        _ = await engine.process(arguments: json("{\(base)}"), session: "a"); manual.advance(1)
        _ = await engine.process(arguments: json("{\(base)}"), session: "c")  // evicts b
        #expect(await store.sessionCount() == 2)
        let a = await engine.process(arguments: json("{\(base)}"), session: "a")
        #expect(a["structuredContent"]?["thoughtHistoryLength"] == .int(3))
        let b = await engine.process(arguments: json("{\(base)}"), session: "b")
        #expect(b["structuredContent"]?["thoughtHistoryLength"] == .int(1))
    }

    @Test(arguments: [
        // (arguments, the field the issue names)
        (#"{"nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1}"#, "thought"),
        (#"{"thought":"t","thoughtNumber":1,"totalThoughts":1}"#, "nextThoughtNeeded"),
        (#"{"thought":"t","nextThoughtNeeded":true,"totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1}"#, "totalThoughts"),
        (#"{"thought":5,"nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1}"#, "thought"),
        (#"{"thought":null,"nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1}"#, "thought"),
        (#"{"thought":"t","nextThoughtNeeded":"yes","thoughtNumber":1,"totalThoughts":1}"#, "nextThoughtNeeded"),
        (#"{"thought":"t","nextThoughtNeeded":1,"thoughtNumber":1,"totalThoughts":1}"#, "nextThoughtNeeded"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":0,"totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":-2,"totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1.5,"totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":"abc","totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":{},"totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":null,"totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1e300,"totalThoughts":1}"#, "thoughtNumber"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":0}"#, "totalThoughts"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"isRevision":"maybe"}"#, "isRevision"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"isRevision":null}"#, "isRevision"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"revisesThought":0}"#, "revisesThought"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"branchFromThought":-1}"#, "branchFromThought"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"branchId":7}"#, "branchId"),
        (#"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"needsMoreThoughts":[]}"#, "needsMoreThoughts"),
    ])
    func refusesInvalidArgumentWithAnErrorResult(_ arguments: String, _ field: String) async {
        let engine = makeEngine()
        let result = await engine.process(arguments: json(arguments), session: "s")
        #expect(result.isErrorResult)
        #expect(result["structuredContent"] == nil)
        let text = result.firstText ?? ""
        #expect(text.hasPrefix("MCP error -32602: Input validation error: Invalid arguments for tool sequentialthinking: ["))
        #expect(text.contains("\"\(field)\""))
    }

    @Test func refusedCallsLeaveHistoryUntouched() async {
        let engine = makeEngine()
        _ = await engine.process(arguments: json(#"{"thought":"t"}"#), session: "s")
        let ok = await engine.process(arguments: json("{\(base)}"), session: "s")
        #expect(ok["structuredContent"]?["thoughtHistoryLength"] == .int(1))
    }

    @Test(arguments: ["null", "[]", "\"x\"", "3"])
    func refusesArgumentsThatAreNotAnObject(_ arguments: String) async {
        let result = await makeEngine().process(arguments: json(arguments), session: "s")
        #expect(result.isErrorResult)
        #expect(result.firstText?.contains("expected object") == true)
    }

    @Test func refusesMissingArguments() async {
        let result = await makeEngine().callTool(name: "sequentialthinking", arguments: nil, session: "s")
        #expect(result.isErrorResult)
        #expect(result.firstText?.contains("received undefined") == true)
    }

    @Test func reportsEveryIssueNotJustTheFirst() async {
        let result = await makeEngine().process(arguments: json("{}"), session: "s")
        let text = result.firstText ?? ""
        for field in ["thought", "nextThoughtNeeded", "thoughtNumber", "totalThoughts"] {
            #expect(text.contains("\"\(field)\""))
        }
    }

    @Test(arguments: [
        (#""3""#, 3), ("3.0", 3), (#"" 4 ""#, 4), (#""0x2""#, 2), ("true", 1), ("[5]", 5), (#""1e1""#, 10),
    ])
    func coercesNumbersAsJavaScriptNumberDoes(_ literal: String, _ expected: Int) async {
        let args = #"{"thought":"t","nextThoughtNeeded":true,"totalThoughts":1,"thoughtNumber":\#(literal)}"#
        let result = await makeEngine().process(arguments: json(args), session: "s")
        #expect(result["structuredContent"]?["thoughtNumber"] == .int(expected), "\(literal)")
    }

    @Test(arguments: [(#""TRUE""#, true), (#""false""#, false), (#""False""#, false)])
    func coercesBooleanStrings(_ literal: String, _ expected: Bool) async {
        let args = #"{"thought":"t","nextThoughtNeeded":\#(literal),"totalThoughts":1,"thoughtNumber":1}"#
        let result = await makeEngine().process(arguments: json(args), session: "s")
        #expect(result["structuredContent"]?["nextThoughtNeeded"] == .bool(expected))
    }

    @Test func acceptsAndDropsUnknownFieldsAsZodDoes() async {
        let args = #"{"thought":"t","nextThoughtNeeded":false,"thoughtNumber":1,"totalThoughts":1,"mood":"happy","x":{"y":[1]}}"#
        let result = await makeEngine().process(arguments: json(args), session: "s")
        #expect(!result.isErrorResult)
        #expect(result["structuredContent"]?["mood"] == nil)
    }

    @Test func acceptsAnEmptyThoughtAsTheReferenceDoes() async {
        let args = #"{"thought":"","nextThoughtNeeded":false,"thoughtNumber":1,"totalThoughts":1}"#
        #expect(!(await makeEngine().process(arguments: json(args), session: "s")).isErrorResult)
    }

    @Test func refusesAnOversizedThoughtAndBranchId() async {
        let engine = makeEngine { $0.maxThoughtBytes = 10; $0.maxBranchIDBytes = 3 }
        let big = #"{"thought":"12345678901","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1}"#
        let bigResult = await engine.process(arguments: json(big), session: "s")
        #expect(bigResult.isErrorResult)
        #expect(bigResult.firstText?.contains("too_big") == true)
        let exact = #"{"thought":"1234567890","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1}"#
        #expect(!(await engine.process(arguments: json(exact), session: "s")).isErrorResult)
        let branch = #"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"branchFromThought":1,"branchId":"abcd"}"#
        #expect((await engine.process(arguments: json(branch), session: "s")).isErrorResult)
    }

    @Test func answersAnUnknownToolAsTheReferenceSDKDoes() async {
        let result = await makeEngine().callTool(name: "nope", arguments: json("{}"), session: "s")
        #expect(result.isErrorResult)
        #expect(result.firstText == "MCP error -32602: Tool nope not found")
    }

    @Test func logsThoughtsAtDebugOnly() async {
        let recorder = LogRecorder()
        let engine = makeEngine(logger: recorder.logger)
        _ = await engine.process(arguments: json(#"{"thought":"secret idea","nextThoughtNeeded":true,"thoughtNumber":2,"totalThoughts":3,"isRevision":true,"revisesThought":1}"#), session: "s")
        #expect(recorder.entries.count == 1)
        #expect(recorder.entries.allSatisfy { $0.0 == .debug })
        #expect(recorder.entries.first?.1.contains("🔄 Revision 2/3 (revising thought 1)") == true)
        #expect(recorder.entries.first?.1.contains("secret idea") == true)
    }

    @Test func honoursDisableThoughtLogging() async {
        let recorder = LogRecorder()
        let engine = makeEngine({ $0.disableThoughtLogging = true }, logger: recorder.logger)
        _ = await engine.process(arguments: json("{\(base)}"), session: "s")
        #expect(recorder.entries.isEmpty)
    }

    @Test func listsTheToolWithSchemaAndAnnotations() {
        let tool = SequentialThinkingTool.definition
        #expect(tool["name"] == .string("sequentialthinking"))
        #expect(tool["inputSchema"]?["required"] == json(#"["thought","nextThoughtNeeded","thoughtNumber","totalThoughts"]"#))
        #expect(tool["inputSchema"]?["properties"]?["thoughtNumber"]?["minimum"] == .int(1))
        #expect(tool["inputSchema"]?["properties"]?["thoughtNumber"]?["type"] == .string("integer"))
        #expect(tool["annotations"] == json(#"{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":false}"#))
        #expect(tool["outputSchema"]?["required"] == json(#"["thoughtNumber","totalThoughts","nextThoughtNeeded","branches","thoughtHistoryLength"]"#))
        #expect(SequentialThinkingTool.description.hasPrefix("A detailed tool for dynamic and reflective problem-solving through thoughts.\nThis tool"))
        #expect(SequentialThinkingTool.description.contains("\n  * Regular analytical steps\n"))
    }
}
