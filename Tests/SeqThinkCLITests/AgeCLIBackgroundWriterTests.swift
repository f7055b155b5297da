import Age
@testable import SeqThinkCLI
import Testing

struct AgeCLIBackgroundWriterTests {
    final class FailingSink: AgeByteSink {
        var written = 0
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            written += bytes.count
            if written > 300_000 { throw TestFailure() }
        }
    }
    struct TestFailure: Error {}

    @Test func keepsOrderAcrossSlotsAndWritesLargerThanASlot() throws {
        let sink = AgeMemorySink()
        let writer = AgeCLIBackgroundWriter(sink: sink, slots: 3, slotSize: 1000)
        var expected: [UInt8] = []
        for i in 0..<200 {
            let piece = [UInt8](repeating: UInt8(i), count: (i * 37) % 2500)
            expected += piece
            try writer.write(piece)
        }
        try writer.finish()
        #expect(sink.bytes == expected)
    }

    @Test func reportsTheFirstWriteErrorToTheProducer() {
        let writer = AgeCLIBackgroundWriter(sink: FailingSink(), slots: 2, slotSize: 64 * 1024)
        #expect(throws: TestFailure.self) {
            for _ in 0..<100 { try writer.write([UInt8](repeating: 1, count: 64 * 1024)) }
            try writer.finish()
        }
        writer.close()
    }

    @Test func closeWithoutWritesEndsCleanly() throws {
        let writer = AgeCLIBackgroundWriter(sink: AgeMemorySink())
        try writer.finish()
        writer.close()
    }
}
