"""Generates the compiled SBE decoders (src/sbe_*.pyx), their stubs and the shipped schema models from Binance's XML.

Regenerate (from the project root, with Binance's schemas in ../shared/schemas/sbe):

    python -m binance_fast.sbe.generate

``--check`` writes nothing and exits 1 if a committed file differs from what the schemas give. The output is
a pure function of the XML (no dates, sorted where order is free), so re-running it reproduces the files.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .schema import (PRIMITIVES, BOOL, CONSTANT, DECIMAL, DECIMAL128, ENUM, FLOAT, INT, SET, TIMESTAMP, Data, EnumType, Field,
                     Group, Message, Schema, parse_xml)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = PROJECT_ROOT.parent / "shared" / "schemas" / "sbe"
COMMAND = "python -m binance_fast.sbe.generate"
RUNTIME = "sbe_runtime.pxi"   # hand-written helpers every generated decoder includes (src/sbe_runtime.pxi)


@dataclass(frozen=True)
class Target:
    """One schema and the files generated from it."""
    xml: str            # file in the schema folder
    module: str         # compiled module stem: src/<module>.pyx -> binance_fast._<module>
    model: str          # the shipped schema model: binance_fast/sbe/<model>.json
    cdef_classes: bool  # extension types with C attributes (hot paths); else slotted classes (far less C)


TARGETS = (
    Target("stream_1_0.xml", "sbe_stream", "stream_1_0", cdef_classes=True),
    Target("spot_3_4.xml", "sbe_spot", "spot_3_4", cdef_classes=False),
)

# constant attributes the project's contracts ask for (CONTRACTS.md: DepthUpdate.prev_final_update_id is -1 on spot)
EXTRA_CONSTANTS: dict[str, dict[str, dict[str, int]]] = {
    "spot_stream": {"DepthDiffStreamEvent": {"prev_final_update_id": -1}},
}

_CTYPE = {
    "char": "uint8_t", "int8": "int8_t", "uint8": "uint8_t", "int16": "int16_t", "uint16": "uint16_t",
    "int32": "int32_t", "uint32": "uint32_t", "int64": "int64_t", "uint64": "uint64_t", "float": "float",
    "double": "double",
}
_NULL_MACRO = {
    "int8": "INT8_MIN", "uint8": "UINT8_MAX", "int16": "INT16_MIN", "uint16": "UINT16_MAX", "int32": "INT32_MIN",
    "uint32": "UINT32_MAX", "int64": "INT64_MIN", "uint64": "UINT64_MAX",
}
_HEADER_SIZE = {"uint16": 4, "uint32": 6}
# schema field name -> (field, C variable holding its raw value, whether that value may be null)
Scope = dict[str, tuple[Field, str, bool]]


def _cap(name: str) -> str:
    return name[:1].upper() + name[1:]


def _class_name(enum: EnumType) -> str:
    return _cap(enum.name)


def _required_steps(fields: list[Field], base_since: int) -> list[tuple[int, int]]:
    """[(since version, block bytes needed from then on)], first entry at ``base_since``."""
    versions = sorted({base_since} | {f.since_version for f in fields if f.since_version > base_since})
    return [(v, max((f.offset + f.size for f in fields if f.since_version <= v), default=0)) for v in versions]


def _c_attr(f: Field, maybe_absent: bool) -> bool:
    """Stored as a C value (never None)."""
    return not f.optional and not maybe_absent and f.kind in (INT, FLOAT, TIMESTAMP, DECIMAL, BOOL)


class _Module:
    """Emits one .pyx and its .pyi."""

    def __init__(self, schema: Schema, target: Target):
        self.schema = schema
        self.target = target
        self.extra = EXTRA_CONSTANTS.get(schema.package, {})
        self.classes: list[str] = []          # pyx class blocks
        self.stubs: list[str] = []            # pyi class blocks
        self.functions: list[str] = []        # pyx decode functions
        self.message_classes: list[str] = []

    # --- naming ------------------------------------------------------------------------------

    def entry_class(self, owner: str, group: Group) -> str:
        return f"{owner}{_cap(group.name)}Entry"

    # --- classes -------------------------------------------------------------------------------

    def _field_decl(self, f: Field, node_since: int, fields_by_name: dict[str, Field]) -> tuple[list[str], list[str]]:
        """(cdef lines, pyi lines) for one field."""
        absent = f.since_version > node_since
        c = _c_attr(f, absent)
        none = "" if c else " | None"
        if f.kind == CONSTANT:
            kind = "bool" if f.enum == "boolEnum" else _class_name(self._enum(f))
            return [], [f"    @property\n    def {f.attr}(self) -> {kind}: ..."]
        if f.kind == TIMESTAMP:
            t = "int64_t" if c else "object"
            return ([f"    cdef readonly {t} {f.attr}", f"    cdef readonly {t} {f.attr}_us"],
                    [f"    {f.attr}: int{none}", f"    {f.attr}_us: int{none}"])
        if f.kind == DECIMAL:
            exp = fields_by_name.get(f.exponent or "")
            exp_ok = exp is None or (not exp.optional and not (exp.since_version > node_since))
            fc = c and exp_ok
            return ([f"    cdef readonly {'double' if fc else 'object'} {f.attr}",
                     f"    cdef readonly {'int64_t' if c else 'object'} {f.attr}_mantissa"],
                    [f"    {f.attr}: float{'' if fc else ' | None'}", f"    {f.attr}_mantissa: int{none}"])
        if f.kind == DECIMAL128:
            return ([f"    cdef readonly object {f.attr}", f"    cdef readonly object {f.attr}_mantissa"],
                    [f"    {f.attr}: float{none}", f"    {f.attr}_mantissa: int{none}"])
        if f.kind == INT:
            return [f"    cdef readonly {_CTYPE[f.primitive] if c else 'object'} {f.attr}"], [f"    {f.attr}: int{none}"]
        if f.kind == FLOAT:
            return [f"    cdef readonly {'double' if c else 'object'} {f.attr}"], [f"    {f.attr}: float{none}"]
        if f.kind == BOOL:
            return [f"    cdef readonly {'bint' if c else 'object'} {f.attr}"], [f"    {f.attr}: bool{none}"]
        enum = self._enum(f)
        return [f"    cdef readonly object {f.attr}"], [f"    {f.attr}: {_class_name(enum)}{none}"]

    def emit_class(self, name: str, node: Message | Group, node_since: int, doc: str, is_message: bool,
                   scope: dict[str, Field]) -> None:
        fields_by_name = dict(scope)
        fields_by_name.update({f.name: f for f in node.fields})
        cdefs: list[str] = []
        stub: list[str] = []
        props: list[str] = []
        reprs: list[str] = []
        todict: list[tuple[str, str, str, tuple[str, ...] | None]] = []
        if is_message:
            cdefs.append("    cdef readonly int sbe_version")
            stub += ["    template_id: ClassVar[int]", "    sbe_version: int"]
        for f in node.fields:
            decl, stub_lines = self._field_decl(f, node_since, fields_by_name)
            cdefs += decl
            stub += stub_lines
            if f.kind == CONSTANT:
                props.append(f"    @property\n    def {f.attr}(self):\n        return {self._constant(f)}\n")
                continue
            reprs.append(f.attr)
            if f.kind == TIMESTAMP:
                todict.append((f.name, f.attr + "_us", "v", None))
            elif f.kind in (DECIMAL, DECIMAL128):
                todict.append((f.name, f.attr + "_mantissa", "v", None))
            elif f.kind in (ENUM, BOOL, SET):
                todict.append((f.name, f.attr, "i", None))
            else:
                todict.append((f.name, f.attr, "v", None))
        for g in node.groups:
            reprs.append(g.attr)
            if g.is_decimal_matrix:
                cols = tuple(f.name for f in g.fields if f.kind != CONSTANT)
                cdefs += [f"    cdef readonly object {g.attr}", f"    cdef readonly object {g.attr}_mantissa"]
                stub += [f"    {g.attr}: npt.NDArray[np.float64]", f"    {g.attr}_mantissa: npt.NDArray[np.int64] | None"]
                todict.append((g.name, g.attr + "_mantissa", "m", cols))
            else:
                entry = self.entry_class(name, g)
                cdefs.append(f"    cdef readonly list {g.attr}")
                stub.append(f"    {g.attr}: list[{entry}]")
                todict.append((g.name, g.attr, "l", None))
        for dat in node.data:
            reprs.append(dat.attr)
            cdefs.append(f"    cdef readonly {'object' if (dat.optional or dat.is_message or dat.since_version > node_since) else 'str'} {dat.attr}")
            if dat.is_message:
                stub.append(f"    {dat.attr}: SbeMessage{' | None' if dat.optional else ''}")
                todict.append((dat.name, dat.attr, "x", None))
            else:
                stub.append(f"    {dat.attr}: str{' | None' if dat.optional or dat.since_version > node_since else ''}")
                todict.append((dat.name, dat.attr, "v", None))
        for attr, value in sorted(self.extra.get(name, {}).items()):
            props.append(f"    @property\n    def {attr}(self):\n        return {value!r}\n")
            stub.append(f"    @property\n    def {attr}(self) -> int: ...")
        if self.target.cdef_classes:
            lines = ["@cython.final", f"@cython.freelist({8 if is_message else 64})"]
            # no base class: Cython keeps a freelist only for a type without a cdef base
            lines += [f"cdef class {name}:", f"    {doc!r}"]
            body = cdefs
        else:
            slots = [c.rsplit(" ", 1)[1] for c in cdefs]
            lines = [f"class {name}(_SbeObject):", f"    {doc!r}", f"    __slots__ = {tuple(slots)!r}"]
            body = []
        if is_message:
            lines.append(f"    template_id = {node.id}")
        lines += body
        # plain strings, split on first use: constant tuples would cost C code in the module init
        lines.append(f"    _fields = {' '.join(reprs)!r}")
        lines.append(f"    _wire = {' '.join(':'.join((w, a, k, ','.join(c or ()))) for w, a, k, c in todict)!r}")
        lines.append("")
        if self.target.cdef_classes:
            lines.append(_METHODS)
        lines += props
        self.classes.append("\n".join(lines).rstrip() + "\n\n")
        stub_lines = [f"class {name}:", f"    \"\"\"{doc}\"\"\""] + stub + ["    def to_dict(self) -> dict[str, Any]: ..."]
        self.stubs.append("\n".join(stub_lines) + "\n")
        for g in node.groups:
            if not g.is_decimal_matrix:
                self.emit_class(self.entry_class(name, g), g, node_since, f"One entry of {name}.{g.name}.", False,
                                fields_by_name)

    def _enum(self, f: Field) -> EnumType:
        assert f.enum is not None, f.name
        return self.schema.enums[f.enum]

    def _constant(self, f: Field) -> str:
        assert f.constant is not None, f.name
        if f.enum == "boolEnum":
            return f.constant
        return f"{_class_name(self._enum(f))}.{f.constant}"

    # --- decoding --------------------------------------------------------------------------------

    def emit_decoder(self, msg: Message) -> None:
        decls: dict[str, str] = {}      # local name -> ctype
        body: list[str] = []
        self._block(msg.name, msg.name, msg, "o", "pos", msg.since_version, {}, decls, body, 1, "msg")
        head = [f"cdef object _d_{msg.name}(const uint8_t* p, Py_ssize_t pos, Py_ssize_t end, Py_ssize_t blen,",
                "                          int version, bint mantissas, Py_ssize_t* out):",
                f"    cdef {msg.name if self.target.cdef_classes else 'object'} o = {msg.name}.__new__({msg.name})"]
        head += [f"    cdef {t} {n}" for n, t in decls.items()]
        head.append("    o.sbe_version = version")
        self.functions.append("\n".join(head + body + ["    out[0] = pos", "    return o", "", ""]))

    def _block(self, path: str, cls: str, node: Message | Group, obj: str, base: str, node_since: int,
               scope: Scope, decls: dict[str, str], out: list[str], depth: int,
               kind: str) -> None:
        """Fields of ``node`` at ``base``, then (after the block: the caller advances pos) groups and data."""
        ind = "    " * depth
        scope = dict(scope)
        prefix = "v_" + "_".join(path.split(".")[1:] + [""]) if "." in path else "v_"
        for f in node.fields:
            if f.kind == CONSTANT:
                continue
            var = f"{prefix}{f.attr}"
            absent = f.since_version > node_since
            scope[f.name] = (f, var, f.optional or absent)
            lines: list[str] = []
            at = f"p + {base} + {f.offset}"
            fpath = f"{path}.{f.name}"
            if f.kind == DECIMAL128:
                lines += self._decimal128(f, obj, at, scope, fpath)
            else:
                decls[var] = _CTYPE[f.primitive]
                lines.append(f"{var} = sbe_{f.primitive}({at})")
                lines += self._store(f, var, obj, scope, fpath, absent)
            if absent:
                out.append(f"{ind}if version >= {f.since_version}:")
                out += [f"{ind}    {line}" for line in lines]
                out.append(f"{ind}else:")
                if f.kind in (TIMESTAMP, DECIMAL, DECIMAL128):
                    sub = {TIMESTAMP: "_us", DECIMAL: "_mantissa", DECIMAL128: "_mantissa"}[f.kind]
                    out.append(f"{ind}    {obj}.{f.attr} = None; {obj}.{f.attr}{sub} = None")
                else:
                    out.append(f"{ind}    {obj}.{f.attr} = None")
                # an absent exponent makes its decimals absent too: give it the null
                if f.kind == INT:
                    decls[var] = _CTYPE[f.primitive]
                    out.append(f"{ind}    {var} = {_NULL_MACRO.get(f.primitive, 0)}")
            else:
                out += [f"{ind}{line}" for line in lines]
        # the caller advances pos past the fixed block before the groups and data
        out.append(f"{ind}pos += blen" if kind == "msg" else "#TAIL")
        for g in node.groups:
            self._group(path, cls, g, obj, node_since, scope, decls, out, depth)
        for d in node.data:
            self._data(path, d, obj, node_since, decls, out, depth)

    def _exp_expr(self, f: Field, scope: Scope) -> tuple[str, bool]:
        """(C variable of the exponent, whether it may be null)."""
        assert f.exponent is not None, f.name
        _, evar, maybe_null = scope[f.exponent]
        return evar, maybe_null

    def _store(self, f: Field, var: str, obj: str, scope: Scope, fpath: str,
               absent: bool) -> list[str]:
        a = f"{obj}.{f.attr}"
        null = None
        if f.optional:
            null = _NULL_MACRO.get(f.primitive) if f.null == PRIMITIVES[f.primitive][2] else repr(f.null)
        if f.kind == INT:
            return [f"{a} = None if {var} == {null} else {var}" if f.optional else f"{a} = {var}"]
        if f.kind == FLOAT:
            return [f"{a} = None if {var} != {var} else {var}" if f.optional else f"{a} = {var}"]
        if f.kind == TIMESTAMP:
            if f.optional:
                return [f"if {var} == {null}:", f"    {a} = None; {a}_us = None",
                        "else:", f"    {a} = sbe_us_to_ms({var}); {a}_us = {var}"]
            return [f"{a} = sbe_us_to_ms({var}); {a}_us = {var}"]
        if f.kind == DECIMAL:
            evar, enull = self._exp_expr(f, scope)
            conv = f"_dec({var}, {evar})"
            if enull:
                conv = f"None if {evar} == INT8_MIN else {conv}"
            if f.optional:
                return [f"if {var} == {null}:", f"    {a} = None; {a}_mantissa = None",
                        "else:", f"    {a} = {conv}; {a}_mantissa = {var}"]
            return [f"{a} = {conv}; {a}_mantissa = {var}"]
        if f.kind == BOOL:
            lines = []
            if f.optional:
                lines.append(f"if {var} == 255:\n    {a} = None\nelse:")
                pre = "    "
            else:
                pre = ""
            lines.append(f"{pre}if {var} > 1: _fail_member({fpath!r}, {var}, 'boolEnum')")
            lines.append(f"{pre}{a} = {var} == 1")
            return "\n".join(lines).split("\n")
        enum = self._enum(f)
        if f.kind == SET:
            return [f"{a} = {_class_name(enum)}({var})"]
        look = f"{a} = _member(_E_{enum.name}, {var}, {fpath!r}, {enum.name!r})"
        if f.optional:
            return [f"if {var} == {null}:", f"    {a} = None", "else:", f"    {look}"]
        return [look]

    def _decimal128(self, f: Field, obj: str, at: str, scope: Scope, fpath: str) -> list[str]:
        a = f"{obj}.{f.attr}"
        evar, enull = self._exp_expr(f, scope)
        conv = f"_dec_obj({a}_mantissa, {evar})"
        if enull:
            conv = f"None if {evar} == INT8_MIN else {conv}"
        if f.optional:
            return [f"if sbe_i128_is_null({at}):", f"    {a} = None; {a}_mantissa = None",
                    "else:", f"    {a}_mantissa = _m128({at}); {a} = {conv}"]
        return [f"if sbe_i128_is_null({at}): _fail({fpath!r}, \"null mantissa in a required field\")",
                f"{a}_mantissa = _m128({at}); {a} = {conv}"]

    def _group(self, path: str, cls: str, g: Group, obj: str, node_since: int, scope, decls, out, depth) -> None:
        ind = "    " * depth
        gpath = f"{path}.{g.name}"
        gid = "_".join(gpath.split(".")[1:])
        bl, n, i = f"bl_{gid}", f"n_{gid}", f"i_{gid}"
        decls[bl] = "Py_ssize_t"
        decls[n] = "Py_ssize_t"
        decls[i] = "Py_ssize_t"
        hsize = _HEADER_SIZE[g.count_primitive]
        lines = [f"if end - pos < {hsize}: _fail({gpath!r}, \"truncated group header\")",
                 f"{bl} = sbe_uint16(p + pos); {n} = sbe_{g.count_primitive}(p + pos + 2); pos += {hsize}"]
        steps = _required_steps(g.fields, node_since)
        need = f"need_{gid}"
        decls[need] = "Py_ssize_t"
        lines.append(f"{need} = {steps[0][1]}")
        for v, size in steps[1:]:
            lines.append(f"if version >= {v}: {need} = {size}")
        lines.append(f"if {bl} < {need}: _fail_block({gpath + '.blockLength'!r}, {bl}, version, {need})")
        if g.count_primitive == "uint32" or g.max_count < 2 ** (8 * (hsize - 2)) - 1:
            lines.append(f"if {n} > {g.max_count}: _fail_count({gpath + '.numInGroup'!r}, {n}, {g.max_count})")
        if g.is_decimal_matrix:
            cols = [f for f in g.fields if f.kind != CONSTANT]
            k = len(cols)
            arr, marr, dp, mp = f"a_{gid}", f"m_{gid}", f"d_{gid}", f"md_{gid}"
            decls.update({arr: "cnp.ndarray", marr: "cnp.ndarray", dp: "double*", mp: "int64_t*", "q": "Py_ssize_t",
                          "mant": "int64_t"})
            lines += [f"if end - pos < {n} * {bl}: _fail_truncated({gpath!r}, end - pos, {n} * {bl})",
                      f"{arr} = _matrix({n}, {k}, _float64)",
                      f"{dp} = <double*>cnp.PyArray_DATA({arr})",
                      f"{mp} = NULL",
                      "if mantissas:",
                      f"    {marr} = _matrix({n}, {k}, _int64)",
                      f"    {mp} = <int64_t*>cnp.PyArray_DATA({marr})"]
            # (price, qty) pairs in one vectorised C loop; the per-element loop (C too, but with a branch per
            # value) is for other shapes and for mantissas beyond 2^51 or exponents outside [-22, 0]
            pre = ""
            if k == 2 and (cols[0].offset, cols[1].offset) == (0, 8):
                e0, e1 = (self._exp_expr(f, scope)[0] for f in cols)
                lines.append(f"if not sbe_decimal_pairs(p + pos, {n}, {bl}, {e0}, {e1}, {dp}, {mp}):")
                pre = "    "
            lines += [f"{pre}for {i} in range({n}):", f"{pre}    q = pos + {i} * {bl}"]
            for j, f in enumerate(cols):
                evar, _ = self._exp_expr(f, scope)
                lines += [f"{pre}    mant = sbe_int64(p + q + {f.offset})",
                          f"{pre}    {dp}[{i} * {k} + {j}] = _dec(mant, {evar})",
                          f"{pre}    if mantissas: {mp}[{i} * {k} + {j}] = mant"]
            lines += [f"pos += {n} * {bl}",
                      f"{obj}.{g.attr} = {arr}",
                      f"{obj}.{g.attr}_mantissa = {marr} if mantissas else None"]
            body = lines
        else:
            entry = self.entry_class(cls, g)
            eo, lst = f"e_{gid}", f"l_{gid}"
            decls[eo] = entry if self.target.cdef_classes else "object"
            decls[lst] = "list"
            body = lines + [f"{lst} = []", f"for {i} in range({n}):",
                            f"    if end - pos < {bl}: _fail_truncated({gpath!r}, end - pos, {bl})",
                            f"    {eo} = {entry}.__new__({entry})"]
            inner: list[str] = []
            self._block(gpath, entry, g, eo, "pos", node_since, scope, decls, inner, 0, "group")
            # the block's fields read at pos; then pos moves past the block before nested groups and data
            split = self._split_fields(inner)
            body += [f"    {line}" for line in split[0]]
            body.append(f"    pos += {bl}")
            body += [f"    {line}" for line in split[1]]
            body += [f"    {lst}.append({eo})", f"{obj}.{g.attr} = {lst}"]
        if g.since_version > node_since:
            out.append(f"{ind}if version >= {g.since_version}:")
            out += [f"{ind}    {line}" for line in body]
            out.append(f"{ind}else:")
            out.append(f"{ind}    {obj}.{g.attr} = {'None' if g.is_decimal_matrix else '[]'}")
        else:
            out += [f"{ind}{line}" for line in body]

    @staticmethod
    def _split_fields(lines: list[str]) -> tuple[list[str], list[str]]:
        """Split a group block's code into the fixed-field part and the nested groups/data part."""
        marker = [k for k, line in enumerate(lines) if line.startswith("#TAIL")]
        if not marker:
            return lines, []
        k = marker[0]
        return lines[:k], lines[k + 1:]

    def _data(self, path: str, d: Data, obj: str, node_since: int, decls, out, depth) -> None:
        ind = "    " * depth
        dpath = f"{path}.{d.name}"
        decls["ln"] = "Py_ssize_t"
        size = {"uint8": 1, "uint16": 2, "uint32": 4}[d.length_primitive]
        lines = [f"if end - pos < {size}: _fail({dpath!r}, \"truncated length prefix\")",
                 f"ln = sbe_{d.length_primitive}(p + pos); pos += {size}"]
        if d.max_length is not None:
            lines.append(f"if ln > {d.max_length}: _fail_count({dpath!r}, ln, {d.max_length})")
        lines.append(f"if end - pos < ln: _fail_truncated({dpath!r}, end - pos, ln)")
        a = f"{obj}.{d.attr}"
        value = "_decode_at(p, pos, pos + ln, mantissas)" if d.is_message else f"_utf8(p + pos, ln, {dpath!r})"
        if d.optional:
            lines.append(f"{a} = None if ln == 0 else {value}")
        else:
            lines.append(f"{a} = {value}")
        lines.append("pos += ln")
        if d.since_version > node_since:
            out.append(f"{ind}if version >= {d.since_version}:")
            out += [f"{ind}    {line}" for line in lines]
            out.append(f"{ind}else:\n{ind}    {a} = None")
        else:
            out += [f"{ind}{line}" for line in lines]

    # --- module ------------------------------------------------------------------------------------

    def render(self) -> tuple[str, str]:
        s = self.schema
        for msg in s.messages:
            doc = f"{msg.name} (template {msg.id} of schema {s.id}:{s.version})."
            if msg.description:
                doc = f"{msg.description} {doc}"
            self.emit_class(msg.name, msg, msg.since_version, doc, True, {})
            self.emit_decoder(msg)
            self.message_classes.append(msg.name)
        return self._pyx(), self._pyi()

    def _enums_py(self) -> list[str]:
        lines = []
        for name in sorted(self.schema.enums):
            e = self.schema.enums[name]
            if name == "boolEnum":
                continue
            cls = _class_name(e)
            if e.is_set:
                lines.append(f"class {cls}(enum.IntFlag):\n    \"\"\"Bit set {name} of schema {self.schema.id}.\"\"\"")
                lines += [f"    {m} = 1 << {v}" for m, v in e.values.items()]
            else:
                lines.append(f"class {cls}(enum.IntEnum):\n    \"\"\"Enum {name} of schema {self.schema.id}.\"\"\"")
                lines += [f"    {m} = {v}" for m, v in e.values.items()]
            lines.append("")
            lines.append("")
        return lines

    def _pyx(self) -> str:
        s, t = self.schema, self.target
        lines = [
            f'"""Compiled SBE decoder of Binance schema {s.package} {s.id}:{s.version} ({s.source}): one class per message.',
            "",
            f"GENERATED by `{COMMAND}` from {s.source}; do not edit by hand.",
            '"""',
            "",
            f"include \"{RUNTIME}\"",
            "",
            f"SCHEMA_ID = {s.id}",
            f"SCHEMA_VERSION = {s.version}",
            f"SCHEMA_PACKAGE = {s.package!r}",
            f"SEMANTIC_VERSION = {s.semantic_version!r}",
            f"cdef int _SCHEMA_ID = {s.id}",
            f"cdef int _SCHEMA_VERSION = {s.version}",
            "",
            "",
            *self._enums_py(),
        ]
        for name in sorted(self.schema.enums):
            e = self.schema.enums[name]
            if e.is_set or name == "boolEnum":
                continue
            lines.append(f"cdef dict _E_{name} = {{m.value: m for m in {_class_name(e)}}}")
        if not t.cdef_classes:
            lines += ["", "", _BASE_PY, ""]
        lines += self.classes
        lines += self.functions
        lines += self._dispatch()
        lines += [_PUBLIC.format(classes=", ".join(self.message_classes))]
        return "\n".join(lines).rstrip() + "\n"

    def _dispatch(self) -> list[str]:
        out = ["cdef object _decode_at(const uint8_t* p, Py_ssize_t pos, Py_ssize_t end, bint mantissas):",
               "    cdef Py_ssize_t blen, need, stop",
               "    cdef int tid, sid, version",
               "    cdef object o",
               "    if end - pos < 8: _fail(\"messageHeader\", f\"truncated frame: {end - pos} bytes, a header needs 8\")",
               "    blen = sbe_uint16(p + pos); tid = sbe_uint16(p + pos + 2)",
               "    sid = sbe_uint16(p + pos + 4); version = sbe_uint16(p + pos + 6)",
               "    if sid != _SCHEMA_ID: _fail(\"schemaId\", f\"schema id {sid}, this decoder knows {_SCHEMA_ID}\")",
               "    pos += 8"]
        first = True
        for msg in sorted(self.schema.messages, key=lambda m: m.id):
            kw = "if" if first else "elif"
            first = False
            out.append(f"    {kw} tid == {msg.id}:")
            if msg.since_version:
                out.append(f"        if version < {msg.since_version}: _fail_version({msg.name!r}, {msg.since_version}, version)")
            steps = _required_steps(msg.fields, msg.since_version)
            out.append(f"        need = {steps[0][1]}")
            for v, size in steps[1:]:
                out.append(f"        if version >= {v}: need = {size}")
            out += ["        if blen < need: _fail_block(\"blockLength\", blen, version, need)",
                    f"        if end - pos < blen: _fail_truncated({msg.name!r}, end - pos, blen)",
                    f"        o = _d_{msg.name}(p, pos, end, blen, version, mantissas, &stop)",
                    f"        if stop != end and version <= _SCHEMA_VERSION: _fail_trailing({msg.name!r}, end - stop)"]
        out += ["    else:",
                "        _fail(\"templateId\", f\"unknown template id {tid} in schema {_SCHEMA_ID}\")",
                "    return o", "", ""]
        return out

    def _pyi(self) -> str:
        s = self.schema
        lines = [f'"""Stub of binance_fast._{self.target.module}: compiled SBE decoder of schema {s.package} {s.id}:{s.version}.',
                 "", f"GENERATED by `{COMMAND}` from {s.source}; do not edit by hand.", '"""', "",
                 "import enum", "from typing import Any, ClassVar, TypeAlias", "", "import numpy as np",
                 "import numpy.typing as npt", "",
                 "SCHEMA_ID: int", "SCHEMA_VERSION: int", "SCHEMA_PACKAGE: str", "SEMANTIC_VERSION: str", "", ""]
        lines += self._enums_py()
        lines += self.stubs
        lines += ["", f"SbeMessage: TypeAlias = {' | '.join(self.message_classes)}", "",
                  "TEMPLATES: dict[int, type[SbeMessage]]", "",
                  "def decode(frame: bytes | bytearray | memoryview, mantissas: bool = False) -> SbeMessage: ...",
                  "def decode_header(frame: bytes | bytearray | memoryview) -> tuple[int, int, int, int]: ...", ""]
        return "\n".join(lines)



_METHODS = '''\
    def to_dict(self):
        """The wire dict: schema names and raw values (see binance_fast.sbe.codec)."""
        return _to_dict(self)

    def __repr__(self):
        return _repr(self)
'''
_BASE_PY = ('class _SbeObject:\n    """Base of the decoded messages and group entries: ``to_dict()`` and a readable '
            'repr."""\n\n    __slots__ = ()\n\n' + _METHODS)

_PUBLIC = '''\
TEMPLATES = {{cls.template_id: cls for cls in ({classes},)}}


def decode(frame, bint mantissas=False):
    """Decode one SBE message (header included) into its message object.

    Raises FrameDecodeError naming the field for a frame of another schema, an unknown template, a block
    shorter than its version needs, truncated data, enum values outside the schema or invalid UTF-8.
    ``mantissas=True`` also keeps the exact int64 mantissas of decimal arrays (``<group>_mantissa``).
    """
    cdef const uint8_t[::1] view
    cdef const uint8_t* p = NULL
    cdef Py_ssize_t n
    if type(frame) is bytes:
        n = PyBytes_GET_SIZE(frame)
        p = <const uint8_t*>PyBytes_AS_STRING(frame)
    else:
        view = frame
        n = view.shape[0]
        if n:
            p = &view[0]
    try:
        return _decode_at(p, 0, n, mantissas)
    except FrameDecodeError as exc:
        if exc.frame is None:
            exc.frame = bytes(frame)
        raise


def decode_header(frame):
    """(blockLength, templateId, schemaId, version) of a frame's message header."""
    cdef const uint8_t[::1] view = frame
    if view.shape[0] < 8:
        raise FrameDecodeError(f"truncated frame: {{view.shape[0]}} bytes, a header needs 8", field="messageHeader",
                               frame=bytes(frame))
    return sbe_uint16(&view[0]), sbe_uint16(&view[2]), sbe_uint16(&view[4]), sbe_uint16(&view[6])
'''


def render(schema: Schema, target: Target) -> dict[str, str]:
    """{project-relative path: content} of every file generated from one schema."""
    pyx, pyi = _Module(schema, target).render()
    return {
        f"src/{target.module}.pyx": pyx,
        f"binance_fast/_{target.module}.pyi": pyi,
        f"binance_fast/sbe/{target.model}.json": schema.to_json(),
    }


def generate(schema_dir: Path = SCHEMA_DIR) -> dict[str, str]:
    files: dict[str, str] = {}
    for target in TARGETS:
        files.update(render(parse_xml(schema_dir / target.xml), target))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    ap.add_argument("--schemas", type=Path, default=SCHEMA_DIR, help="folder of the SBE XML schemas")
    ap.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project root to write into")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    args = ap.parse_args(argv)
    stale = []
    for rel, content in generate(args.schemas).items():
        path = args.root / rel
        if path.exists() and path.read_text() == content:
            continue
        stale.append(rel)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
    for rel in stale:
        print(("stale: " if args.check else "wrote: ") + rel)
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
