#ifndef SEQTHINK_COPENSSL_SHIM_H
#define SEQTHINK_COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
// Macros built from other macros (or from function calls) do not import into Swift:
// each one this project needs is mirrored below as a static const or a static inline.
#include "shim_crypto.h"
#include "shim_tls.h"
#endif
