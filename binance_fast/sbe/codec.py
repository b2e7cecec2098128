"""Plain-Python SBE codec driven by the schema model: the encoder, and the reference decoder the compiled one is tested against.

Values travel as *wire dicts*: ``{schema field name: raw value}`` for every non-constant field (ints for
integers, enums, bools, sets and decimal mantissas; microseconds for timestamps; float for float fields;
``None`` for a null optional or a field newer than the message's version), lists of wire dicts for groups,
``str`` for text data, and ``(message name, wire dict)`` for embedded messages. The compiled decoders'
``to_dict()`` gives the same shape, so tests compare the two exactly.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..errors import FrameDecodeError
from .schema import (BOOL, CONSTANT, DECIMAL128, ENUM, FLOAT, MANTISSA128_NULL, PRIMITIVES, Data,
                     Field, Group, Message, Schema)

HEADER = struct.Struct("<HHHH")  # blockLength, templateId, schemaId, version
_LENGTH = {"uint8": struct.Struct("<B"), "uint16": struct.Struct("<H"), "uint32": struct.Struct("<I")}
_GROUP_HEADER = {"uint16": struct.Struct("<HH"), "uint32": struct.Struct("<HI")}


def decimal_to_float(mantissa: int, exponent: int) -> float:
    """mantissa * 10**exponent, correctly rounded (what parsing the decimal string gives)."""
    if exponent < 0:
        return mantissa / 10 ** (-exponent)
    return float(mantissa * 10**exponent)


def decimal_of(mantissa: int, exponent: int) -> Decimal:
    """The exact value as a Decimal (for books kept in Decimal, like the JSON decoders' ``decimal=True``)."""
    return Decimal(mantissa).scaleb(exponent)


def float_to_mantissa(value: float | str, exponent: int) -> int:
    """The mantissa of ``value`` at ``exponent`` (rounded half-even via its shortest decimal string)."""
    return int(Decimal(str(value)).scaleb(-exponent).to_integral_value())


def _required_length(fields: list[Field], version: int) -> int:
    return max((f.offset + f.size for f in fields if f.since_version <= version), default=0)


class SbeCodec:
    """Encodes and decodes the messages of one schema (``SbeCodec(Schema.load(...))``)."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.by_name = {m.name: m for m in schema.messages}
        self.by_id = schema.by_id()
        self._enum_values = {name: set(e.values.values()) for name, e in schema.enums.items()}

    # --- encoding ------------------------------------------------------------------------------

    def encode(self, name: str, values: Mapping[str, Any], *, version: int | None = None,
               extra_block: int = 0) -> bytes:
        """One message with its header. ``version`` below the schema's drops newer fields (as an older
        encoder would); ``extra_block`` pads every block with zeros (as a newer schema's encoder would)."""
        msg = self.by_name[name]
        version = self.schema.version if version is None else version
        out = bytearray()
        block = self._encode_block(msg.name, msg.fields, values, version, extra_block)
        out += HEADER.pack(len(block), msg.id, self.schema.id, version)
        out += block
        self._encode_tail(msg, values, version, extra_block, out)
        return bytes(out)

    def _encode_block(self, path: str, fields: list[Field], values: Mapping[str, Any], version: int,
                      extra: int) -> bytearray:
        block = bytearray(_required_length(fields, version) + extra)
        for f in fields:
            if f.kind == CONSTANT or f.since_version > version:
                continue
            value = values.get(f.name)
            if value is None:
                if not f.optional:
                    raise ValueError(f"{path}.{f.name}: a required field has no value")
                value = f.null
            try:
                if f.kind == DECIMAL128:
                    block[f.offset:f.offset + 16] = int(value).to_bytes(16, "little", signed=True)
                else:
                    struct.pack_into("<" + PRIMITIVES[f.primitive][1], block, f.offset, value)
            except (struct.error, OverflowError) as exc:
                raise ValueError(f"{path}.{f.name}: {value!r} does not fit {f.primitive}: {exc}") from None
        return block

    def _encode_tail(self, node: Message | Group, values: Mapping[str, Any], version: int, extra: int,
                     out: bytearray) -> None:
        for g in node.groups:
            if g.since_version > version:
                continue
            entries = values.get(g.name) or []
            if len(entries) > g.max_count:
                raise ValueError(f"{node.name}.{g.name}: {len(entries)} entries, at most {g.max_count}")
            block_length = _required_length(g.fields, version) + extra
            out += _GROUP_HEADER[g.count_primitive].pack(block_length, len(entries))
            for entry in entries:
                out += self._encode_block(f"{node.name}.{g.name}", g.fields, entry, version, extra)
                self._encode_tail(g, entry, version, extra, out)
        for d in node.data:
            if d.since_version > version:
                continue
            value = values.get(d.name)
            if value is None:
                if d.is_message and not d.optional:
                    raise ValueError(f"{node.name}.{d.name}: a required embedded message has no value")
                body = b""
            elif d.is_message:
                inner_name, inner_values = value
                body = self.encode(inner_name, inner_values, version=version)
            else:
                body = value.encode() if isinstance(value, str) else bytes(value)
            if value is not None and not body and d.optional:
                raise ValueError(f"{node.name}.{d.name}: an optional value cannot be empty (empty means null)")
            limit = d.max_length or (2 ** (8 * PRIMITIVES[d.length_primitive][0]) - 1)
            if len(body) > limit:
                raise ValueError(f"{node.name}.{d.name}: {len(body)} bytes, at most {limit}")
            out += _LENGTH[d.length_primitive].pack(len(body))
            out += body

    # --- decoding ------------------------------------------------------------------------------

    def decode(self, frame: bytes | bytearray | memoryview) -> tuple[str, dict[str, Any]]:
        """(message name, wire dict) of one complete frame; FrameDecodeError naming the field otherwise."""
        buf = bytes(frame)
        try:
            name, values, end, version = self._decode_at(buf, 0, len(buf))
        except FrameDecodeError as exc:
            if exc.frame is None:
                exc.frame = buf
            raise
        return name, values

    def _fail(self, field: str, message: str) -> FrameDecodeError:
        return FrameDecodeError(message, field=field)

    def _decode_at(self, buf: bytes, pos: int, end: int) -> tuple[str, dict[str, Any], int, int]:
        if end - pos < HEADER.size:
            raise self._fail("messageHeader", f"truncated frame: {end - pos} bytes, a header needs 8")
        block_length, template_id, schema_id, version = HEADER.unpack_from(buf, pos)
        if schema_id != self.schema.id:
            raise self._fail("schemaId", f"schema id {schema_id}, this decoder knows {self.schema.id}")
        msg = self.by_id.get(template_id)
        if msg is None:
            raise self._fail("templateId", f"unknown template id {template_id} in schema {self.schema.id}")
        if version < msg.since_version:
            raise self._fail("version", f"{msg.name} exists since version {msg.since_version}, frame has {version}")
        need = _required_length(msg.fields, version)
        if block_length < need:
            raise self._fail("blockLength", f"{msg.name} block of {block_length} bytes, version {version} needs {need}")
        pos += HEADER.size
        if end - pos < block_length:
            raise self._fail(msg.name, f"truncated root block: {end - pos} of {block_length} bytes")
        values = self._decode_block(msg.name, msg.fields, buf, pos, version)
        pos = self._decode_tail(msg, buf, pos + block_length, end, version, values)
        if pos != end and version <= self.schema.version:
            raise self._fail(msg.name, f"{end - pos} trailing bytes after the message")
        return msg.name, values, pos, version

    def _decode_block(self, path: str, fields: list[Field], buf: bytes, pos: int, version: int) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for f in fields:
            if f.kind == CONSTANT:
                continue
            if f.since_version > version:
                values[f.name] = None
                continue
            raw: Any
            if f.kind == DECIMAL128:
                raw = int.from_bytes(buf[pos + f.offset:pos + f.offset + 16], "little", signed=True)
            else:
                raw = struct.unpack_from("<" + PRIMITIVES[f.primitive][1], buf, pos + f.offset)[0]
            if f.optional and (raw == f.null or (f.kind == FLOAT and math.isnan(raw))):
                raw = None
            elif f.kind == DECIMAL128 and raw == MANTISSA128_NULL:
                raise self._fail(f"{path}.{f.name}", "null mantissa in a required field")
            elif f.kind in (ENUM, BOOL) and raw not in self._enum_values[f.enum or ""]:
                raise self._fail(f"{path}.{f.name}", f"value {raw} is not a member of {f.enum}")
            values[f.name] = raw
        return values

    def _decode_tail(self, node: Message | Group, buf: bytes, pos: int, end: int, version: int,
                     values: dict[str, Any], path: str | None = None) -> int:
        path = node.name if path is None else path  # a group's fields are named from the message down
        for g in node.groups:
            gpath = f"{path}.{g.name}"
            if g.since_version > version:
                values[g.name] = []
                continue
            header = _GROUP_HEADER[g.count_primitive]
            if end - pos < header.size:
                raise self._fail(gpath, "truncated group header")
            block_length, count = header.unpack_from(buf, pos)
            pos += header.size
            need = _required_length(g.fields, version)
            if block_length < need:
                raise self._fail(f"{gpath}.blockLength", f"entries of {block_length} bytes, version {version} needs {need}")
            if count > g.max_count:
                raise self._fail(f"{gpath}.numInGroup", f"{count} entries exceeds {g.max_count}")
            entries: list[dict[str, Any]] = []
            for _ in range(count):
                if end - pos < block_length:
                    raise self._fail(gpath, f"truncated group: entry {len(entries)} of {count}")
                entry = self._decode_block(gpath, g.fields, buf, pos, version)
                pos = self._decode_tail(g, buf, pos + block_length, end, version, entry, gpath)
                entries.append(entry)
            values[g.name] = entries
        for d in node.data:
            values[d.name], pos = self._decode_data(f"{path}.{d.name}", d, buf, pos, end, version)
        return pos

    def _decode_data(self, path: str, d: Data, buf: bytes, pos: int, end: int, version: int) -> tuple[Any, int]:
        if d.since_version > version:
            return None, pos
        prefix = _LENGTH[d.length_primitive]
        if end - pos < prefix.size:
            raise self._fail(path, "truncated length prefix")
        (length,) = prefix.unpack_from(buf, pos)
        pos += prefix.size
        if d.max_length is not None and length > d.max_length:
            raise self._fail(path, f"length {length} exceeds {d.max_length}")
        if end - pos < length:
            raise self._fail(path, f"truncated: {end - pos} of {length} bytes")
        if length == 0 and d.optional:
            return None, pos
        if d.is_message:
            name, inner, _, _ = self._decode_at(buf, pos, pos + length)
            return (name, inner), pos + length
        try:
            return buf[pos:pos + length].decode("utf-8"), pos + length
        except UnicodeDecodeError as exc:
            raise self._fail(path, f"invalid UTF-8: {exc.reason}") from None
