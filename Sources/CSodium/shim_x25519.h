#ifndef SEQTHINK_CSODIUM_X25519_H
#define SEQTHINK_CSODIUM_X25519_H
// Fixed-base X25519 through libsodium's Edwards25519 comb (a precomputed table, about twice as
// fast as the Montgomery ladder crypto_scalarmult_curve25519_base runs), then the birational
// map to the Montgomery u-coordinate, u = (1 + y) / (1 - y) mod p. That map needs one field
// inversion, done here in radix 2^51 (five 64-bit limbs, 128-bit products).
//
// Everything below is constant-time: no branch and no memory index depends on a field value.
// A system-library target carries only headers, hence `static inline`.
#include <stdint.h>
#include <string.h>
#include <sodium.h>

typedef uint64_t seqthink_fe25519[5];
typedef unsigned __int128 seqthink_u128;

#define SEQTHINK_FE_MASK51 ((uint64_t)0x7ffffffffffffULL)

static inline uint64_t seqthink_fe_load64(const unsigned char *p) {
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) { r |= (uint64_t)p[i] << (8 * i); }
    return r;
}

static inline void seqthink_fe_store64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) { p[i] = (unsigned char)(v >> (8 * i)); }
}

// Bits 0...254 of a little-endian 32-byte string; bit 255 is ignored (RFC 7748 decoding).
// Limb i holds bits 51i...51i+50.
static inline void seqthink_fe_frombytes(seqthink_fe25519 h, const unsigned char s[32]) {
    h[0] = seqthink_fe_load64(s) & SEQTHINK_FE_MASK51;
    h[1] = (seqthink_fe_load64(s + 6) >> 3) & SEQTHINK_FE_MASK51;
    h[2] = (seqthink_fe_load64(s + 12) >> 6) & SEQTHINK_FE_MASK51;
    h[3] = (seqthink_fe_load64(s + 19) >> 1) & SEQTHINK_FE_MASK51;
    h[4] = (seqthink_fe_load64(s + 24) >> 12) & SEQTHINK_FE_MASK51;
}

// One carry pass: limbs 1...4 end below 2^51, limb 0 below 2^51 + 19 * 2^13.
static inline void seqthink_fe_carry(seqthink_fe25519 h) {
    uint64_t c;
    c = h[0] >> 51; h[0] &= SEQTHINK_FE_MASK51; h[1] += c;
    c = h[1] >> 51; h[1] &= SEQTHINK_FE_MASK51; h[2] += c;
    c = h[2] >> 51; h[2] &= SEQTHINK_FE_MASK51; h[3] += c;
    c = h[3] >> 51; h[3] &= SEQTHINK_FE_MASK51; h[4] += c;
    c = h[4] >> 51; h[4] &= SEQTHINK_FE_MASK51; h[0] += c * 19;
}

static inline void seqthink_fe_one(seqthink_fe25519 h) {
    h[0] = 1; h[1] = 0; h[2] = 0; h[3] = 0; h[4] = 0;
}

static inline void seqthink_fe_add(seqthink_fe25519 h, const seqthink_fe25519 f, const seqthink_fe25519 g) {
    for (int i = 0; i < 5; i++) { h[i] = f[i] + g[i]; }
    seqthink_fe_carry(h);
}

// f - g computed as f + 4p - g so no limb goes negative (g's limbs must be below 2^53, which
// every output of this file satisfies).
static inline void seqthink_fe_sub(seqthink_fe25519 h, const seqthink_fe25519 f, const seqthink_fe25519 g) {
    h[0] = f[0] + 0x1fffffffffffb4ULL - g[0];
    for (int i = 1; i < 5; i++) { h[i] = f[i] + 0x1ffffffffffffcULL - g[i]; }
    seqthink_fe_carry(h);
}

// Inputs: limbs below 2^54. Output: limbs below 2^52.
static inline void seqthink_fe_mul(seqthink_fe25519 h, const seqthink_fe25519 f, const seqthink_fe25519 g) {
    const uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    const uint64_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
    const uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
    seqthink_u128 r0 = (seqthink_u128)f0 * g0 + (seqthink_u128)f1 * g4_19 + (seqthink_u128)f2 * g3_19
        + (seqthink_u128)f3 * g2_19 + (seqthink_u128)f4 * g1_19;
    seqthink_u128 r1 = (seqthink_u128)f0 * g1 + (seqthink_u128)f1 * g0 + (seqthink_u128)f2 * g4_19
        + (seqthink_u128)f3 * g3_19 + (seqthink_u128)f4 * g2_19;
    seqthink_u128 r2 = (seqthink_u128)f0 * g2 + (seqthink_u128)f1 * g1 + (seqthink_u128)f2 * g0
        + (seqthink_u128)f3 * g4_19 + (seqthink_u128)f4 * g3_19;
    seqthink_u128 r3 = (seqthink_u128)f0 * g3 + (seqthink_u128)f1 * g2 + (seqthink_u128)f2 * g1
        + (seqthink_u128)f3 * g0 + (seqthink_u128)f4 * g4_19;
    seqthink_u128 r4 = (seqthink_u128)f0 * g4 + (seqthink_u128)f1 * g3 + (seqthink_u128)f2 * g2
        + (seqthink_u128)f3 * g1 + (seqthink_u128)f4 * g0;
    r1 += (uint64_t)(r0 >> 51); h[0] = (uint64_t)r0 & SEQTHINK_FE_MASK51;
    r2 += (uint64_t)(r1 >> 51); h[1] = (uint64_t)r1 & SEQTHINK_FE_MASK51;
    r3 += (uint64_t)(r2 >> 51); h[2] = (uint64_t)r2 & SEQTHINK_FE_MASK51;
    r4 += (uint64_t)(r3 >> 51); h[3] = (uint64_t)r3 & SEQTHINK_FE_MASK51;
    h[4] = (uint64_t)r4 & SEQTHINK_FE_MASK51;
    // The carry out of limb 4 can exceed 2^59: fold it in 128 bits.
    seqthink_u128 t = (r4 >> 51) * 19 + h[0];
    h[0] = (uint64_t)t & SEQTHINK_FE_MASK51;
    h[1] += (uint64_t)(t >> 51);
}

static inline void seqthink_fe_sq(seqthink_fe25519 h, const seqthink_fe25519 f) {
    const uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    const uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1, f3_19 = 19 * f3, f4_19 = 19 * f4;
    seqthink_u128 r0 = (seqthink_u128)f0 * f0 + (seqthink_u128)f1_2 * f4_19 + (seqthink_u128)(2 * f2) * f3_19;
    seqthink_u128 r1 = (seqthink_u128)f0_2 * f1 + (seqthink_u128)(2 * f2) * f4_19 + (seqthink_u128)f3 * f3_19;
    seqthink_u128 r2 = (seqthink_u128)f0_2 * f2 + (seqthink_u128)f1 * f1 + (seqthink_u128)(2 * f3) * f4_19;
    seqthink_u128 r3 = (seqthink_u128)f0_2 * f3 + (seqthink_u128)f1_2 * f2 + (seqthink_u128)f4 * f4_19;
    seqthink_u128 r4 = (seqthink_u128)f0_2 * f4 + (seqthink_u128)f1_2 * f3 + (seqthink_u128)f2 * f2;
    r1 += (uint64_t)(r0 >> 51); h[0] = (uint64_t)r0 & SEQTHINK_FE_MASK51;
    r2 += (uint64_t)(r1 >> 51); h[1] = (uint64_t)r1 & SEQTHINK_FE_MASK51;
    r3 += (uint64_t)(r2 >> 51); h[2] = (uint64_t)r2 & SEQTHINK_FE_MASK51;
    r4 += (uint64_t)(r3 >> 51); h[3] = (uint64_t)r3 & SEQTHINK_FE_MASK51;
    h[4] = (uint64_t)r4 & SEQTHINK_FE_MASK51;
    seqthink_u128 t = (r4 >> 51) * 19 + h[0];
    h[0] = (uint64_t)t & SEQTHINK_FE_MASK51;
    h[1] += (uint64_t)(t >> 51);
}

static inline void seqthink_fe_sq_times(seqthink_fe25519 h, const seqthink_fe25519 f, int n) {
    seqthink_fe_sq(h, f);
    for (int i = 1; i < n; i++) { seqthink_fe_sq(h, h); }
}

// z^(p-2) = z^(2^255 - 21) (Fermat), the usual chain of 254 squarings and 11 multiplications.
// 0 maps to 0.
static inline void seqthink_fe_invert(seqthink_fe25519 out, const seqthink_fe25519 z) {
    seqthink_fe25519 z2, z9, z11, z2_5_0, z2_10_0, z2_20_0, z2_50_0, z2_100_0, t;
    seqthink_fe_sq(z2, z);                         // 2
    seqthink_fe_sq_times(t, z2, 2);                // 8
    seqthink_fe_mul(z9, t, z);                     // 9
    seqthink_fe_mul(z11, z9, z2);                  // 11
    seqthink_fe_sq(t, z11);                        // 22
    seqthink_fe_mul(z2_5_0, t, z9);                // 2^5 - 1
    seqthink_fe_sq_times(t, z2_5_0, 5);
    seqthink_fe_mul(z2_10_0, t, z2_5_0);           // 2^10 - 1
    seqthink_fe_sq_times(t, z2_10_0, 10);
    seqthink_fe_mul(z2_20_0, t, z2_10_0);          // 2^20 - 1
    seqthink_fe_sq_times(t, z2_20_0, 20);
    seqthink_fe_mul(t, t, z2_20_0);                // 2^40 - 1
    seqthink_fe_sq_times(t, t, 10);
    seqthink_fe_mul(z2_50_0, t, z2_10_0);          // 2^50 - 1
    seqthink_fe_sq_times(t, z2_50_0, 50);
    seqthink_fe_mul(z2_100_0, t, z2_50_0);         // 2^100 - 1
    seqthink_fe_sq_times(t, z2_100_0, 100);
    seqthink_fe_mul(t, t, z2_100_0);               // 2^200 - 1
    seqthink_fe_sq_times(t, t, 50);
    seqthink_fe_mul(t, t, z2_50_0);                // 2^250 - 1
    seqthink_fe_sq_times(t, t, 5);                 // 2^255 - 32
    seqthink_fe_mul(out, t, z11);                  // 2^255 - 21
}

// The canonical encoding (the unique value in 0...p-1), little-endian.
static inline void seqthink_fe_tobytes(unsigned char s[32], const seqthink_fe25519 f) {
    uint64_t h[5] = { f[0], f[1], f[2], f[3], f[4] };
    seqthink_fe_carry(h);
    // Now the value v is below 2^255 + 19 * 2^13 < 2p, so v >= p exactly when v + 19 >= 2^255:
    // q (0 or 1) is the carry out of bit 255 of v + 19.
    uint64_t q = (h[0] + 19) >> 51;
    q = (h[1] + q) >> 51;
    q = (h[2] + q) >> 51;
    q = (h[3] + q) >> 51;
    q = (h[4] + q) >> 51;
    // v - q*p = v + 19q - q*2^255: add 19q, carry, and drop bit 255.
    h[0] += 19 * q;
    h[1] += h[0] >> 51; h[0] &= SEQTHINK_FE_MASK51;
    h[2] += h[1] >> 51; h[1] &= SEQTHINK_FE_MASK51;
    h[3] += h[2] >> 51; h[2] &= SEQTHINK_FE_MASK51;
    h[4] += h[3] >> 51; h[3] &= SEQTHINK_FE_MASK51;
    h[4] &= SEQTHINK_FE_MASK51;
    seqthink_fe_store64(s, h[0] | (h[1] << 51));
    seqthink_fe_store64(s + 8, (h[1] >> 13) | (h[2] << 38));
    seqthink_fe_store64(s + 16, (h[2] >> 26) | (h[3] << 25));
    seqthink_fe_store64(s + 24, (h[3] >> 39) | (h[4] << 12));
}

// X25519(n, 9). libsodium's crypto_scalarmult_ed25519_base clamps n exactly as X25519 does
// (k[0] &= 248, k[31] &= 127, k[31] |= 64), so clamp(n)·B on Edwards25519 is the same multiple
// of the same point as clamp(n)·9 on Curve25519, and u = (1 + y) / (1 - y). y != 1 because a
// clamped scalar is never a multiple of the group order. libsodium refuses an all-zero n
// (returns -1); that one case goes through the Montgomery ladder.
static inline int seqthink_x25519_base(unsigned char q[32], const unsigned char n[32]) {
    unsigned char ed[32];
    if (crypto_scalarmult_ed25519_base(ed, n) != 0) {
        sodium_memzero(ed, sizeof ed);
        return crypto_scalarmult_curve25519_base(q, n);
    }
    seqthink_fe25519 y, one, num, den;
    seqthink_fe_frombytes(y, ed); // drops bit 255, the sign of x
    seqthink_fe_one(one);
    seqthink_fe_add(num, one, y);
    seqthink_fe_sub(den, one, y);
    seqthink_fe_invert(den, den);
    seqthink_fe_mul(num, num, den);
    seqthink_fe_tobytes(q, num);
    sodium_memzero(ed, sizeof ed);
    sodium_memzero(y, sizeof y);
    sodium_memzero(num, sizeof num);
    sodium_memzero(den, sizeof den);
    return 0;
}

// Byte-level entry points for the field tests (canonical reduction, multiplication, inversion).
static inline void seqthink_fe25519_reduce_bytes(unsigned char out[32], const unsigned char in[32]) {
    seqthink_fe25519 a;
    seqthink_fe_frombytes(a, in);
    seqthink_fe_tobytes(out, a);
}

static inline void seqthink_fe25519_mul_bytes(unsigned char out[32], const unsigned char a[32], const unsigned char b[32]) {
    seqthink_fe25519 x, y;
    seqthink_fe_frombytes(x, a);
    seqthink_fe_frombytes(y, b);
    seqthink_fe_mul(x, x, y);
    seqthink_fe_tobytes(out, x);
}

static inline void seqthink_fe25519_sub_bytes(unsigned char out[32], const unsigned char a[32], const unsigned char b[32]) {
    seqthink_fe25519 x, y;
    seqthink_fe_frombytes(x, a);
    seqthink_fe_frombytes(y, b);
    seqthink_fe_sub(x, x, y);
    seqthink_fe_tobytes(out, x);
}

static inline void seqthink_fe25519_invert_bytes(unsigned char out[32], const unsigned char a[32]) {
    seqthink_fe25519 x;
    seqthink_fe_frombytes(x, a);
    seqthink_fe_invert(x, x);
    seqthink_fe_tobytes(out, x);
}
#endif
