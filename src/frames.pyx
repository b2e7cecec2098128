# cython: language_level=3
"""Compiled stream-frame decoding: depth frames straight from JSON bytes into float64 (n, 2) numpy arrays.

The scanner reads one JSON object (or the combined-stream wrapper ``{"stream": ..., "data": {...}}``) without
building Python objects for keys or levels: prices and quantities go from their decimal text to double with
an exactly rounded conversion (Clinger's fast path, else CPython's own correctly rounded strtod), into arrays
of the exact size. Flat events (trade, aggTrade, bookTicker and every other all-scalar Struct) go from the frame
into their msgspec Struct in one pass (FlatDecoder), msgspec deciding whatever that pass declines; the Dispatcher
routes frames to these decoders from the event type or stream name it sniffs, and ``decode`` is
``streams.decode`` without a Python frame in between. The plain-Python reference is binance_fast/_frames_py.py.
"""

cimport cython
cimport numpy as cnp
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.ref cimport PyObject, Py_INCREF, Py_XDECREF
from cpython.conversion cimport PyOS_string_to_double
from cpython.unicode cimport PyUnicode_DecodeUTF8


cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object u, Py_ssize_t* size) except NULL
    object PyMemoryView_FromMemory(char* mem, Py_ssize_t size, int flags)
    int PyBUF_READ
from libc.stdint cimport int64_t, uint64_t
from libc.string cimport memcmp, memcpy

from types import MemberDescriptorType

from binance_fast.errors import FrameDecodeError

cdef extern from "fastdigits.h":
    uint64_t bf_load8(const char* p) nogil
    bint bf_is_eight_digits(uint64_t v) nogil
    uint64_t bf_parse_eight_digits(uint64_t v) nogil
    int bf_digit_run(uint64_t v, uint64_t* value) nogil
    void bf_divide_all(double* out, const double* m, const unsigned char* places, const double* pow10,
                       Py_ssize_t n) nogil

cnp.import_array()

cdef extern from "numpy/arrayobject.h":
    ctypedef struct PyTypeObject_ "PyTypeObject":
        pass
    PyTypeObject_ PyArray_Type
    # steals the reference to descr
    object PyArray_NewFromDescr(PyTypeObject_* subtype, void* descr, int nd, cnp.npy_intp* dims,
                                cnp.npy_intp* strides, void* data, int flags, PyObject* obj)

# frame kinds returned by sniff()
KIND_UNKNOWN = 0
KIND_EVENT = 1        # {"e": "<type>", ...}: name is the event type
KIND_COMBINED = 2     # {"stream": "<name>", "data": ...}: name is the stream
KIND_API_EVENT = 3    # WebSocket API {"subscriptionId": n, "event": {...}}
KIND_REPLY = 4        # {"result": ..., "id": n} or an error reply
KIND_ARRAY = 5        # [ {...}, ... ]: name is the first element's event type, or None
KIND_BOOK_TICKER = 6  # spot bookTicker (no "e")
KIND_PARTIAL_DEPTH = 7  # spot partial depth (no "e")

cdef double[23] POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
                         1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
cdef uint64_t TWO53 = 9007199254740992ULL
cdef uint64_t[9] POW10_INT = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000]

# fields seen by the depth scanner (bit flags)
cdef enum:
    F_E_TYPE = 1
    F_E_TIME = 2
    F_SYMBOL = 4
    F_FIRST = 8
    F_FINAL = 16
    F_BIDS = 32
    F_ASKS = 64
    F_PREV = 128
    F_TTIME = 256
    F_PAIR = 512
    F_LAST_ID = 1024

cdef struct Scan:
    const char* start
    const char* p
    const char* end
    const char* err     # static message; NULL when fine
    const char* field   # wire key being read when the error happened
    const char* name    # sniff: the event type or stream name
    Py_ssize_t name_n


cdef inline bint is_digit(char c) noexcept nogil:
    return c >= 48 and c <= 57


cdef inline bint is_alpha(char c) noexcept nogil:
    return (c >= 65 and c <= 90) or (c >= 97 and c <= 122)


cdef inline void skip_ws(Scan* s) noexcept nogil:
    while s.p < s.end and (s.p[0] == b' ' or s.p[0] == b'\n' or s.p[0] == b'\r' or s.p[0] == b'\t'):
        s.p += 1


cdef inline bint expect(Scan* s, char c) noexcept nogil:
    skip_ws(s)
    if s.p < s.end and s.p[0] == c:
        s.p += 1
        return True
    s.err = "unexpected character or end of frame"
    return False


cdef inline bint scan_string(Scan* s, const char** out, Py_ssize_t* n) noexcept nogil:
    """The raw bytes of a JSON string (s.p on the opening quote); escapes are kept as they are."""
    skip_ws(s)
    if s.p >= s.end or s.p[0] != b'"':
        s.err = "expected a string"
        return False
    s.p += 1
    out[0] = s.p
    while s.p < s.end and s.p[0] != b'"':
        if s.p[0] == b'\\':
            s.p += 1
        s.p += 1
    if s.p >= s.end:
        s.err = "unterminated string"
        return False
    n[0] = s.p - out[0]
    s.p += 1
    return True


cdef inline bint key_is(const char* k, Py_ssize_t n, const char* lit, Py_ssize_t m) noexcept nogil:
    return n == m and memcmp(k, lit, m) == 0


cdef bint skip_value(Scan* s, int depth) noexcept nogil:
    """Skips any JSON value (of a key the depth decoder does not read)."""
    cdef const char* k
    cdef Py_ssize_t n
    skip_ws(s)
    if s.p >= s.end:
        s.err = "truncated frame"
        return False
    if depth > 64:
        s.err = "nesting too deep"
        return False
    cdef char c = s.p[0]
    if c == b'"':
        return scan_string(s, &k, &n)
    cdef char close = b'}' if c == b'{' else b']'
    if c == b'{' or c == b'[':
        s.p += 1
        skip_ws(s)
        if s.p < s.end and s.p[0] == close:
            s.p += 1
            return True
        while True:
            if c == b'{':
                if not scan_string(s, &k, &n) or not expect(s, b':'):
                    return False
            if not skip_value(s, depth + 1):
                return False
            skip_ws(s)
            if s.p >= s.end:
                s.err = "truncated frame"
                return False
            if s.p[0] == b',':
                s.p += 1
                continue
            if s.p[0] == close:
                s.p += 1
                return True
            s.err = "expected ',' or a closing bracket"
            return False
    # number, true, false, null
    cdef const char* begin = s.p
    while s.p < s.end and (s.p[0] == b'-' or s.p[0] == b'+' or s.p[0] == b'.' or
                           (is_digit(s.p[0])) or is_alpha(s.p[0])):
        s.p += 1
    if s.p == begin:
        s.err = "expected a value"
        return False
    return True


cdef inline bint scan_int(Scan* s, int64_t* out) noexcept nogil:
    """An integer, bare or quoted (Binance sends a few ids and times as strings)."""
    skip_ws(s)
    cdef bint quoted = s.p < s.end and s.p[0] == b'"'
    if quoted:
        s.p += 1
    cdef bint neg = s.p < s.end and s.p[0] == b'-'
    if neg:
        s.p += 1
    cdef const char* begin = s.p
    cdef uint64_t v = 0
    while s.p < s.end and is_digit(s.p[0]):
        v = v * 10 + <uint64_t>(s.p[0] - 48)
        s.p += 1
    if s.p == begin or s.p - begin > 19 or v > 9223372036854775807ULL:
        s.err = "expected an integer"
        return False
    if quoted:
        if s.p >= s.end or s.p[0] != b'"':
            s.err = "expected an integer"
            return False
        s.p += 1
    elif s.p < s.end and (s.p[0] == b'.' or s.p[0] == b'e' or s.p[0] == b'E'):
        s.err = "expected an integer"
        return False
    out[0] = -<int64_t>v if neg else <int64_t>v
    return True


cdef inline const char* ws(const char* p, const char* end) noexcept nogil:
    while p < end and (p[0] == b' ' or p[0] == b'\n' or p[0] == b'\r' or p[0] == b'\t'):
        p += 1
    return p


cdef inline const char* parse_number_parts(const char* p, const char* end, double* m, int* places,
                                           bint allow_slow) noexcept:
    """A decimal number, quoted (Binance's prices) or bare: its value is ``m[0] / POW10[places[0]]``, exactly rounded.

    On Clinger's path (mantissa up to 2**53, up to 22 places) m is the signed mantissa and the one division is left
    to the caller (a batch of independent divisions pipelines; a chain of parse-then-divide waits on each); else
    the correctly rounded value with places 0, or NULL when ``allow_slow`` is false. Works on a local pointer (a
    char load through Scan* would alias it and defeat registers); returns the position after the number, NULL
    when malformed.
    """
    cdef bint quoted = p < end and p[0] == b'"'
    if quoted:
        p += 1
    cdef const char* begin = p
    cdef const char* digits_start
    cdef bint neg = False
    cdef uint64_t mant = 0
    cdef int digits = 0, frac = 0
    cdef bint exact = True
    cdef char c
    cdef int run
    cdef uint64_t chunk
    if p < end and p[0] == b'-':
        neg = True
        p += 1
    digits_start = p
    # up to 8 digits at a time while they fit (one load, one multiply chain); `digits` may overcount leading
    # zeros here, which only sends a number to the (exact) slow path
    while p + 8 <= end and digits <= 11:
        run = bf_digit_run(bf_load8(p), &chunk)
        if run == 0:
            break
        mant = mant * POW10_INT[run] + chunk
        digits += run if mant != 0 else 0
        p += run
        if run < 8:
            break
    while p < end:
        c = p[0]
        if not is_digit(c):
            break
        if digits < 19:
            mant = mant * 10 + <uint64_t>(c - 48)
            digits += mant != 0
        else:
            exact = False
        p += 1
    if p == digits_start:
        return NULL
    if p < end and p[0] == b'.':
        p += 1
        digits_start = p
        while p + 8 <= end and digits <= 11:
            run = bf_digit_run(bf_load8(p), &chunk)
            if run == 0:
                break
            mant = mant * POW10_INT[run] + chunk
            digits += run if mant != 0 else 0
            frac += run
            p += run
            if run < 8:
                break
        while p < end:
            c = p[0]
            if not is_digit(c):
                break
            if digits < 19:
                mant = mant * 10 + <uint64_t>(c - 48)
                frac += 1
                digits += mant != 0
            elif c != 48:
                exact = False
            p += 1
        if p == digits_start:
            return NULL
    if p < end and (p[0] == b'e' or p[0] == b'E'):
        exact = False
        p += 1
        if p < end and (p[0] == b'+' or p[0] == b'-'):
            p += 1
        digits_start = p
        while p < end and is_digit(p[0]):
            p += 1
        if p == digits_start:
            return NULL
    cdef const char* stop = p
    if quoted:
        if p >= end or p[0] != b'"':
            return NULL
        p += 1
    if exact:
        if mant > TWO53 or frac > 22:
            # trailing zeros may bring it back into range
            while frac > 0 and mant % 10 == 0:
                mant //= 10
                frac -= 1
        if mant <= TWO53 and frac <= 22:
            # both operands exact: one IEEE division rounds correctly
            m[0] = -<double>mant if neg else <double>mant
            places[0] = frac
            return p
    if not allow_slow or not slow_number(begin, stop, m):
        return NULL
    places[0] = 0
    return p


cdef inline const char* parse_number(const char* p, const char* end, double* out, bint allow_slow=True) noexcept:
    """A decimal number to the nearest double (as float() rounds it); NULL when malformed, or (``allow_slow``
    false) when it is off Clinger's exact path."""
    cdef double m
    cdef int places
    p = parse_number_parts(p, end, &m, &places, allow_slow)
    if p != NULL:
        out[0] = m / POW10[places]
    return p


cdef inline bint scan_number(Scan* s, double* out) noexcept:
    cdef const char* p = parse_number(ws(s.p, s.end), s.end, out)
    if p == NULL:
        s.err = "expected a number"
        return False
    s.p = p
    return True


cdef bint slow_number(const char* begin, const char* stop, double* out) noexcept:
    """Long mantissas and exponents: CPython's correctly rounded, locale-independent strtod."""
    cdef char buf[80]
    cdef char* endp
    cdef Py_ssize_t n = stop - begin
    if n >= 80:
        return False
    memcpy(buf, begin, n)
    buf[n] = 0
    try:
        out[0] = PyOS_string_to_double(buf, &endp, NULL)
    except ValueError:
        return False
    return endp == buf + n


cdef Py_ssize_t count_levels(const char* p, const char* end) noexcept nogil:
    """Upper bound of the number of [price, qty] pairs in the array starting at p (just after its '[')."""
    cdef int depth = 1
    cdef Py_ssize_t n = 0
    while p < end:
        if p[0] == b'[':
            depth += 1
            n += 1
        elif p[0] == b']':
            depth -= 1
            if depth == 0:
                break
        p += 1
    return n


# levels are parsed here first as (mantissa, places) and divided on the way into the array, of the exact size
# (no counting pass over the frame); the GIL serialises every use
cdef enum:
    SCRATCH_LEVELS = 4096
cdef double scratch[2 * SCRATCH_LEVELS]
cdef unsigned char scratch_places[2 * SCRATCH_LEVELS]
cdef cnp.dtype float64_descr = cnp.PyArray_DescrFromType(cnp.NPY_FLOAT64)


cdef inline void flush_levels(double* out, Py_ssize_t n) noexcept nogil:
    """The n parsed numbers of the scratch space to their values at out (independent divisions: they pipeline)."""
    bf_divide_all(out, scratch, scratch_places, POW10, n)


cdef inline cnp.ndarray new_levels(Py_ssize_t n):
    """An uninitialised C-contiguous float64 (n, 2) array (the descriptor is cached: NewFromDescr steals it)."""
    cdef cnp.npy_intp dims[2]
    dims[0] = n
    dims[1] = 2
    Py_INCREF(float64_descr)
    return PyArray_NewFromDescr(&PyArray_Type, <void*>float64_descr, 2, dims, NULL, NULL, 0, NULL)


cdef object scan_levels(Scan* s):
    """A JSON array of [price, qty] pairs into a new C-contiguous float64 (n, 2) array; None on error."""
    if not expect(s, b'['):
        return None
    cdef cnp.ndarray arr = None
    cdef double* dest = NULL      # the array's data, once a book outgrew the scratch space
    cdef Py_ssize_t cap = 0       # its rows
    cdef Py_ssize_t done = 0      # rows already flushed into it
    cdef Py_ssize_t i = 0         # rows in the scratch space
    cdef int places
    cdef const char* p = ws(s.p, s.end)
    cdef const char* end = s.end
    if p < end and p[0] == b']':
        s.p = p + 1
        return new_levels(0)
    while True:
        if i == SCRATCH_LEVELS:
            if arr is None:
                # a book larger than the scratch space: count the rest, then fill the array chunk by chunk
                cap = i + count_levels(p, end)
                arr = new_levels(cap)
                dest = <double*>cnp.PyArray_DATA(arr)
            if done + i > cap:
                s.p = p
                s.err = "malformed price level"
                return None
            flush_levels(dest + 2 * done, 2 * i)
            done += i
            i = 0
        if p >= end or p[0] != b'[':
            s.p = p
            s.err = "malformed price level"
            return None
        p = parse_number_parts(ws(p + 1, end), end, scratch + 2 * i, &places, True)
        if p != NULL:
            scratch_places[2 * i] = <unsigned char>places
            p = ws(p, end)
            if p < end and p[0] == b',':
                p = parse_number_parts(ws(p + 1, end), end, scratch + 2 * i + 1, &places, True)
                scratch_places[2 * i + 1] = <unsigned char>places
            else:
                p = NULL
        if p == NULL:
            s.err = "expected a number"
            return None
        p = ws(p, end)
        if p < end and p[0] == b',':
            # levels may carry extra elements (Binance's own clients ignore them): skip them
            s.p = p
            while s.p < s.end and s.p[0] == b',':
                s.p += 1
                if not skip_value(s, 1):
                    return None
                skip_ws(s)
            p = s.p
        if p >= end or p[0] != b']':
            s.p = p
            s.err = "malformed price level"
            return None
        i += 1
        p = ws(p + 1, end)
        if p < end and p[0] == b',':
            p = ws(p + 1, end)
            continue
        if p >= end or p[0] != b']':
            s.p = p
            s.err = "expected ',' or ']' after a price level"
            return None
        s.p = p + 1
        break
    if arr is None:
        arr = new_levels(i)
        flush_levels(<double*>cnp.PyArray_DATA(arr), 2 * i)
        return arr
    if done + i > cap:
        s.err = "malformed price level"
        return None
    flush_levels(dest + 2 * done, 2 * i)
    done += i
    return arr if done == cap else arr[:done]


cdef class _Depth:
    """Fields of one depth frame as read by the scanner."""
    cdef int seen
    cdef object event_type, symbol, pair, stream, bids, asks
    cdef int64_t event_time, first, final, prev, ttime, last_id


cdef str to_str(const char* k, Py_ssize_t n):
    return PyUnicode_DecodeUTF8(k, n, NULL)


# the few short strings a stream repeats (event types, symbols, pairs), kept decoded
cdef enum:
    STR_CACHE = 16
cdef list str_cache_keep = [None] * (2 * STR_CACHE)
cdef const char* str_cache_bytes[STR_CACHE]
cdef Py_ssize_t str_cache_len[STR_CACHE]
cdef int str_cache_used = 0, str_cache_next = 0


cdef object short_str(const char* k, Py_ssize_t n):
    global str_cache_used, str_cache_next
    cdef int i
    if n > 40:
        return to_str(k, n)
    for i in range(str_cache_used):
        if str_cache_len[i] == n and same_bytes(str_cache_bytes[i], k, n):
            return str_cache_keep[2 * i + 1]
    value = to_str(k, n)
    key = PyBytes_FromStringAndSize(k, n)
    i = str_cache_next
    str_cache_next = (i + 1) % STR_CACHE
    if str_cache_used < STR_CACHE:
        str_cache_used += 1
    str_cache_keep[2 * i] = key
    str_cache_keep[2 * i + 1] = value
    str_cache_bytes[i] = PyBytes_AS_STRING(key)
    str_cache_len[i] = n
    return value


cdef bint scan_depth_object(Scan* s, _Depth d, int depth) except -1:
    cdef const char* k
    cdef Py_ssize_t n
    cdef const char* v
    cdef Py_ssize_t vn
    if not expect(s, b'{'):
        return False
    skip_ws(s)
    if s.p < s.end and s.p[0] == b'}':
        s.p += 1
        return True
    while True:
        if not scan_string(s, &k, &n) or not expect(s, b':'):
            return False
        s.field = NULL
        if n == 1:
            if k[0] == b'e':
                s.field = "e"
                if not scan_string(s, &v, &vn):
                    return False
                d.event_type = short_str(v, vn)
                d.seen |= F_E_TYPE
            elif k[0] == b'E':
                s.field = "E"
                if not scan_int(s, &d.event_time):
                    return False
                d.seen |= F_E_TIME
            elif k[0] == b's':
                s.field = "s"
                if not scan_string(s, &v, &vn):
                    return False
                d.symbol = short_str(v, vn)
                d.seen |= F_SYMBOL
            elif k[0] == b'U':
                s.field = "U"
                if not scan_int(s, &d.first):
                    return False
                d.seen |= F_FIRST
            elif k[0] == b'u':
                s.field = "u"
                if not scan_int(s, &d.final):
                    return False
                d.seen |= F_FINAL
            elif k[0] == b'T':
                s.field = "T"
                if not scan_int(s, &d.ttime):
                    return False
                d.seen |= F_TTIME
            elif k[0] == b'b':
                s.field = "b"
                d.bids = scan_levels(s)
                if d.bids is None:
                    return False
                d.seen |= F_BIDS
            elif k[0] == b'a':
                s.field = "a"
                d.asks = scan_levels(s)
                if d.asks is None:
                    return False
                d.seen |= F_ASKS
            elif not skip_value(s, depth + 1):
                return False
        elif key_is(k, n, "pu", 2):
            s.field = "pu"
            if not scan_int(s, &d.prev):
                return False
            d.seen |= F_PREV
        elif key_is(k, n, "ps", 2):
            s.field = "ps"
            if not scan_string(s, &v, &vn):
                return False
            d.pair = short_str(v, vn)
            d.seen |= F_PAIR
        elif key_is(k, n, "bids", 4):
            s.field = "bids"
            d.bids = scan_levels(s)
            if d.bids is None:
                return False
            d.seen |= F_BIDS
        elif key_is(k, n, "asks", 4):
            s.field = "asks"
            d.asks = scan_levels(s)
            if d.asks is None:
                return False
            d.seen |= F_ASKS
        elif key_is(k, n, "lastUpdateId", 12):
            s.field = "lastUpdateId"
            if not scan_int(s, &d.last_id):
                return False
            d.seen |= F_LAST_ID
        elif depth == 0 and key_is(k, n, "stream", 6):
            s.field = "stream"
            if not scan_string(s, &v, &vn):
                return False
            d.stream = to_str(v, vn)
        elif depth == 0 and key_is(k, n, "data", 4):
            s.field = "data"
            if not scan_depth_object(s, d, 1):
                return False
        elif not skip_value(s, depth + 1):
            return False
        s.field = NULL
        skip_ws(s)
        if s.p < s.end and s.p[0] == b',':
            s.p += 1
            continue
        if not expect(s, b'}'):
            return False
        return True


cdef const char* missing_field(int seen, bint partial):
    if partial:
        if not seen & F_BIDS:
            return "bids"
        if not seen & F_ASKS:
            return "asks"
        return NULL
    if not seen & F_E_TIME:
        return "E"
    if not seen & F_SYMBOL:
        return "s"
    if not seen & F_FIRST:
        return "U"
    if not seen & F_FINAL:
        return "u"
    if not seen & F_BIDS:
        return "b"
    if not seen & F_ASKS:
        return "a"
    return NULL


cdef object open_frame(Scan* s, object frame):
    """Points s at the frame's bytes (str frames through their cached UTF-8); returns what keeps them alive."""
    cdef Py_ssize_t n
    cdef object keep = frame
    if type(frame) is bytes:
        s.start = PyBytes_AS_STRING(frame)
        n = PyBytes_GET_SIZE(frame)
    elif type(frame) is str:
        s.start = PyUnicode_AsUTF8AndSize(frame, &n)
    else:
        keep = bytes(frame)
        s.start = PyBytes_AS_STRING(keep)
        n = PyBytes_GET_SIZE(keep)
    s.p = s.start
    s.end = s.start + n
    s.err = NULL
    s.field = NULL
    s.name = NULL
    s.name_n = 0
    return keep


cdef _Depth shared_depth = _Depth.__new__(_Depth)  # reused: the GIL serialises decoders, nothing re-enters


cdef object depth_event(object frame, object depth_cls, object partial_cls, bint with_stream):
    cdef Scan s
    cdef object keep = open_frame(&s, frame)
    cdef _Depth d = shared_depth
    d.seen = 0
    d.prev = -1
    d.event_type = d.symbol = d.pair = d.stream = d.bids = d.asks = None
    cdef bint ok
    try:
        try:
            ok = scan_depth_object(&s, d, 0)
        except UnicodeDecodeError:
            raise FrameDecodeError("malformed depth frame: a string is not UTF-8",
                                   field=None if s.field == NULL else (<bytes>s.field).decode(),
                                   frame=frame) from None
        if ok:
            skip_ws(&s)
            if s.p != s.end:
                ok = False
                s.err = "trailing characters after the frame"
        if not ok:
            raise FrameDecodeError(
                f"malformed depth frame at byte {s.p - s.start}: {(<bytes>s.err).decode()}",
                field=None if s.field == NULL else (<bytes>s.field).decode(), frame=frame)
        partial = (d.seen & F_LAST_ID) and not (d.seen & F_E_TYPE)
        missing = missing_field(d.seen, partial)
        if missing != NULL:
            raise FrameDecodeError("depth frame without a mandatory field", field=(<bytes>missing).decode(),
                                   frame=frame)
        if partial:
            event = partial_cls(d.last_id, d.bids, d.asks, "depth", d.symbol)
        elif not d.seen & F_E_TYPE:
            raise FrameDecodeError("depth frame without a mandatory field", field="e", frame=frame)
        else:
            event = depth_cls(d.event_type, d.event_time, d.symbol, d.first, d.final, d.bids, d.asks, d.prev,
                              d.ttime if d.seen & F_TTIME else None, d.pair)
        return (event, d.stream) if with_stream else event
    finally:
        d.event_type = d.symbol = d.pair = d.stream = d.bids = d.asks = None


def decode_depth(frame, depth_cls, partial_cls):
    """A depth diff (``depthUpdate``, also futures partial depth) or a spot partial depth frame, plain or in a
    combined-stream wrapper, as ``depth_cls`` / ``partial_cls`` (built positionally) with float64 (n, 2) arrays.

    Returns ``(event, stream)`` where ``stream`` is the wrapper's stream name or None.
    Raises FrameDecodeError naming the wire field and carrying the frame.
    """
    return depth_event(frame, depth_cls, partial_cls, True)


def parse_levels(text):
    """A JSON array of [price, qty] pairs (bytes or str) into a float64 (n, 2) array (for tests and tools)."""
    cdef bytes buf = text if type(text) is bytes else text.encode()
    cdef Scan s
    s.start = PyBytes_AS_STRING(buf)
    s.p = s.start
    s.end = s.start + PyBytes_GET_SIZE(buf)
    s.err = NULL
    s.field = NULL
    arr = scan_levels(&s)
    if arr is not None:
        skip_ws(&s)
        if s.p != s.end:
            arr = None
            s.err = "trailing characters"
    if arr is None:
        raise FrameDecodeError(f"malformed levels: {(<bytes>s.err).decode()}", frame=text)
    return arr


def parse_decimal(text):
    """One decimal number (bytes or str, quoted or bare) to the nearest double, exactly as ``float()`` rounds it."""
    cdef bytes buf = text if type(text) is bytes else text.encode()
    cdef Scan s
    cdef double v
    s.start = PyBytes_AS_STRING(buf)
    s.p = s.start
    s.end = s.start + PyBytes_GET_SIZE(buf)
    s.err = NULL
    if s.p == s.end or s.p[0] == b' ' or s.p[0] == b'\t' or s.p[0] == b'\n' or s.p[0] == b'\r' \
            or not scan_number(&s, &v) or s.p != s.end:
        raise FrameDecodeError(f"not a decimal number: {text!r}", frame=text)
    return v


cdef int sniff_scan(Scan* s) noexcept:
    """The kind of frame s points at, from its first key; the event type or stream name in s.name."""
    cdef const char* k
    cdef Py_ssize_t n
    cdef const char* v
    cdef Py_ssize_t vn
    skip_ws(s)
    if s.p >= s.end:
        return KIND_UNKNOWN
    cdef bint array = s.p[0] == b'['
    if array:
        s.p += 1
        skip_ws(s)
    if s.p >= s.end or s.p[0] != b'{':
        return KIND_UNKNOWN
    s.p += 1
    if not scan_string(s, &k, &n) or not expect(s, b':'):
        return KIND_UNKNOWN
    if n == 1 and k[0] == b'e':
        if not scan_string(s, &s.name, &s.name_n):
            return KIND_UNKNOWN
        return KIND_ARRAY if array else KIND_EVENT
    if array:
        return KIND_ARRAY
    if key_is(k, n, "stream", 6):
        if not scan_string(s, &s.name, &s.name_n):
            return KIND_UNKNOWN
        return KIND_COMBINED
    if key_is(k, n, "u", 1):
        return KIND_BOOK_TICKER
    if key_is(k, n, "lastUpdateId", 12):
        return KIND_PARTIAL_DEPTH
    if key_is(k, n, "event", 5) or key_is(k, n, "subscriptionId", 14):
        return KIND_API_EVENT
    if key_is(k, n, "result", 6) or key_is(k, n, "id", 2) or key_is(k, n, "code", 4) or key_is(k, n, "status", 6):
        return KIND_REPLY
    return KIND_UNKNOWN


def sniff(frame):
    """What a frame is, from its first key, without parsing it: ``(kind, name)`` (see the KIND_* constants)."""
    cdef Scan s
    cdef object keep = open_frame(&s, frame)
    cdef int kind = sniff_scan(&s)
    name = sniffed_name(&s, kind)
    if name is None and (kind == KIND_EVENT or kind == KIND_COMBINED):
        kind = KIND_UNKNOWN
    return kind, name


cdef object sniffed_name(Scan* s, int kind):
    if kind == KIND_EVENT or kind == KIND_COMBINED or (kind == KIND_ARRAY and s.name != NULL):
        try:
            return to_str(s.name, s.name_n)
        except UnicodeDecodeError:
            return None
    return None


# -- flat events (trade, aggTrade, bookTicker, ...) straight into their Struct --------------------------------------

cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    ctypedef PyObject* (*allocfunc)(object tp, Py_ssize_t n)
    ctypedef struct PyTypeObject_alloc "PyTypeObject":
        allocfunc tp_alloc
        unsigned long tp_flags
    unsigned long Py_TPFLAGS_HAVE_GC
    object PyObject_Vectorcall(object callable, PyObject** args, size_t nargsf, object kwnames)
    object PyLong_FromLongLong(long long v)
    object PyFloat_FromDouble(double v)


cdef enum:
    FLAT_MAX = 64
    V_INT = 0
    V_FLOAT = 1
    V_STR = 2
    V_BOOL = 3

cdef object NEEDS_FALLBACK = object()  # the fast path declined: msgspec decides (and names any error)


cdef inline const char* skip_json_number(const char* p, const char* end) noexcept nogil:
    """A number of strict JSON grammar (no leading zeros); NULL when it is not one."""
    if p < end and p[0] == b'-':
        p += 1
    if p >= end or not is_digit(p[0]):
        return NULL
    if p[0] == b'0':
        p += 1
    else:
        while p < end and is_digit(p[0]):
            p += 1
    if p < end and p[0] == b'.':
        p += 1
        if p >= end or not is_digit(p[0]):
            return NULL
        while p < end and is_digit(p[0]):
            p += 1
    if p < end and (p[0] == b'e' or p[0] == b'E'):
        p += 1
        if p < end and (p[0] == b'+' or p[0] == b'-'):
            p += 1
        if p >= end or not is_digit(p[0]):
            return NULL
        while p < end and is_digit(p[0]):
            p += 1
    return p


cdef inline const char* plain_string_end(const char* p, const char* end) noexcept nogil:
    """The closing quote of a string with no escapes, control or non-ASCII bytes (p after the opening quote)."""
    while p < end:
        if p[0] == b'"':
            return p
        if p[0] == b'\\' or <unsigned char>p[0] < 0x20 or <unsigned char>p[0] >= 0x80:
            return NULL
        p += 1
    return NULL


cdef inline bint same_bytes(const char* a, const char* b, Py_ssize_t n) noexcept nogil:
    """memcmp(a, b, n) == 0 inlined (wire keys and symbols are a few bytes: a libc call costs more)."""
    cdef Py_ssize_t i
    for i in range(n):
        if a[i] != b[i]:
            return False
    return True


cdef inline const char* literal(const char* p, const char* end, const char* word, Py_ssize_t n) noexcept nogil:
    if end - p >= n and memcmp(p, word, n) == 0:
        return p + n
    return NULL


@cython.final
cdef class FlatDecoder:
    """Decodes one flat event Struct (scalar fields only: int, float, str, bool, optional ones) in one pass.

    ``spec``: per field of ``cls`` in order, ``(wire_key: bytes, kind: int, nullable: bool, default)`` with
    kind 0 int, 1 float, 2 str, 3 bool, and ``default`` the field's default or ``msgspec.NODEFAULT``.
    The fast path accepts only frames it reads exactly as msgspec would (plain strings, strict JSON numbers,
    decimals exact on Clinger's path, every key at most once, nested values absent); anything else goes to
    ``fallback`` (the typed msgspec decoder of ``cls``), which decides and raises its own errors.
    """

    cdef readonly object cls, fallback
    cdef object kwnames
    cdef list keep
    cdef int n
    cdef const char* keys[FLAT_MAX]
    cdef Py_ssize_t key_len[FLAT_MAX]
    cdef int kind[FLAT_MAX]
    cdef bint nullable[FLAT_MAX]
    cdef PyObject* defaults[FLAT_MAX]  # NULL: required
    cdef Py_ssize_t offsets[FLAT_MAX]   # of each field's slot in an instance
    cdef int e_index                    # the field read from "e" (a plain str), or -1
    cdef bint direct                    # build instances by filling their slots (else through the constructor)

    def __init__(self, cls, fallback, spec, nodefault):
        fields = tuple(cls.__struct_fields__)
        if len(spec) != len(fields):
            raise ValueError("spec does not match the class")
        if len(fields) > FLAT_MAX:
            raise ValueError(f"more than {FLAT_MAX} fields")
        self.cls = cls
        self.fallback = fallback
        self.kwnames = fields  # msgspec's own interned names: its constructor matches them by identity
        self.keep = []
        self.n = len(fields)
        # a non-GC Struct is its slots: fill them as msgspec's decoder does, skipping the keyword matching of
        # its constructor (which stays the route for any other layout)
        self.direct = not ((<PyTypeObject_alloc*><PyObject*>cls).tp_flags & Py_TPFLAGS_HAVE_GC)
        for i, name in enumerate(fields):
            slot = cls.__dict__.get(name)
            if type(slot) is not MemberDescriptorType:
                self.direct = False
                break
            self.offsets[i] = (<PyMemberDescrObject*><PyObject*>slot).d_member.offset
        self.e_index = -1
        for i, (key, kind, nullable, default) in enumerate(spec):
            key = bytes(key)
            if key == b"e" and kind == V_STR and not nullable:
                self.e_index = i
            self.keep.append(key)
            self.keys[i] = PyBytes_AS_STRING(key)
            self.key_len[i] = PyBytes_GET_SIZE(key)
            if kind not in (V_INT, V_FLOAT, V_STR, V_BOOL):
                raise ValueError(f"unknown field kind {kind!r}")
            self.kind[i] = kind
            self.nullable[i] = bool(nullable)
            if default is nodefault:
                self.defaults[i] = NULL
            else:
                self.keep.append(default)
                self.defaults[i] = <PyObject*>default

    cdef inline int field_of(self, const char* k, Py_ssize_t n, int guess) noexcept:
        cdef int j
        if guess < self.n and self.key_len[guess] == n and same_bytes(self.keys[guess], k, n):
            return guess
        for j in range(self.n):
            if self.key_len[j] == n and same_bytes(self.keys[j], k, n):
                return j
        return -1

    cdef inline object value(self, int j, const char** pp, const char* end):
        """The value of field j at *pp (advanced past it), or NEEDS_FALLBACK."""
        cdef const char* p = pp[0]
        cdef const char* q
        cdef const char* digits
        cdef int kind = self.kind[j]
        cdef double x
        cdef bint neg
        cdef int64_t iv
        cdef uint64_t u
        if self.nullable[j] and p < end and p[0] == b'n':
            q = literal(p, end, "null", 4)
            if q == NULL:
                return NEEDS_FALLBACK
            pp[0] = q
            return None
        if kind == V_FLOAT:
            q = p + 1 if p < end and p[0] == b'"' else p
            neg = q < end and q[0] == b'-'
            digits = q + 1 if neg else q
            if digits + 1 < end and digits[0] == b'0' and is_digit(digits[1]):
                return NEEDS_FALLBACK  # leading zeros
            q = parse_number(p, end, &x, False)
            if q == NULL or (x == 0 and neg):
                return NEEDS_FALLBACK  # slow path or -0: msgspec's call
            pp[0] = q
            return PyFloat_FromDouble(x)
        if kind == V_INT:
            q = p + 1 if p < end and p[0] == b'-' else p
            digits = q
            u = 0
            while q < end and is_digit(q[0]):
                u = u * 10 + <uint64_t>(q[0] - 48)
                q += 1
            if q == digits or q - digits > 18 or (digits[0] == b'0' and q - digits > 1):
                return NEEDS_FALLBACK
            iv = <int64_t>u
            pp[0] = q
            return PyLong_FromLongLong(-iv if digits != p else iv)
        if kind == V_STR:
            if p >= end or p[0] != b'"':
                return NEEDS_FALLBACK
            q = plain_string_end(p + 1, end)
            if q == NULL:
                return NEEDS_FALLBACK
            pp[0] = q + 1
            return short_str(p + 1, q - p - 1)
        if p < end and p[0] == b't':
            q = literal(p, end, "true", 4)
            if q != NULL:
                pp[0] = q
                return True
        elif p < end and p[0] == b'f':
            q = literal(p, end, "false", 5)
            if q != NULL:
                pp[0] = q
                return False
        return NEEDS_FALLBACK

    cdef object fast(self, const char* p, const char* end, int pre=-1, object pre_value=None):
        """The event of the JSON object in [p, end), or NEEDS_FALLBACK.

        With ``pre`` >= 0, p is just after the object's first member, field ``pre`` already read as ``pre_value``
        (the router's sniff read the event type: no second look at it).
        """
        cdef PyObject* vals[FLAT_MAX]
        cdef int i, j, guess = 0
        cdef const char* k
        cdef Py_ssize_t kn
        cdef object v
        cdef object result = NEEDS_FALLBACK
        cdef PyObject* obj
        cdef bint ok = False
        for i in range(self.n):
            vals[i] = NULL
        cdef bint after_value = pre >= 0
        try:
            if after_value:
                Py_INCREF(pre_value)
                vals[pre] = <PyObject*>pre_value
                guess = pre + 1
            else:
                p = ws(p, end)
                if p >= end or p[0] != b'{':
                    return NEEDS_FALLBACK
                p = ws(p + 1, end)
                if p < end and p[0] == b'}':
                    p += 1
                    ok = True
            while not ok:
                if after_value:
                    after_value = False
                    p = ws(p, end)
                    if p < end and p[0] == b',':
                        p = ws(p + 1, end)
                        continue
                    if p < end and p[0] == b'}':
                        p += 1
                        break
                    return NEEDS_FALLBACK
                if p >= end or p[0] != b'"':
                    return NEEDS_FALLBACK
                k = p + 1
                p = plain_string_end(k, end)
                if p == NULL:
                    return NEEDS_FALLBACK
                kn = p - k
                p = ws(p + 1, end)
                if p >= end or p[0] != b':':
                    return NEEDS_FALLBACK
                p = ws(p + 1, end)
                j = self.field_of(k, kn, guess)
                if j < 0:  # a key the class does not have: msgspec skips it too
                    if p < end and p[0] == b'"':
                        p = plain_string_end(p + 1, end)
                        if p != NULL:
                            p += 1
                    elif p < end and (p[0] == b'-' or is_digit(p[0])):
                        p = skip_json_number(p, end)
                    elif p < end and p[0] == b't':
                        p = literal(p, end, "true", 4)
                    elif p < end and p[0] == b'f':
                        p = literal(p, end, "false", 5)
                    else:
                        p = literal(p, end, "null", 4)
                    if p == NULL:
                        return NEEDS_FALLBACK
                else:
                    if vals[j] != NULL:
                        return NEEDS_FALLBACK  # a repeated key
                    v = self.value(j, &p, end)
                    if v is NEEDS_FALLBACK:
                        return NEEDS_FALLBACK
                    Py_INCREF(v)
                    vals[j] = <PyObject*>v
                    guess = j + 1
                p = ws(p, end)
                if p < end and p[0] == b',':
                    p = ws(p + 1, end)
                    continue
                if p < end and p[0] == b'}':
                    p += 1
                    break
                return NEEDS_FALLBACK
            if ws(p, end) != end:
                return NEEDS_FALLBACK
            for i in range(self.n):
                if vals[i] == NULL:
                    if self.defaults[i] == NULL:
                        return NEEDS_FALLBACK  # a missing field: msgspec names it
                    Py_INCREF(<object>self.defaults[i])
                    vals[i] = self.defaults[i]
            if self.direct:
                obj = (<PyTypeObject_alloc*><PyObject*>self.cls).tp_alloc(self.cls, 0)
                if obj == NULL:
                    raise MemoryError()
                for i in range(self.n):  # the references move into the slots
                    (<PyObject**>(<char*>obj + self.offsets[i]))[0] = vals[i]
                    vals[i] = NULL
                result = <object>obj
                Py_XDECREF(obj)
            else:
                result = PyObject_Vectorcall(self.cls, vals, 0, self.kwnames)
        finally:
            for i in range(self.n):
                Py_XDECREF(vals[i])
        return result

    cdef object decode_c(self, object frame):
        cdef Scan s
        cdef object keep = open_frame(&s, frame)
        cdef object event = self.fast(s.p, s.end)
        if event is NEEDS_FALLBACK:
            return self.fallback(frame)
        return event

    def decode(self, frame):
        """One frame to its event (the fallback's result and errors where the fast path declines)."""
        return self.decode_c(frame)

    def __call__(self, frame):
        return self.decode_c(frame)


DEPTH = object()  # marks the depth decoder in a Dispatcher's tables


cdef enum:
    CACHE = 32


cdef class Dispatcher:
    """Routes each frame to its decoder from the first key alone: the event type, or a combined stream's name.

    ``by_event``: event type -> callable(frame) -> event (or DEPTH); ``by_stream``: stream name -> callable
    decoding the ``data`` object of a {"stream","data"} frame, handed to it in place; ``by_stream_direct``: stream
    name -> callable(frame) -> event (or DEPTH). Anything else, and every decode error, goes to the Python
    callbacks ``slow(frame, kind, name)`` and ``on_error(frame, exc, name)``. The names seen most recently are
    matched on their bytes in a small C cache, so a frame costs no Python string or hash before its decoder.
    """

    cdef dict by_event, by_stream, by_stream_direct
    cdef object slow, on_error, depth_cls, partial_cls, error_type
    cdef object book_ticker     # by_event["bookTicker"] once filed (spot bookTicker frames have no "e")
    cdef list keep              # owns the cached names and decoders below
    cdef const char* names[CACHE]
    cdef Py_ssize_t lens[CACHE]
    cdef int kinds[CACHE]       # 0: event decoder, 1: wrapper decoder (the data in place), 2: direct, 3: depth,
                                # 4: a FlatDecoder's event
    cdef PyObject* fns[CACHE]
    cdef PyObject* name_strs[CACHE]  # the names as str
    cdef bint of_stream[CACHE]  # the name is a stream's (combined frame), not an event type
    cdef int used, next_slot

    def __init__(self, dict by_event, dict by_stream, dict by_stream_direct, slow, on_error, depth_cls,
                 partial_cls, error_type):
        self.by_event = by_event
        self.by_stream = by_stream
        self.by_stream_direct = by_stream_direct
        self.slow = slow
        self.on_error = on_error
        self.depth_cls = depth_cls
        self.partial_cls = partial_cls
        self.error_type = error_type
        self.keep = [None] * (3 * CACHE)
        self.used = 0
        self.next_slot = 0

    def clear_cache(self):
        """Forgets the cached routes (after the tables were changed other than by adding to them)."""
        self.book_ticker = None
        self.used = 0
        self.next_slot = 0
        self.keep = [None] * (3 * CACHE)

    cdef void remember(self, bytes name, bint of_stream, int how, object fn):
        cdef int i = self.next_slot
        self.next_slot = (i + 1) % CACHE
        if self.used < CACHE:
            self.used += 1
        self.keep[3 * i] = name
        self.keep[3 * i + 1] = fn
        self.keep[3 * i + 2] = text = name.decode()
        self.name_strs[i] = <PyObject*>text
        self.names[i] = PyBytes_AS_STRING(name)
        self.lens[i] = PyBytes_GET_SIZE(name)
        self.kinds[i] = how
        self.of_stream[i] = of_stream
        self.fns[i] = <PyObject*>fn

    cdef object route(self, object frame, int how, object fn, object name):
        cdef Scan s
        if how == 4:
            keep = open_frame(&s, frame)
            event = (<FlatDecoder>fn).fast(s.p, s.end)
            if event is not NEEDS_FALLBACK:
                return event
            fn = (<FlatDecoder>fn).fallback
            how = 0
        if how == 3:
            return depth_event(frame, self.depth_cls, self.partial_cls, False)
        if how == 2:
            return fn(frame)
        try:
            if how == 1:
                return fn(frame).data
            return fn(frame)
        except self.error_type as exc:
            return self.on_error(frame, exc, name.decode() if isinstance(name, bytes) else name)

    cdef object data_in_place(self, Scan* s, object frame, object fn, object name):
        """{"stream": ..., "data": {...}}: the data object decoded where it lies (a memoryview, no copy)."""
        cdef const char* k
        cdef Py_ssize_t n
        cdef const char* start
        cdef const char* end = s.end
        if expect(s, b',') and scan_string(s, &k, &n) and key_is(k, n, "data", 4) and expect(s, b':'):
            skip_ws(s)
            start = s.p
            while end > start and (end[-1] == b' ' or end[-1] == b'\n' or end[-1] == b'\r' or end[-1] == b'\t'):
                end -= 1
            if end > start and end[-1] == b'}':
                if type(fn) is FlatDecoder:
                    event = (<FlatDecoder>fn).fast(start, end - 1)
                    if event is not NEEDS_FALLBACK:
                        return event
                    fn = (<FlatDecoder>fn).fallback
                try:
                    return fn(PyMemoryView_FromMemory(<char*>start, end - 1 - start, PyBUF_READ))
                except self.error_type as exc:
                    return self.on_error(frame, exc, name.decode() if isinstance(name, bytes) else name)
        # another layout (keys reordered): the general wrapper path
        return self.slow(frame, KIND_UNKNOWN, None)

    def decode(self, frame):
        """One frame to its event."""
        return self.decode_c(frame)

    cdef object decode_c(self, object frame):
        cdef Scan s
        cdef object keep = open_frame(&s, frame)
        cdef int kind = sniff_scan(&s)
        cdef int i
        cdef bint of_stream = kind == KIND_COMBINED
        cdef object fn, name, event
        if kind == KIND_EVENT or kind == KIND_COMBINED:
            for i in range(self.used):
                if self.lens[i] == s.name_n and self.of_stream[i] == of_stream \
                        and memcmp(self.names[i], s.name, s.name_n) == 0:
                    if self.kinds[i] == 4:
                        if (<FlatDecoder>self.fns[i]).e_index >= 0:
                            # {"e": first: the sniff stopped after its value, which is this name exactly
                            event = (<FlatDecoder>self.fns[i]).fast(s.p, s.end, (<FlatDecoder>self.fns[i]).e_index,
                                                                    <object>self.name_strs[i])
                        else:
                            event = (<FlatDecoder>self.fns[i]).fast(s.start, s.end)
                        if event is not NEEDS_FALLBACK:
                            return event
                        return self.route(frame, 0, (<FlatDecoder>self.fns[i]).fallback, self.keep[3 * i])
                    if self.kinds[i] == 1:
                        return self.data_in_place(&s, frame, <object>self.fns[i], self.keep[3 * i])
                    return self.route(frame, self.kinds[i], <object>self.fns[i], self.keep[3 * i])
            name = sniffed_name(&s, kind)
            if name is None:
                return self.slow(frame, KIND_UNKNOWN, None)
            if kind == KIND_EVENT:
                fn = self.by_event.get(name)
                if fn is not None:
                    how = 3 if fn is DEPTH else 4 if type(fn) is FlatDecoder else 0
                    self.remember(PyBytes_FromStringAndSize(s.name, s.name_n), False, how, fn)
                    return self.route(frame, how, fn, name)
            else:
                fn = self.by_stream.get(name)
                if fn is not None:
                    self.remember(PyBytes_FromStringAndSize(s.name, s.name_n), True, 1, fn)
                    return self.data_in_place(&s, frame, fn, name)
                fn = self.by_stream_direct.get(name)
                if fn is not None:
                    self.remember(PyBytes_FromStringAndSize(s.name, s.name_n), True, 3 if fn is DEPTH else 2, fn)
                    return self.route(frame, 3 if fn is DEPTH else 2, fn, name)
            return self.slow(frame, kind, name)
        if kind == KIND_BOOK_TICKER:
            # spot bookTicker frames carry no "e"
            fn = self.book_ticker
            if fn is None:
                fn = self.book_ticker = self.by_event.get("bookTicker")
            if fn is not None:
                if type(fn) is FlatDecoder:
                    event = (<FlatDecoder>fn).fast(s.start, s.end)
                    if event is not NEEDS_FALLBACK:
                        return event
                    fn = (<FlatDecoder>fn).fallback
                return self.route(frame, 0, fn, "bookTicker")
        elif kind == KIND_PARTIAL_DEPTH and self.by_event.get("depth") is DEPTH:
            return depth_event(frame, self.depth_cls, self.partial_cls, False)
        return self.slow(frame, kind, sniffed_name(&s, kind))

    def __call__(self, frame):
        return self.decode_c(frame)


cdef class Guarded:
    """One known decoder whose errors become FrameDecodeError through ``on_error(frame, exc, name)``."""

    cdef object fn, on_error, error_type, name

    def __init__(self, fn, on_error, error_type, name):
        self.fn = fn
        self.on_error = on_error
        self.error_type = error_type
        self.name = name

    def decode(self, frame):
        """One frame of the known type to its event."""
        cdef Scan s
        cdef object fn = self.fn
        if type(fn) is FlatDecoder:
            keep = open_frame(&s, frame)
            event = (<FlatDecoder>fn).fast(s.p, s.end)
            if event is not NEEDS_FALLBACK:
                return event
            fn = (<FlatDecoder>fn).fallback
        try:
            return fn(frame)
        except self.error_type as exc:
            return self.on_error(frame, exc, self.name)


# -- streams.decode(frame, product=...) without a Python frame in between ------------------------------------------

cdef object router_factory = None
cdef object last_product = None
cdef Dispatcher last_router = None
cdef dict routers = {}


def set_router_factory(factory):
    """Installs ``factory(product, decimal) -> Dispatcher`` behind :func:`decode` (and forgets its routers)."""
    global router_factory, last_product, last_router
    router_factory = factory
    routers.clear()
    last_product = None
    last_router = None


def decode(frame, product="spot", *, decimal=False):
    """One stream frame of ``product`` to its typed event, through the router the factory gives for it."""
    global last_product, last_router
    if product is last_product and decimal is False:
        return last_router.decode_c(frame)
    if router_factory is None:
        raise RuntimeError("no router factory installed (binance_fast.streams installs it)")
    key = (product, bool(decimal))
    router = routers.get(key)
    if router is None:
        router = router_factory(product, bool(decimal))
        if not isinstance(router, Dispatcher):
            raise TypeError("the router factory must return a Dispatcher")
        routers[key] = router
    if not decimal:
        last_product = product
        last_router = router
    return (<Dispatcher>router).decode_c(frame)
