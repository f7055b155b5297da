import JSON
import Testing

/// The one hand-built-text quoter (logs, HTTP error bodies) and numbers made from doubles.
@Suite struct JSONQuotingTests {
    @Test(arguments: [
        ("plain", #""plain""#), ("a\"b\\c", #""a\"b\\c""#), ("l1\nl2\r\t", #""l1\nl2\r\t""#),
        ("\u{01}\u{1F}\u{7F}", #""\u0001\u001f\u007f""#), ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("héllo 😀", "\"héllo 😀\""),
    ])
    func quotes(_ raw: String, _ expected: String) throws {
        #expect(JSONQuoting.quoted(raw) == expected)
        #expect(try JSONParser.parse(expected) == .string(raw))
    }

    @Test func appendsToExistingText() {
        var text = "{\"k\":"
        JSONQuoting.appendQuoted("v", to: &text)
        #expect(text == #"{"k":"v""#)
    }

    @Test(arguments: [(1_300_819_380.0, "1300819380"), (-12.0, "-12"), (1.5, "1.5"), (0.0, "0"), (1e20, "1e+20")])
    func numbersFromDoubles(_ value: Double, _ lexeme: String) throws {
        #expect(JSONNumber(value).text == lexeme)
        #expect(try JSONParser.parse(lexeme).numberValue == value)
    }
}
