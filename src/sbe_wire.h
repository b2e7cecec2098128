/* Little-endian SBE primitives and decimal conversion, shared by the generated sbe_*.pyx decoders. */
#ifndef BINANCE_FAST_SBE_WIRE_H
#define BINANCE_FAST_SBE_WIRE_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define SBE_LE16(v) __builtin_bswap16(v)
#define SBE_LE32(v) __builtin_bswap32(v)
#define SBE_LE64(v) __builtin_bswap64(v)
#else
#define SBE_LE16(v) (v)
#define SBE_LE32(v) (v)
#define SBE_LE64(v) (v)
#endif

/* memcpy: frames have no alignment guarantee; compilers turn this into one load */
static inline uint8_t sbe_uint8(const uint8_t *p) { return p[0]; }
static inline int8_t sbe_int8(const uint8_t *p) { return (int8_t)p[0]; }
static inline uint8_t sbe_char(const uint8_t *p) { return p[0]; }
static inline uint16_t sbe_uint16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return SBE_LE16(v); }
static inline int16_t sbe_int16(const uint8_t *p) { return (int16_t)sbe_uint16(p); }
static inline uint32_t sbe_uint32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return SBE_LE32(v); }
static inline int32_t sbe_int32(const uint8_t *p) { return (int32_t)sbe_uint32(p); }
static inline uint64_t sbe_uint64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return SBE_LE64(v); }
static inline int64_t sbe_int64(const uint8_t *p) { return (int64_t)sbe_uint64(p); }
static inline float sbe_float(const uint8_t *p) { uint32_t v = sbe_uint32(p); float f; memcpy(&f, &v, 4); return f; }
static inline double sbe_double(const uint8_t *p) { uint64_t v = sbe_uint64(p); double d; memcpy(&d, &v, 8); return d; }

static const double sbe_pow10[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* mantissa * 10^exponent when a single IEEE operation on exact operands gives it, so the result is
   correctly rounded (equal to parsing the decimal string). Returns 0 when the caller must take the slow
   exact path (|mantissa| >= 2^53 or |exponent| > 22). */
static inline int sbe_decimal(int64_t m, int e, double *out) {
    if (m <= -(INT64_C(1) << 53) || m >= (INT64_C(1) << 53)) return 0;
    if (e <= 0) {
        if (e < -22) return 0;
        *out = (double)m / sbe_pow10[-e];
    } else {
        if (e > 22) return 0;
        *out = (double)m * sbe_pow10[e];
    }
    return 1;
}

/* The common shape of a decimal group, (price, qty) pairs at p, `stride` bytes apart, with exponents in
   [-22, 0] and |mantissa| < 2^51, to out[2 i], out[2 i + 1] (raw mantissas to mant_out unless NULL). In that
   range the int64 -> double conversion is exact by the bias trick (no scalar conversion instruction), so
   the loop vectorises. Returns 0, leaving out unreliable, when the group needs another path. */
static inline int sbe_decimal_pairs(const uint8_t *p, ptrdiff_t n, ptrdiff_t stride, int e0, int e1, double *out,
                                    int64_t *mant_out) {
    const uint64_t bias = UINT64_C(0x4338000000000000), half = UINT64_C(1) << 51;   /* 1.5 * 2^52 */
    const double magic = 6755399441055744.0;
    uint64_t bad = 0;
    double s0, s1;
    ptrdiff_t i;
    if (e0 < -22 || e0 > 0 || e1 < -22 || e1 > 0) return 0;
    s0 = sbe_pow10[-e0];
    s1 = sbe_pow10[-e1];
    for (i = 0; i < n; i++) {
        uint64_t a = sbe_uint64(p + i * stride), b = sbe_uint64(p + i * stride + 8);
        uint64_t ba = a + bias, bb = b + bias;
        double da, db;
        bad |= (a + half) | (b + half);
        memcpy(&da, &ba, 8);
        memcpy(&db, &bb, 8);
        out[2 * i] = (da - magic) / s0;
        out[2 * i + 1] = (db - magic) / s1;
    }
    if (bad >> 52) return 0;
    if (mant_out) {
        for (i = 0; i < n; i++) {
            mant_out[2 * i] = sbe_int64(p + i * stride);
            mant_out[2 * i + 1] = sbe_int64(p + i * stride + 8);
        }
    }
    return 1;
}

/* floor(a / 1000): microseconds to milliseconds, like Python's // for negative values too */
static inline int64_t sbe_us_to_ms(int64_t a) {
    int64_t q = a / 1000;
    if (a % 1000 != 0 && a < 0) q -= 1;
    return q;
}

/* a signed 128-bit little-endian mantissa that fits int64 (upper half is the sign extension) */
static inline int sbe_i128_fits64(const uint8_t *p, int64_t *out) {
    int64_t lo = sbe_int64(p), hi = sbe_int64(p + 8);
    if (hi != (lo < 0 ? -1 : 0)) return 0;
    *out = lo;
    return 1;
}

/* -2^127, the nullValue of mantissa128 */
static inline int sbe_i128_is_null(const uint8_t *p) {
    return sbe_uint64(p) == 0 && sbe_uint64(p + 8) == UINT64_C(0x8000000000000000);
}

#endif
