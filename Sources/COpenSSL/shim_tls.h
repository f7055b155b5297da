#ifndef SEQTHINK_SHIM_TLS_H
#define SEQTHINK_SHIM_TLS_H
// Mirrors of OpenSSL macros used by RSA and the TLS client. Each is a static inline so that
// Swift sees a function; none adds behaviour of its own.
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

static inline long seqthink_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline void seqthink_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

static inline long seqthink_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline long seqthink_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long seqthink_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

// EVP_PKEY_PUBLIC_KEY and EVP_PKEY_KEYPAIR are built from other macros.
static inline int seqthink_EVP_PKEY_PUBLIC_KEY(void) { return EVP_PKEY_PUBLIC_KEY; }
static inline uint64_t seqthink_SSL_OP_IGNORE_UNEXPECTED_EOF(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
#endif
