"""FIX frame codec: docs' sample messages, compiled kernel vs plain-Python reference, malformed frames, groups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from binance_fast.fix import _codec_py as ref
from binance_fast.fix.codec import FixMessage, FixReader, encode, parse_timestamp, utc_timestamp
from binance_fast.fix.errors import FixDecodeError
from binance_fast.errors import FrameDecodeError

compiled = pytest.importorskip("binance_fast._fix", reason="compiled kernel not built (python setup.py build_ext)")

DOCS = Path(__file__).resolve().parents[2] / "shared" / "docs" / "binance_spot_api_docs_fix_api.md"
LOGON = ("8=FIX.4.4|9=247|35=A|34=1|49=EXAMPLE|52=20240627-11:17:25.223|56=SPOT|95=88|"
         "96=4MHXelVVcpkdwuLbl6n73HQUXUf1dse2PCgT1DYqW9w8AVZ1RACFGM+5UdlGPrQHrgtS3CvsRURC1oj73j8gCA==|98=0|108=30|"
         "141=Y|553=sBRXrJx2DsOraMXOaUovEhgVRcjOvCtQwnWj8VxkOh1xqboS02SPGfKi2h8spZJb|25035=2|10=227|")
KERNELS = [pytest.param(ref, id="reference"), pytest.param(compiled, id="compiled")]


def wire(text: str) -> bytes:
    return text.replace("|", "\x01").encode()


def reframe(text: str) -> bytes:
    """A docs sample with BodyLength and CheckSum recomputed (several samples in the docs have them wrong)."""
    body = text[text.index("35="):text.rindex("|10=")]
    parts = [p.split("=", 1) for p in body.split("|")]
    return ref.encode_message(parts[0][1], [(int(t), v) for t, v in parts[1:]])


@pytest.mark.parametrize("kernel", KERNELS)
def test_docs_logon_example_round_trips(kernel):
    raw = wire(LOGON)
    fields, end = kernel.parse_frame(raw)
    assert end == len(raw)
    assert fields[0] == (35, "A") and (553, "sBRXrJx2DsOraMXOaUovEhgVRcjOvCtQwnWj8VxkOh1xqboS02SPGfKi2h8spZJb") in fields
    assert kernel.encode_message("A", fields[1:]) == raw  # BodyLength 247 and CheckSum 227 as in the docs
    assert kernel.checksum(raw[:raw.rindex(b"10=")]) == 227


def docs_samples() -> list[str]:
    if not DOCS.is_file():
        pytest.skip(f"docs not found at {DOCS}")
    return re.findall(r"8=FIX\.4\.4\|[^`\n]*?10=\d{3}\|", DOCS.read_text())


@pytest.mark.parametrize("kernel", KERNELS)
def test_every_docs_sample_parses_once_reframed(kernel):
    samples = docs_samples()
    assert len(samples) >= 30
    for text in samples:
        raw = reframe(text)
        fields, end = kernel.parse_frame(raw)
        assert end == len(raw)
        body = text[text.index("35="):text.rindex("|10=")]
        assert [f"{t}={v}" for t, v in fields] == body.split("|")


def test_docs_samples_with_consistent_framing_parse_as_is():
    ok = 0
    for text in docs_samples():
        raw = wire(text)
        try:
            got = ref.parse_frame(raw)
        except FixDecodeError as exc:
            assert exc.field in ("9", "10")  # the docs' hand-edited samples: wrong length or checksum
            with pytest.raises(FixDecodeError):
                compiled.parse_frame(raw)
            continue
        if got is None:  # BodyLength claims more bytes than the sample has
            assert compiled.parse_frame(raw) is None
            continue
        assert compiled.parse_frame(raw) == got
        ok += 1
    assert ok >= 15


values = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=40),
    st.integers(min_value=-(2**62), max_value=2**62),
    st.booleans(),
)
field_lists = st.lists(st.tuples(st.integers(min_value=1, max_value=99999).filter(lambda t: t not in (8, 9, 10, 95, 96)),
                                 values), max_size=30)
msg_types = st.sampled_from(["0", "A", "D", "8", "XCN", "XLQ", "W", "X"])


@settings(max_examples=300, deadline=None)
@given(msg_types, field_lists)
def test_compiled_encode_and_parse_agree_with_reference(msg_type, fields):
    raw = compiled.encode_message(msg_type, fields)
    assert raw == ref.encode_message(msg_type, fields)
    parsed = compiled.parse_frame(raw)
    assert parsed == ref.parse_frame(raw)
    got, end = parsed
    assert end == len(raw)
    expected = [(t, ("Y" if v else "N") if isinstance(v, bool) else str(v)) for t, v in fields]
    assert got == [(35, msg_type), *expected]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=2))
def test_fuzzed_frames_fail_the_same_way(garbage, mode):
    base = wire(LOGON)
    data = {0: garbage, 1: base[:40] + garbage + base[40:], 2: base[: len(garbage) % len(base)] + garbage}[mode]
    outcomes = []
    for kernel in (ref, compiled):
        try:
            outcomes.append(("ok", kernel.parse_frame(data)))
        except FixDecodeError as exc:
            assert isinstance(exc, FrameDecodeError)
            outcomes.append(("error", exc.field))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("8=FIX.4.2|9=5|35=0|10=000|", "8"),
        ("8=FIX.4.4|9=x|35=0|10=000|", "9"),
        ("8=FIX.4.4|9=4|35=0|34=1|10=000|", "9"),
        ("8=FIX.4.4|9=5|35=0|10=001|", "10"),
        ("8=FIX.4.4|9=5|35=0|10=0a1|", "10"),
    ],
)
def test_malformed_frames_name_the_field(kernel, text, field):
    with pytest.raises(FixDecodeError) as info:
        kernel.parse_frame(wire(text))
    assert info.value.field == field
    assert info.value.frame


@pytest.mark.parametrize("kernel", KERNELS)
def test_msg_type_must_come_first(kernel):
    raw = ref.encode_message("0", [(34, 1)])
    swapped = raw.replace(b"35=0\x0134=1", b"34=1\x0135=0")
    swapped = swapped[: swapped.rindex(b"10=")] + b"10=%03d\x01" % ref.checksum(swapped[: swapped.rindex(b"10=")])
    with pytest.raises(FixDecodeError) as info:
        kernel.parse_frame(swapped)
    assert info.value.field == "35"


@pytest.mark.parametrize("kernel", KERNELS)
def test_raw_data_may_hold_soh(kernel):
    raw = ref.encode_message("A", [(34, 1), (95, 5), (96, "a\x01b\x01c"), (108, 30)])
    fields, _ = kernel.parse_frame(raw)
    assert (96, "a\x01b\x01c") in fields and (108, "30") in fields


def test_reader_splits_a_stream_at_any_boundary():
    frames = [encode("0", [(34, i), (49, "SPOT"), (56, "X")]) for i in range(1, 6)]
    stream = b"".join(frames)
    for step in (1, 7, 33, len(stream)):
        reader = FixReader()
        got = []
        for i in range(0, len(stream), step):
            got.extend(reader.feed(stream[i:i + step]))
        assert [m.seq_num for m in got] == [1, 2, 3, 4, 5]
        assert reader.pending == 0


def test_groups_follow_the_wire_order_not_the_schema_order():
    text = ("8=FIX.4.4|9=293|35=N|34=2|49=SPOT|52=20240607-02:19:07.837191|56=Eg13pOvN|55=BTCUSDT|"
            "60=20240607-02:19:07.836000|66=25|73=2|55=BTCUSDT|37=52|11=w1717726747805308656|55=BTCUSDT|37=53|"
            "11=p1717726747805308656|25010=1|25011=3|25012=0|25013=1|429=4|431=3|1385=2|25014=1717726747805308656|"
            "25015=1717726747805308656|10=162|")
    fields, _ = compiled.parse_frame(reframe(text))
    msg = FixMessage.from_frame(fields)
    orders = msg.group(73)
    assert [o[37] for o in orders] == ["52", "53"]
    assert orders[1][25010] == [{25011: "3", 25012: "0", 25013: "1"}]
    assert msg[429] == "4"


def test_group_count_mismatch_is_a_decode_error():
    msg = FixMessage("XLR", [(6136, "1"), (25003, "2"), (25004, "2"), (25005, "1"), (25006, "10")])
    with pytest.raises(FixDecodeError) as info:
        msg.group(25003)
    assert info.value.field == "25003"


def test_repr_hides_the_api_key_and_signature():
    fields, _ = compiled.parse_frame(wire(LOGON))
    text = repr(FixMessage.from_frame(fields))
    assert "sBRXrJx2" not in text and "4MHXel" not in text and "<hidden>" in text


def test_timestamps():
    assert utc_timestamp(1719487045_223_000_000) == "20240627-11:17:25.223"
    assert utc_timestamp(1719487045_223_456_000, micros=True) == "20240627-11:17:25.223456"
    assert parse_timestamp("20240627-11:17:25.223") == 1719487045223
    assert parse_timestamp("20240627-11:17:25.223456") == 1719487045223
    assert parse_timestamp("20011217-09:30:47") == 1008581447000
    with pytest.raises(FixDecodeError):
        parse_timestamp("2024-06-27T11:17:25")


def test_simplefix_reads_our_frames():
    simplefix = pytest.importorskip("simplefix")
    raw = encode("D", [(34, 2), (49, "qNXO12fH"), (52, "20240611-09:01:46.228"), (56, "SPOT"), (11, "abc"),
                       (38, "5"), (40, "2"), (44, "10"), (54, "1"), (55, "LTCBNB"), (59, "4")])
    parser = simplefix.FixParser()
    parser.append_buffer(raw)
    msg = parser.get_message()
    assert msg.get(35) == b"D" and msg.get(55) == b"LTCBNB" and msg.get(10) == raw[-4:-1]


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=__import__("datetime").datetime(1970, 1, 1),
                    max_value=__import__("datetime").datetime(2200, 12, 31)),
       st.sampled_from([0, 3, 6]))
def test_compiled_timestamp_parse_agrees_with_datetime(dt, digits):
    import calendar

    text = dt.strftime("%Y%m%d-%H:%M:%S") + (("." + f"{dt.microsecond:06d}"[:digits]) if digits else "")
    expected = calendar.timegm(dt.timetuple()) * 1000 + (dt.microsecond // 1000 if digits else 0)
    assert compiled.parse_utc_timestamp(text) == ref.parse_utc_timestamp(text) == expected


@pytest.mark.parametrize("text", ["", "20240627-11:17:25.", "20240627T11:17:25", "2024062a-11:17:25",
                                  "20240627-11:17:25.12x", "20240627-11:17:25,123", "２0240627-11:17:25"])
@pytest.mark.parametrize("kernel", KERNELS)
def test_bad_timestamps_are_refused(kernel, text):
    with pytest.raises(ValueError):
        kernel.parse_utc_timestamp(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120), st.integers(min_value=1, max_value=64))
def test_reader_resyncs_after_garbage(garbage, step):
    good = [encode("0", [(34, i), (49, "SPOT"), (56, "X")]) for i in (1, 2)]
    stream = good[0] + garbage.replace(b"8=FIX", b"8=FIx") + good[1]
    reader = FixReader()
    got = []
    for i in range(0, len(stream), step):
        got.extend(reader.feed(stream[i:i + step]))
    seqs = [m.seq_num for m in got]
    assert seqs[0] == 1 and seqs[-1] == 2  # the frame after the garbage always comes through
    assert all(isinstance(e, FixDecodeError) and e.field for e in reader.errors) or not garbage
    with pytest.raises(FixDecodeError):
        FixReader(resync=False).feed(b"8=FIX.4.4\x019=x\x01")
