"""Hypothesis strategies and expectations built from an SBE schema model (shared by the SBE tests)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from binance_fast.sbe.codec import decimal_to_float
from binance_fast.sbe.schema import (BOOL, CONSTANT, DECIMAL, DECIMAL128, ENUM, FLOAT, INT, MANTISSA128_NULL,
                                     PRIMITIVES, SET, TIMESTAMP, Field, Group, Message, Schema)


def _int_range(primitive: str) -> tuple[int, int]:
    bits = 8 * PRIMITIVES[primitive][0]
    if primitive.startswith("u"):
        return 0, 2**bits - 1
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def _exponents(f: Field) -> st.SearchStrategy[int]:
    # realistic exponents most of the time (the fast path), any int8 sometimes (the exact slow path)
    return st.one_of(st.integers(-18, 4), st.integers(-127, 127))


def field_strategy(schema: Schema, f: Field, exponent_names: set[str]) -> st.SearchStrategy[Any]:
    if f.kind == INT:
        lo, hi = _int_range(f.primitive)
        base = _exponents(f) if f.name in exponent_names else st.integers(lo, hi)
    elif f.kind == FLOAT:
        width = 32 if f.primitive == "float" else 64
        base = st.floats(allow_nan=False, width=width)
    elif f.kind in (TIMESTAMP, DECIMAL):
        base = st.one_of(st.integers(-(2**53) + 1, 2**53 - 1), st.integers(-(2**63) + 1, 2**63 - 1))
    elif f.kind == DECIMAL128:
        base = st.one_of(st.integers(-(2**63), 2**63 - 1), st.integers(MANTISSA128_NULL + 1, 2**127 - 1))
    elif f.kind in (ENUM, BOOL):
        base = st.sampled_from(sorted(schema.enums[f.enum].values.values()))
    elif f.kind == SET:
        lo, hi = _int_range(f.primitive)
        base = st.integers(lo, hi)
    else:
        raise AssertionError(f.kind)
    if f.optional:
        if f.kind in (INT, DECIMAL, TIMESTAMP):
            base = base.filter(lambda v, n=f.null: v != n)
        return st.one_of(st.none(), base)
    return base


def _exponent_names(node: Message | Group) -> set[str]:
    names = {f.exponent for f in node.fields if f.exponent}
    for g in node.groups:
        names |= _exponent_names(g)
    return names


def values_strategy(schema: Schema, node: Message | Group, exponent_names: set[str] | None = None,
                    depth: int = 0, leaf_messages: list[str] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Wire dicts of ``node`` (what SbeCodec.encode takes)."""
    if exponent_names is None:
        exponent_names = _exponent_names(node)
    if leaf_messages is None:
        leaf_messages = [m.name for m in schema.messages if not _has_message_data(m) and m.since_version == 0][:8]
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for f in node.fields:
        if f.kind != CONSTANT:
            parts[f.name] = field_strategy(schema, f, exponent_names)
    for g in node.groups:
        size = 4 if depth == 0 else 2
        parts[g.name] = st.lists(values_strategy(schema, g, exponent_names, depth + 1, leaf_messages), max_size=size)
    for d in node.data:
        if d.is_message:
            inner = st.sampled_from(leaf_messages).flatmap(
                lambda name: values_strategy(schema, schema.message(name), None, depth + 1, leaf_messages)
                .map(lambda v, name=name: (name, v)))
            parts[d.name] = st.one_of(st.none(), inner) if d.optional else inner
        else:
            limit = 40 if d.length_primitive == "uint8" else 80   # chars; <= 255 UTF-8 bytes at 4 bytes each
            text = st.text(min_size=1 if d.optional else 0, max_size=min(limit, 60))
            parts[d.name] = st.one_of(st.none(), text) if d.optional else text
    return st.fixed_dictionaries(parts)


def _has_message_data(node: Message | Group) -> bool:
    return any(d.is_message for d in node.data) or any(_has_message_data(g) for g in node.groups)


def expected_wire(schema: Schema, node: Message | Group, values: dict[str, Any], version: int) -> dict[str, Any]:
    """What a decoder gives back for ``values`` encoded at ``version``."""
    out: dict[str, Any] = {}
    for f in node.fields:
        if f.kind == CONSTANT:
            continue
        out[f.name] = None if f.since_version > version else values.get(f.name)
    for g in node.groups:
        out[g.name] = [] if g.since_version > version else [
            expected_wire(schema, g, e, version) for e in values.get(g.name) or []]
    for d in node.data:
        v = values.get(d.name)
        if d.is_message and v is not None:
            v = (v[0], expected_wire(schema, schema.message(v[0]), v[1], version))
        out[d.name] = v
    return out


def check_readable(schema: Schema, node: Message | Group, obj: Any, wire: dict[str, Any],
                   scope: dict[str, Any] | None = None) -> None:
    """The readable attributes of a compiled object agree with its wire values (floats, ms, enums, arrays)."""
    scope = dict(scope or {})
    scope.update({f.name: wire.get(f.name) for f in node.fields if f.kind != CONSTANT})
    for f in node.fields:
        if f.kind == CONSTANT:
            member = schema.enums[f.enum].values[f.constant]
            assert getattr(obj, f.attr) == member
            continue
        raw = wire[f.name]
        got = getattr(obj, f.attr)
        if f.kind in (DECIMAL, DECIMAL128):
            e = scope[f.exponent]
            want = None if raw is None or e is None else decimal_to_float(raw, e)
            assert got == want, (f.name, got, want)
            assert getattr(obj, f.attr + "_mantissa") == raw
        elif f.kind == TIMESTAMP:
            assert got == (None if raw is None else raw // 1000), f.name
            assert getattr(obj, f.attr + "_us") == raw
        elif f.kind == BOOL:
            assert got == (None if raw is None else bool(raw)), f.name
        elif f.kind == ENUM:
            assert (got is None) if raw is None else (got == raw and type(got).__name__ != "int"), f.name
        elif f.kind == SET:
            assert int(got) == raw
        else:
            assert got == raw, f.name
    for g in node.groups:
        got = getattr(obj, g.attr)
        entries = wire[g.name]
        if g.is_decimal_matrix:
            cols = [f for f in g.fields if f.kind != CONSTANT]
            want = np.array([[decimal_to_float(e[f.name], scope[f.exponent]) for f in cols] for e in entries],
                            dtype=np.float64).reshape(len(entries), len(cols))
            assert got.dtype == np.float64 and got.flags.c_contiguous and got.shape == want.shape
            np.testing.assert_array_equal(got, want)
        else:
            assert len(got) == len(entries)
            for o, e in zip(got, entries):
                check_readable(schema, g, o, e, scope)
