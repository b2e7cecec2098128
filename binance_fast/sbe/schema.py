"""SBE message schemas as plain data: parsed from Binance's XML, laid out, and (de)serialised to JSON.

One model serves the code generator, the pure-Python reference codec and the tests. ``parse_xml`` reads an
SBE XML schema (the FIX SBE 1.0 subset Binance uses, plus its ``mbx:`` attributes); ``Schema.to_json`` /
``Schema.from_json`` round-trip the laid-out model, which the package ships so it works without the XML.
"""

from __future__ import annotations

import json
import keyword
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SBE_NS = "http://fixprotocol.io/2016/sbe"
MBX_NS = "https://developers.binance.com/docs/binance-spot-api-docs"

# primitive -> (size in bytes, struct code, default nullValue of an optional field)
PRIMITIVES: dict[str, tuple[int, str, Any]] = {
    "char": (1, "B", 0),
    "int8": (1, "b", -(2**7)),
    "uint8": (1, "B", 2**8 - 1),
    "int16": (2, "h", -(2**15)),
    "uint16": (2, "H", 2**16 - 1),
    "int32": (4, "i", -(2**31)),
    "uint32": (4, "I", 2**32 - 1),
    "int64": (8, "q", -(2**63)),
    "uint64": (8, "Q", 2**64 - 1),
    "float": (4, "f", float("nan")),
    "double": (8, "d", float("nan")),
}
# the signed 128-bit little-endian mantissa Binance encodes as uint8[16]; nullValue -2^127 (schema text)
MANTISSA128_NULL = -(2**127)
# type names whose int64 values are microseconds since the epoch (the schemas' own description)
TIMESTAMP_TYPES = frozenset({"utcTimestampUs"})

# field kinds of the model
INT, FLOAT, TIMESTAMP, DECIMAL, DECIMAL128, ENUM, BOOL, SET, CONSTANT = (
    "int", "float", "timestamp", "decimal", "decimal128", "enum", "bool", "set", "constant")

# attribute names fixed by the project's contracts (CONTRACTS.md: DepthUpdate, partial depth), per schema package
ATTR_OVERRIDES: dict[str, dict[str, dict[str, str]]] = {
    "spot_stream": {
        "DepthDiffStreamEvent": {"firstBookUpdateId": "first_update_id", "lastBookUpdateId": "final_update_id"},
        "DepthSnapshotStreamEvent": {"bookUpdateId": "last_update_id"},
        "BestBidAskStreamEvent": {"bookUpdateId": "update_id"},
    },
}

# Python/Cython words a generated attribute may not be called
_RESERVED = set(keyword.kwlist) | {
    "cdef", "cpdef", "ctypedef", "cimport", "struct", "union", "enum", "extern", "include", "inline",
    "nogil", "gil", "readonly", "public", "api", "sizeof", "NULL", "int", "long", "char", "double",
    "float", "object", "bint", "short", "signed", "unsigned", "const", "print", "exec", "DEF", "IF",
}
# readable words for Binance's abbreviations in attribute names (the contract's Trade.quantity)
_WORDS = {"qty": "quantity"}


def snake(name: str) -> str:
    """``firstBookUpdateId`` -> ``first_book_update_id``; abbreviations spelled out; reserved words get ``_``."""
    s = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    s = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", s).lower()
    s = "_".join(_WORDS.get(w, w) for w in s.split("_"))
    return s + "_" if s in _RESERVED else s


def upper_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()


@dataclass
class EnumType:
    name: str
    encoding: str                       # primitive of the wire value
    values: dict[str, int]              # member name (Binance's JSON spelling) -> wire value
    is_set: bool = False                # a bit set: values are bit positions
    since_version: int = 0


@dataclass
class Field:
    name: str                           # wire name, as in the schema
    id: int
    kind: str                           # one of INT .. CONSTANT
    primitive: str                      # wire primitive ("uint8" for mantissa128 bytes)
    offset: int
    size: int
    optional: bool = False
    null: Any = None                    # nullValue when optional
    since_version: int = 0
    exponent: str | None = None         # DECIMAL/DECIMAL128: the exponent field's name
    enum: str | None = None             # ENUM/BOOL/SET/CONSTANT: the enum or set name
    constant: str | None = None         # CONSTANT: the member name of valueRef
    attr: str = ""                      # readable attribute name of decoded objects


@dataclass
class Data:
    name: str
    id: int
    length_primitive: str               # uint8/uint16/uint32 length prefix
    is_message: bool                    # an embedded SBE message (with its own header) rather than text
    optional: bool                      # zero length means null (optionalVarString*, optionalMessageData*)
    since_version: int = 0
    max_length: int | None = None
    attr: str = ""


@dataclass
class Group:
    name: str
    id: int
    count_primitive: str                # uint16 or uint32 numInGroup
    max_count: int
    block_length: int
    fields: list[Field] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    data: list[Data] = field(default_factory=list)
    since_version: int = 0
    attr: str = ""

    @property
    def is_decimal_matrix(self) -> bool:
        """Only required 64-bit decimals with exponents outside the group: decoded as an (n, k) float64 array."""
        live = [f for f in self.fields if f.kind != CONSTANT]
        own = {f.name for f in self.fields}
        return (bool(live) and not self.groups and not self.data
                and all(f.kind == DECIMAL and not f.optional and f.exponent not in own and f.since_version == 0
                        for f in live))


@dataclass
class Message:
    name: str
    id: int
    block_length: int
    fields: list[Field] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    data: list[Data] = field(default_factory=list)
    since_version: int = 0
    description: str = ""


@dataclass
class Schema:
    package: str
    id: int
    version: int
    semantic_version: str
    description: str
    enums: dict[str, EnumType]
    messages: list[Message]
    source: str = ""                    # the XML file name it came from

    def message(self, name: str) -> Message:
        for m in self.messages:
            if m.name == name:
                return m
        raise KeyError(name)

    def by_id(self) -> dict[int, Message]:
        return {m.id: m for m in self.messages}

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=False, allow_nan=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Schema:
        raw = json.loads(text)
        raw["enums"] = {k: EnumType(**v) for k, v in raw["enums"].items()}
        raw["messages"] = [_message_from(m) for m in raw["messages"]]
        return cls(**raw)

    @classmethod
    def load(cls, path: str | Path) -> Schema:
        path = Path(path)
        if path.suffix == ".json":
            return cls.from_json(path.read_text())
        return parse_xml(path)


def _group_from(g: dict) -> Group:
    g = dict(g)
    g["fields"] = [Field(**f) for f in g["fields"]]
    g["groups"] = [_group_from(x) for x in g["groups"]]
    g["data"] = [Data(**d) for d in g["data"]]
    return Group(**g)


def _message_from(m: dict) -> Message:
    m = dict(m)
    m["fields"] = [Field(**f) for f in m["fields"]]
    m["groups"] = [_group_from(x) for x in m["groups"]]
    m["data"] = [Data(**d) for d in m["data"]]
    return Message(**m)


# --- XML -------------------------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _req(el: ET.Element, key: str) -> str:
    """A mandatory XML attribute."""
    value = el.get(key)
    if value is None:
        raise ValueError(f"<{_local(el.tag)} name={el.get('name')!r}> has no {key!r} attribute")
    return value


def _mbx(el: ET.Element, name: str) -> str | None:
    return el.get(f"{{{MBX_NS}}}{name}")


class _Parser:
    def __init__(self, root: ET.Element):
        self.overrides = ATTR_OVERRIDES.get(_req(root, "package"), {})
        self.types: dict[str, ET.Element] = {}
        self.enums: dict[str, EnumType] = {}
        for types in root.iter("types"):
            for el in types:
                tag = _local(el.tag)
                name = _req(el, "name")
                if tag in ("enum", "set"):
                    values = {}
                    for v in el:
                        member = _mbx(v, "jsonValue") or upper_snake(_req(v, "name"))
                        values[member if _req(el, "name") != "boolEnum" else _req(v, "name")] = int((v.text or "").strip())
                    self.enums[name] = EnumType(name, _req(el, "encodingType"), values, tag == "set",
                                                int(el.get("sinceVersion", 0)))
                self.types[name] = el
        # the original (wire) member names, for valueRef="enum.Member"
        self.wire_members: dict[tuple[str, str], str] = {}
        for name, el in self.types.items():
            if _local(el.tag) in ("enum", "set"):
                for v, member in zip(el, self.enums[name].values):
                    self.wire_members[(name, _req(v, "name"))] = member

    def composite(self, name: str) -> ET.Element:
        el = self.types.get(name)
        if el is None or _local(el.tag) != "composite":
            raise ValueError(f"unknown composite type {name!r}")
        return el

    def field(self, el: ET.Element, offset: int, exponents: set[str]) -> Field:
        name, type_name = _req(el, "name"), _req(el, "type")
        presence = el.get("presence", "required")
        since = int(el.get("sinceVersion", 0))
        optional = presence == "optional"
        exponent = _mbx(el, "exponent")
        if presence == "constant":
            enum_name, member = _req(el, "valueRef").split(".", 1)
            if enum_name not in self.enums:
                raise ValueError(f"constant {name!r}: only enum valueRefs are supported")
            return Field(name, int(_req(el, "id")), CONSTANT, self.enums[enum_name].encoding, offset, 0,
                         since_version=since, enum=enum_name,
                         constant=self.wire_members[(enum_name, member)])
        if type_name in self.enums:
            enum = self.enums[type_name]
            size = PRIMITIVES[enum.encoding][0]
            kind = SET if enum.is_set else (BOOL if type_name == "boolEnum" else ENUM)
            since = max(since, enum.since_version)
            return Field(name, int(_req(el, "id")), kind, enum.encoding, offset, size, optional,
                         PRIMITIVES[enum.encoding][2] if optional and kind != SET else None, since, enum=type_name)
        if type_name in PRIMITIVES:
            primitive, length, type_since = type_name, 1, 0
        else:
            t = self.types.get(type_name)
            if t is None or _local(t.tag) != "type":
                raise ValueError(f"field {name!r}: unsupported type {type_name!r}")
            primitive, length = _req(t, "primitiveType"), int(t.get("length", 1))
            type_since = int(t.get("sinceVersion", 0))
            if t.get("presence") == "constant":
                raise ValueError(f"field {name!r}: constant primitive types are not supported")
        since = max(since, type_since)
        if exponent is not None:
            if exponent not in exponents:
                raise ValueError(f"field {name!r}: exponent {exponent!r} is not declared before it")
            if primitive == "int64" and length == 1:
                return Field(name, int(_req(el, "id")), DECIMAL, "int64", offset, 8, optional,
                             PRIMITIVES["int64"][2] if optional else None, since, exponent=exponent)
            if primitive == "uint8" and length == 16:
                return Field(name, int(_req(el, "id")), DECIMAL128, "uint8", offset, 16, optional,
                             MANTISSA128_NULL if optional else None, since, exponent=exponent)
            raise ValueError(f"field {name!r}: unsupported mantissa encoding {primitive}[{length}]")
        if length != 1:
            raise ValueError(f"field {name!r}: fixed-length arrays are not supported ({type_name})")
        size, _, null = PRIMITIVES[primitive]
        kind = TIMESTAMP if type_name in TIMESTAMP_TYPES else (FLOAT if primitive in ("float", "double") else INT)
        null_value = el.get("nullValue")
        if optional and null_value is not None:
            null = float(null_value) if kind == FLOAT else int(null_value)
        return Field(name, int(_req(el, "id")), kind, primitive, offset, size, optional,
                     null if optional else None, since)

    def data(self, el: ET.Element) -> Data:
        comp = self.composite(_req(el, "type"))
        length = next(c for c in comp if _req(c, "name") == "length")
        var = next(c for c in comp if _req(c, "name") == "varData")
        tname = _req(el, "type")
        max_length = length.get("maxValue")
        return Data(_req(el, "name"), int(_req(el, "id")), _req(length, "primitiveType"),
                    is_message=var.get("characterEncoding") is None,
                    optional=tname.lower().startswith("optional"),
                    since_version=int(el.get("sinceVersion", 0)),
                    max_length=int(max_length) if max_length else None)

    def block(self, el: ET.Element, target: Message | Group, exponents: set[str]) -> None:
        offset = 0
        exponents = set(exponents)
        for child in el:
            tag = _local(child.tag)
            if tag == "field":
                if target.groups or target.data:
                    raise ValueError(f"{target.name}: field {child.get('name')!r} after a group or data")
                if child.get("offset") is not None:
                    offset = int(_req(child, "offset"))
                f = self.field(child, offset, exponents)
                target.fields.append(f)
                offset += f.size
                exponents.add(f.name)
            elif tag == "group":
                if target.data:
                    raise ValueError(f"{target.name}: group {child.get('name')!r} after data")
                dim = self.composite(child.get("dimensionType", "groupSizeEncoding"))
                num = next(c for c in dim if _req(c, "name") == "numInGroup")
                count = _req(num, "primitiveType")
                g = Group(_req(child, "name"), int(_req(child, "id")), count,
                          int(num.get("maxValue", PRIMITIVES[count][2])), 0,
                          since_version=int(child.get("sinceVersion", 0)))
                self.block(child, g, exponents)
                g.block_length = int(child.get("blockLength", _fixed_size(g.fields)))
                target.groups.append(g)
            elif tag == "data":
                target.data.append(self.data(child))
        _name_attrs(target, self.overrides.get(target.name, {}) if isinstance(target, Message) else {})


def _fixed_size(fields: list[Field]) -> int:
    return max((f.offset + f.size for f in fields), default=0)


def _name_attrs(target: Message | Group, overrides: dict[str, str]) -> None:
    """Readable attribute names, checked unique (a decimal also owns ``<attr>_mantissa``, a timestamp ``<attr>_us``)."""
    taken: dict[str, str] = {}

    def claim(name: str, owner: str) -> None:
        if name in taken or name in ("to_dict", "sbe_version", "template_id"):
            raise ValueError(f"{target.name}: attribute {name!r} of {owner!r} clashes with {taken.get(name)!r}")
        taken[name] = owner

    for f in target.fields:
        f.attr = overrides.get(f.name) or snake(f.name)
        claim(f.attr, f.name)
        if f.kind in (DECIMAL, DECIMAL128):
            claim(f.attr + "_mantissa", f.name)
        elif f.kind == TIMESTAMP:
            claim(f.attr + "_us", f.name)
    for g in target.groups:
        g.attr = snake(g.name)
        claim(g.attr, g.name)
        if g.is_decimal_matrix:
            claim(g.attr + "_mantissa", g.name)
    for d in target.data:
        d.attr = snake(d.name)
        claim(d.attr, d.name)


def parse_xml(path: str | Path) -> Schema:
    """Read an SBE XML schema into the laid-out model."""
    path = Path(path)
    root = ET.parse(path).getroot()
    if _local(root.tag) != "messageSchema":
        raise ValueError(f"{path}: not an SBE messageSchema")
    if root.get("byteOrder", "littleEndian") != "littleEndian":
        raise ValueError(f"{path}: only littleEndian schemas are supported")
    parser = _Parser(root)
    header = [_req(c, "name") for c in parser.composite("messageHeader")]
    if header != ["blockLength", "templateId", "schemaId", "version"]:
        raise ValueError(f"{path}: unsupported messageHeader layout {header}")
    messages = []
    for el in root:
        if _local(el.tag) != "message":
            continue
        m = Message(_req(el, "name"), int(_req(el, "id")), 0, since_version=int(el.get("sinceVersion", 0)),
                    description=el.get("description", ""))
        parser.block(el, m, set())
        m.block_length = int(el.get("blockLength", _fixed_size(m.fields)))
        messages.append(m)
    ids = [m.id for m in messages]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate template ids")
    return Schema(_req(root, "package"), int(_req(root, "id")), int(root.get("version", 0)),
                  root.get("semanticVersion", ""), root.get("description", ""), parser.enums, messages,
                  source=path.name)
