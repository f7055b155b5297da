import CSystem
import Glibc

/// Bytes waiting to be written to one connection, in order. Loop-confined.
///
/// Small pieces are coalesced into the last unsent buffer (one `send` per response in the
/// common case); a large body stays its own buffer so it is never copied. A stream chunk
/// carries its writer and payload size so the writer's buffer count drops when the socket
/// took it; the end of a stream carries a marker so its `onClose` runs once flushed.
struct OutputQueue {
    enum Marker {
        case none
        case streamEnd(HTTPStreamWriter)
    }

    private struct Entry {
        var bytes: [UInt8]
        var offset = 0
        var credit = 0
        var writer: HTTPStreamWriter?
        var marker = Marker.none
        var isPlain: Bool { writer == nil && { if case .none = marker { true } else { false } }() }
    }

    static let coalesceLimit = 64 << 10

    private var entries: [Entry] = []
    private var head = 0
    private(set) var byteCount = 0

    var isEmpty: Bool { byteCount == 0 && head == entries.count }

    mutating func append(_ bytes: [UInt8], credit: Int = 0, writer: HTTPStreamWriter? = nil, marker: Marker = .none) {
        if head > 64 && head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        let isPlain = writer == nil && { if case .none = marker { true } else { false } }()
        if isPlain, head < entries.count, entries[entries.count - 1].isPlain,
           entries[entries.count - 1].offset == 0,
           entries[entries.count - 1].bytes.count + bytes.count <= Self.coalesceLimit {
            entries[entries.count - 1].bytes.append(contentsOf: bytes)
        } else {
            entries.append(Entry(bytes: bytes, credit: credit, writer: writer, marker: marker))
        }
        byteCount += bytes.count
    }

    enum Progress {
        /// Everything was written.
        case drained
        /// The socket is full; wait for EPOLLOUT.
        case wouldBlock
        /// The peer is gone or the socket failed.
        case failed(Int32)
    }

    /// Writes as much as the socket takes. `flushed` is told of each marker as it completes.
    mutating func send(to fd: Int32, flushed: (Marker) -> Void) -> (written: Int, progress: Progress) {
        var written = 0
        while head < entries.count {
            let result = entries[head].bytes.withUnsafeBytes { raw -> Int in
                let offset = entries[head].offset
                guard offset < raw.count else { return 0 }
                return csystem_send(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return (written, .wouldBlock) }
                return (written, .failed(code))
            }
            written += result
            byteCount -= result
            entries[head].offset += result
            if entries[head].offset >= entries[head].bytes.count {
                let done = entries[head]
                entries[head] = Entry(bytes: [])
                head += 1
                if let writer = done.writer, done.credit > 0 { writer.released(done.credit) }
                flushed(done.marker)
            }
        }
        entries.removeAll(keepingCapacity: entries.count <= 8)
        head = 0
        return (written, .drained)
    }

    /// Drops everything (connection closing); stream credits are returned.
    mutating func discard() {
        for entry in entries[head...] {
            if let writer = entry.writer, entry.credit > 0 { writer.released(entry.credit) }
            if case .streamEnd(let writer) = entry.marker { writer.connectionClosed() }
        }
        entries = []
        head = 0
        byteCount = 0
    }
}
