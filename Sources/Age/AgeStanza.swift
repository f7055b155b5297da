/// One recipient stanza of an age header: `-> type args…` and a body.
public struct AgeStanza: Sendable, Equatable {
    /// All arguments; the first names the recipient type (`X25519`, `scrypt`, …).
    public var arguments: [String]
    /// The decoded body.
    public var body: [UInt8]

    /// A stanza with `arguments` (the first is the type) and a raw (decoded) body.
    public init(arguments: [String], body: [UInt8]) {
        self.arguments = arguments
        self.body = body
    }

    /// The first argument.
    public var type: String { arguments.first ?? "" }
}
