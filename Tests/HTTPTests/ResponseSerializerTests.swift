import Foundation
import Testing
@testable import HTTP

/// The response head, byte for byte (the serializer appends bytes directly, no interpolation).
@Suite struct ResponseSerializerTests {
    @Test(arguments: [(0, "0"), (7, "7"), (10, "10"), (200, "200"), (1_234_567, "1234567"), (-5, "-5"),
                      (Int.max, "9223372036854775807")])
    func writesDecimals(_ value: Int, _ text: String) {
        var out: [UInt8] = []
        ResponseSerializer.appendDecimal(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == text)
    }

    @Test func writesTheHeadWithOwnedFieldsFirstAndDelegateFieldsAfter() {
        var serializer = ResponseSerializer()
        let head = serializer.head(status: 200, headers: ["Content-Type": "application/json", "Content-Length": "99"],
                                   framing: .length(15), keepAlive: true, requestID: "abc-123")
        let text = String(decoding: head, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "HTTP/1.1 200 OK")
        #expect(lines[1].hasPrefix("Date: ") && lines[1].hasSuffix(" GMT"))
        #expect(Array(lines[2...]) == ["Content-Length: 15", "Connection: keep-alive", "X-Request-Id: abc-123",
                                       "Content-Type: application/json", "", ""])
    }

    @Test func writesChunkedAndCloseAndUnknownStatuses() {
        var serializer = ResponseSerializer()
        let text = String(decoding: serializer.head(status: 299, headers: HTTPHeaders(), framing: .chunked,
                                                    keepAlive: false, requestID: "r"), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 299 Status 299\r\nDate: "))
        #expect(text.hasSuffix("GMT\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nX-Request-Id: r\r\n\r\n"))
    }
}
