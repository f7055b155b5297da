#ifndef SEQTHINK_SHIM_TLS_H
#define SEQTHINK_SHIM_TLS_H
// Mirrors of OpenSSL macros used by RSA and the TLS client.
#endif
