import Testing
import JSON

@Suite struct JSONParserTests {
    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "tru", "nul", "\"abc",
        "\"a\u{01}b\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "{\"a\" 1}",
        "{\"a\":1}x", "{\"a\":1,\"a\":2}", "[1 2]", "{1:2}", "NaN", "Infinity", "+1", "'a'",
    ])
    func rejectsMalformedDocument(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22] as [UInt8]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22] as [UInt8]) }
    }

    @Test func rejectsNestingPastTheLimitWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
    }

    @Test func keepsNumberLexemes() throws {
        let value = try JSONParser.parse("[12345678901234567890123, -0, 1.50, 1E+2]")
        #expect(value.jsonText == "[12345678901234567890123,-0,1.50,1E+2]")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "é😀"]"#)
        guard case .array(let items) = value else { Issue.record("not an array"); return }
        #expect(items[0] == .string("a\"\\/\u{08}\u{0C}\n\r\té😀"))
        #expect(items[1] == .string("é😀"))
    }

    @Test func writesStringsAsJavaScriptDoes() {
        let value = JSONValue.string("q\"b\\n\n\u{01}\u{1F}é/")
        #expect(value.jsonText == #""q\"b\\n\n\u0001\u001fé/""#)
    }

    @Test func prettyPrintsLikeJSONStringifyWithTwoSpaces() {
        let value = JSONValue.object(["a": .int(1), "b": .array([]), "c": .array([.string("x"), .bool(true)]), "d": .object([:])])
        let text = String(decoding: JSONWriter.encodePretty(value), as: UTF8.self)
        #expect(text == "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": [\n    \"x\",\n    true\n  ],\n  \"d\": {}\n}")
    }

    @Test func rejectsDuplicateKeysInLargeObjects() {
        var text = "{"
        for i in 0..<40 { text += "\"k\(i)\":\(i)," }
        text += "\"k3\":0}"
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }
}
