/// The outcome of `trySend`, which never suspends.
public enum TrySendResult: Sendable, Equatable {
    /// The element is in the channel (or was handed straight to a waiting receiver).
    case enqueued
    /// The channel is at capacity; the caller keeps the element.
    case full
    /// The channel is finished; the caller keeps the element.
    case closed
}
