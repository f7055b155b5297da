/// A complete HTTP response.
public struct HTTPClientResponse: Sendable {
    public let status: Int
    public let reason: String
    /// Header fields in the order received, names as sent.
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}
