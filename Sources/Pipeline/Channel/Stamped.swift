/// An element together with the instant its sender called `send`.
///
/// The stamp is taken when `send` is called, not when the element enters the buffer, so a sender
/// held by backpressure counts as waiting in the queue: the queue wait a consumer computes
/// (`enqueuedAt.duration(to: .now)`) is the whole time the element waited for this stage.
public struct Stamped<Element: Sendable>: Sendable {
    public var element: Element
    public var enqueuedAt: ContinuousClock.Instant

    @inlinable
    public init(_ element: Element, enqueuedAt: ContinuousClock.Instant) {
        self.element = element
        self.enqueuedAt = enqueuedAt
    }
}
