/* Eight ASCII digits at a time (SWAR), for the decimal scanner of frames.pyx (after fast_float's trick). */
#ifndef BINANCE_FAST_FASTDIGITS_H
#define BINANCE_FAST_FASTDIGITS_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BF_SWAR_DIGITS 0
#else
#define BF_SWAR_DIGITS 1
#endif

static inline uint64_t bf_load8(const char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* 1 when the 8 bytes of v (little-endian) are all '0'..'9' */
static inline int bf_is_eight_digits(uint64_t v) {
    if (!BF_SWAR_DIGITS) return 0;
    return !(((v + 0x4646464646464646ULL) | (v - 0x3030303030303030ULL)) & 0x8080808080808080ULL);
}

/* the value of 8 ASCII digits, first byte most significant */
static inline uint64_t bf_parse_eight_digits(uint64_t v) {
    const uint64_t mask = 0x000000FF000000FFULL;
    const uint64_t mul1 = 0x000F424000000064ULL; /* 100 + (1000000 << 32) */
    const uint64_t mul2 = 0x0000271000000001ULL; /* 1 + (10000 << 32) */
    v -= 0x3030303030303030ULL;
    v = (v * 10) + (v >> 8);
    return (((v & mask) * mul1) + (((v >> 16) & mask) * mul2)) >> 32;
}

/* How many of the 8 bytes of v (first byte lowest) are ASCII digits before the first other byte (0..8); their
   value in *value. Carries and borrows only run upwards from a non-digit byte, so the lowest flag is exact. */
static inline int bf_digit_run(uint64_t v, uint64_t *value) {
    uint64_t flags;
    int n;
    if (!BF_SWAR_DIGITS) return 0;
    flags = ((v + 0x4646464646464646ULL) | (v - 0x3030303030303030ULL)) & 0x8080808080808080ULL;
    if (flags == 0) {
        *value = bf_parse_eight_digits(v);
        return 8;
    }
    n = __builtin_ctzll(flags) >> 3;
    if (n == 0) return 0;
    /* the n digits moved to the top, '0' below them: an 8-digit number with the same value */
    *value = bf_parse_eight_digits((v << (8 * (8 - n))) | (0x3030303030303030ULL >> (8 * n)));
    return n;
}

/* out[k] = m[k] / pow10[places[k]] for k < n, two IEEE divisions per instruction where SSE2 has them (each lane
   rounds exactly as the scalar division: the values are bit-identical). */
static inline void bf_divide_all(double *out, const double *m, const unsigned char *places, const double *pow10,
                                 ptrdiff_t n) {
    ptrdiff_t k = 0;
#if defined(__SSE2__)
    for (; k + 2 <= n; k += 2) {
        __m128d num = _mm_loadu_pd(m + k);
        __m128d den = _mm_set_pd(pow10[places[k + 1]], pow10[places[k]]);
        _mm_storeu_pd(out + k, _mm_div_pd(num, den));
    }
#endif
    for (; k < n; k++) out[k] = m[k] / pow10[places[k]];
}

#endif
