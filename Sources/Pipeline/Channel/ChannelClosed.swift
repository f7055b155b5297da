/// `send` was called on, or was suspended in, a channel that has been finished.
/// The element was not enqueued: the caller still owns it.
public struct ChannelClosed: Error, Equatable, CustomStringConvertible {
    @inlinable public init() {}
    public var description: String { "channel closed" }
}
