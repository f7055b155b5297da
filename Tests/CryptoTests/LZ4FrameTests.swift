import Crypto
import Testing

struct LZ4FrameTests {
    @Test(arguments: [0, 1, 1000, 65536, 300_000])
    func roundTripsAnySize(_ size: Int) throws {
        let input = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
        let frame = try LZ4Frame.compress(input)
        #expect(try LZ4Frame.decompress(frame, maxOutput: size) == input)
    }

    @Test func decompressionBombPastLimitIsAnError() throws {
        let bomb = try LZ4Frame.compress([UInt8](repeating: 0, count: 8 << 20))
        #expect(bomb.count < 64 * 1024)
        #expect(throws: CryptoError.outputLimitExceeded(1 << 20)) { try LZ4Frame.decompress(bomb, maxOutput: 1 << 20) }
    }

    @Test func limitExactlyAtSizeIsAccepted() throws {
        let input = [UInt8](repeating: 42, count: 100_000)
        #expect(try LZ4Frame.decompress(LZ4Frame.compress(input), maxOutput: 100_000).count == 100_000)
        #expect(throws: CryptoError.outputLimitExceeded(99_999)) { try LZ4Frame.decompress(LZ4Frame.compress(input), maxOutput: 99_999) }
    }

    @Test func rejectsEmptyGarbageTruncatedAndTrailingInput() throws {
        let frame = try LZ4Frame.compress(Array("hello hello hello hello".utf8))
        #expect(throws: CryptoError.self) { try LZ4Frame.decompress([], maxOutput: 100) }
        #expect(throws: CryptoError.self) { try LZ4Frame.decompress([1, 2, 3, 4, 5, 6, 7, 8], maxOutput: 100) }
        #expect(throws: CryptoError.self) { try LZ4Frame.decompress(Array(frame.dropLast(3)), maxOutput: 100) }
        #expect(throws: CryptoError.self) { try LZ4Frame.decompress(frame + [0], maxOutput: 100) }
    }
}
