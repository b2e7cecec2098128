"""Compiled FIX 4.4 frame kernel: encode with BodyLength(9) and CheckSum(10), parse one frame into (tag, value) pairs.

The plain-Python reference is binance_fast/fix/_codec_py.py; tests compare the two.
"""

cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.list cimport PyList_New
from cpython.unicode cimport PyUnicode_DecodeLatin1
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcmp, memcpy

from binance_fast.fix.errors import FixDecodeError

cdef extern from "Python.h":
    bint PyUnicode_IS_COMPACT_ASCII(object s)
    void* PyUnicode_DATA(object s)
    Py_ssize_t PyUnicode_GET_LENGTH(object s)

cdef const char* BEGIN = b"8=FIX.4.4\x019="
cdef enum:
    BEGIN_LEN = 12
    MAX_LENGTH_DIGITS = 9
    HEAD_ROOM = 24  # "8=FIX.4.4|9=" + up to 10 digits + SOH, written in front of the body

# one buffer reused by every encode (the GIL is held throughout): no allocation per message but the result
cdef char* _buf = NULL
cdef Py_ssize_t _cap = 0


cdef int _reserve(Py_ssize_t need) except -1:
    global _buf, _cap
    cdef Py_ssize_t cap
    cdef char* q
    if need <= _cap:
        return 0
    cap = _cap * 2 if _cap else 4096
    while cap < need:
        cap *= 2
    q = <char*>realloc(_buf, cap)
    if q == NULL:
        raise MemoryError()
    _buf = q
    _cap = cap
    return 0


cdef inline Py_ssize_t _write_uint(char* out, unsigned long long v) noexcept:
    cdef char tmp[24]
    cdef Py_ssize_t k = 0, i
    if v == 0:
        out[0] = 48
        return 1
    while v:
        tmp[k] = <char>(48 + v % 10)
        v //= 10
        k += 1
    for i in range(k):
        out[i] = tmp[k - 1 - i]
    return k


cdef inline unsigned int _sum(const unsigned char* p, Py_ssize_t n) noexcept:
    cdef unsigned int s = 0
    cdef Py_ssize_t i
    for i in range(n):
        s += p[i]
    return s


def checksum(data) -> int:
    """FIX CheckSum(10): the byte sum modulo 256."""
    cdef const unsigned char[::1] view = data
    return _sum(&view[0], view.shape[0]) & 0xFF if view.shape[0] else 0


cdef Py_ssize_t _append_value(Py_ssize_t pos, object value) except -1:
    cdef Py_ssize_t n
    cdef long long iv
    cdef const char* src
    if isinstance(value, str):
        if PyUnicode_IS_COMPACT_ASCII(value):
            n = PyUnicode_GET_LENGTH(value)
            src = <const char*>PyUnicode_DATA(value)
        else:
            value = (<str>value).encode("latin-1")
            n = PyBytes_GET_SIZE(value)
            src = PyBytes_AS_STRING(value)
        _reserve(pos + n + 32)
        memcpy(_buf + pos, src, n)
        return pos + n
    if isinstance(value, bytes):
        n = PyBytes_GET_SIZE(value)
        _reserve(pos + n + 32)
        memcpy(_buf + pos, PyBytes_AS_STRING(value), n)
        return pos + n
    if isinstance(value, bool):
        _buf[pos] = 89 if value else 78
        return pos + 1
    if isinstance(value, int):
        iv = value
        if iv < 0:
            _buf[pos] = 45
            return pos + 1 + _write_uint(_buf + pos + 1, <unsigned long long>(-(iv + 1)) + 1)
        return pos + _write_uint(_buf + pos, <unsigned long long>iv)
    raise TypeError(f"FIX field values are str, bytes, int or bool, not {type(value).__name__}")


@cython.boundscheck(False)
@cython.wraparound(False)
def encode_message(str msg_type, fields) -> bytes:
    """A whole frame: ``8=FIX.4.4|9=len|35=msg_type|<fields>|10=sum|``. ``fields`` come in order, header first."""
    cdef Py_ssize_t pos = HEAD_ROOM, start, body_len, k
    cdef unsigned int total
    cdef object item
    cdef long long tag
    cdef char digits[24]
    _reserve(HEAD_ROOM + 64)
    memcpy(_buf + pos, b"35=", 3)
    pos += 3
    pos = _append_value(pos, msg_type)
    for item in fields:
        tag = (<tuple>item)[0]
        if tag <= 0:
            raise ValueError(f"FIX tags are positive integers, not {tag}")
        _reserve(pos + 32)
        _buf[pos] = 1
        pos += 1
        pos += _write_uint(_buf + pos, <unsigned long long>tag)
        _buf[pos] = 61
        pos += 1
        pos = _append_value(pos, (<tuple>item)[1])
    _reserve(pos + 16)
    _buf[pos] = 1
    pos += 1
    body_len = pos - HEAD_ROOM
    # the header goes right in front of the body: its length is known only now
    k = _write_uint(digits, <unsigned long long>body_len)
    start = HEAD_ROOM - (BEGIN_LEN + k + 1)
    memcpy(_buf + start, BEGIN, BEGIN_LEN)
    memcpy(_buf + start + BEGIN_LEN, digits, k)
    _buf[HEAD_ROOM - 1] = 1
    total = _sum(<const unsigned char*>(_buf + start), pos - start) & 0xFF
    memcpy(_buf + pos, b"10=", 3)
    _buf[pos + 3] = <char>(48 + total // 100)
    _buf[pos + 4] = <char>(48 + (total // 10) % 10)
    _buf[pos + 5] = <char>(48 + total % 10)
    _buf[pos + 6] = 1
    pos += 7
    return PyBytes_FromStringAndSize(_buf + start, pos - start)


cdef _fail(str message, object tag, const unsigned char[::1] buf, Py_ssize_t start, Py_ssize_t end):
    if end < 0 or end > buf.shape[0]:
        end = min(buf.shape[0], start + 256)
    raise FixDecodeError(message, field=None if tag is None else str(tag),
                         frame=bytes(buf[start:end]))


@cython.boundscheck(False)
@cython.wraparound(False)
def parse_frame(buf, Py_ssize_t start=0):
    """The fields of the frame at ``buf[start:]`` (35 first; 8, 9 and 10 left out) and where it ends.

    None when the frame is not complete yet. Raises FixDecodeError naming the field on a malformed frame.
    Length-prefixed data (RawDataLength 95 -> RawData 96) may hold SOH bytes.
    """
    cdef const unsigned char[::1] b = buf
    cdef Py_ssize_t n = b.shape[0], avail = n - start, pos, digits = 0, body_start, body_end, end, i
    cdef Py_ssize_t tag_start, stop
    cdef long long length = 0, tag, data_len = -1
    cdef unsigned int expected = 0
    cdef unsigned char c
    cdef const unsigned char* p
    cdef list fields
    cdef str value
    if start < 0 or start > n:
        raise ValueError("start is outside the buffer")
    if avail < BEGIN_LEN:
        if avail and memcmp(&b[start], BEGIN, avail) != 0:
            _fail("frame does not start with 8=FIX.4.4", 8, b, start, -1)
        return None
    p = &b[0]
    if memcmp(p + start, BEGIN, BEGIN_LEN) != 0:
        _fail("frame does not start with 8=FIX.4.4", 8, b, start, -1)
    pos = start + BEGIN_LEN
    while True:
        if pos >= n:
            return None
        c = p[pos]
        if c == 1:
            break
        if c < 48 or c > 57 or digits >= MAX_LENGTH_DIGITS:
            _fail("BodyLength is not a number", 9, b, start, -1)
        length = length * 10 + (c - 48)
        digits += 1
        pos += 1
    if digits == 0:
        _fail("BodyLength is empty", 9, b, start, -1)
    body_start = pos + 1
    body_end = body_start + length
    end = body_end + 7
    if n < end:
        return None
    if p[body_end] != 49 or p[body_end + 1] != 48 or p[body_end + 2] != 61 or p[end - 1] != 1 or p[body_end - 1] != 1:
        _fail("BodyLength does not match the frame (no CheckSum where expected)", 9, b, start, end)
    for i in range(body_end + 3, body_end + 6):
        c = p[i]
        if c < 48 or c > 57:
            _fail("CheckSum is not three digits", 10, b, start, end)
        expected = expected * 10 + (c - 48)
    if (_sum(p + start, body_end - start) & 0xFF) != expected:
        _fail("CheckSum does not match", 10, b, start, end)
    fields = []
    pos = body_start
    while pos < body_end:
        tag = 0
        tag_start = pos
        while pos < body_end and p[pos] != 61:
            c = p[pos]
            if c < 48 or c > 57:
                _fail("tag is not a number", None, b, start, end)
            tag = tag * 10 + (c - 48)
            pos += 1
        if pos == tag_start or pos >= body_end or pos - tag_start > 9:
            _fail("field has no tag", None, b, start, end)
        pos += 1
        if tag == 96 and data_len >= 0:
            stop = pos + data_len
            if stop >= body_end or p[stop] != 1:
                _fail("RawData does not have RawDataLength bytes", 96, b, start, end)
        else:
            stop = pos
            while p[stop] != 1:
                stop += 1
        value = PyUnicode_DecodeLatin1(<const char*>(p + pos), stop - pos, NULL)
        if tag == 95:
            if stop == pos:
                _fail("RawDataLength is not a number", 95, b, start, end)
            data_len = 0
            for i in range(pos, stop):
                c = p[i]
                if c < 48 or c > 57 or i - pos >= 9:
                    _fail("RawDataLength is not a number", 95, b, start, end)
                data_len = data_len * 10 + (c - 48)
        if not fields and tag != 35:
            _fail("MsgType must be the third field", 35, b, start, end)
        fields.append((<object>tag, value))
        pos = stop + 1
    if not fields:
        _fail("frame has no MsgType", 35, b, start, end)
    return fields, end


cdef inline long long _days_from_civil(long long y, long long m, long long d) noexcept:
    cdef long long era, yoe, doy, doe
    if m <= 2:
        y -= 1
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


cdef inline int _digits(const char* p, Py_ssize_t n, long long* out) noexcept:
    cdef long long v = 0
    cdef Py_ssize_t i
    for i in range(n):
        if p[i] < 48 or p[i] > 57:
            return -1
        v = v * 10 + (p[i] - 48)
    out[0] = v
    return 0


def parse_utc_timestamp(str text) -> int:
    """Milliseconds since the epoch of a FIX UTCTIMESTAMP (``YYYYMMDD-HH:MM:SS[.sss[sss]]``); ValueError if not one."""
    cdef Py_ssize_t n
    cdef const char* p
    cdef long long y, mo, d, h, mi, s, frac = 0
    cdef Py_ssize_t i, k
    if not PyUnicode_IS_COMPACT_ASCII(text):
        raise ValueError(f"not a FIX UTCTIMESTAMP: {text!r}")
    n = PyUnicode_GET_LENGTH(text)
    p = <const char*>PyUnicode_DATA(text)
    if n < 17 or p[8] != 45 or p[11] != 58 or p[14] != 58 or (n > 17 and (p[17] != 46 or n == 18)):
        raise ValueError(f"not a FIX UTCTIMESTAMP: {text!r}")
    if (_digits(p, 4, &y) or _digits(p + 4, 2, &mo) or _digits(p + 6, 2, &d) or _digits(p + 9, 2, &h)
            or _digits(p + 12, 2, &mi) or _digits(p + 15, 2, &s)):
        raise ValueError(f"not a FIX UTCTIMESTAMP: {text!r}")
    if n > 17:
        k = 0
        for i in range(18, n):
            if p[i] < 48 or p[i] > 57:
                raise ValueError(f"not a FIX UTCTIMESTAMP: {text!r}")
            if k < 3:
                frac = frac * 10 + (p[i] - 48)
                k += 1
        while k < 3:
            frac *= 10
            k += 1
    return (_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000 + frac
