"""FIX: encode an order, parse an ExecutionReport, and an order round trip on loopback, FIX vs REST vs WebSocket API.

Run: pytest benchmarks/bench_fix.py   (ratios are between rows of one group, measured in the same run)

Groups:
- encode: NewOrderSingle fields -> framed bytes (BodyLength + CheckSum); compiled kernel, its Python reference,
  simplefix; floor: copying the finished frame.
- parse: an ExecutionReport frame -> (tag, value) fields, and on to the typed ``ExecutionReport`` event (vs
  decoding the same event from the user-data stream's JSON); floor: ``bytes.split``.
- round trip: encode + sign + send an order that expires at once (LIMIT IOC away from the market) and
  receive + parse its answer, against the embedded simulator over TLS (FIX) / HTTP keep-alive (REST, HMAC) /
  WebSocket (WebSocket API); floor: a TestRequest -> Heartbeat round trip on the same FIX session.
"""

from __future__ import annotations

import asyncio
import json
import ssl

import pytest

from binance_fast.fix import _codec_py as ref
from binance_fast.fix.codec import FixMessage, parse_frame
from binance_fast.fix.events import to_execution_report
from binance_fast.fix.order_entry import order_fields

HEADER = [(34, 2), (49, "qNXO12fH"), (52, "20240611-09:01:46.228"), (56, "SPOT")]
ORDER = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01000000",
         "price": "50000.00"}
FIELDS = HEADER + order_fields(ORDER, "x-AbCdEfGhIjKlMnOpQr")
REPORT = ref.encode_message("8", [
    (34, 2), (49, "SPOT"), (52, "20240611-09:01:46.228950"), (56, "qNXO12fH"), (11, "1718096506197867067"),
    (14, "0.00000000"), (17, 144), (32, "0.00000000"), (37, 76), (38, "5.00000000"), (39, "0"), (40, "2"),
    (44, "10.00000000"), (54, "1"), (55, "LTCBNB"), (59, "4"), (60, "20240611-09:01:46.228000"), (150, "0"),
    (151, "5.00000000"), (636, "Y"), (1057, "Y"), (25001, "1"), (25017, "0.00000000"),
    (25018, "20240611-09:01:46.228000"), (25023, "20240611-09:01:46.228000")])
STREAM_JSON = json.dumps({
    "e": "executionReport", "E": 1718096506228, "s": "LTCBNB", "c": "1718096506197867067", "S": "BUY", "o": "LIMIT",
    "f": "FOK", "q": "5.00000000", "p": "10.00000000", "P": "0.00000000", "F": "0.00000000", "g": -1, "C": "",
    "x": "NEW", "X": "NEW", "r": "NONE", "i": 76, "l": "0.00000000", "z": "0.00000000", "L": "0.00000000",
    "n": "0", "N": None, "T": 1718096506228, "t": -1, "I": 144, "w": True, "m": False, "M": False,
    "O": 1718096506228, "Z": "0.00000000", "Y": "0.00000000", "Q": "0.00000000", "W": 1718096506228,
    "V": "NONE"}).encode()


# -- encode ---------------------------------------------------------------------------------------------------
@pytest.mark.benchmark(group="fix encode NewOrderSingle (fields in, frame out)")
def test_encode_binance_fast_compiled(benchmark):
    compiled = pytest.importorskip("binance_fast._fix")
    out = benchmark(compiled.encode_message, "D", FIELDS)
    assert out == ref.encode_message("D", FIELDS)


@pytest.mark.benchmark(group="fix encode NewOrderSingle (fields in, frame out)")
def test_encode_binance_fast_reference(benchmark):
    benchmark(ref.encode_message, "D", FIELDS)


@pytest.mark.benchmark(group="fix encode NewOrderSingle (fields in, frame out)")
def test_encode_simplefix(benchmark):
    simplefix = pytest.importorskip("simplefix")

    def encode():
        m = simplefix.FixMessage()
        m.append_pair(8, "FIX.4.4", header=True)
        m.append_pair(35, "D", header=True)
        for tag, value in FIELDS:
            m.append_pair(tag, value)
        return m.encode()

    assert encode() == ref.encode_message("D", FIELDS)
    benchmark(encode)


@pytest.mark.benchmark(group="fix encode NewOrderSingle (fields in, frame out)")
def test_encode_floor_copy_finished_frame(benchmark):
    frame = bytearray(ref.encode_message("D", FIELDS))
    benchmark(bytes, frame)


# -- parse ------------------------------------------------------------------------------------------------------
@pytest.mark.benchmark(group="fix parse ExecutionReport (frame in, fields out)")
def test_parse_binance_fast_compiled(benchmark):
    compiled = pytest.importorskip("binance_fast._fix")
    fields, _ = benchmark(compiled.parse_frame, REPORT)
    assert fields[0] == (35, "8")


@pytest.mark.benchmark(group="fix parse ExecutionReport (frame in, fields out)")
def test_parse_binance_fast_reference(benchmark):
    benchmark(ref.parse_frame, REPORT)


@pytest.mark.benchmark(group="fix parse ExecutionReport (frame in, fields out)")
def test_parse_simplefix(benchmark):
    simplefix = pytest.importorskip("simplefix")

    def parse():
        p = simplefix.FixParser()
        p.append_buffer(REPORT)
        return p.get_message()

    assert parse().get(37) == b"76"
    benchmark(parse)


@pytest.mark.benchmark(group="fix parse ExecutionReport (frame in, fields out)")
def test_parse_floor_bytes_split(benchmark):
    benchmark(REPORT.split, b"\x01")


@pytest.mark.benchmark(group="ExecutionReport to the typed event (FIX frame vs user-data JSON)")
def test_fix_frame_to_execution_report_event(benchmark):
    def decode():
        fields, _ = parse_frame(REPORT)
        return to_execution_report(FixMessage(fields[0][1], fields[1:]))

    assert benchmark(decode).order_id == 76


@pytest.mark.benchmark(group="ExecutionReport to the typed event (FIX frame vs user-data JSON)")
def test_user_data_json_to_execution_report_event(benchmark):
    try:
        from binance_fast.streams import decode
    except ImportError:
        import msgspec

        decoder = msgspec.json.Decoder()
        benchmark(decoder.decode, STREAM_JSON)  # no models yet: the plain JSON decode is the bar
        return
    benchmark(decode, STREAM_JSON)


# -- round trip on loopback ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    """The simulator and its FIX acceptor in another process (as a real exchange would be); order limits off."""
    pytest.importorskip("binance_fast.sim.simulator")
    import multiprocessing
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent / "tests"))
    sys.path.insert(0, str(here))
    from fix_support import make_tls, new_ed25519

    from binance_fast.fix import FixOrderEntryClient

    folder = tmp_path_factory.mktemp("tls")
    _, client_ctx, _ = make_tls(folder)
    signer, public_pem = new_ed25519()
    api_key = "FixBench" + "b" * 56
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    import _fix_venue

    proc = ctx.Process(target=_fix_venue.serve, args=(child, str(folder / "server.pem"), api_key, public_pem),
                       daemon=True)
    proc.start()
    if not parent.poll(60):
        proc.kill()
        pytest.skip("the simulator process did not start")
    http_port, fix_port, test_key, test_secret, price = parent.recv()
    loop = asyncio.new_event_loop()
    oe = FixOrderEntryClient(api_key, signer, host="127.0.0.1", port=fix_port, ssl_context=client_ctx)
    loop.run_until_complete(oe.connect())
    yield {"loop": loop, "oe": oe, "price": price, "http_port": http_port, "test_key": test_key,
           "test_secret": test_secret}
    loop.run_until_complete(oe.close())
    loop.close()
    parent.send("stop")
    proc.join(10)
    if proc.is_alive():
        proc.kill()


GROUP_RT = "order round trip on loopback (encode+sign+send, receive+parse)"


@pytest.mark.benchmark(group=GROUP_RT)
def test_round_trip_fix_order_entry(benchmark, venue):
    oe, loop, price = venue["oe"], venue["loop"], venue["price"]

    def once():
        return loop.run_until_complete(oe.new_order("BTCUSDT", "BUY", "LIMIT", timeInForce="IOC",
                                                    quantity="0.001", price=price))

    assert once().execution_type in ("NEW", "EXPIRED")
    benchmark.pedantic(once, rounds=300, warmup_rounds=20)


@pytest.mark.benchmark(group=GROUP_RT)
def test_round_trip_floor_fix_test_request(benchmark, venue):
    oe, loop = venue["oe"], venue["loop"]
    benchmark.pedantic(lambda: loop.run_until_complete(oe.session.test_request()), rounds=300, warmup_rounds=20)


@pytest.mark.benchmark(group=GROUP_RT)
def test_round_trip_rest_hmac_keep_alive(benchmark, venue):
    import urllib3

    from binance_fast.signing import HmacSigner, signed_query

    pool = urllib3.HTTPConnectionPool("127.0.0.1", venue["http_port"], maxsize=1)
    signer = HmacSigner(venue["test_secret"])
    headers = {"X-MBX-APIKEY": venue["test_key"], "Content-Type": "application/x-www-form-urlencoded"}
    params = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "IOC", "quantity": "0.001",
              "price": venue["price"], "newOrderRespType": "ACK"}

    def once():
        r = pool.request("POST", "/api/v3/order", body=signed_query(params, signer), headers=headers)
        assert r.status == 200, r.data
        return json.loads(r.data)

    assert once()["orderId"] > 0
    benchmark.pedantic(once, rounds=300, warmup_rounds=20)


@pytest.mark.benchmark(group=GROUP_RT)
def test_round_trip_python_binance_rest(benchmark, venue):
    binance_client = pytest.importorskip("binance.client")
    class SimClient(binance_client.Client):
        API_URL = f"http://127.0.0.1:{venue['http_port']}/api"

    client = SimClient(venue["test_key"], venue["test_secret"])

    def once():
        return client.create_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="IOC",
                                   quantity="0.001", price=venue["price"], newOrderRespType="ACK")

    assert once()["orderId"] > 0
    benchmark.pedantic(once, rounds=300, warmup_rounds=20)


@pytest.mark.benchmark(group=GROUP_RT)
def test_round_trip_websocket_api(benchmark, venue):
    websocket = pytest.importorskip("websocket")
    from binance_fast.signing import HmacSigner, sign_ws_params

    try:
        ws = websocket.create_connection(f"ws://127.0.0.1:{venue['http_port']}/ws-api/v3", timeout=5)
    except Exception as exc:  # the simulator's WebSocket API lands with issue 8
        pytest.skip(f"the simulator serves no WebSocket API yet ({exc})")
    signer = HmacSigner(venue["test_secret"])
    params = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "IOC", "quantity": "0.001",
              "price": venue["price"], "newOrderRespType": "ACK"}
    counter = iter(range(10**9))

    def once():
        req = {"id": next(counter), "method": "order.place",
               "params": sign_ws_params(params, signer, api_key=venue["test_key"])}
        ws.send(json.dumps(req))
        return json.loads(ws.recv())

    first = once()
    if first.get("status") != 200:
        pytest.skip(f"the simulator's WebSocket API refused order.place: {first}")
    benchmark.pedantic(once, rounds=300, warmup_rounds=20)
    ws.close()


def test_bench_tls_context_is_verifying():
    """The round trips above run over a verified TLS context, not a shortcut."""
    from binance_fast.fix.client import tls_context

    assert tls_context().verify_mode == ssl.CERT_REQUIRED
