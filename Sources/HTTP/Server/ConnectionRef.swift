/// Identifies a connection on its loop. The id guards against a reused file descriptor:
/// a reply for a connection that closed is dropped, never sent to its successor.
struct ConnectionRef: Sendable, Hashable {
    let fd: Int32
    let id: UInt64
}
