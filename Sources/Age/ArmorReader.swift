/// A source that strictly decodes an armored file read from another source.
///
/// States: before BEGIN (whitespace only) -> body lines (64 columns, the last 1-64 with
/// padding) -> after END (whitespace only) -> done. Every defect throws `AgeError.armor`, so
/// it surfaces as a decryption failure. Lines are checked and decoded in place in the input
/// buffer (no per-line allocation); memory is two fixed buffers.
final class ArmorReader: AgeByteSource {
    private enum State { case beforeBegin, body, done }

    private let source: any AgeByteSource
    private var state = State.beforeBegin
    private var input = [UInt8](repeating: 0, count: 64 * 1024)
    private var inputStart = 0, inputEnd = 0, sourceEnded = false
    /// Decoded bytes: `decoded[decodedStart..<decodedEnd]` not yet returned.
    private var decoded = [UInt8](repeating: 0, count: 1024 * 48)
    private var decodedStart = 0, decodedEnd = 0

    init(source: any AgeByteSource) {
        self.source = source
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while decodedStart == decodedEnd {
            decodedStart = 0
            decodedEnd = 0
            if state == .done { return 0 }
            try step()
        }
        let n = min(buffer.count, decodedEnd - decodedStart)
        decoded.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[decodedStart..<decodedStart + n])) }
        decodedStart += n
        return n
    }

    /// Makes progress: consumes the BEGIN line, a batch of body lines, or the trailer.
    private func step() throws {
        switch state {
        case .beforeBegin:
            var skipped = 0
            while let c = try peekByte(), AgeArmor.isWhitespace(c) {
                inputStart += 1; skipped += 1
                guard skipped <= AgeArmor.maxSurroundingWhitespace else { throw AgeError.armor("too much leading whitespace") }
            }
            guard let line = try nextLine(), isLine(line, AgeArmor.begin) else { throw AgeError.armor("missing BEGIN line") }
            state = .body
        case .body:
            // Up to 1024 lines per step; each full line decodes to 48 bytes.
            while decodedEnd + 48 <= decoded.count {
                guard let line = try nextLine() else { throw AgeError.armor("missing END line") }
                if isLine(line, AgeArmor.end) { try finishTrailer(); return }
                guard !line.isEmpty, line.count <= AgeArmor.columns else { throw AgeError.armor("line of wrong length") }
                if line.count == AgeArmor.columns && input[line.upperBound - 1] != UInt8(ascii: "=") {
                    let ok = input.withUnsafeBytes { src in
                        decoded.withUnsafeMutableBytes { dst in
                            AgeBase64.decodeQuads(UnsafeRawBufferPointer(rebasing: src[line]), into: dst.baseAddress! + decodedEnd)
                        }
                    }
                    guard ok else { throw AgeError.armor("invalid base64") }
                    decodedEnd += 48
                    continue
                }
                // A short or padded line is the last one: END must follow.
                guard let bytes = AgeBase64.decodePadded(input[line]) else { throw AgeError.armor("invalid or non-canonical base64") }
                decoded.replaceSubrange(decodedEnd..<decodedEnd + bytes.count, with: bytes)
                decodedEnd += bytes.count
                guard let endLine = try nextLine(), isLine(endLine, AgeArmor.end) else { throw AgeError.armor("data after the last line") }
                try finishTrailer()
                return
            }
        case .done:
            return
        }
    }

    private func isLine(_ range: Range<Int>, _ expected: [UInt8]) -> Bool {
        range.count == expected.count && input[range].elementsEqual(expected)
    }

    /// After END: only whitespace, then the end of the input.
    private func finishTrailer() throws {
        var skipped = 0
        while let c = try peekByte() {
            guard AgeArmor.isWhitespace(c) else { throw AgeError.armor("data after the END line") }
            inputStart += 1; skipped += 1
            guard skipped <= AgeArmor.maxSurroundingWhitespace else { throw AgeError.armor("too much trailing whitespace") }
        }
        state = .done
    }

    /// Moves unread input to the front and reads more after it.
    private func fill() throws {
        if inputStart > 0 {
            input.withUnsafeMutableBytes { buf in
                buf.baseAddress!.copyMemory(from: buf.baseAddress! + inputStart, byteCount: inputEnd - inputStart)
            }
            inputEnd -= inputStart
            inputStart = 0
        }
        guard !sourceEnded, inputEnd < input.count else { return }
        let n = try input.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[inputEnd...])) }
        if n == 0 { sourceEnded = true }
        inputEnd += n
    }

    private func peekByte() throws -> UInt8? {
        if inputStart == inputEnd { try fill() }
        return inputStart < inputEnd ? input[inputStart] : nil
    }

    /// The range in `input` of the next line without its LF or CRLF (valid until the next
    /// call); nil at the end of input. A final line without a line ending is returned as is
    /// (only END may be such a line). Lines longer than any valid line throw.
    private func nextLine() throws -> Range<Int>? {
        let maxLine = 80
        var searched = 0
        while true {
            var i = inputStart + searched
            while i < inputEnd, input[i] != UInt8(ascii: "\n") { i += 1 }
            if i < inputEnd {
                var stop = i
                if stop > inputStart, input[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                let line = inputStart..<stop
                inputStart = i + 1
                guard line.count <= maxLine else { throw AgeError.armor("line too long") }
                return line
            }
            searched = inputEnd - inputStart
            guard searched <= maxLine else { throw AgeError.armor("line too long") }
            if sourceEnded {
                guard searched > 0 else { return nil }
                let line = inputStart..<inputEnd
                inputStart = inputEnd
                return line
            }
            try fill()
        }
    }
}
