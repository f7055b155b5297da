#ifndef SEQTHINK_SHIM_CRYPTO_H
#define SEQTHINK_SHIM_CRYPTO_H
// HMAC-SHA-256 (RFC 2104) and HKDF-SHA-256 (RFC 5869) over OpenSSL's low-level SHA-256, which
// runs the CPU's SHA extensions when present. The EVP layer costs more per call (provider
// lookups, context allocation, parameter parsing) than the handful of 64-byte compressions
// an HKDF needs, so the pads are absorbed once per key and the keyed contexts are copied.
// SHA256_Init/Update/Final are deprecated in OpenSSL 3 but present; they are wrapped here so
// that Swift sees no deprecated call. Every secret intermediate is wiped with OPENSSL_cleanse.
#include <stdint.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/// SHA-256 (plain hashing: the JWT cache key, JWS signing input), the same SHA-NI code.
typedef struct { SHA256_CTX ctx; } seqthink_sha256_ctx;

static inline void seqthink_sha256_init(seqthink_sha256_ctx *c) { SHA256_Init(&c->ctx); }

static inline void seqthink_sha256_update(seqthink_sha256_ctx *c, const void *data, size_t len) {
    SHA256_Update(&c->ctx, data, len);
}

static inline void seqthink_sha256_final(seqthink_sha256_ctx *c, unsigned char out[32]) {
    SHA256_Final(out, &c->ctx);
    OPENSSL_cleanse(c, sizeof *c);
}

/// An HMAC-SHA-256 state: the inner hash (key ^ ipad absorbed, then the message) and the
/// outer hash (key ^ opad absorbed).
typedef struct {
    SHA256_CTX inner;
    SHA256_CTX outer;
} seqthink_hmac_sha256_ctx;

static inline void seqthink_hmac_sha256_init(seqthink_hmac_sha256_ctx *ctx, const void *key, size_t key_len) {
    unsigned char block[64];
    unsigned char pad[64];
    memset(block, 0, sizeof block);
    if (key_len > sizeof block) {
        SHA256_CTX hash;
        SHA256_Init(&hash);
        SHA256_Update(&hash, key, key_len);
        SHA256_Final(block, &hash);
        OPENSSL_cleanse(&hash, sizeof hash);
    } else if (key_len > 0) {
        memcpy(block, key, key_len);
    }
    for (int i = 0; i < 64; i++) { pad[i] = block[i] ^ 0x36; }
    SHA256_Init(&ctx->inner);
    SHA256_Update(&ctx->inner, pad, sizeof pad);
    for (int i = 0; i < 64; i++) { pad[i] = block[i] ^ 0x5c; }
    SHA256_Init(&ctx->outer);
    SHA256_Update(&ctx->outer, pad, sizeof pad);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

static inline void seqthink_hmac_sha256_update(seqthink_hmac_sha256_ctx *ctx, const void *data, size_t len) {
    if (len > 0) { SHA256_Update(&ctx->inner, data, len); }
}

/// Writes the 32-byte tag and wipes the state.
static inline void seqthink_hmac_sha256_final(seqthink_hmac_sha256_ctx *ctx, unsigned char out[32]) {
    unsigned char inner[32];
    SHA256_Final(inner, &ctx->inner);
    SHA256_Update(&ctx->outer, inner, sizeof inner);
    SHA256_Final(out, &ctx->outer);
    OPENSSL_cleanse(inner, sizeof inner);
    OPENSSL_cleanse(ctx, sizeof *ctx);
}

static inline void seqthink_hmac_sha256_wipe(seqthink_hmac_sha256_ctx *ctx) {
    OPENSSL_cleanse(ctx, sizeof *ctx);
}

/// HKDF-SHA-256: PRK = HMAC(salt, ikm); T(i) = HMAC(PRK, T(i-1) | info | i); the first
/// out_len bytes of T(1) | T(2) | ... Returns 0 unless 1 <= out_len <= 255 * 32.
static inline int seqthink_hkdf_sha256(
    unsigned char *out, size_t out_len,
    const void *ikm, size_t ikm_len, const void *salt, size_t salt_len, const void *info, size_t info_len
) {
    if (out_len == 0 || out_len > 255 * 32) { return 0; }
    seqthink_hmac_sha256_ctx keyed, block;
    unsigned char prk[32];
    unsigned char t[32];
    // Extract. An empty salt is HashLen zero bytes, which the zero-padded HMAC key already is.
    seqthink_hmac_sha256_init(&block, salt, salt_len);
    seqthink_hmac_sha256_update(&block, ikm, ikm_len);
    seqthink_hmac_sha256_final(&block, prk);
    // Expand, from one context keyed with PRK.
    seqthink_hmac_sha256_init(&keyed, prk, sizeof prk);
    size_t done = 0;
    for (unsigned int counter = 1; done < out_len; counter++) {
        block = keyed;
        if (counter > 1) { seqthink_hmac_sha256_update(&block, t, sizeof t); }
        seqthink_hmac_sha256_update(&block, info, info_len);
        unsigned char c = (unsigned char)counter;
        seqthink_hmac_sha256_update(&block, &c, 1);
        seqthink_hmac_sha256_final(&block, t);
        size_t take = out_len - done < sizeof t ? out_len - done : sizeof t;
        memcpy(out + done, t, take);
        done += take;
    }
    OPENSSL_cleanse(&keyed, sizeof keyed);
    OPENSSL_cleanse(&block, sizeof block);
    OPENSSL_cleanse(prk, sizeof prk);
    OPENSSL_cleanse(t, sizeof t);
    return 1;
}

#pragma GCC diagnostic pop
#endif
