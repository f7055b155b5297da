public import JSON

// JOSE's reading of JSON on top of the one strict parser (module JSON): duplicate members are
// refused at any depth (RFC 7515 §5.2, RFC 7519 §7.2: two parsers that disagree on which
// duplicate wins is a known signature-bypass pattern), nesting is capped at 32, and numbers are
// read as Double where a NumericDate is needed (`JSONValue.numberValue`).
enum JOSEJSON {
    /// Deepest nesting of arrays and objects accepted in a header, claims set or JWK Set.
    static let maximumDepth = 32

    /// Parses a JSON text that must be an object; its members as a dictionary (the parser has
    /// already refused duplicates, so nothing is lost).
    static func parseObject(_ bytes: [UInt8]) throws(JSONParseError) -> [String: JSONValue] {
        guard case .object(let object) = try JSONParser.parse(bytes, maxDepth: maximumDepth) else {
            throw JSONParseError(message: "not a JSON object", offset: 0)
        }
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(object.count)
        for member in object.members { members[member.key] = member.value }
        return members
    }
}

extension JSONValue {
    /// An object value from a dictionary, members in sorted key order so equal dictionaries
    /// always encode equally.
    public static func object(sorting members: [String: JSONValue]) -> JSONValue {
        .object(JSONObject(members.keys.sorted().map { JSONMember($0, members[$0]!) }))
    }

    /// Compact JSON text with object keys sorted at every depth.
    public var serialized: String {
        String(decoding: JSONWriter.encode(sortedKeys), as: UTF8.self)
    }

    private var sortedKeys: JSONValue {
        switch self {
        case .array(let values): .array(values.map(\.sortedKeys))
        case .object(let object):
            .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { JSONMember($0.key, $0.value.sortedKeys) }))
        default: self
        }
    }
}
