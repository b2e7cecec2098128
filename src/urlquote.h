/* Percent-encoding (RFC 3986) 16 bytes at a time, and decimal digits, for the query encoder of signing.pyx.
 *
 * Unreserved bytes (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes %XX. With SSE2 (every x86-64) a
 * 16-byte block is classified in a dozen vector operations and copied in one store; bytes are looked at one
 * by one only from the first that needs escaping. Elsewhere a 256-entry table does it byte by byte.
 * Writers store whole 16-byte blocks: the output needs BF_QUOTE_SLACK bytes beyond what they produce.
 */
#ifndef BINANCE_FAST_URLQUOTE_H
#define BINANCE_FAST_URLQUOTE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define BF_QUOTE_SLACK 16

/* 1 for the unreserved bytes */
static const uint8_t bf_unreserved[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static inline char *bf_escape_byte(char *out, uint8_t c) {
    static const char hex[] = "0123456789ABCDEF";
    out[0] = '%';
    out[1] = hex[c >> 4];
    out[2] = hex[c & 15];
    return out + 3;
}

#if defined(__SSE2__)
/* bit i set where byte i of v must be escaped */
static inline unsigned bf_escape_mask16(__m128i v) {
    const __m128i zero = _mm_setzero_si128();
    /* unsigned x - lo <= hi - lo, as a saturating subtraction that leaves 0 */
    __m128i alpha = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    __m128i digit = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    __m128i dash_dot = _mm_sub_epi8(v, _mm_set1_epi8('-'));
    alpha = _mm_subs_epu8(alpha, _mm_set1_epi8(25));
    digit = _mm_subs_epu8(digit, _mm_set1_epi8(9));
    dash_dot = _mm_subs_epu8(dash_dot, _mm_set1_epi8(1));
    __m128i ok = _mm_cmpeq_epi8(_mm_min_epu8(_mm_min_epu8(alpha, digit), dash_dot), zero);
    ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('~')));
    return ~(unsigned)_mm_movemask_epi8(ok) & 0xFFFFu;
}

/* The next min(n, 16) bytes of s in a vector. Reading past the end is harmless within s's page (the page is
 * mapped and nothing reads the extra lanes); only a string ending within 16 bytes of a page end is copied. */
static inline __m128i bf_load_upto16(const char *s, size_t n) {
    if (n >= 16 || ((uintptr_t)s & 4095) <= 4096 - 16)
        return _mm_loadu_si128((const __m128i *)s);
    char tmp[16];
    memcpy(tmp, s, n);
    return _mm_loadu_si128((const __m128i *)tmp);
}
#endif

/* Percent-encode s[0..n) into out, any length; returns the end. */
static char *bf_quote_any(char *out, const char *s, size_t n) {
#if defined(__SSE2__)
    while (n) {
        size_t take = n < 16 ? n : 16;
        __m128i v = bf_load_upto16(s, n);
        unsigned esc = bf_escape_mask16(v) & (0xFFFFu >> (16 - take));
        _mm_storeu_si128((__m128i *)out, v);
        if (!esc) {
            out += take;
            s += take;
            n -= take;
            continue;
        }
        unsigned k = (unsigned)__builtin_ctz(esc);  /* the unreserved run before it is already stored */
        out += k;
        s += k;
        n -= k;
        do {  /* escaped bytes come in runs (UTF-8 sequences, JSON punctuation) */
            out = bf_escape_byte(out, (uint8_t)*s);
            s++;
            n--;
        } while (n && !bf_unreserved[(uint8_t)*s]);
    }
    return out;
#else
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)s[i];
        if (bf_unreserved[c])
            *out++ = (char)c;
        else
            out = bf_escape_byte(out, c);
    }
    return out;
#endif
}

/* Percent-encode s[0..n) into out; returns the end. out needs 3 * n + BF_QUOTE_SLACK bytes.
 * Inline only the usual case: at most 16 bytes, none to escape (symbols, enums, numbers, parameter names). */
static inline char *bf_quote(char *out, const char *s, size_t n) {
#if defined(__SSE2__)
    if (n <= 16 && ((uintptr_t)s & 4095) <= 4096 - 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)s);
        if (!(bf_escape_mask16(v) & (0xFFFFu >> (16 - n)))) {
            _mm_storeu_si128((__m128i *)out, v);
            return out + n;
        }
    }
#endif
    return bf_quote_any(out, s, n);
}

/* The number of decimal digits of u */
static inline int bf_digits_u64(uint64_t u) {
    static const uint64_t pow10[20] = {
        1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
        1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
        100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
        1000000000000000000ULL, 10000000000000000000ULL,
    };
    uint64_t v = u | 1;                    /* 0 has one digit; the powers compared with are even */
    int nd = ((64 - __builtin_clzll(v)) * 1233) >> 12;  /* bit length * log10(2): the digits, or one less */
    return nd + (v >= pow10[nd]);
}

/* Decimal digits of u into out (at most 20); returns the end. */
static inline char *bf_put_u64(char *out, uint64_t u) {
    static const char pairs[201] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    int nd = bf_digits_u64(u);
    char *p = out + nd;
    while (u >= 100) {
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        p -= 2;
        memcpy(p, pairs + 2 * r, 2);
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * u, 2);
    } else {
        p[-1] = (char)('0' + u);
    }
    return out + nd;
}

/* Decimal text of x (at most 20 bytes); returns the end. */
static inline char *bf_put_i64(char *out, int64_t x) {
    if (x < 0) {
        *out++ = '-';
        return bf_put_u64(out, (uint64_t)0 - (uint64_t)x);
    }
    return bf_put_u64(out, (uint64_t)x);
}

#endif
