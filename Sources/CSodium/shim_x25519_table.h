#ifndef SEQTHINK_CSODIUM_X25519_TABLE_H
#define SEQTHINK_CSODIUM_X25519_TABLE_H
// X25519(n, P) for a peer point P known in advance (a configured response recipient): a table
// of multiples of P on Edwards25519, built once per recipient, turns every later scalar
// multiplication into 64 table look-ups and mixed additions and 4 doublings, the method
// libsodium uses for the base point, instead of the 255 steps of the Montgomery ladder.
//
// The map: P's Montgomery u gives the Edwards y = (u - 1) / (u + 1) and x from the curve
// equation -x^2 + y^2 = 1 + d x^2 y^2. The sign of x does not matter: k(-P) = -(kP) has the
// same y, hence the same u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y). A u with no Edwards point
// (on the twist, or u = -1) makes the table builder fail and the caller uses the ladder.
// The unified addition below is complete on this curve (a = -1 is a square, d is not), so
// points of small order and the identity need no special case; the identity maps to u = 0,
// the all-zero output the ladder also gives.
//
// Building the table works on the public point only and may take variable time. Multiplying
// is constant-time in the scalar: every look-up reads all eight entries of its row, and no
// branch or index depends on a scalar bit.
#include "shim_x25519.h"

// A point in extended coordinates: x = X/Z, y = Y/Z, x*y = T/Z.
typedef struct { seqthink_fe25519 X, Y, Z, T; } seqthink_ge25519;
// An affine point made ready for addition: y + x, y - x, 2*d*x*y.
typedef struct { seqthink_fe25519 ypx, ymx, t2d; } seqthink_ge25519_cached;
// row[i][j] = (j + 1) * 256^i * P.
typedef struct { seqthink_ge25519_cached row[32][8]; } seqthink_x25519_table;

static inline void seqthink_fe_zero(seqthink_fe25519 h) {
    for (int i = 0; i < 5; i++) { h[i] = 0; }
}

static inline void seqthink_fe_copy(seqthink_fe25519 h, const seqthink_fe25519 f) {
    for (int i = 0; i < 5; i++) { h[i] = f[i]; }
}

static inline void seqthink_fe_neg(seqthink_fe25519 h, const seqthink_fe25519 f) {
    seqthink_fe25519 zero;
    seqthink_fe_zero(zero);
    seqthink_fe_sub(h, zero, f);
}

// h = b ? g : h, for b in {0, 1}, without a branch.
static inline void seqthink_fe_cmov(seqthink_fe25519 h, const seqthink_fe25519 g, uint64_t b) {
    const uint64_t mask = (uint64_t)0 - b;
    for (int i = 0; i < 5; i++) { h[i] ^= mask & (h[i] ^ g[i]); }
}

// Variable time: public values only.
static inline int seqthink_fe_equal_vartime(const seqthink_fe25519 f, const seqthink_fe25519 g) {
    unsigned char a[32], b[32];
    seqthink_fe_tobytes(a, f);
    seqthink_fe_tobytes(b, g);
    return memcmp(a, b, 32) == 0;
}

static inline int seqthink_fe_iszero_vartime(const seqthink_fe25519 f) {
    seqthink_fe25519 zero;
    seqthink_fe_zero(zero);
    return seqthink_fe_equal_vartime(f, zero);
}

// z^e for a little-endian 32-byte exponent, square-and-multiply. Variable time: public values only.
static inline void seqthink_fe_pow_vartime(seqthink_fe25519 out, const seqthink_fe25519 z, const unsigned char e[32]) {
    seqthink_fe25519 r;
    seqthink_fe_one(r);
    for (int bit = 255; bit >= 0; bit--) {
        seqthink_fe_sq(r, r);
        if ((e[bit >> 3] >> (bit & 7)) & 1) { seqthink_fe_mul(r, r, z); }
    }
    seqthink_fe_copy(out, r);
}

static inline void seqthink_fe_small(seqthink_fe25519 h, uint64_t v) {
    seqthink_fe_zero(h);
    h[0] = v;
}

// d = -121665 / 121666 and 2d.
static inline void seqthink_ge_constants(seqthink_fe25519 d, seqthink_fe25519 d2) {
    seqthink_fe25519 num, den;
    seqthink_fe_small(num, 121665);
    seqthink_fe_neg(num, num);
    seqthink_fe_small(den, 121666);
    seqthink_fe_invert(den, den);
    seqthink_fe_mul(d, num, den);
    seqthink_fe_add(d2, d, d);
}

// r = p + q for a cached affine q (Z2 = 1): the complete unified addition in extended
// coordinates (Hisil, Wong, Carter, Dawson 2008, for a = -1), seven multiplications.
static inline void seqthink_ge_madd(seqthink_ge25519 *r, const seqthink_ge25519 *p, const seqthink_ge25519_cached *q) {
    seqthink_fe25519 a, b, c, d, e, f, g, h;
    seqthink_fe_sub(a, p->Y, p->X);
    seqthink_fe_mul(a, a, q->ymx);         // A = (Y1 - X1)(Y2 - X2)
    seqthink_fe_add(b, p->Y, p->X);
    seqthink_fe_mul(b, b, q->ypx);         // B = (Y1 + X1)(Y2 + X2)
    seqthink_fe_mul(c, p->T, q->t2d);      // C = T1 * 2d * T2
    seqthink_fe_add(d, p->Z, p->Z);        // D = Z1 * 2 * Z2
    seqthink_fe_sub(e, b, a);
    seqthink_fe_sub(f, d, c);
    seqthink_fe_add(g, d, c);
    seqthink_fe_add(h, b, a);
    seqthink_fe_mul(r->X, e, f);
    seqthink_fe_mul(r->Y, g, h);
    seqthink_fe_mul(r->T, e, h);
    seqthink_fe_mul(r->Z, f, g);
}

// r = 2p (dbl-2008-hwcd for a = -1).
static inline void seqthink_ge_dbl(seqthink_ge25519 *r, const seqthink_ge25519 *p) {
    seqthink_fe25519 a, b, c, e, f, g, h, t;
    seqthink_fe_sq(a, p->X);               // A = X1^2
    seqthink_fe_sq(b, p->Y);               // B = Y1^2
    seqthink_fe_sq(c, p->Z);
    seqthink_fe_add(c, c, c);              // C = 2 Z1^2
    seqthink_fe_add(t, p->X, p->Y);
    seqthink_fe_sq(t, t);
    seqthink_fe_sub(e, t, a);
    seqthink_fe_sub(e, e, b);              // E = (X1 + Y1)^2 - A - B
    seqthink_fe_sub(g, b, a);              // G = D + B with D = -A
    seqthink_fe_sub(f, g, c);              // F = G - C
    seqthink_fe_add(h, a, b);
    seqthink_fe_neg(h, h);                 // H = D - B = -A - B
    seqthink_fe_mul(r->X, e, f);
    seqthink_fe_mul(r->Y, g, h);
    seqthink_fe_mul(r->T, e, h);
    seqthink_fe_mul(r->Z, f, g);
}

static inline void seqthink_ge_identity(seqthink_ge25519 *p) {
    seqthink_fe_zero(p->X);
    seqthink_fe_one(p->Y);
    seqthink_fe_one(p->Z);
    seqthink_fe_zero(p->T);
}

// The cached affine form of p (one inversion). Variable time: table building only.
static inline void seqthink_ge_to_cached(seqthink_ge25519_cached *c, const seqthink_ge25519 *p, const seqthink_fe25519 d2) {
    seqthink_fe25519 zinv, x, y, xy;
    seqthink_fe_invert(zinv, p->Z);
    seqthink_fe_mul(x, p->X, zinv);
    seqthink_fe_mul(y, p->Y, zinv);
    seqthink_fe_add(c->ypx, y, x);
    seqthink_fe_sub(c->ymx, y, x);
    seqthink_fe_mul(xy, x, y);
    seqthink_fe_mul(c->t2d, xy, d2);
}

// Builds the table of the Montgomery u-coordinate u (32 bytes, bit 255 ignored as X25519
// does). Returns 0, or -1 when u has no point on Edwards25519 (use the ladder then).
static inline int seqthink_x25519_table_init(seqthink_x25519_table *table, const unsigned char u_bytes[32]) {
    static const unsigned char p_plus_3_over_8[32] = { // 2^252 - 2
        0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f };
    static const unsigned char p_minus_1_over_4[32] = { // 2^253 - 5
        0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f };
    seqthink_fe25519 d, d2, u, one, num, den, y, y2, x, x2, check, sqrtm1;
    seqthink_ge_constants(d, d2);
    seqthink_fe_frombytes(u, u_bytes);
    seqthink_fe_one(one);
    // y = (u - 1) / (u + 1); u = -1 has no image.
    seqthink_fe_add(den, u, one);
    if (seqthink_fe_iszero_vartime(den)) { return -1; }
    seqthink_fe_sub(num, u, one);
    seqthink_fe_invert(den, den);
    seqthink_fe_mul(y, num, den);
    // x^2 = (y^2 - 1) / (d y^2 + 1); d y^2 + 1 != 0 because -1/d is not a square.
    seqthink_fe_sq(y2, y);
    seqthink_fe_sub(num, y2, one);
    seqthink_fe_mul(den, d, y2);
    seqthink_fe_add(den, den, one);
    seqthink_fe_invert(den, den);
    seqthink_fe_mul(x2, num, den);
    // A square root: x2^((p+3)/8), times sqrt(-1) when that squares to -x2; none otherwise.
    seqthink_fe_pow_vartime(x, x2, p_plus_3_over_8);
    seqthink_fe_sq(check, x);
    if (!seqthink_fe_equal_vartime(check, x2)) {
        seqthink_fe25519 two;
        seqthink_fe_small(two, 2);
        seqthink_fe_pow_vartime(sqrtm1, two, p_minus_1_over_4);
        seqthink_fe_mul(x, x, sqrtm1);
        seqthink_fe_sq(check, x);
        if (!seqthink_fe_equal_vartime(check, x2)) { return -1; }
    }
    // Defensive: the point must satisfy -x^2 + y^2 = 1 + d x^2 y^2.
    seqthink_fe25519 lhs, rhs;
    seqthink_fe_sq(x2, x);
    seqthink_fe_sub(lhs, y2, x2);
    seqthink_fe_mul(rhs, x2, y2);
    seqthink_fe_mul(rhs, rhs, d);
    seqthink_fe_add(rhs, rhs, one);
    if (!seqthink_fe_equal_vartime(lhs, rhs)) { return -1; }
    seqthink_ge25519 base, current, next;
    seqthink_fe_copy(base.X, x);
    seqthink_fe_copy(base.Y, y);
    seqthink_fe_one(base.Z);
    seqthink_fe_mul(base.T, x, y);
    for (int i = 0; i < 32; i++) {
        seqthink_ge25519_cached cached_base;
        seqthink_ge_to_cached(&cached_base, &base, d2);
        current = base;
        for (int j = 0; j < 8; j++) {
            seqthink_ge_to_cached(&table->row[i][j], &current, d2);
            seqthink_ge_madd(&next, &current, &cached_base);
            current = next;
        }
        for (int k = 0; k < 8; k++) { // base *= 256
            seqthink_ge_dbl(&next, &base);
            base = next;
        }
    }
    return 0;
}

// t = b * (row entry), b in -8...8, reading every entry of the row.
static inline void seqthink_ge_select(seqthink_ge25519_cached *t, const seqthink_ge25519_cached row[8], signed char b) {
    const uint64_t negative = (uint64_t)((unsigned char)b >> 7);
    const unsigned char babs = (unsigned char)(b - (((-(signed char)negative) & b) * 2));
    seqthink_fe_one(t->ypx);
    seqthink_fe_one(t->ymx);
    seqthink_fe_zero(t->t2d);
    for (unsigned j = 0; j < 8; j++) {
        // 1 exactly when babs == j + 1.
        const uint64_t equal = (((uint64_t)(babs ^ (j + 1))) - 1) >> 63;
        seqthink_fe_cmov(t->ypx, row[j].ypx, equal);
        seqthink_fe_cmov(t->ymx, row[j].ymx, equal);
        seqthink_fe_cmov(t->t2d, row[j].t2d, equal);
    }
    // -(x, y) = (-x, y): swap y + x and y - x, negate 2dxy.
    seqthink_fe25519 neg_t2d;
    seqthink_fe_neg(neg_t2d, t->t2d);
    seqthink_fe25519 ypx;
    seqthink_fe_copy(ypx, t->ypx);
    seqthink_fe_cmov(t->ypx, t->ymx, negative);
    seqthink_fe_cmov(t->ymx, ypx, negative);
    seqthink_fe_cmov(t->t2d, neg_t2d, negative);
    sodium_memzero(ypx, sizeof ypx);
    sodium_memzero(neg_t2d, sizeof neg_t2d);
}

// q = X25519(n, P) for the P of `table`. The scalar is clamped as RFC 7748 says. The output is
// all zeros when nP is the identity (P of small order), as with the ladder.
static inline void seqthink_x25519_table_mul(unsigned char q[32], const seqthink_x25519_table *table, const unsigned char n[32]) {
    unsigned char k[32];
    memcpy(k, n, 32);
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    // 64 signed radix-16 digits in -8...8: k = sum e[i] * 16^i.
    signed char e[64];
    for (int i = 0; i < 32; i++) {
        e[2 * i] = (signed char)(k[i] & 15);
        e[2 * i + 1] = (signed char)((k[i] >> 4) & 15);
    }
    signed char carry = 0;
    for (int i = 0; i < 63; i++) {
        e[i] = (signed char)(e[i] + carry);
        carry = (signed char)((e[i] + 8) >> 4);
        e[i] = (signed char)(e[i] - carry * 16);
    }
    e[63] = (signed char)(e[63] + carry);
    // Odd digits (16 * 256^j), times 16, then the even ones (256^j).
    seqthink_ge25519 h, r;
    seqthink_ge25519_cached t;
    seqthink_ge_identity(&h);
    for (int i = 1; i < 64; i += 2) {
        seqthink_ge_select(&t, table->row[i / 2], e[i]);
        seqthink_ge_madd(&r, &h, &t);
        h = r;
    }
    for (int i = 0; i < 4; i++) {
        seqthink_ge_dbl(&r, &h);
        h = r;
    }
    for (int i = 0; i < 64; i += 2) {
        seqthink_ge_select(&t, table->row[i / 2], e[i]);
        seqthink_ge_madd(&r, &h, &t);
        h = r;
    }
    // u = (Z + Y) / (Z - Y); the identity (Z = Y) inverts 0 to 0 and gives u = 0.
    seqthink_fe25519 num, den;
    seqthink_fe_add(num, h.Z, h.Y);
    seqthink_fe_sub(den, h.Z, h.Y);
    seqthink_fe_invert(den, den);
    seqthink_fe_mul(num, num, den);
    seqthink_fe_tobytes(q, num);
    sodium_memzero(k, sizeof k);
    sodium_memzero(e, sizeof e);
    sodium_memzero(&h, sizeof h);
    sodium_memzero(&r, sizeof r);
    sodium_memzero(&t, sizeof t);
    sodium_memzero(num, sizeof num);
    sodium_memzero(den, sizeof den);
}
#endif
