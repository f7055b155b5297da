import Age
import Foundation

extension SeqThinkService {
    /// Reads AGE_IDENT_PATH and AGE_RECIPS_PATH once, warns about a group- or world-readable
    /// identity file, and logs the public keys (never a secret). nil when encryption is off.
    func loadSecureKeys() throws -> SecureKeys? {
        let config = configuration
        guard let identityPath = config.ageIdentityPath else { return nil }
        let keys = try SecureKeys.load(
            identityPath: identityPath, recipientsPath: config.ageRecipientsPath,
            clientRecipientsAllowed: config.ageClientRecipients,
            warn: { path, mode in
                logger.warning("the age identity file is readable by group or others; restrict it to the service user (chmod 600)", [
                    "path": .string(path), "mode": .string(String(mode, radix: 8)),
                ])
            })
        logger.info("encryption on: requests are opened with these identities' recipients", [
            "recipients": .string(keys.ownRecipients.joined(separator: ",")),
            "identityPath": .string(identityPath),
        ])
        logger.info("responses are sealed to", [
            "recipients": .string(keys.responseRecipients.map(\.encoded).joined(separator: ",")),
            "clientRecipients": .string(config.ageClientRecipients ? "allow" : "deny"),
        ])
        return keys
    }
}
