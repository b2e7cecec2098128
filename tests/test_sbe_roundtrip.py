"""SBE round trips for every message of both schemas: encoder -> compiled decoder and reference decoder agree."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binance_fast import sbe
from sbe_helpers import check_readable, expected_wire, values_strategy

_sbe_stream = pytest.importorskip("binance_fast._sbe_stream", reason="compiled SBE kernels not built")
_sbe_spot = pytest.importorskip("binance_fast._sbe_spot", reason="compiled SBE kernels not built")

SCHEMAS = {
    "stream": (sbe.stream_schema(), sbe.stream_codec(), _sbe_stream),
    "spot": (sbe.spot_schema(), sbe.spot_codec(), _sbe_spot),
}
CASES = [(key, m.name) for key, (schema, _, _) in SCHEMAS.items() for m in schema.messages]
# modest per-message budgets: 4 stream messages get many examples, 92 spot messages a few each
EXAMPLES = {"stream": 150, "spot": 12}


def _roundtrip(key: str, name: str, values: dict, *, version: int | None = None, extra_block: int = 0) -> None:
    schema, codec, compiled = SCHEMAS[key]
    msg = schema.message(name)
    acting = schema.version if version is None else version
    frame = codec.encode(name, values, version=version, extra_block=extra_block)
    want = expected_wire(schema, msg, values, acting)

    ref_name, ref = codec.decode(frame)
    assert ref_name == name and ref == want

    obj = compiled.decode(frame, mantissas=True)
    assert type(obj).__name__ == name and obj.template_id == msg.id and obj.sbe_version == acting
    assert obj.to_dict() == want
    check_readable(schema, msg, obj, want)
    # the default (no mantissa arrays) decodes the same readable values
    check_readable(schema, msg, compiled.decode(bytearray(frame)), want)
    assert repr(obj).startswith(name + "(")


@pytest.mark.parametrize(("key", "name"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_roundtrip_every_message(key: str, name: str) -> None:
    schema = SCHEMAS[key][0]

    @settings(max_examples=EXAMPLES[key], deadline=None, suppress_health_check=list(HealthCheck))
    @given(values=values_strategy(schema, schema.message(name)))
    def run(values: dict) -> None:
        _roundtrip(key, name, values)

    run()


@pytest.mark.parametrize(("key", "name"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_newer_version_with_longer_blocks_is_decoded(key: str, name: str) -> None:
    """SBE extension rules: a newer encoder's longer blocks are skipped by their blockLength, extra trailing ignored."""
    schema = SCHEMAS[key][0]

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
    @given(values=values_strategy(schema, schema.message(name)), extra=st.integers(1, 9))
    def run(values: dict, extra: int) -> None:
        schema_, codec, compiled = SCHEMAS[key]
        frame = codec.encode(name, values, version=schema_.version + 1, extra_block=extra)
        want = expected_wire(schema_, schema_.message(name), values, schema_.version)
        assert codec.decode(frame)[1] == want
        assert compiled.decode(frame, mantissas=True).to_dict() == want
        # a newer schema may append data we do not know yet: ignored, not an error
        assert compiled.decode(frame + b"\x03abc", mantissas=True).to_dict() == want

    run()


def _versioned_messages() -> list[str]:
    schema = sbe.spot_schema()

    def newer(node) -> bool:
        return (any(f.since_version > 0 for f in node.fields) or any(newer(g) for g in node.groups))

    return [m.name for m in schema.messages if m.since_version == 0 and newer(m)]


@pytest.mark.parametrize("name", _versioned_messages())
def test_older_version_leaves_newer_fields_none(name: str) -> None:
    """A frame of version 0 has no fields introduced later: they decode as None, the rest as sent."""
    schema, codec, compiled = SCHEMAS["spot"]

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
    @given(values=values_strategy(schema, schema.message(name)))
    def run(values: dict) -> None:
        _roundtrip("spot", name, values, version=0)

    run()


def test_messages_newer_than_the_frame_version_are_refused() -> None:
    schema, codec, compiled = SCHEMAS["spot"]
    msg = next(m for m in schema.messages if m.since_version > 0)
    frame = bytearray(codec.encode(msg.name, {}, version=msg.since_version) if not msg.fields else
                      codec.encode("PingResponse", {}))
    frame[2:4] = msg.id.to_bytes(2, "little")
    frame[6:8] = (msg.since_version - 1).to_bytes(2, "little")
    with pytest.raises(sbe.codec.FrameDecodeError) as ref:
        codec.decode(bytes(frame))
    with pytest.raises(sbe.codec.FrameDecodeError) as exc:
        compiled.decode(bytes(frame))
    assert exc.value.field == ref.value.field == "version"


def test_every_message_has_a_compiled_class() -> None:
    for schema, _, compiled in SCHEMAS.values():
        assert compiled.SCHEMA_ID == schema.id and compiled.SCHEMA_VERSION == schema.version
        assert sorted(compiled.TEMPLATES) == sorted(m.id for m in schema.messages)
        for m in schema.messages:
            assert compiled.TEMPLATES[m.id].__name__ == m.name
