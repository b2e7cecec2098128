/* SHA-256 and HMAC-SHA256 for the signing kernel, header-only.
 *
 * Two compression routes: the x86 SHA extensions (SHA-NI), chosen at run time by cpuid, and a
 * portable C fallback, so one build runs on every x86-64 and on other architectures.
 * The HMAC key schedule is done once per key (precomputed inner/outer states).
 */
#ifndef BINANCE_FAST_SHA256_H
#define BINANCE_FAST_SHA256_H

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#define BF_SHA_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const uint32_t bf_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t bf_sha256_iv[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#define BF_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void bf_sha256_compress_portable(uint32_t st[8], const uint8_t *p, size_t nblocks) {
    uint32_t w[64];
    while (nblocks--) {
        for (int i = 0; i < 16; i++)
            w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
                   ((uint32_t)p[4 * i + 2] << 8) | (uint32_t)p[4 * i + 3];
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = BF_ROR(w[i - 15], 7) ^ BF_ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = BF_ROR(w[i - 2], 17) ^ BF_ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = h + (BF_ROR(e, 6) ^ BF_ROR(e, 11) ^ BF_ROR(e, 25)) + ((e & f) ^ (~e & g)) +
                          bf_sha256_k[i] + w[i];
            uint32_t t2 = (BF_ROR(a, 2) ^ BF_ROR(a, 13) ^ BF_ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
        p += 64;
    }
}

#ifdef BF_SHA_X86
__attribute__((target("sha,sse4.1,ssse3")))
static void bf_sha256_compress_shani(uint32_t st[8], const uint8_t *p, size_t nblocks) {
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&st[0]);
    __m128i s1 = _mm_loadu_si128((const __m128i *)&st[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);            /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);              /* EFGH */
    __m128i s0 = _mm_alignr_epi8(tmp, s1, 8);      /* ABEF */
    s1 = _mm_blend_epi16(s1, tmp, 0xF0);           /* CDGH */
    while (nblocks--) {
        __m128i abef = s0, cdgh = s1, msg;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), mask);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), mask);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), mask);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), mask);
/* four rounds with message words w and constants K[4g..4g+3] */
#define BF_QROUND(w, g)                                                                   \
        msg = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&bf_sha256_k[4 * (g)])); \
        s1 = _mm_sha256rnds2_epu32(s1, s0, msg);                                          \
        msg = _mm_shuffle_epi32(msg, 0x0E);                                               \
        s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
/* the next four message words into a, from a = W[g-4], b = W[g-3], c = W[g-2], d = W[g-1] */
#define BF_SCHED(a, b, c, d) \
        a = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(a, b), _mm_alignr_epi8(d, c, 4)), d);
        BF_QROUND(m0, 0) BF_QROUND(m1, 1) BF_QROUND(m2, 2) BF_QROUND(m3, 3)
        BF_SCHED(m0, m1, m2, m3) BF_QROUND(m0, 4)
        BF_SCHED(m1, m2, m3, m0) BF_QROUND(m1, 5)
        BF_SCHED(m2, m3, m0, m1) BF_QROUND(m2, 6)
        BF_SCHED(m3, m0, m1, m2) BF_QROUND(m3, 7)
        BF_SCHED(m0, m1, m2, m3) BF_QROUND(m0, 8)
        BF_SCHED(m1, m2, m3, m0) BF_QROUND(m1, 9)
        BF_SCHED(m2, m3, m0, m1) BF_QROUND(m2, 10)
        BF_SCHED(m3, m0, m1, m2) BF_QROUND(m3, 11)
        BF_SCHED(m0, m1, m2, m3) BF_QROUND(m0, 12)
        BF_SCHED(m1, m2, m3, m0) BF_QROUND(m1, 13)
        BF_SCHED(m2, m3, m0, m1) BF_QROUND(m2, 14)
        BF_SCHED(m3, m0, m1, m2) BF_QROUND(m3, 15)
#undef BF_QROUND
#undef BF_SCHED
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
        p += 64;
    }
    tmp = _mm_shuffle_epi32(s0, 0x1B);             /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);              /* DCHG */
    s0 = _mm_blend_epi16(tmp, s1, 0xF0);           /* DCBA */
    s1 = _mm_alignr_epi8(s1, tmp, 8);              /* ABEF */
    _mm_storeu_si128((__m128i *)&st[0], s0);
    _mm_storeu_si128((__m128i *)&st[4], s1);
}
#endif

typedef void (*bf_sha256_compress_fn)(uint32_t st[8], const uint8_t *p, size_t nblocks);

/* 1 when the CPU has the SHA extensions (and SSE4.1/SSSE3 they rely on). */
static int bf_sha256_has_shani(void) {
#ifdef BF_SHA_X86
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 19)) || !(c & (1u << 9))) return 0; /* SSE4.1, SSSE3 */
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 29)) != 0;
#else
    return 0;
#endif
}

static bf_sha256_compress_fn bf_sha256_compress = bf_sha256_compress_portable;

/* Choose the compression route; force_portable=1 pins the fallback (tests use it). Returns 1 for SHA-NI. */
static int bf_sha256_select(int force_portable) {
#ifdef BF_SHA_X86
    if (!force_portable && bf_sha256_has_shani()) {
        bf_sha256_compress = bf_sha256_compress_shani;
        return 1;
    }
#endif
    bf_sha256_compress = bf_sha256_compress_portable;
    return 0;
}

/* Continue a hash whose state has absorbed `done` bytes (a multiple of 64), over msg, and finish.
 * The tail block is zeroed and the length and digest are moved in whole words (bswap): byte-wise stores
 * followed by the 16-byte loads of the compression cost store-forwarding stalls, ~50 ns an HMAC. */
static void bf_sha256_finish(const uint32_t st_in[8], uint64_t done, const uint8_t *msg, size_t len,
                             uint8_t out[32]) {
    uint32_t st[8];
    uint8_t tail[128] __attribute__((aligned(16)));
    memcpy(st, st_in, sizeof st);
    size_t full = len & ~(size_t)63;
    if (full) bf_sha256_compress(st, msg, full / 64);
    size_t rest = len - full;
    memset(tail, 0, sizeof tail);
    memcpy(tail, msg + full, rest);
    tail[rest] = 0x80;
    size_t tlen = (rest < 56) ? 64 : 128;
    uint64_t bits = __builtin_bswap64((done + (uint64_t)len) * 8);
    memcpy(tail + tlen - 8, &bits, 8);
    bf_sha256_compress(st, tail, tlen / 64);
    for (int i = 0; i < 8; i++) {
        uint32_t w = __builtin_bswap32(st[i]);
        memcpy(out + 4 * i, &w, 4);
    }
}

typedef struct {
    uint32_t inner[8]; /* state after the key ^ ipad block */
    uint32_t outer[8]; /* state after the key ^ opad block */
} bf_hmac_sha256_key;

static void bf_hmac_sha256_init(bf_hmac_sha256_key *k, const uint8_t *key, size_t keylen) {
    uint8_t block[64], pad[64];
    memset(block, 0, 64);
    if (keylen > 64) {
        bf_sha256_finish(bf_sha256_iv, 0, key, keylen, block);
    } else {
        memcpy(block, key, keylen);
    }
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
    memcpy(k->inner, bf_sha256_iv, sizeof k->inner);
    bf_sha256_compress(k->inner, pad, 1);
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5c;
    memcpy(k->outer, bf_sha256_iv, sizeof k->outer);
    bf_sha256_compress(k->outer, pad, 1);
    memset(block, 0, 64);
    memset(pad, 0, 64);
}

static void bf_hmac_sha256(const bf_hmac_sha256_key *k, const uint8_t *msg, size_t len, uint8_t out[32]) {
    uint8_t ih[32];
    bf_sha256_finish(k->inner, 64, msg, len, ih);
    bf_sha256_finish(k->outer, 64, ih, 32, out);
}

/* Lowercase hex of 32 bytes into out[64]. */
static inline void bf_hex32(const uint8_t in[32], char out[64]) {
#if defined(__SSE2__)
    const __m128i nib = _mm_set1_epi8(15), nine = _mm_set1_epi8(9);
    const __m128i zero_char = _mm_set1_epi8('0'), letter_gap = _mm_set1_epi8('a' - '0' - 10);
    for (int h = 0; h < 2; h++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 16 * h));
        __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), nib), lo = _mm_and_si128(v, nib);
        __m128i a = _mm_unpacklo_epi8(hi, lo), b = _mm_unpackhi_epi8(hi, lo);  /* nibbles in text order */
        a = _mm_add_epi8(_mm_add_epi8(a, zero_char), _mm_and_si128(_mm_cmpgt_epi8(a, nine), letter_gap));
        b = _mm_add_epi8(_mm_add_epi8(b, zero_char), _mm_and_si128(_mm_cmpgt_epi8(b, nine), letter_gap));
        _mm_storeu_si128((__m128i *)(out + 32 * h), a);
        _mm_storeu_si128((__m128i *)(out + 32 * h + 16), b);
    }
#else
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
#endif
}

#endif
