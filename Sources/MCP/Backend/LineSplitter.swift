// Splits a byte stream into LF-terminated lines (a trailing CR removed) with a hard cap: a
// line longer than `maximumBytes` is dropped whole (reported once), never buffered beyond the
// cap, so a child that floods its stdout cannot exhaust memory.

struct LineSplitter {
    enum Item: Equatable {
        case line([UInt8])
        /// A line longer than the cap was dropped (reported when its end arrives, or at once).
        case overlong
    }

    let maximumBytes: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    init(maximumBytes: Int) { self.maximumBytes = maximumBytes }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Item) -> Void) {
        var start = 0
        let count = chunk.count
        while start < count {
            var end = start
            while end < count, chunk[end] != 0x0A { end += 1 }
            let segment = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if !discarding {
                if buffer.count + segment.count > maximumBytes {
                    discarding = true
                    buffer = []
                    emit(.overlong)
                } else {
                    buffer.append(contentsOf: segment)
                }
            }
            guard end < count else { break }
            // A line feed: the line ends here.
            if discarding {
                discarding = false
            } else {
                if buffer.last == 0x0D { buffer.removeLast() }
                emit(.line(buffer))
                buffer.removeAll(keepingCapacity: buffer.count <= 64 * 1024)
            }
            start = end + 1
        }
    }
}
