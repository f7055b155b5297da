import JSON

// MCP_LOCAL=stdio:<command line> is split into words the way a POSIX shell would split it,
// and then run WITHOUT a shell (posix_spawnp: the first word is looked up on PATH):
//
//   - blanks (space, tab, newline) separate words;
//   - '…' keeps everything literally; "…" too, except that \" \\ \$ \` and \<newline> are
//     escapes; outside quotes a backslash keeps the next character literally;
//   - '' or "" is an empty word;
//   - nothing is expanded: no $VARIABLES, `commands`, globs (* ? [), ~ or comments (#), and no
//     operators (| & ; < > ( )). Each of those, unquoted, is refused with a message, so a line
//     written for a shell never silently means something else; quote them to pass them on.
//     Variable assignments before the command (`A=b cmd`) are not supported either: the
//     child inherits the gateway's environment.

enum CommandLineWords {
    struct Failure: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    static func split(_ line: String) throws(Failure) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        var inWord = false
        let bytes = Array(line.utf8)
        var i = 0
        func finish() {
            if inWord { words.append(String(decoding: word, as: UTF8.self)) }
            word = []
            inWord = false
        }
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case 0x20, 0x09, 0x0A:
                finish()
                i += 1
            case UInt8(ascii: "'"):
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "'")) else {
                    throw Failure(description: "unterminated single quote")
                }
                word += bytes[(i + 1)..<close]
                inWord = true
                i = close + 1
            case UInt8(ascii: "\""):
                inWord = true
                i += 1
                var closed = false
                while i < bytes.count {
                    let inner = bytes[i]
                    if inner == UInt8(ascii: "\"") { closed = true; i += 1; break }
                    if inner == UInt8(ascii: "\\"), i + 1 < bytes.count {
                        let next = bytes[i + 1]
                        if next == 0x0A { i += 2; continue }
                        if [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "`")].contains(next) {
                            word.append(next)
                            i += 2
                            continue
                        }
                    }
                    if inner == UInt8(ascii: "$") || inner == UInt8(ascii: "`") {
                        throw Failure(description: "\(Character(Unicode.Scalar(inner))) inside double quotes would be expanded by a shell; no expansion is done here: escape it (\\\(Character(Unicode.Scalar(inner)))) or use single quotes")
                    }
                    word.append(inner)
                    i += 1
                }
                guard closed else { throw Failure(description: "unterminated double quote") }
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { throw Failure(description: "a backslash ends the line") }
                if bytes[i + 1] != 0x0A {
                    word.append(bytes[i + 1])
                    inWord = true
                }
                i += 2
            case UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "$"), UInt8(ascii: "`"),
                 UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["):
                throw Failure(description: "unquoted \(Character(Unicode.Scalar(byte))): the command runs without a shell, so operators, expansions and globs are not supported; quote it to pass it literally")
            case UInt8(ascii: "#") where !inWord, UInt8(ascii: "~") where !inWord:
                throw Failure(description: "unquoted \(Character(Unicode.Scalar(byte))) at the start of a word (a shell would treat it specially); quote it to pass it literally")
            default:
                word.append(byte)
                inWord = true
                i += 1
            }
        }
        finish()
        guard !words.isEmpty else { throw Failure(description: "empty command line") }
        if let first = words.first, first.contains("="), !first.contains("/") {
            throw Failure(description: "\(first.prefix(64)): variable assignments before the command are not supported (the child inherits the gateway's environment)")
        }
        return words
    }
}
