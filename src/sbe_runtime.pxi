# Runtime of the generated SBE decoders (src/sbe_*.pyx include it): wire reads, errors, decimals, helpers.
# Hand-written, shared by every generated module; each module compiles its own copy (no cross-module cimport).

cimport cython
cimport numpy as cnp
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdint cimport INT8_MIN, INT16_MIN, INT32_MIN, INT64_MIN, UINT8_MAX, UINT16_MAX, UINT32_MAX, UINT64_MAX
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.ref cimport PyObject, Py_INCREF, Py_XDECREF
from libc.string cimport memcmp
from cpython.unicode cimport PyUnicode_DecodeUTF8, PyUnicode_GET_LENGTH, PyUnicode_DATA

import enum

from binance_fast.errors import FrameDecodeError

cnp.import_array()

cdef extern from "sbe_wire.h":
    uint8_t sbe_char(const uint8_t* p)
    int8_t sbe_int8(const uint8_t* p)
    uint8_t sbe_uint8(const uint8_t* p)
    int16_t sbe_int16(const uint8_t* p)
    uint16_t sbe_uint16(const uint8_t* p)
    int32_t sbe_int32(const uint8_t* p)
    uint32_t sbe_uint32(const uint8_t* p)
    int64_t sbe_int64(const uint8_t* p)
    uint64_t sbe_uint64(const uint8_t* p)
    float sbe_float(const uint8_t* p)
    double sbe_double(const uint8_t* p)
    bint sbe_decimal(int64_t m, int e, double* out)
    bint sbe_decimal_pairs(const uint8_t* p, Py_ssize_t n, Py_ssize_t stride, int e0, int e1, double* out,
                           int64_t* mant_out)
    int64_t sbe_us_to_ms(int64_t us)
    bint sbe_i128_fits64(const uint8_t* p, int64_t* out)
    bint sbe_i128_is_null(const uint8_t* p)


cdef int _fail(str field, str message) except -1:
    raise FrameDecodeError(message, field=field)


# one helper per message shape, with C arguments: no string formatting code at every call site
cdef int _fail_truncated(str field, Py_ssize_t left, Py_ssize_t need) except -1:
    raise FrameDecodeError(f"truncated: {left} bytes left, {need} needed", field=field)


cdef int _fail_block(str field, Py_ssize_t have, int version, Py_ssize_t need) except -1:
    raise FrameDecodeError(f"block of {have} bytes, version {version} needs {need}", field=field)


cdef int _fail_count(str field, Py_ssize_t n, Py_ssize_t limit) except -1:
    raise FrameDecodeError(f"{n} exceeds the limit {limit}", field=field)


cdef int _fail_member(str field, int value, str enum_name) except -1:
    raise FrameDecodeError(f"value {value} is not a member of {enum_name}", field=field)


cdef int _fail_trailing(str field, Py_ssize_t n) except -1:
    raise FrameDecodeError(f"{n} trailing bytes after the message", field=field)


cdef int _fail_version(str field, int since, int version) except -1:
    raise FrameDecodeError(f"{field} exists since version {since}, the frame has version {version}", field="version")


cdef inline double _dec(int64_t m, int e):
    cdef double d
    if sbe_decimal(m, e, &d):
        return d
    return _dec_obj(m, e)


cdef object _dec_obj(object m, object e):
    # exact in Python ints (a C int exponent would make 10 ** e an inexact C pow): int true division is
    # correctly rounded, like parsing the decimal string
    if e < 0:
        return m / (10 ** (-e))
    return float(m * 10 ** e)


cdef object _m128(const uint8_t* p):
    cdef int64_t v
    if sbe_i128_fits64(p, &v):
        return v
    return int.from_bytes((<char*>p)[:16], "little", signed=True)


cdef object _member(dict members, int value, str field, str enum_name):
    m = members.get(value)
    if m is None:
        _fail_member(field, value, enum_name)
    return m


cdef extern from "Python.h":
    bint PyUnicode_IS_COMPACT_ASCII(object o)

# Strings seen in recent frames (symbols, mostly), by a hash of their bytes: a stream repeats the same few,
# and a hit costs one memcmp instead of a new str. Only short ASCII strings are kept; a miss just decodes.
cdef enum:
    _STR_CACHE_SLOTS = 256
    _STR_CACHE_MAX_LEN = 32
cdef PyObject* _str_cache[_STR_CACHE_SLOTS]


cdef inline Py_ssize_t _str_slot(const uint8_t* p, Py_ssize_t n) noexcept nogil:
    cdef uint32_t h = <uint32_t>n * 2654435761u
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ p[i]) * 16777619u
    return (h >> 8) % _STR_CACHE_SLOTS


cdef str _utf8(const uint8_t* p, Py_ssize_t n, str field):
    cdef Py_ssize_t slot = 0
    cdef PyObject* hit
    cdef str s
    if n <= _STR_CACHE_MAX_LEN:
        slot = _str_slot(p, n)
        hit = _str_cache[slot]
        if hit != NULL:
            s = <str>hit
            if PyUnicode_GET_LENGTH(s) == n and memcmp(PyUnicode_DATA(s), p, n) == 0:
                return s
    try:
        s = PyUnicode_DecodeUTF8(<const char*>p, n, NULL)
    except UnicodeDecodeError as exc:
        _fail(field, f"invalid UTF-8: {exc.reason}")
    if n <= _STR_CACHE_MAX_LEN and PyUnicode_IS_COMPACT_ASCII(s):
        Py_INCREF(s)
        Py_XDECREF(_str_cache[slot])
        _str_cache[slot] = <PyObject*>s
    return s


cdef extern from "numpy/arrayobject.h":
    ctypedef struct _PyTypeObject "PyTypeObject":
        pass
    _PyTypeObject PyArray_Type
    object PyArray_NewFromDescr(_PyTypeObject* subtype, void* descr, int nd, cnp.npy_intp* dims,
                                cnp.npy_intp* strides, void* data, int flags, PyObject* obj)

cdef cnp.dtype _float64 = cnp.PyArray_DescrFromType(cnp.NPY_FLOAT64)
cdef cnp.dtype _int64 = cnp.PyArray_DescrFromType(cnp.NPY_INT64)


cdef inline cnp.ndarray _matrix(Py_ssize_t rows, Py_ssize_t cols, cnp.dtype dtype):
    """An uninitialised C-contiguous (rows, cols) array (the descriptor is cached: NewFromDescr steals one ref)."""
    cdef cnp.npy_intp dims[2]
    dims[0] = rows
    dims[1] = cols
    Py_INCREF(dtype)
    return PyArray_NewFromDescr(&PyArray_Type, <void*>dtype, 2, dims, NULL, NULL, 0, NULL)


cdef dict _specs = {}


cdef list _spec(cls):
    """[(wire name, attribute, kind, matrix columns)] of a class, parsed once from its ``_wire`` string."""
    spec = _specs.get(cls)
    if spec is None:
        spec = []
        for item in cls._wire.split():
            wire, attr, kind, columns = item.split(":")
            spec.append((wire, attr, kind, tuple(columns.split(",")) if columns else None))
        _specs[cls] = spec
    return spec


def _to_dict(obj):
    d = {}
    for wire, attr, kind, columns in _spec(type(obj)):
        value = getattr(obj, attr)
        if value is None:
            if kind == "m":
                raise ValueError(f"{type(obj).__name__}.{wire}: decode with mantissas=True to get the exact wire values")
            d[wire] = None
        elif kind == "i":
            d[wire] = int(value)
        elif kind == "m":
            d[wire] = [dict(zip(columns, row)) for row in value.tolist()]
        elif kind == "l":
            d[wire] = [e.to_dict() for e in value]
        elif kind == "x":
            d[wire] = (type(value).__name__, value.to_dict())
        else:
            d[wire] = value
    return d


def _repr(obj):
    parts = []
    for name in obj._fields.split():
        value = getattr(obj, name)
        if isinstance(value, list) and len(value) > 3:
            value = f"[{len(value)} entries]"
        elif hasattr(value, "shape"):
            value = f"array(shape={value.shape})"
        else:
            value = repr(value)
        parts.append(f"{name}={value}")
    return f"{type(obj).__name__}({', '.join(parts)})"
