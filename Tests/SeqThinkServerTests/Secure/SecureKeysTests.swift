import Age
import Foundation
@testable import SeqThinkServer
import Testing
import TestSupport

/// Loading the key files prepares the response recipients (an Edwards table each, so sealing
/// every response costs one fast X25519) up to `maxPreparedRecipients`; the rest stay plain.
struct SecureKeysTests {
    @Test func responseRecipientsArePreparedUpToTheLimit() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = X25519Identity.generate()
        let identityPath = directory.appendingPathComponent("id.key").path
        try "\(identity.encoded)\n".write(toFile: identityPath, atomically: true, encoding: .utf8)
        chmod(identityPath, 0o600)
        let count = SecureKeys.maxPreparedRecipients + 2
        let owners = (0..<count).map { _ in X25519Identity.generate() }
        let recipients = owners.map(\.recipient)
        let recipientsPath = directory.appendingPathComponent("recipients").path
        try ("# response recipients\n" + recipients.map { $0.encoded + "\n" }.joined())
            .write(toFile: recipientsPath, atomically: true, encoding: .utf8)

        let keys = try SecureKeys.load(identityPath: identityPath, recipientsPath: recipientsPath,
                                       clientRecipientsAllowed: false, warn: { _, _ in })
        #expect(keys.responseRecipients == recipients)
        #expect(keys.responseRecipients.prefix(SecureKeys.maxPreparedRecipients).allSatisfy { $0.isPrepared })
        #expect(keys.responseRecipients.suffix(2).allSatisfy { !$0.isPrepared })
        // A response sealed to all of them opens with the key of a prepared one and of a plain one.
        let sealed = try Age.seal(Array("answer".utf8), to: keys.responseRecipients)
        #expect(try Age.open(sealed, with: [owners[0]]) == Array("answer".utf8))
        #expect(try Age.open(sealed, with: [owners[count - 1]]) == Array("answer".utf8))
        #expect(throws: AgeError.self) { try Age.open(sealed, with: [identity]) }
    }
}
