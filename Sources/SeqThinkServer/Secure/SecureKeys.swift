import Age
import Foundation

/// The age keys of an encrypting gateway, read once at startup (CONTRACT.md "Encryption"):
/// the identities that open requests (`AGE_IDENT_PATH`) and the recipients responses are sealed
/// to (`AGE_RECIPS_PATH`). Immutable and Sendable, so every Decryptor/Encryptor worker shares it.
public struct SecureKeys: Sendable {
    /// Secret keys; only `Age.open` ever sees them. Never logged, never described.
    let identities: [X25519Identity]
    /// The default response recipients (empty only with AGE_CLIENT_RECIPIENTS=allow and no file).
    let responseRecipients: [X25519Recipient]
    /// Whether `Age-Recipient` request headers may replace `responseRecipients`.
    let clientRecipientsAllowed: Bool

    /// The public side of the loaded identities, `age1…`, in file order without duplicates.
    var ownRecipients: [String] {
        var seen = Set<String>()
        return identities.map(\.recipient.encoded).filter { seen.insert($0).inserted }
    }

    /// The body of GET /.well-known/age-recipient: one recipient a line.
    var wellKnownBody: String { ownRecipients.map { $0 + "\n" }.joined() }

    init(identities: [X25519Identity], responseRecipients: [X25519Recipient], clientRecipientsAllowed: Bool) {
        self.identities = identities
        self.responseRecipients = responseRecipients
        self.clientRecipientsAllowed = clientRecipientsAllowed
    }

    /// Reads and parses both files. Every problem is a `StartupError` naming the file (and the
    /// line, for a malformed key) but never a secret. `warn` receives the permission warning.
    static func load(identityPath: String, recipientsPath: String?, clientRecipientsAllowed: Bool,
                     warn: (String, Int) -> Void) throws -> SecureKeys {
        let identities: [X25519Identity]
        do {
            var bytes = try readFile(identityPath, what: "AGE_IDENT_PATH")
            defer { for i in bytes.indices { bytes[i] = 0 } }
            if let mode = try permissions(identityPath), mode & 0o044 != 0 {
                warn(identityPath, mode)
            }
            identities = try AgeKeyFile.identities(parsing: String(decoding: bytes, as: UTF8.self))
        } catch let error as AgeError {
            throw StartupError("AGE_IDENT_PATH \(identityPath): \(error.description)")
        }
        var recipients: [X25519Recipient] = []
        if let recipientsPath {
            let bytes = try readFile(recipientsPath, what: "AGE_RECIPS_PATH")
            do {
                recipients = try AgeKeyFile.recipients(parsing: String(decoding: bytes, as: UTF8.self))
            } catch let error as AgeError {
                throw StartupError("AGE_RECIPS_PATH \(recipientsPath): \(error.description)")
            }
        }
        // Every response is sealed to these: a table of each key's multiples halves the cost
        // of that X25519 (30 KiB and about a millisecond each, so only the first few get one).
        recipients = recipients.enumerated().map { index, recipient in
            index < maxPreparedRecipients ? recipient.prepared() : recipient
        }
        return SecureKeys(identities: identities, responseRecipients: recipients,
                          clientRecipientsAllowed: clientRecipientsAllowed)
    }

    /// Response recipients that get a precomputed table (the rest use the ladder).
    static let maxPreparedRecipients = 64

    private static func readFile(_ path: String, what: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StartupError("\(what) \(path): cannot be read")
        }
        defer { try? handle.close() }
        // Key files are a few lines; a megabyte is already absurd.
        guard let data = try? handle.read(upToCount: 1 << 20) else {
            throw StartupError("\(what) \(path): cannot be read")
        }
        return [UInt8](data)
    }

    /// The permission bits, or nil when stat fails (the read already succeeded, so rare).
    private static func permissions(_ path: String) throws -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o777
    }
}
