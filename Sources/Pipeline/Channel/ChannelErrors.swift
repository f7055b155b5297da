/// `send` was called on, or was suspended in, a channel that has been finished.
/// The element was not enqueued: the caller still owns it.
public struct ChannelClosed: Error, Equatable, CustomStringConvertible {
    @inlinable public init() {}
    public var description: String { "channel closed" }
}

/// `send(_:timeout:)` could not enqueue before the timeout.
/// The element was not enqueued: the caller still owns it.
public struct ChannelTimedOut: Error, Equatable, CustomStringConvertible {
    @inlinable public init() {}
    public var description: String { "channel full: send timed out" }
}

/// The outcome of `trySend`, which never suspends.
public enum TrySendResult: Sendable, Equatable {
    /// The element is in the channel (or was handed straight to a waiting receiver).
    case enqueued
    /// The channel is at capacity; the caller keeps the element.
    case full
    /// The channel is finished; the caller keeps the element.
    case closed
}
