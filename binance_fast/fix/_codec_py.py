"""Plain-Python reference of the FIX 4.4 frame kernel (src/fix.pyx): encode with BodyLength/CheckSum, parse one frame.

Both modules offer the same three functions with the same results and errors; tests compare them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import FixDecodeError

SOH = b"\x01"
BEGIN = b"8=FIX.4.4\x019="
_MAX_LENGTH_DIGITS = 9  # a BodyLength of more than 999,999,999 bytes is garbage, not a slow sender


def checksum(data: bytes | bytearray | memoryview) -> int:
    """FIX CheckSum(10): the byte sum modulo 256."""
    return sum(data) & 0xFF


def _value(value: object) -> bytes:
    if isinstance(value, str):
        return value.encode("latin-1")
    if isinstance(value, bytes):
        return value
    if isinstance(value, bool):  # before int: bool is an int
        return b"Y" if value else b"N"
    if isinstance(value, int):
        return str(value).encode("ascii")
    raise TypeError(f"FIX field values are str, bytes, int or bool, not {type(value).__name__}")


def encode_message(msg_type: str, fields: Iterable[tuple[int, str | bytes | int | bool]]) -> bytes:
    """A whole frame: ``8=FIX.4.4|9=len|35=msg_type|<fields>|10=sum|``. ``fields`` come in order, header first."""
    parts = [b"35=", msg_type.encode("ascii")]
    for tag, value in fields:
        if tag <= 0:
            raise ValueError(f"FIX tags are positive integers, not {tag}")
        parts.append(b"\x01%d=" % tag)
        parts.append(_value(value))
    parts.append(SOH)
    body = b"".join(parts)
    head = b"%s%d\x01" % (BEGIN, len(body))
    total = sum(head) + sum(body)
    return b"%s%s10=%03d\x01" % (head, body, total & 0xFF)


def _fail(message: str, tag: int | None, buf, start: int, end: int | None = None):
    frame = bytes(buf[start:end if end is not None else start + 256])
    raise FixDecodeError(message, field=None if tag is None else str(tag), frame=frame)


def parse_frame(buf: bytes | bytearray | memoryview, start: int = 0) -> tuple[list[tuple[int, str]], int] | None:
    """The fields of the frame at ``buf[start:]`` (35 first; 8, 9 and 10 left out) and where it ends.

    None when the frame is not complete yet. Raises FixDecodeError naming the field on a malformed frame.
    Length-prefixed data (RawDataLength 95 -> RawData 96) may hold SOH bytes.
    """
    n = len(buf)
    avail = n - start
    head_len = len(BEGIN)
    if avail < head_len:
        if bytes(buf[start:n]) != BEGIN[:avail]:
            _fail("frame does not start with 8=FIX.4.4", 8, buf, start)
        return None
    if bytes(buf[start:start + head_len]) != BEGIN:
        _fail("frame does not start with 8=FIX.4.4", 8, buf, start)
    pos = start + head_len
    length = 0
    digits = 0
    while True:
        if pos >= n:
            return None
        c = buf[pos]
        if c == 1:
            break
        if c < 48 or c > 57 or digits >= _MAX_LENGTH_DIGITS:
            _fail("BodyLength is not a number", 9, buf, start)
        length = length * 10 + (c - 48)
        digits += 1
        pos += 1
    if digits == 0:
        _fail("BodyLength is empty", 9, buf, start)
    body_start = pos + 1
    body_end = body_start + length
    end = body_end + 7
    if n < end:
        return None
    if (buf[body_end] != 49 or buf[body_end + 1] != 48 or buf[body_end + 2] != 61 or buf[end - 1] != 1
            or buf[body_end - 1] != 1):
        _fail("BodyLength does not match the frame (no CheckSum where expected)", 9, buf, start, end)
    expected = 0
    for i in range(body_end + 3, body_end + 6):
        c = buf[i]
        if c < 48 or c > 57:
            _fail("CheckSum is not three digits", 10, buf, start, end)
        expected = expected * 10 + (c - 48)
    if checksum(buf[start:body_end]) != expected:
        _fail("CheckSum does not match", 10, buf, start, end)
    fields: list[tuple[int, str]] = []
    pos = body_start
    data_len = -1
    while pos < body_end:
        tag = 0
        tag_start = pos
        while pos < body_end and buf[pos] != 61:
            c = buf[pos]
            if c < 48 or c > 57:
                _fail("tag is not a number", None, buf, start, end)
            tag = tag * 10 + (c - 48)
            pos += 1
        if pos == tag_start or pos >= body_end or pos - tag_start > 9:
            _fail("field has no tag", None, buf, start, end)
        pos += 1
        if tag == 96 and data_len >= 0:
            stop = pos + data_len
            if stop >= body_end or buf[stop] != 1:
                _fail("RawData does not have RawDataLength bytes", 96, buf, start, end)
        else:
            stop = pos
            while buf[stop] != 1:
                stop += 1
        value = bytes(buf[pos:stop]).decode("latin-1")
        if tag == 95:
            if not value or len(value) > 9 or not (value.isascii() and value.isdigit()):
                _fail("RawDataLength is not a number", 95, buf, start, end)
            data_len = int(value)
        if not fields and tag != 35:
            _fail("MsgType must be the third field", 35, buf, start, end)
        fields.append((tag, value))
        pos = stop + 1
    if not fields:
        _fail("frame has no MsgType", 35, buf, start, end)
    return fields, end


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_utc_timestamp(text: str) -> int:
    """Milliseconds since the epoch of a FIX UTCTIMESTAMP (``YYYYMMDD-HH:MM:SS[.sss[sss]]``); ValueError if not one."""
    bad = ValueError(f"not a FIX UTCTIMESTAMP: {text!r}")
    n = len(text)
    if (n < 17 or not text.isascii() or text[8] != "-" or text[11] != ":" or text[14] != ":"
            or (n > 17 and (text[17] != "." or n == 18))):
        raise bad
    parts = (text[0:4], text[4:6], text[6:8], text[9:11], text[12:14], text[15:17])
    if not all(x.isdigit() for x in parts) or (n > 17 and not text[18:].isdigit()):
        raise bad
    y, mo, d, h, mi, s = map(int, parts)
    frac = int((text[18:] + "000")[:3]) if n > 17 else 0
    return (_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000 + frac
