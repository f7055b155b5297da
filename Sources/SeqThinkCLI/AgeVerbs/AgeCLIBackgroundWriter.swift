import Age
internal import Dispatch
internal import Synchronization

// Threads and ownership: the verb's thread (producer) copies each chunk into a free slot of a
// fixed ring and signals `filled`; one writer task (consumer) writes filled slots to the
// underlying sink in order and signals `free`. A slot belongs to exactly one side between a
// wait and the matching signal, so the slots need no lock; the first write error is kept
// under a Mutex and reported to the producer. Memory is constant: `slots` x `slotSize`
// (2 MiB by default); writes are coalesced into whole slots.
// Why: writing a file costs the kernel about as much CPU as decrypting it, so doing it on
// the second core overlaps the two (see bench/results-age.md).

/// A sink that hands writes to a background thread, preserving their order.
final class AgeCLIBackgroundWriter: AgeByteSink, @unchecked Sendable {
    private let sink: any AgeByteSink
    private let slotSize: Int
    private var slots: [UnsafeMutableRawBufferPointer]
    private var lengths: [Int]
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let failure = Mutex<(any Error)?>(nil)
    private var produceIndex = 0
    /// Whether the producer holds slot `produceIndex`, and how much of it is filled.
    private var acquired = false
    private var fill = 0
    private var closed = false

    init(sink: any AgeByteSink, slots count: Int = 4, slotSize: Int = 512 * 1024) {
        self.sink = sink
        self.slotSize = slotSize
        slots = (0..<count).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: slotSize, alignment: 64) }
        lengths = [Int](repeating: 0, count: count)
        free = DispatchSemaphore(value: count)
        DispatchQueue.global().async { self.consume() }
    }

    deinit {
        for slot in slots { slot.deallocate() }
    }

    /// Consumer loop: a length of -1 is the end marker.
    private func consume() {
        var index = 0
        while true {
            filled.wait()
            let length = lengths[index]
            if length < 0 {
                // libdispatch traps when a semaphore is freed below its initial value.
                free.signal()
                break
            }
            if failure.withLock({ $0 == nil }) {
                do { try sink.write(UnsafeRawBufferPointer(rebasing: slots[index][0..<length])) } catch {
                    failure.withLock { $0 = error }
                }
            }
            free.signal()
            index = (index + 1) % slots.count
        }
        done.signal()
    }

    /// Copies `bytes` into slots; a slot is handed to the writer when full (or at close), so
    /// small writes are coalesced into few large system calls.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!closed, "write after finish")
        var offset = 0
        while offset < bytes.count {
            if let error = failure.withLock({ $0 }) { throw error }
            if !acquired {
                free.wait()
                acquired = true
                fill = 0
            }
            let n = min(slotSize - fill, bytes.count - offset)
            (slots[produceIndex].baseAddress! + fill).copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            fill += n
            offset += n
            if fill == slotSize { handOver() }
        }
    }

    private func handOver() {
        lengths[produceIndex] = fill
        produceIndex = (produceIndex + 1) % slots.count
        acquired = false
        filled.signal()
    }

    /// Waits until everything written is out; throws the first write error.
    func finish() throws {
        close()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Stops the writer thread (after what is queued) and waits for it. Idempotent.
    func close() {
        guard !closed else { return }
        closed = true
        if acquired { handOver() }
        free.wait()
        lengths[produceIndex] = -1
        filled.signal()
        done.wait()
    }
}
