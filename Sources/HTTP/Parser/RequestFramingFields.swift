/// The fields that decide framing and connection handling, gathered in one pass over the head.
struct RequestFramingFields {
    var hostCount = 0
    var contentLength: [String] = []
    var transferEncoding: [String] = []
    var connection: [String] = []
    var expect: [String] = []
    var requestID: String?

    init(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            switch name.utf8.count {
            case 4 where HTTPHeaders.equalsIgnoringCase(name, "host"): hostCount += 1
            case 14 where HTTPHeaders.equalsIgnoringCase(name, "content-length"): contentLength.append(value)
            case 17 where HTTPHeaders.equalsIgnoringCase(name, "transfer-encoding"): transferEncoding.append(value)
            case 10 where HTTPHeaders.equalsIgnoringCase(name, "connection"): connection.append(value)
            case 6 where HTTPHeaders.equalsIgnoringCase(name, "expect"): expect.append(value)
            case 12 where requestID == nil && HTTPHeaders.equalsIgnoringCase(name, "x-request-id"): requestID = value
            default: break
            }
        }
    }
}
