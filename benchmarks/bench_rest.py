"""Per-request REST client overhead on loopback: binance_fast vs python-binance, binance-connector, the official
binance-sdk-spot, and the floor.

Every client calls the same minimal HTTP/1.1 keep-alive server (a separate process, so it does not share the GIL)
that answers each request with one fixed JSON body. The floor is a raw socket sending prebuilt request bytes:
what the loopback and the server cost. A client's overhead (build, sign, send, decode) is its time minus the
floor; compare the overheads measured in one run:

    pytest benchmarks/bench_rest.py --benchmark-columns=min,median

Overhead ratio of a peer = (peer - floor) / (binance_fast - floor), both from the same run. On a loaded 2-core
box the minimum is the steadiest estimate; medians move with the neighbours' load.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import socket

import pytest

API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
ORDER = dict(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.01000000",
             price="50000.00", newClientOrderId="x-AbCdEfGhIjKlMnOpQr", newOrderRespType="ACK")
# the spot new-order ACK answer of the docs (what every client decodes)
ANSWER = (b'{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"x-AbCdEfGhIjKlMnOpQr",'
          b'"transactTime":1507725176595}')
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nX-MBX-USED-WEIGHT-1M: 1\r\n"
            b"Content-Length: " + str(len(ANSWER)).encode() + b"\r\n\r\n" + ANSWER)


class _Answer(asyncio.Protocol):
    """Reads requests (headers, then Content-Length bytes of body) and answers each with RESPONSE."""

    def connection_made(self, transport):
        self.transport = transport
        self.buf = b""

    def data_received(self, data):
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end].lower()
            i = head.find(b"content-length:")
            length = int(head[i + 15:head.find(b"\r\n", i) if head.find(b"\r\n", i) > 0 else None]) if i >= 0 else 0
            if len(self.buf) < end + 4 + length:
                return
            self.buf = self.buf[end + 4 + length:]
            self.transport.write(RESPONSE)


def _serve(port_queue) -> None:
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(_Answer, "127.0.0.1", 0))
    port_queue.put(server.sockets[0].getsockname()[1])
    loop.run_forever()


@pytest.fixture(scope="module")
def base_url():
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    proc = ctx.Process(target=_serve, args=(q,), daemon=True)
    proc.start()
    port = q.get(timeout=10)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.join(5)


pytestmark = pytest.mark.benchmark(group="signed new order over loopback keep-alive (build, sign, send, decode)")


def test_floor_raw_socket_prebuilt_request(benchmark, base_url):
    """The floor: prebuilt request bytes on a raw keep-alive socket, response read to its known length."""
    host, port = base_url[7:].split(":")
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    body = b"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01000000&price=50000.00&" \
           b"newClientOrderId=x-AbCdEfGhIjKlMnOpQr&newOrderRespType=ACK&timestamp=1700000000000&" \
           b"signature=" + b"0" * 64
    request = (b"POST /api/v3/order HTTP/1.1\r\nHost: 127.0.0.1\r\nX-MBX-APIKEY: " + API_KEY.encode() +
               b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
               str(len(body)).encode() + b"\r\n\r\n" + body)
    n = len(RESPONSE)

    def floor():
        sock.sendall(request)
        got = 0
        while got < n:
            got += len(sock.recv(65536))

    benchmark(floor)
    sock.close()


def test_binance_fast_client(benchmark, base_url):
    from binance_fast.rest import Client

    with Client(API_KEY, SECRET, base_url=base_url, time_sync=False, rate_limit="off") as client:
        new_order = client.spot.new_order
        assert new_order(**ORDER)["orderId"] == 28
        benchmark(lambda: new_order(**ORDER))


def test_binance_fast_client_typed(benchmark, base_url):
    from binance_fast.rest import Client

    with Client(API_KEY, SECRET, base_url=base_url, time_sync=False, rate_limit="off", typed=True) as client:
        new_order = client.spot.new_order
        assert new_order(**ORDER).order_id == 28
        benchmark(lambda: new_order(**ORDER))


def test_binance_fast_client_with_limiter(benchmark, base_url):
    from binance_fast.rest import Client

    with Client(API_KEY, SECRET, base_url=base_url, time_sync=False, rate_limit="wait") as client:
        client.limits.hosts["spot"].set_limits([("REQUEST_WEIGHT", 60, 10**9), ("ORDERS", 10, 10**9)])
        new_order = client.spot.new_order
        benchmark(lambda: new_order(**ORDER))


def test_python_binance(benchmark, base_url):
    client_mod = pytest.importorskip("binance.client")
    client = client_mod.Client(API_KEY, SECRET, ping=False)
    client.API_URL = base_url + "/api"
    assert client.create_order(**ORDER)["orderId"] == 28
    benchmark(lambda: client.create_order(**ORDER))
    client.close_connection()


def test_binance_connector(benchmark, base_url):
    spot_mod = pytest.importorskip("binance.spot")
    spot = spot_mod.Spot(API_KEY, SECRET, base_url=base_url)
    assert spot.new_order(**ORDER)["orderId"] == 28
    benchmark(lambda: spot.new_order(**ORDER))
    spot.session.close()


def test_async_binance_fast_client(benchmark, base_url):
    from binance_fast.rest import AsyncClient

    loop = asyncio.new_event_loop()
    client = AsyncClient(API_KEY, SECRET, base_url=base_url, time_sync=False, rate_limit="off")
    new_order = client.spot.new_order
    assert loop.run_until_complete(new_order(**ORDER))["orderId"] == 28
    benchmark(lambda: loop.run_until_complete(new_order(**ORDER)))
    loop.run_until_complete(client.close())
    loop.close()


def test_async_python_binance(benchmark, base_url):
    client_mod = pytest.importorskip("binance.async_client")
    loop = asyncio.new_event_loop()

    async def make():
        c = client_mod.AsyncClient(API_KEY, SECRET)
        c.API_URL = base_url + "/api"
        return c

    client = loop.run_until_complete(make())
    assert loop.run_until_complete(client.create_order(**ORDER))["orderId"] == 28
    benchmark(lambda: loop.run_until_complete(client.create_order(**ORDER)))
    loop.run_until_complete(client.close_connection())
    loop.close()


def test_official_sdk_spot(benchmark, base_url):
    sdk = pytest.importorskip("binance_sdk_spot.spot")
    enums = pytest.importorskip("binance_sdk_spot.rest_api.models.enums")
    client = sdk.Spot(config_rest_api=sdk.ConfigurationRestAPI(api_key=API_KEY, api_secret=SECRET,
                                                                base_path=base_url))
    kw = dict(symbol="BTCUSDT", side=enums.NewOrderSideEnum["BUY"], type=enums.NewOrderTypeEnum["LIMIT"],
              time_in_force=enums.NewOrderTimeInForceEnum["GTC"], quantity=0.01, price=50000.0,
              new_client_order_id="x-AbCdEfGhIjKlMnOpQr",
              new_order_resp_type=enums.NewOrderNewOrderRespTypeEnum["ACK"])

    def call():
        return client.rest_api.new_order(**kw).data()

    assert call().order_id == 28
    benchmark(call)
