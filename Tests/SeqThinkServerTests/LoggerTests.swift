import JSON
import Synchronization
import Testing
@testable import SeqThinkServer

@Suite struct LoggerTests {
    final class Lines: Sendable {
        let store = Mutex<[String]>([])
        func append(_ line: String) { store.withLock { $0.append(line) } }
        var all: [String] { store.withLock { $0 } }
    }

    @Test func writesOneJSONObjectPerLineWithEscapedFields() {
        let lines = Lines()
        let logger = Logger(level: .info, format: .json, sink: { lines.append($0) })
        logger.info("request done", ["status": 200, "route": "/mcp", "note": "a \"quoted\"\nvalue"])
        #expect(lines.all.count == 1)
        let line = lines.all[0]
        #expect(line.hasPrefix("{\"ts\":\""))
        #expect(line.hasSuffix("\"msg\":\"request done\",\"status\":200,\"route\":\"/mcp\",\"note\":\"a \\\"quoted\\\"\\nvalue\"}\n"))
    }

    @Test func dropsLinesBelowTheLevel() {
        let lines = Lines()
        let logger = Logger(level: .warning, format: .text, sink: { lines.append($0) })
        logger.info("hidden")
        logger.debug("hidden too")
        logger.error("shown", ["code": 7])
        #expect(lines.all.count == 1)
        #expect(lines.all[0].contains("ERROR shown code=7"))
    }
}
