#ifndef SEQTHINK_SHIM_CRYPTO_H
#define SEQTHINK_SHIM_CRYPTO_H
// Mirrors of OpenSSL macros used by the Crypto target (AEAD, HKDF, HMAC, digests).
#endif
