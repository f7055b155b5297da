@testable import Age
import Crypto
import Testing

struct KeyTests {
    static let specIdentity = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
    static let specRecipient = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"

    @Test func specExampleIdentityHasSpecExampleRecipient() throws {
        let identity = try X25519Identity(parsing: Self.specIdentity)
        #expect(identity.recipient.encoded == Self.specRecipient)
        #expect(identity.encoded == Self.specIdentity)
        #expect(try X25519Recipient(parsing: Self.specRecipient) == identity.recipient)
    }

    @Test func generatedKeysRoundTripThroughTheirEncodings() throws {
        let identity = X25519Identity.generate()
        #expect(identity.encoded.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(try X25519Identity(parsing: identity.encoded).recipient == identity.recipient)
        #expect(try X25519Recipient(parsing: identity.recipient.encoded) == identity.recipient)
    }

    @Test(arguments: [
        "age1ZVKYG2LQZRAA2LNJVQEJ32NKUU0UES2S82HZRYE869XEEXVN73EQUNUJWJ",  // mixed case
        "AGE1ZVKYG2LQZRAA2LNJVQEJ32NKUU0UES2S82HZRYE869XEEXVN73EQUNUJWJ",  // uppercase recipient
        "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwq",  // bad checksum
        "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",  // wrong length/checksum
        "age1", "", "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj ",
    ])
    func rejectsMalformedRecipients(_ text: String) {
        let error = #expect(throws: AgeError.self) { try X25519Recipient(parsing: text) }
        #expect(error?.kind == .invalidKey)
    }

    @Test func rejectsLowercaseAndMixedCaseIdentitiesWithoutEchoingThem() {
        for text in [Self.specIdentity.lowercased(), "AGE-SECRET-KEY-1gFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"] {
            let error = #expect(throws: AgeError.self) { try X25519Identity(parsing: text) }
            #expect(error?.kind == .invalidKey)
            #expect(error.map { !"\($0)".contains("GFPYYSJZ") } == true)
        }
    }

    @Test func postQuantumKeysAreAnUnsupportedRecipientType() {
        let error = #expect(throws: AgeError.self) {
            try X25519Identity(parsing: "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG")
        }
        #expect(error?.kind == .unsupportedRecipientType)
    }

    @Test func sshKeysAreAnUnsupportedTypeNotAMalformedKey() {
        let recipient = #expect(throws: AgeError.self) { try X25519Recipient(parsing: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA") }
        #expect(recipient?.kind == .unsupportedRecipientType)
        let identity = #expect(throws: AgeError.self) { try AgeKeyFile.identities(parsing: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n") }
        #expect(identity?.kind == .unsupportedRecipientType)
        #expect(identity?.line == 1)
    }

    @Test func identityFileSkipsCommentsAndBlankLinesAndReadsSeveralKeys() throws {
        let other = X25519Identity.generate()
        let text = "# created: 2026-01-01T00:00:00Z\n# public key: \(Self.specRecipient)\n\(Self.specIdentity)\r\n\n\(other.encoded)\n"
        let ids = try AgeKeyFile.identities(parsing: text)
        #expect(ids.map(\.recipient) == [try X25519Identity(parsing: Self.specIdentity).recipient, other.recipient])
    }

    @Test func identityFileErrorsCarryTheLineNumber() {
        let error = #expect(throws: AgeError.self) {
            try AgeKeyFile.identities(parsing: "# comment\n\n\(Self.specIdentity)\nAGE-SECRET-KEY-1BOGUS\n")
        }
        #expect(error?.kind == .invalidKeyFile)
        #expect(error?.line == 4)
        #expect(error.map { !"\($0)".contains("BOGUS") } == true)
    }

    @Test func emptyKeyFilesAreErrors() {
        #expect(throws: AgeError.self) { try AgeKeyFile.identities(parsing: "# nothing\n\n") }
        #expect(throws: AgeError.self) { try AgeKeyFile.recipients(parsing: "") }
    }

    @Test func recipientsFileReadsSeveralAndNamesTheBadLine() throws {
        let a = X25519Identity.generate().recipient, b = X25519Identity.generate().recipient
        #expect(try AgeKeyFile.recipients(parsing: "# team\n\(a.encoded)\n\n\(b.encoded)\n") == [a, b])
        let error = #expect(throws: AgeError.self) { try AgeKeyFile.recipients(parsing: "\(a.encoded)\nage1nope\n") }
        #expect(error?.line == 2)
    }

    @Test func base64DecoderRejectsNonCanonicalAndPaddedInput() {
        #expect(AgeBase64.decode("AA") == [0])
        #expect(AgeBase64.decode("AB") == nil)       // non-zero unused bits
        #expect(AgeBase64.decode("AA==") == nil)     // padding in unpadded form
        #expect(AgeBase64.decode("A") == nil)
        #expect(AgeBase64.decodePadded(Array("AA==".utf8)) == [0])
        #expect(AgeBase64.decodePadded(Array("AA".utf8)) == nil)
        #expect(AgeBase64.decodePadded(Array("AB==".utf8)) == nil)
    }
}
