public import JSON

/// A JWS in compact serialization (RFC 7515 §7.1), parsed but NOT verified.
///
/// Parsing is strict: at most `maximumBytes`, exactly three segments, each canonical unpadded
/// base64url, the header a JSON object without duplicate members, `alg` a string, `kid` a
/// string when present, and no `crit` (this implementation understands no extension, so
/// RFC 7515 §4.1.11 requires rejecting any). `jku`, `x5u`, `jwk` and `x5c` are left in
/// `header` and never read: keys come only from the configured JWKS.
public struct CompactJWS: Sendable {
    /// The default size cap, in bytes of the whole token.
    public static let defaultMaximumBytes = 8192

    public let header: [String: JSONValue]
    public let payload: [UInt8]
    /// The ASCII bytes `BASE64URL(header) '.' BASE64URL(payload)` that the signature covers.
    public let signingInput: [UInt8]
    public let signature: [UInt8]

    public var algorithm: String { header["alg"]?.stringValue ?? "" }
    public var keyID: String? { header["kid"]?.stringValue }

    public init(_ token: some StringProtocol, maximumBytes: Int = CompactJWS.defaultMaximumBytes) throws(JWTError) {
        let utf8 = token.utf8
        guard utf8.count <= maximumBytes else {
            throw .malformed("token larger than \(maximumBytes) bytes")
        }
        let bytes = UTF8Bytes.array(utf8)
        // The two separators, found in one pass; a third means too many segments.
        var firstDot = -1, secondDot = -1, tooMany = false
        bytes.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index] == UInt8(ascii: ".") {
                if firstDot < 0 { firstDot = index } else if secondDot < 0 { secondDot = index } else { tooMany = true; break }
            }
        }
        guard secondDot >= 0, !tooMany else { throw .malformed("token does not have exactly three segments") }
        let headerPart = bytes[..<firstDot]
        let payloadPart = bytes[(firstDot + 1)..<secondDot]
        let signaturePart = bytes[(secondDot + 1)...]
        guard !headerPart.isEmpty else { throw .malformed("empty header segment") }
        guard let headerBytes = Base64URL.decode(utf8: headerPart),
              let payload = Base64URL.decode(utf8: payloadPart),
              let signature = Base64URL.decode(utf8: signaturePart)
        else { throw .malformed("segment is not strict base64url") }

        let header: [String: JSONValue]
        do {
            header = try JOSEJSON.parseObject(headerBytes)
        } catch {
            throw .malformed("header is not a JSON object without duplicate members")
        }
        guard header["alg"]?.stringValue != nil else { throw .malformed("header has no alg") }
        if let kid = header["kid"], kid.stringValue == nil { throw .malformed("kid is not a string") }
        guard header["crit"] == nil else { throw .malformed("critical header parameters are not supported") }

        self.header = header
        self.payload = payload
        self.signingInput = Array(bytes[..<secondDot])
        self.signature = signature
    }
}
