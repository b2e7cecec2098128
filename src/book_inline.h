/* C helpers of the compiled book (src/book.pyx): row checks, the counting lower bound, tuple refills.

   Counting lower bound over the top 16 rows of a book side: rows are (price, qty) float64 pairs, so prices sit
   at a stride of two doubles. SSE2 compares two prices per instruction and sums the masks without a
   dependent chain of scalar adds; other targets use the plain loop. */
#ifndef BINANCE_FAST_BOOK_INLINE_H
#define BINANCE_FAST_BOOK_INLINE_H

#include <Python.h>
#include <structmember.h>
#include <stddef.h>

/* Where a type keeps the depth-event fields in object slots (msgspec Structs, __slots__ classes): read
   through the member descriptors' offsets instead of five attribute lookups per event. The layout is
   recomputed whenever the type or its version tag (bumped by any change to the type) differs. */
typedef struct {
    PyTypeObject *type;  /* strong reference */
    unsigned int version;
    Py_ssize_t off[5];
} bf_event_layout;

/* Borrowed field values of ev into out[0..4] (the names in the tuple `names`): 1 when read from slots, 0 when
   the caller must fall back to getattr (other kind of attribute, or an unset slot). */
static inline int bf_event_fields(bf_event_layout *lay, PyObject *names, PyObject *ev, PyObject **out) {
    PyTypeObject *tp = Py_TYPE(ev);
    Py_ssize_t i;
    if (tp != lay->type || !PyType_HasFeature(tp, Py_TPFLAGS_VALID_VERSION_TAG) || tp->tp_version_tag != lay->version) {
        Py_ssize_t off[5];
        for (i = 0; i < 5; i++) {
            PyObject *d = _PyType_Lookup(tp, PyTuple_GET_ITEM(names, i));
            PyMemberDef *m;
            if (d == NULL || !Py_IS_TYPE(d, &PyMemberDescr_Type))
                return 0;
            m = ((PyMemberDescrObject *)d)->d_member;
            if (m->type != T_OBJECT_EX && m->type != T_OBJECT)
                return 0;
            off[i] = m->offset;
        }
        if (!PyType_HasFeature(tp, Py_TPFLAGS_VALID_VERSION_TAG))
            return 0;
        Py_INCREF(tp);
        Py_XSETREF(lay->type, tp);
        lay->version = tp->tp_version_tag;
        for (i = 0; i < 5; i++)
            lay->off[i] = off[i];
    }
    for (i = 0; i < 5; i++) {
        out[i] = *(PyObject **)((char *)ev + lay->off[i]);
        if (out[i] == NULL)
            return 0;
    }
    return 1;
}

/* Puts n new float values into the tuple t in place when nothing else can see it (the book holds the only
   reference, so a reader that kept the tuple or one of its floats never sees it change). Returns 1 when
   refilled, 0 when t is shared (the caller builds a new tuple), -1 on a memory error. Spares the
   allocation and freeing of a tuple and its floats each time the top of book changes under a reader that
   does not keep the values. */
static inline int bf_refill_floats(PyObject *t, const double *v, Py_ssize_t n) {
    Py_ssize_t i;
    if (Py_REFCNT(t) != 1)
        return 0;
    for (i = 0; i < n; i++) {
        PyObject *f = PyTuple_GET_ITEM(t, i);
        if (Py_REFCNT(f) == 1 && PyFloat_CheckExact(f)) {
            ((PyFloatObject *)f)->ob_fval = v[i];
        } else {
            PyObject *g = PyFloat_FromDouble(v[i]);
            if (g == NULL)
                return -1;
            PyTuple_SET_ITEM(t, i, g);
            Py_DECREF(f);
        }
    }
    return 1;
}
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

/* Lower bound within rows 16..63 of p when row 63's price is >= x (asc) / <= x (desc): counts the 12 rows
   19, 23, .., 63 that precede x to find the block of four, then the first three rows of that block; two
   short independent counts instead of a chain of six dependent binary-search steps. */
static inline ptrdiff_t bf_count_tier2(const double *p, double x, int desc) {
    __m128d vx = _mm_set1_pd(x), m;
    __m128i acc = _mm_setzero_si128();
    ptrdiff_t blk, c;
    int k;
    for (k = 0; k < 12; k += 2) {  /* prices of rows 19 + 4k and 23 + 4k */
        __m128d v = _mm_loadh_pd(_mm_load_sd(p + 2 * (19 + 4 * k)), p + 2 * (23 + 4 * k));
        m = desc ? _mm_cmpgt_pd(v, vx) : _mm_cmplt_pd(v, vx);
        acc = _mm_sub_epi64(acc, _mm_castpd_si128(m));
    }
    blk = 16 + 4 * (ptrdiff_t)(_mm_cvtsi128_si64(acc) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc)));
    p += 2 * blk;
    c = desc ? (p[0] > x) + (p[2] > x) + (p[4] > x) : (p[0] < x) + (p[2] < x) + (p[4] < x);
    return blk + c;
}

/* Checks n (price, qty) rows: -1 when one is invalid (price not in (0, inf), qty not in [0, inf), NaN),
   else 1 when the prices are strictly best-first (sign * price ascending), else 0. One row is one SSE2
   register: price > 0 and qty > -(smallest subnormal) (so qty -0.0 passes, as qty >= 0.0 does), both < inf. */
static inline int bf_check_rows(const double *rows, ptrdiff_t n, double sign) {
    const __m128d lo = _mm_set_pd(-4.9406564584124654e-324, 0.0), hi = _mm_set1_pd(__builtin_inf());
    __m128d ok = _mm_castsi128_pd(_mm_set1_epi32(-1));
    double prev = -__builtin_inf(), key;
    int best_first = 1;
    ptrdiff_t i;
    for (i = 0; i < n; i++) {
        __m128d r = _mm_loadu_pd(rows + 2 * i);
        ok = _mm_and_pd(ok, _mm_and_pd(_mm_cmpgt_pd(r, lo), _mm_cmplt_pd(r, hi)));
        key = sign * rows[2 * i];
        best_first &= key > prev;
        prev = key;
    }
    if (_mm_movemask_pd(ok) != 3)
        return -1;
    return best_first;
}
#else
static inline int bf_check_rows(const double *rows, ptrdiff_t n, double sign) {
    double prev = -__builtin_inf(), p, q;
    int ok = 1, best_first = 1;
    ptrdiff_t i;
    for (i = 0; i < n; i++) {
        p = rows[2 * i];
        q = rows[2 * i + 1];
        ok &= (p > 0.0) & (p < __builtin_inf()) & (q >= 0.0) & (q < __builtin_inf());
        best_first &= sign * p > prev;
        prev = sign * p;
    }
    return ok ? best_first : -1;
}

static inline ptrdiff_t bf_count_tier2(const double *p, double x, int desc) {
    ptrdiff_t c = 0;
    int i;
    for (i = 16; i < 64; i++)
        c += desc ? p[2 * i] > x : p[2 * i] < x;
    return 16 + c;
}

static inline ptrdiff_t bf_count16(const double *p, double x, int desc) {
    ptrdiff_t c = 0;
    int i;
    for (i = 0; i < 16; i++)
        c += desc ? p[2 * i] > x : p[2 * i] < x;
    return c;
}
#endif

#endif
