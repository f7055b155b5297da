internal import CLZ4

/// LZ4 frame format (liblz4 `LZ4F_*`), as the `lz4` command line tool writes it.
public enum LZ4Frame {
    /// Compresses `input` into one LZ4 frame.
    public static func compress(_ input: [UInt8]) throws -> [UInt8] {
        let bound = LZ4F_compressFrameBound(input.count, nil)
        guard LZ4F_isError(bound) == 0, bound > 0 else { throw CryptoError.invalidLength("LZ4 input of \(input.count) bytes") }
        var out = [UInt8](repeating: 0, count: bound)
        let written = input.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                LZ4F_compressFrame(dst.baseAddress, dst.count, src.baseAddress, src.count, nil)
            }
        }
        guard LZ4F_isError(written) == 0 else { throw CryptoError.libraryFailure("LZ4F_compressFrame") }
        out.removeSubrange(written...)
        return out
    }

    /// Decompresses one LZ4 frame. Output past `maxOutput` bytes throws `outputLimitExceeded`
    /// before it is stored: memory grows with what is really produced, 64 KiB at a time, never
    /// with what a header claims. Trailing bytes after the frame are an error.
    public static func decompress(_ input: [UInt8], maxOutput: Int) throws -> [UInt8] {
        guard !input.isEmpty else { throw CryptoError.malformedInput("empty LZ4 input") }
        let context = try DecompressionContext()
        var output: [UInt8] = []
        let stepSize = 64 * 1024
        var step = [UInt8](repeating: 0, count: stepSize)
        var consumed = 0
        var finished = false
        try input.withUnsafeBytes { src in
            try step.withUnsafeMutableBytes { dst in
                while !finished {
                    var dstSize = dst.count
                    var srcSize = src.count - consumed
                    let hint = LZ4F_decompress(context.pointer, dst.baseAddress, &dstSize, src.baseAddress! + consumed, &srcSize, nil)
                    guard LZ4F_isError(hint) == 0 else {
                        throw CryptoError.malformedInput(String(cString: LZ4F_getErrorName(hint)))
                    }
                    consumed += srcSize
                    if dstSize > 0 {
                        guard output.count + dstSize <= maxOutput else { throw CryptoError.outputLimitExceeded(maxOutput) }
                        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: dst[0..<dstSize]))
                    }
                    if hint == 0 { finished = true; break }
                    // Input exhausted and nothing more produced: the frame is truncated.
                    if consumed == src.count && dstSize == 0 && srcSize == 0 {
                        throw CryptoError.malformedInput("truncated LZ4 frame")
                    }
                }
            }
        }
        guard consumed == input.count else { throw CryptoError.malformedInput("data after the LZ4 frame") }
        return output
    }

    /// Owns one LZ4F decompression context.
    private final class DecompressionContext {
        let pointer: OpaquePointer

        init() throws {
            var ctx: OpaquePointer?
            let status = LZ4F_createDecompressionContext(&ctx, UInt32(LZ4F_VERSION))
            guard LZ4F_isError(status) == 0, let ctx else { throw CryptoError.libraryFailure("LZ4F_createDecompressionContext") }
            pointer = ctx
        }

        deinit { LZ4F_freeDecompressionContext(pointer) }
    }
}
