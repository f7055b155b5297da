/// `send(_:timeout:)` could not enqueue before the timeout.
/// The element was not enqueued: the caller still owns it.
public struct ChannelTimedOut: Error, Equatable, CustomStringConvertible {
    @inlinable public init() {}
    public var description: String { "channel full: send timed out" }
}
