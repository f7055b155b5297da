// A growable FIFO ring buffer: O(1) append and removeFirst, O(n) removal from the middle
// (used only when a suspended sender or receiver is cancelled, which is rare).
// Not thread-safe: it lives inside the channel's Mutex. Inlinable so that the channel is
// specialised for the element type in the module that uses it.

@usableFromInline
struct RingBuffer<Element> {
    @usableFromInline var storage: [Element?]
    @usableFromInline var head = 0
    @usableFromInline var count = 0

    @inlinable
    init(initialCapacity: Int = 8) {
        storage = Array(repeating: nil, count: Swift.max(1, initialCapacity))
    }

    @inlinable
    var isEmpty: Bool { count == 0 }

    @inlinable
    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = element
        count += 1
    }

    @inlinable
    mutating func removeFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head].take()
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    @inlinable
    var first: Element? { count > 0 ? storage[head] : nil }

    /// Removes and returns the first element matching `predicate`, keeping the order of the rest.
    @inlinable
    mutating func removeFirst(where predicate: (Element) -> Bool) -> Element? {
        for offset in 0..<count {
            let index = (head + offset) % storage.count
            guard let candidate = storage[index], predicate(candidate) else { continue }
            // Shift the elements after it one slot towards the head.
            for later in offset..<(count - 1) {
                storage[(head + later) % storage.count] = storage[(head + later + 1) % storage.count]
            }
            storage[(head + count - 1) % storage.count] = nil
            count -= 1
            return candidate
        }
        return nil
    }

    /// Removes every element, oldest first.
    @inlinable
    mutating func removeAll() -> [Element] {
        var all: [Element] = []
        all.reserveCapacity(count)
        while let element = removeFirst() { all.append(element) }
        return all
    }

    @inlinable
    mutating func grow() {
        var bigger: [Element?] = Array(repeating: nil, count: storage.count * 2)
        for offset in 0..<count { bigger[offset] = storage[(head + offset) % storage.count] }
        storage = bigger
        head = 0
    }
}
