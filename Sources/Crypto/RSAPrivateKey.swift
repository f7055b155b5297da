internal import COpenSSL

/// An RSA private key for RS256 signing (development tokens, tests).
///
/// Ownership: the instance owns one `EVP_PKEY` and frees it in `deinit` (OpenSSL clears the
/// private components when it frees them). Never mutated after `init`; signing creates its own
/// `EVP_MD_CTX`, hence `@unchecked Sendable`. The key material is never printed: `description`
/// is not implemented on purpose.
public final class RSAPrivateKey: @unchecked Sendable {
    let pkey: OpaquePointer

    private init(taking pkey: OpaquePointer) { self.pkey = pkey }

    deinit { EVP_PKEY_free(pkey) }

    /// A key from PEM: PKCS#8 `PRIVATE KEY` or traditional `RSA PRIVATE KEY` (unencrypted).
    public convenience init(pem: String) throws(RSAError) {
        let loaded = RSAOpenSSL.withReadBIO(Array(pem.utf8)) { bio in
            PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let pkey = loaded else { RSAOpenSSL.clearErrors(); throw .invalidKey }
        guard EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA else { EVP_PKEY_free(pkey); throw .notRSA }
        self.init(taking: pkey)
    }

    /// A fresh key with public exponent 65537.
    public static func generate(bits: Int = 2048) throws(RSAError) -> RSAPrivateKey {
        guard (1024...16384).contains(bits) else { throw .operationFailed("key generation") }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw .operationFailed("key generation")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1,
              EVP_PKEY_generate(ctx, &pkey) == 1, let pkey
        else { RSAOpenSSL.clearErrors(); throw .operationFailed("key generation") }
        return RSAPrivateKey(taking: pkey)
    }

    /// The size of the modulus in bits.
    public var bitCount: Int { Int(EVP_PKEY_get_bits(pkey)) }

    /// The key as an unencrypted PKCS#8 PEM block (`BEGIN PRIVATE KEY`).
    public var pemPKCS8: String {
        get throws(RSAError) {
            guard let bytes = RSAOpenSSL.collectBIO(secure: true, {
                PEM_write_bio_PrivateKey($0, pkey, nil, nil, 0, nil, nil)
            }) else { throw .operationFailed("PEM encoding") }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The matching public key.
    public var publicKey: RSAPublicKey {
        get throws(RSAError) {
            guard let n = RSAOpenSSL.bigNumberParameter(pkey, "n"),
                  let e = RSAOpenSSL.bigNumberParameter(pkey, "e")
            else { throw .operationFailed("public key export") }
            return try RSAPublicKey(modulus: n, exponent: e)
        }
    }

    /// An RSASSA-PKCS1-v1_5 SHA-256 signature of `message` (RS256).
    public func signPKCS1SHA256(_ message: some Collection<UInt8>) throws(RSAError) -> [UInt8] {
        guard message.count <= Int(Int32.max), let ctx = EVP_MD_CTX_new() else {
            throw .operationFailed("signing")
        }
        defer { EVP_MD_CTX_free(ctx) }
        let msg = Array(message)
        var length = 0
        guard EVP_DigestSignInit(ctx, nil, RSAOpenSSL.sha256, nil, pkey) == 1,
              EVP_DigestSign(ctx, nil, &length, msg, msg.count) == 1, length > 0, length <= 2048
        else { RSAOpenSSL.clearErrors(); throw .operationFailed("signing") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &signature, &length, msg, msg.count) == 1 else {
            RSAOpenSSL.clearErrors()
            throw .operationFailed("signing")
        }
        return Array(signature.prefix(length))
    }
}
