// Identity and recipients files, as age reads them: one key a line, `#` comments and blank
// lines ignored, CRLF tolerated. An error names its line but never repeats a secret key.

/// Parsers for identity files (`-i`) and recipients files (`-R`).
public enum AgeKeyFile {
    /// Every identity in an identity file's text. Throws `.invalidKeyFile` or
    /// `.unsupportedRecipientType` with the 1-based line number; an empty file is an error.
    public static func identities(parsing text: String) throws -> [X25519Identity] {
        var result: [X25519Identity] = []
        for (number, line) in lines(text) {
            if line.hasPrefix("-----BEGIN") {
                throw AgeError(.unsupportedRecipientType, "unsupported identity type: SSH or PEM private keys are not supported", line: number)
            }
            do {
                result.append(try X25519Identity(parsing: line))
            } catch let error as AgeError {
                throw AgeError(error.kind == .unsupportedRecipientType ? .unsupportedRecipientType : .invalidKeyFile,
                               error.kind == .unsupportedRecipientType ? error.detail : "malformed secret key",
                               line: number)
            }
        }
        guard !result.isEmpty else { throw AgeError(.invalidKeyFile, "no secret keys found") }
        return result
    }

    /// Every recipient in a recipients file's text (same rules as identity files).
    public static func recipients(parsing text: String) throws -> [X25519Recipient] {
        var result: [X25519Recipient] = []
        for (number, line) in lines(text) {
            do {
                result.append(try X25519Recipient(parsing: line))
            } catch let error as AgeError {
                throw AgeError(error.kind == .unsupportedRecipientType ? .unsupportedRecipientType : .invalidKeyFile,
                               error.detail, line: number)
            }
        }
        guard !result.isEmpty else { throw AgeError(.invalidKeyFile, "no recipients found") }
        return result
    }

    /// Non-comment, non-blank lines with their 1-based numbers, trailing CR removed.
    static func lines(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        // "\r\n" is one Character in Swift, so both endings are named.
        let rawLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in rawLines.enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            out.append((index + 1, String(line)))
        }
        return out
    }
}
