/// GETs one URL and returns its body when the status is 200: the shape a JWKS fetch needs.
/// The service adapts it with `JWKSClosureFetcher { try await fetcher.fetch(timeout: $0, maximumBytes: $1) }`.
public struct HTTPClientBodyFetcher: Sendable {
    public let url: String
    public let client: HTTPClient

    public init(url: String, client: HTTPClient) {
        self.url = url
        self.client = client
    }

    /// The body of a 200 response; any other status is `unexpectedStatus`.
    public func fetch(timeout: Duration, maximumBytes: Int) async throws(HTTPClientError) -> [UInt8] {
        let request = HTTPClientRequest(url: url, headers: [("Accept", "application/json")], maximumResponseBytes: maximumBytes)
        let response = try await client.execute(request, timeout: timeout)
        guard response.status == 200 else { throw .unexpectedStatus(response.status) }
        return response.body
    }
}
