"""Compiled request signing: Binance's query encoding and HMAC-SHA256 in one pass over C buffers.

The plain-Python reference is binance_fast/_signing_reference.py; tests compare the two.
"""

cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_Next
from cpython.long cimport PyLong_AsLongLongAndOverflow
from cpython.mem cimport PyMem_Free
from cpython.object cimport PyObject
from libc.math cimport isfinite
from libc.stdint cimport uint8_t, uint32_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcpy, memset, strlen
from posix.time cimport CLOCK_REALTIME, clock_gettime, timespec

from decimal import Decimal as _Decimal

import msgspec as _msgspec

cdef extern from "Python.h":
    bint PyUnicode_IS_COMPACT_ASCII(object s)
    void* PyUnicode_DATA(object s)
    Py_ssize_t PyUnicode_GET_LENGTH(object s)
    const char* PyUnicode_AsUTF8AndSize(object s, Py_ssize_t* size) except NULL
    object PyUnicode_DecodeASCII(const char* s, Py_ssize_t size, const char* errors)
    char* PyOS_double_to_string(double val, char format_code, int precision, int flags, int* ptype) except NULL
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    bint PyLong_CheckExact(object o)

cdef extern from *:
    """
    /* The characters of s if it is an exact str in compact ASCII form (they are its UTF-8 bytes), else NULL. */
    static inline const char *bf_ascii_chars(PyObject *s, Py_ssize_t *n) {
        if (!PyUnicode_CheckExact(s) || !PyUnicode_IS_COMPACT_ASCII(s)) return NULL;
        *n = ((PyASCIIObject *)s)->length;
        return (const char *)(((PyASCIIObject *)s) + 1);
    }
    """
    const char* bf_ascii_chars(object s, Py_ssize_t* n) noexcept

cdef extern from "urlquote.h":
    enum: BF_QUOTE_SLACK
    char* bf_quote(char* out, const char* s, size_t n) noexcept nogil
    char* bf_quote_any(char* out, const char* s, size_t n) noexcept nogil
    char* bf_put_i64(char* out, long long x) noexcept nogil

from sha256 cimport (
    bf_hex32,
    bf_hmac_sha256,
    bf_hmac_sha256_init,
    bf_hmac_sha256_key,
    bf_sha256_finish,
    bf_sha256_iv,
    bf_sha256_select,
)

_SHA_ROUTE = "sha-ni" if bf_sha256_select(0) else "portable"

_json_encode = _msgspec.json.Encoder().encode

# --- a growable output buffer, on the stack until it outgrows it -------------------------------------

cdef enum:
    STACK_BYTES = 1024

cdef struct Buf:
    char* p
    Py_ssize_t n
    Py_ssize_t cap
    bint heap
    char stack[STACK_BYTES]

cdef inline void buf_init(Buf* b) noexcept:
    b.p = b.stack
    b.n = 0
    b.cap = STACK_BYTES
    b.heap = False

cdef inline void buf_free(Buf* b) noexcept:
    if b.heap:
        free(b.p)
    b.heap = False

cdef int buf_grow(Buf* b, Py_ssize_t extra) except -1:
    cdef Py_ssize_t cap = b.cap * 2
    cdef char* q
    while cap < b.n + extra:
        cap *= 2
    if b.heap:
        q = <char*>realloc(b.p, cap)
    else:
        q = <char*>malloc(cap)
        if q != NULL:
            memcpy(q, b.stack, b.n)
    if q == NULL:
        raise MemoryError()
    b.p = q
    b.cap = cap
    b.heap = True
    return 0

cdef inline char* buf_reserve(Buf* b, Py_ssize_t extra) except NULL:
    """The write cursor, with room for ``extra`` bytes (and the slack of the 16-byte block writers)."""
    if b.n + extra + BF_QUOTE_SLACK > b.cap:
        buf_grow(b, extra + BF_QUOTE_SLACK)
    return b.p + b.n

cdef inline int buf_put(Buf* b, const char* s, Py_ssize_t n) except -1:
    if b.n + n > b.cap:
        buf_grow(b, n)
    memcpy(b.p + b.n, s, n)
    b.n += n
    return 0

cdef inline int buf_putc(Buf* b, char c) except -1:
    if b.n + 1 > b.cap:
        buf_grow(b, 1)
    b.p[b.n] = c
    b.n += 1
    return 0

# --- percent-encoding (RFC 3986: unreserved characters stay, every other byte of UTF-8 is %XX) --------

cdef inline int put_quoted(Buf* b, const char* s, Py_ssize_t n) except -1:
    cdef char* out = buf_reserve(b, 3 * n)
    b.n = bf_quote_any(out, s, n) - b.p
    return 0

cdef inline int put_str(Buf* b, object s, bint quote) except -1:
    cdef Py_ssize_t n
    cdef const char* p
    if PyUnicode_IS_COMPACT_ASCII(s):  # the usual case: the characters are the UTF-8 bytes, no call needed
        p = <const char*>PyUnicode_DATA(s)
        n = PyUnicode_GET_LENGTH(s)
    else:
        p = PyUnicode_AsUTF8AndSize(s, &n)
    if quote:
        return put_quoted(b, p, n)
    return buf_put(b, p, n)

# --- numbers without exponent --------------------------------------------------------------------------

cdef int put_expanded(Buf* b, const char* r) except -1:
    """Write a repr-style number ("1e-05", "-1.5e+16", "0.25") in plain positional notation."""
    cdef char digits[40]
    cdef Py_ssize_t nd = 0, point = -1, i = 0, pos
    cdef long exp10 = 0
    cdef bint neg_exp = False
    if r[0] == b'-':
        buf_putc(b, b'-')
        i = 1
    while r[i] != 0 and r[i] != b'e' and r[i] != b'E':
        if r[i] == b'.':
            point = nd
        elif nd < 40:
            digits[nd] = r[i]
            nd += 1
        i += 1
    if r[i] == 0:  # no exponent: already positional
        return buf_put(b, r + (1 if r[0] == b'-' else 0), strlen(r) - (1 if r[0] == b'-' else 0))
    i += 1
    if r[i] == b'-':
        neg_exp = True
        i += 1
    elif r[i] == b'+':
        i += 1
    while r[i] != 0:
        exp10 = exp10 * 10 + (r[i] - 48)
        i += 1
    if neg_exp:
        exp10 = -exp10
    if point < 0:
        point = nd
    pos = point + exp10  # digits before the decimal point
    if pos <= 0:
        buf_put(b, b"0.", 2)
        for i in range(-pos):
            buf_putc(b, b'0')
        buf_put(b, digits, nd)
    elif pos >= nd:
        buf_put(b, digits, nd)
        for i in range(pos - nd):
            buf_putc(b, b'0')
    else:
        buf_put(b, digits, pos)
        buf_putc(b, b'.')
        buf_put(b, digits + pos, nd - pos)
    return 0

cdef int put_float(Buf* b, double v, object key) except -1:
    if not isfinite(v):
        raise ValueError(f"parameter {key!r}: {v!r} is not a finite number")
    cdef char* r = PyOS_double_to_string(v, b'r', 0, 0, NULL)
    try:
        put_expanded(b, r)
    finally:
        PyMem_Free(r)
    return 0

cdef inline int put_ll(Buf* b, long long x) except -1:
    cdef char* out = buf_reserve(b, 20)
    b.n = bf_put_i64(out, x) - b.p
    return 0

cdef int put_int(Buf* b, object v) except -1:
    cdef int overflow = 0
    cdef long long x = PyLong_AsLongLongAndOverflow(v, &overflow)
    if overflow:
        return put_str(b, str(int(v)), False)
    return put_ll(b, x)

cdef object _check_json(object v, object key):
    """Refuse what compact JSON would silently alter (NaN/inf become null)."""
    if type(v) is float:
        if not isfinite(<double>v):
            raise ValueError(f"parameter {key!r}: {v!r} is not a finite number")
    elif isinstance(v, (list, tuple)):
        for x in v:
            _check_json(x, key)
    elif isinstance(v, dict):
        for x in (<dict>v).values():
            _check_json(x, key)
    elif isinstance(v, _Decimal) and not v.is_finite():
        raise ValueError(f"parameter {key!r}: {v!r} is not a finite number")

cdef int put_value(Buf* b, object v, object key, bint quote) except -1:
    """Binance's text for one parameter value."""
    cdef type t = type(v)
    cdef bytes js
    if t is str:
        return put_str(b, v, quote)
    if t is bool:
        if v:
            return buf_put(b, b"true", 4)
        return buf_put(b, b"false", 5)
    if t is int:
        return put_int(b, v)
    if t is float:
        return put_float(b, <double>v, key)
    if isinstance(v, bool):
        return put_value(b, bool(v), key, quote)
    if isinstance(v, int):
        return put_int(b, int(v))
    if isinstance(v, float):
        return put_float(b, float(v), key)
    if isinstance(v, str):
        return put_str(b, str(v), quote)
    if isinstance(v, _Decimal):
        if not v.is_finite():
            raise ValueError(f"parameter {key!r}: {v!r} is not a finite number")
        return put_str(b, format(v, "f"), False)
    if isinstance(v, (list, tuple, dict)):
        _check_json(v, key)
        try:
            js = _json_encode(v)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"parameter {key!r}: cannot encode as JSON: {exc}") from None
        if quote:
            return put_quoted(b, PyBytes_AS_STRING(js), PyBytes_GET_SIZE(js))
        return buf_put(b, PyBytes_AS_STRING(js), PyBytes_GET_SIZE(js))
    raise TypeError(f"parameter {key!r}: unsupported value type {t.__name__}")

cdef inline int put_key(Buf* b, object key, bint quote) except -1:
    if type(key) is not str and not isinstance(key, str):
        raise TypeError(f"parameter names must be str, got {key!r} ({type(key).__name__})")
    return put_str(b, key, quote)

cdef inline bint put_ascii_pair(Buf* b, PyObject* k, PyObject* v) noexcept:
    """``&key=value`` for the usual pair: an ASCII str key, an ASCII str or int value, and room in the buffer.

    False (nothing written) for anything else; put_any_pair does it then.
    """
    cdef Py_ssize_t kn, vn
    cdef const char* ks = bf_ascii_chars(<object>k, &kn)
    cdef const char* vs
    cdef long long x = 0
    cdef int overflow = 0
    cdef char* out
    if ks == NULL:
        return False
    vs = bf_ascii_chars(<object>v, &vn)
    if vs == NULL:
        if not PyLong_CheckExact(<object>v):
            return False
        x = PyLong_AsLongLongAndOverflow(<object>v, &overflow)  # cannot fail on an int
        if overflow:
            return False
        vn = 7  # the 20 digits of a long long fit in the room of 3 * 7 bytes
    if b.n + 3 * (kn + vn) + 2 + BF_QUOTE_SLACK > b.cap:
        return False
    out = b.p + b.n
    if b.n:
        out[0] = b'&'
        out += 1
    out = bf_quote(out, ks, kn)
    out[0] = b'='
    if vs != NULL:
        out = bf_quote(out + 1, vs, vn)
    else:
        out = bf_put_i64(out + 1, x)
    b.n = out - b.p
    return True

cdef int put_any_pair(Buf* b, object k, object v) except -1:
    """``&key=value`` (no ``&`` first), percent-encoded, whatever the key and value."""
    if b.n:
        buf_putc(b, b'&')
    put_key(b, k, True)
    buf_putc(b, b'=')
    return put_value(b, v, k, True)

cdef int put_params(Buf* b, object params) except -1:
    """key=value pairs in insertion order, '&'-joined, percent-encoded; None values dropped."""
    cdef Py_ssize_t pos = 0
    cdef PyObject* kp
    cdef PyObject* vp
    if type(params) is dict:
        while PyDict_Next(params, &pos, &kp, &vp):
            if vp != <PyObject*>None and not put_ascii_pair(b, kp, vp):
                put_any_pair(b, <object>kp, <object>vp)
        return 0
    for k, v in params.items():
        if v is not None and not put_ascii_pair(b, <PyObject*>k, <PyObject*>v):
            put_any_pair(b, k, v)
    return 0

cdef inline long long now_ms() noexcept:
    cdef timespec ts
    clock_gettime(CLOCK_REALTIME, &ts)
    return <long long>ts.tv_sec * 1000 + ts.tv_nsec // 1000000

cdef inline object buf_ascii_text(Buf* b):
    """The buffer as str; only for what is all ASCII by construction (percent-encoded text, hex)."""
    cdef object s = PyUnicode_New(b.n, 127)
    memcpy(PyUnicode_DATA(s), b.p, b.n)
    return s

# --- public API ----------------------------------------------------------------------------------------

@cython.auto_pickle(False)
@cython.final
cdef class HmacSigner:
    """HMAC-SHA256 signer for an API secret; the key schedule is done once, here.

    ``sign`` gives lowercase hex. The secret is never shown in repr/str.
    """

    cdef bf_hmac_sha256_key key

    key_type = "HMAC"

    def __cinit__(self, secret):
        cdef bytes raw
        if isinstance(secret, str):
            raw = (<str>secret).encode("utf-8")
        elif isinstance(secret, (bytes, bytearray, memoryview)):
            raw = bytes(secret)
        else:
            raise TypeError(f"HMAC secret must be str or bytes, got {type(secret).__name__}")
        if not raw:
            raise ValueError("HMAC secret is empty")
        bf_hmac_sha256_init(&self.key, <const uint8_t*>PyBytes_AS_STRING(raw), PyBytes_GET_SIZE(raw))

    def __dealloc__(self):
        memset(&self.key, 0, sizeof(self.key))

    def __repr__(self):
        return "HmacSigner(secret=<hidden>)"

    cdef inline void sign_into(self, const char* msg, Py_ssize_t n, char* hex64) noexcept:
        cdef uint8_t mac[32]
        bf_hmac_sha256(&self.key, <const uint8_t*>msg, n, mac)
        bf_hex32(mac, hex64)

    def sign(self, payload):
        """Lowercase hex HMAC-SHA256 of ``payload`` (str as UTF-8, or bytes)."""
        cdef char hex64[64]
        cdef const char* p
        cdef Py_ssize_t n
        cdef const unsigned char[::1] view
        if isinstance(payload, str):
            p = PyUnicode_AsUTF8AndSize(payload, &n)
        elif isinstance(payload, bytes):
            p = PyBytes_AS_STRING(payload)
            n = PyBytes_GET_SIZE(payload)
        else:
            view = memoryview(payload).cast("B")
            n = view.shape[0]
            if n == 0:
                return self.sign(b"")
            p = <const char*>&view[0]
        self.sign_into(p, n, hex64)
        return PyUnicode_DecodeASCII(hex64, 64, NULL)


def encode_params(params):
    """Binance's query encoding of ``params`` (a mapping), in insertion order, ``None`` values dropped."""
    cdef Buf b
    buf_init(&b)
    try:
        put_params(&b, params)
        return buf_ascii_text(&b)
    finally:
        buf_free(&b)


def signed_query(params, signer, *, timestamp=None, recv_window=None):
    """The full signed query: params, ``recvWindow``, ``timestamp`` (now, in ms, if None), ``signature`` last."""
    cdef Buf b
    cdef char hex64[64]
    buf_init(&b)
    try:
        put_params(&b, params)
        if recv_window is not None:
            if b.n:
                buf_putc(&b, b'&')
            buf_put(&b, b"recvWindow=", 11)
            put_value(&b, recv_window, "recvWindow", True)
        if b.n:
            buf_putc(&b, b'&')
        buf_put(&b, b"timestamp=", 10)
        if timestamp is None:
            put_ll(&b, now_ms())
        else:
            put_value(&b, timestamp, "timestamp", True)
        if type(signer) is HmacSigner:
            (<HmacSigner>signer).sign_into(b.p, b.n, hex64)
            buf_put(&b, b"&signature=", 11)
            buf_put(&b, hex64, 64)
        else:
            signature = signer.sign(buf_ascii_text(&b))
            buf_put(&b, b"&signature=", 11)
            put_str(&b, signature, True)
        return buf_ascii_text(&b)
    finally:
        buf_free(&b)


def ws_signature_payload(params):
    """The WebSocket API signature payload: every param but ``signature``, sorted by name, ``k=v`` joined by ``&``.

    Values are written as in a query (numbers without exponent, booleans true/false) but not percent-encoded.
    """
    cdef Buf b
    buf_init(&b)
    try:
        for k in sorted(params):
            v = params[k]
            if k == "signature" or v is None:
                continue
            if b.n:
                buf_putc(&b, b'&')
            put_key(&b, k, False)
            buf_putc(&b, b'=')
            put_value(&b, v, k, False)
        return b.p[:b.n].decode("utf-8")
    finally:
        buf_free(&b)


def format_value(value, key="value"):
    """One parameter value as Binance text (not percent-encoded): what the WebSocket API signs and sends."""
    cdef Buf b
    buf_init(&b)
    try:
        put_value(&b, value, key, False)
        return b.p[:b.n].decode("utf-8")
    finally:
        buf_free(&b)


def hmac_sha256_hex(key, message):
    """One-off HMAC-SHA256 hex of ``message`` under ``key`` (bytes); for tests and tools."""
    return HmacSigner(key).sign(message)


def percent_encode(data):
    """RFC 3986 percent-encoding of the bytes of ``data`` (any buffer), as the query encoder does it; for tests.

    Reads the buffer in place, wherever it lies (tests put it against an unmapped page).
    """
    cdef const unsigned char[::1] view = memoryview(data).cast("B")
    cdef Buf b
    buf_init(&b)
    try:
        if view.shape[0]:
            put_quoted(&b, <const char*>&view[0], view.shape[0])
        return buf_ascii_text(&b)
    finally:
        buf_free(&b)


def sha256_digest(data):
    """SHA-256 of ``data`` (bytes) through the kernel's compression route; for tests."""
    cdef bytes raw = bytes(data)
    cdef uint8_t out[32]
    bf_sha256_finish(bf_sha256_iv, 0, <const uint8_t*>PyBytes_AS_STRING(raw), PyBytes_GET_SIZE(raw), out)
    return (<char*>out)[:32]


def use_portable_sha256(bint portable=True):
    """Pin the portable SHA-256 route (True) or go back to the best one (False); returns the route in use.

    For tests: a signer keeps the key schedule it was built with, which is the same on both routes.
    """
    global _SHA_ROUTE
    _SHA_ROUTE = "sha-ni" if bf_sha256_select(portable) else "portable"
    return _SHA_ROUTE


def sha256_route():
    """"sha-ni" where the CPU's SHA extensions are used, else "portable"."""
    return _SHA_ROUTE
