import JSON
@testable import JWT
import Testing

/// JOSE's reading of JSON (the one strict parser of module JSON at depth 32): RFC 8259 grammar,
/// duplicate members refused at any depth, bounded nesting, and no crash on any malformed input.
struct JOSEJSONTests {
    static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), maxDepth: JOSEJSON.maximumDepth)
    }

    @Test(arguments: [
        (#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
         JSONValue.object(["a": .number(1), "b": .array([.bool(true), .bool(false), .null]), "c": .object(["d": .string("e")])])),
        (" \t\r\n[ ] ", .array([])),
        (#""\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00""#, .string("\"\\/\u{08}\u{0C}\n\r\tAé😀")),
        (#""héllo""#, .string("héllo")),
        ("-0", .number(0)), ("1300819380", .number(1_300_819_380)), ("-12", .number(-12)),
        ("1.5", .number(1.5)), ("1e3", .number(1000)), ("2.5E-1", .number(0.25)), ("100000000000000000000", .number(JSONNumber(validatedText: "100000000000000000000"))),
    ])
    func parsesValidJSON(_ text: String, _ expected: JSONValue) throws {
        let parsed = try Self.parse(text)
        #expect(parsed.serialized == expected.serialized || parsed.numberValue == expected.numberValue)
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"{"x":{"a":1,"a":1}}"#, #"[{"k":1,"k":1}]"#, #"{"\u0061":1,"a":2}"#,
    ])
    func refusesDuplicateMembers(_ text: String) {
        #expect(throws: JSONParseError.self) { try Self.parse(text) }
        do { _ = try Self.parse(text) } catch {
            #expect(error.message == #"duplicate key "a""# || error.message == #"duplicate key "k""#)
        }
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'a'", "01", "1.", ".5", "-", "1e", "+1", "0x10",
        "NaN", "Infinity", "tru", "nulll", "[1] [2]", "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"",
        "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"tab\there\"", "\"line\nbreak\"", "{\"a\":1}x",
        "\u{FEFF}{}",
    ])
    func refusesMalformedJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try Self.parse(text) }
    }

    /// A lexeme beyond Double's range parses but is no NumericDate: `exp: 1e400` is refused.
    @Test func outOfRangeNumberIsNoNumericDate() throws {
        #expect(try Self.parse("1e400").numberValue == nil)
        #expect(try JOSEJSON.parseObject(Array(#"{"exp":1e400}"#.utf8))["exp"]?.numberValue == nil)
        #expect(throws: JSONParseError.self) { try JOSEJSON.parseObject(Array("[1]".utf8)) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func boundsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try Self.parse(deep) }
        let tooDeep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: JSONParseError.self) { try Self.parse(tooDeep) }
        let fine = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(throws: Never.self) { try Self.parse(fine) }
    }

    @Test func serializesWithSortedKeysAndEscapes() throws {
        let value = JSONValue.object(sorting: ["b": .number(2), "a": .string("x\"\n\u{01}"), "c": .array([.number(1.5), .null])])
        #expect(value.serialized == #"{"a":"x\"\n\u0001","b":2,"c":[1.5,null]}"#)
        #expect(try Self.parse(value.serialized) == value)
        let unsorted = JSONValue.object(["z": .object(["y": .int(1), "x": .int(2)]), "a": .null])
        #expect(unsorted.serialized == #"{"a":null,"z":{"x":2,"y":1}}"#)
    }
}

struct Base64URLTests {
    @Test(arguments: [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("\u{FB}\u{FF}", "w7vDvw")])
    func roundTrips(_ plain: String, _ encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesTheURLAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
    }

    @Test(arguments: ["Zg==", "Zg=", "Z", "Zm9vY", "+/8", "Zm 9v", "Zm9v\n", "Zh", "Zm9", "Zm8=", "é"])
    func refusesNonCanonicalText(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
