"""FIX 4.4 messages: encode and parse frames (BodyLength, CheckSum), repeating groups, UTC timestamps.

The frame kernel is compiled (binance_fast._fix); ``BINANCE_FAST_PURE_PYTHON=1`` in the environment selects the
plain-Python reference (binance_fast.fix._codec_py) instead. Field and message names come from the generated
table ``_spec.py`` (Binance's QuickFIX schemas).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any

from . import _codec_py
from ._spec import FIELDS, MESSAGES
from .errors import FixDecodeError

if os.environ.get("BINANCE_FAST_PURE_PYTHON") == "1":
    from ._codec_py import checksum, encode_message, parse_frame, parse_utc_timestamp
else:
    try:
        from .._fix import checksum, encode_message, parse_frame, parse_utc_timestamp
    except ImportError:  # not built: the reference is correct, only slower
        from ._codec_py import checksum, encode_message, parse_frame, parse_utc_timestamp

__all__ = [
    "SOH",
    "FIELDS",
    "MESSAGES",
    "FixMessage",
    "FixReader",
    "checksum",
    "encode_message",
    "parse_frame",
    "tag_of",
    "field_name",
    "utc_timestamp",
    "parse_timestamp",
    "reference",
]

SOH = "\x01"
reference = _codec_py  # the plain-Python twin, for differential tests

_TAGS = {name: tag for tag, (name, _type, _enums) in FIELDS.items()}
_HIDDEN = frozenset({553, 96})  # API key, signature: never in a repr or a log line


def tag_of(name: str) -> int:
    """The tag number of the field called ``name`` (KeyError if Binance's schemas have no such field)."""
    return _TAGS[name]


def field_name(tag: int) -> str:
    spec = FIELDS.get(tag)
    return spec[0] if spec else str(tag)


class FixMessage:
    """One parsed (or to-be-sent) FIX message: ``msg_type`` and the ordered (tag, value) fields after 35."""

    __slots__ = ("msg_type", "fields", "_index", "raw")

    def __init__(self, msg_type: str, fields: list[tuple[int, str]], raw: bytes | None = None):
        self.msg_type = msg_type
        self.fields = fields
        self._index: dict[int, str] | None = None
        self.raw = raw

    @classmethod
    def from_frame(cls, fields: list[tuple[int, str]], raw: bytes | None = None) -> FixMessage:
        return cls(fields[0][1], fields[1:], raw)

    def _idx(self) -> dict[int, str]:
        idx = self._index
        if idx is None:
            idx = {}
            for tag, value in self.fields:
                idx.setdefault(tag, value)  # the first occurrence (header and body fields are unique)
            self._index = idx
        return idx

    def as_dict(self) -> dict[int, str]:
        """tag -> value (the first occurrence; repeating groups through ``group``). Do not modify it."""
        return self._idx()

    def get(self, tag: int, default: Any = None) -> Any:
        return self._idx().get(tag, default)

    def __getitem__(self, tag: int) -> str:
        try:
            return self._idx()[tag]
        except KeyError:
            raise FixDecodeError(f"{self.msg_type} message lacks required field {field_name(tag)}({tag})",
                                 field=str(tag), frame=self.raw) from None

    def __contains__(self, tag: int) -> bool:
        return tag in self._idx()

    def get_int(self, tag: int, default: int | None = None) -> int | None:
        value = self._idx().get(tag)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise FixDecodeError(f"{field_name(tag)}({tag}) is not an integer: {value!r}", field=str(tag),
                                 frame=self.raw) from None

    @property
    def seq_num(self) -> int:
        return self.get_int(34, 0) or 0

    def group(self, count_tag: int, session: str = "oe") -> list[dict[int, Any]]:
        """The entries of the repeating group counted by ``count_tag``: one dict tag -> value per entry.

        Nested groups appear in their entry under their NumInGroup tag, as lists of dicts. Entries are split
        where their first field repeats (Binance does not always send the schema's first field first).
        """
        spec = _group_spec(session, self.msg_type, count_tag)
        fields = self.fields
        for i, (tag, value) in enumerate(fields):
            if tag == count_tag:
                entries, _ = _read_group(fields, i, spec, self.raw)
                return entries
        return []

    def __repr__(self) -> str:
        shown = " ".join(f"{t}={'<hidden>' if t in _HIDDEN else v}" for t, v in self.fields)
        return f"FixMessage({self.msg_type!r}: {shown})"


def _group_spec(session: str, msg_type: str, count_tag: int) -> tuple:
    tables: list[dict[str, Any]] = [MESSAGES.get(session, {}), *MESSAGES.values()]
    for table in tables:
        spec = table.get(msg_type)
        if spec is not None and count_tag in spec[3]:
            return spec[3][count_tag]
    raise KeyError(f"message {msg_type!r} has no repeating group {field_name(count_tag)}({count_tag})")


def _read_group(fields: list[tuple[int, str]], i: int, spec: tuple, raw: bytes | None) -> tuple[list[dict], int]:
    """Entries of the group whose NumInGroup is ``fields[i]``; returns them and the index after the group."""
    count_tag, count_text = fields[i]
    try:
        count = int(count_text)
    except ValueError:
        raise FixDecodeError(f"{field_name(count_tag)}({count_tag}) is not a count: {count_text!r}",
                             field=str(count_tag), frame=raw) from None
    _delimiter, members, nested = spec
    allowed = set(members)
    entries: list[dict[int, Any]] = []
    entry: dict[int, Any] | None = None
    j = i + 1
    n = len(fields)
    while j < n:
        tag, value = fields[j]
        if tag not in allowed:
            break
        if entry is None or tag in entry:
            if len(entries) == count:
                break
            entry = {}
            entries.append(entry)
        if tag in nested:
            sub, j = _read_group(fields, j, nested[tag], raw)
            entry[tag] = sub
            continue
        entry[tag] = value
        j += 1
    if len(entries) != count:
        raise FixDecodeError(f"{field_name(count_tag)}({count_tag}) says {count} entries, the message has "
                             f"{len(entries)}", field=str(count_tag), frame=raw)
    return entries, j


class FixReader:
    """Splits a byte stream into FixMessages: ``feed(data)`` returns every message completed by ``data``.

    A malformed frame does not stop the stream: its bytes are skipped up to the next ``8=FIX.4.4`` and the
    FixDecodeError (naming the field) is kept in ``errors`` for the caller to report; the MsgSeqNum check then
    shows whether a message was lost with it. ``resync=False`` raises instead.
    """

    __slots__ = ("_buf", "keep_raw", "resync", "errors")

    def __init__(self, *, keep_raw: bool = False, resync: bool = True):
        self._buf = bytearray()
        self.keep_raw = keep_raw
        self.resync = resync
        self.errors: list[FixDecodeError] = []

    def feed(self, data: bytes) -> list[FixMessage]:
        buf = self._buf
        if buf:
            buf += data
            src: bytes | bytearray = buf
        else:
            src = data
        out: list[FixMessage] = []
        pos = 0
        keep = self.keep_raw
        try:
            while True:
                try:
                    got = parse_frame(src, pos)
                except FixDecodeError as exc:
                    if not self.resync:
                        raise
                    self.errors.append(exc)
                    nxt = src.find(_codec_py.BEGIN, pos + 1)
                    # nothing to resync on yet: keep a tail that may be the start of the next frame
                    pos = nxt if nxt >= 0 else max(pos + 1, len(src) - len(_codec_py.BEGIN) + 1)
                    continue
                if got is None:
                    break
                fields, end = got
                out.append(FixMessage(fields[0][1], fields[1:], bytes(src[pos:end]) if keep else None))
                pos = end
        finally:
            # keep only the incomplete tail
            if src is buf:
                del buf[:pos]
            else:
                buf += data[pos:]
        return out

    @property
    def pending(self) -> int:
        """Bytes received that do not make a whole frame yet."""
        return len(self._buf)


def encode(msg_type: str, fields: Iterable[tuple[int, Any]]) -> bytes:
    """A frame from ``msg_type`` and ordered (tag, value) fields (header fields 49, 56, 34, 52 included)."""
    return encode_message(msg_type, fields if isinstance(fields, (list, tuple)) else list(fields))


def utc_timestamp(ns: int | None = None, *, micros: bool = False) -> str:
    """A FIX UTCTIMESTAMP: ``YYYYMMDD-HH:MM:SS.sss`` (or microseconds), now when ``ns`` is None."""
    if ns is None:
        ns = time.time_ns()
    secs, rem = divmod(ns, 1_000_000_000)
    t = time.gmtime(secs)
    frac = f"{rem // 1000:06d}" if micros else f"{rem // 1_000_000:03d}"
    return (f"{t.tm_year:04d}{t.tm_mon:02d}{t.tm_mday:02d}-{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}."
            f"{frac}")


def parse_timestamp(text: str) -> int:
    """Milliseconds since the epoch of a FIX UTCTIMESTAMP (seconds, milli- or microsecond precision)."""
    try:
        return parse_utc_timestamp(text)
    except (ValueError, TypeError):
        raise FixDecodeError(f"not a FIX UTCTIMESTAMP: {text!r}", field="UTCTIMESTAMP") from None
