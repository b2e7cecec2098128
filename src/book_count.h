/* Counting lower bound over the top 16 rows of a book side: rows are (price, qty) float64 pairs, so prices sit
   at a stride of two doubles. SSE2 compares two prices per instruction and sums the masks without a
   dependent chain of scalar adds; other targets use the plain loop. */
#ifndef BINANCE_FAST_BOOK_COUNT_H
#define BINANCE_FAST_BOOK_COUNT_H

#include <stddef.h>
#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>

/* Number of the 16 rows at p whose price is < x (asc) or > x (desc). */
static inline ptrdiff_t bf_count16(const double *p, double x, int desc) {
    __m128d vx = _mm_set1_pd(x);
    __m128i acc0 = _mm_setzero_si128(), acc1 = _mm_setzero_si128();
    int k;
    for (k = 0; k < 16; k += 4) {
        __m128d a = _mm_unpacklo_pd(_mm_loadu_pd(p + 2 * k), _mm_loadu_pd(p + 2 * k + 2));
        __m128d b = _mm_unpacklo_pd(_mm_loadu_pd(p + 2 * k + 4), _mm_loadu_pd(p + 2 * k + 6));
        __m128d ma = desc ? _mm_cmpgt_pd(a, vx) : _mm_cmplt_pd(a, vx);
        __m128d mb = desc ? _mm_cmpgt_pd(b, vx) : _mm_cmplt_pd(b, vx);
        acc0 = _mm_sub_epi64(acc0, _mm_castpd_si128(ma));  /* a true lane is all ones: -1 */
        acc1 = _mm_sub_epi64(acc1, _mm_castpd_si128(mb));
    }
    acc0 = _mm_add_epi64(acc0, acc1);
    return (ptrdiff_t)(_mm_cvtsi128_si64(acc0) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(acc0, acc0)));
}
#else
static inline ptrdiff_t bf_count16(const double *p, double x, int desc) {
    ptrdiff_t c = 0;
    int i;
    for (i = 0; i < 16; i++)
        c += desc ? p[2 * i] > x : p[2 * i] < x;
    return c;
}
#endif

#endif
