/// Parses an age header from the start of a byte buffer.
///
/// `parse` returns nil when the buffer ends before the MAC line does (a streaming reader then
/// reads more); every defect throws `AgeError.header`. The buffer is never copied except for
/// the small pieces kept (arguments, bodies, the MAC input).
enum AgeHeaderParser {
    struct Parsed {
        var header: AgeHeader
        /// Bytes the MAC covers (the header through "---").
        var macInput: [UInt8]
        /// Total header length including the MAC line's LF.
        var length: Int
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> Parsed? {
        var cursor = Cursor(bytes: bytes)
        guard let version = try cursor.line() else {
            // Not even a full first line: fail early when what is there cannot become one.
            let prefix = AgeHeader.versionPrefix
            let n = min(bytes.count, prefix.count)
            if !bytes.prefix(n).elementsEqual(prefix.prefix(n)) { throw AgeError.header("not an age file (unexpected intro)") }
            return nil
        }
        guard version.elementsEqual(AgeHeader.versionLine.dropLast()) else {
            if version.starts(with: AgeHeader.versionPrefix) { throw AgeError.header("unsupported age format version") }
            throw AgeError.header("not an age file (unexpected intro)")
        }
        var stanzas: [AgeStanza] = []
        while true {
            guard let line = try cursor.line() else { return nil }
            if line.starts(with: Array("---".utf8)) {
                let macInputEnd = cursor.offset - line.count - 1 + 3
                guard line.count == 4 + 43, line[line.startIndex + 3] == UInt8(ascii: " "),
                      let mac = AgeBase64.decode(line.dropFirst(4)), mac.count == 32
                else { throw AgeError.header("malformed MAC line") }
                guard !stanzas.isEmpty else { throw AgeError.header("header has no recipient stanza") }
                return Parsed(header: AgeHeader(stanzas: stanzas, mac: mac),
                              macInput: Array(bytes[0..<macInputEnd]), length: cursor.offset)
            }
            guard line.starts(with: Array("-> ".utf8)) else { throw AgeError.header("malformed stanza line") }
            let arguments = line.dropFirst(3).split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard !arguments.isEmpty else { throw AgeError.header("stanza without arguments") }
            for argument in arguments {
                guard !argument.isEmpty, argument.allSatisfy({ $0 >= 0x21 && $0 <= 0x7e }) else {
                    throw AgeError.header("invalid stanza argument")
                }
            }
            var encodedBody: [UInt8] = []
            while true {
                guard let bodyLine = try cursor.line() else { return nil }
                guard bodyLine.count <= 64, bodyLine.allSatisfy(AgeBase64.isAlphabet) else {
                    throw AgeError.header("malformed stanza body line")
                }
                encodedBody += bodyLine
                if bodyLine.count < 64 { break }
            }
            guard let body = AgeBase64.decode(encodedBody) else { throw AgeError.header("stanza body is not canonical base64") }
            stanzas.append(AgeStanza(arguments: arguments.map { String(decoding: $0, as: UTF8.self) }, body: body))
        }
    }

    /// Reads LF-terminated lines out of the buffer.
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        /// The next line without its LF, nil when no LF follows yet.
        mutating func line() throws -> Slice<UnsafeRawBufferPointer>? {
            let start = offset
            let limit = min(bytes.count, start + AgeHeader.maxLineLength + 1)
            var i = start
            while i < limit {
                if bytes[i] == UInt8(ascii: "\n") {
                    offset = i + 1
                    return bytes[start..<i]
                }
                i += 1
            }
            if limit - start > AgeHeader.maxLineLength { throw AgeError.header("header line too long") }
            if start >= AgeHeader.maxHeaderLength { throw AgeError.header("header too long") }
            return nil
        }
    }
}
