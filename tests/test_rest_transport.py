"""The sync transport's HTTP/1.1 framing against a raw-socket server: lengths, chunks, gzip, closes, slow writes."""

from __future__ import annotations

import gzip
import socket
import threading
import time

import pytest

from binance_fast.errors import TransportError, UnknownOutcomeError
from binance_fast.rest import Client
from binance_fast.rest.transport import NoAnswerError, SyncTransport


class RawServer:
    """Answers each request on a connection with the next scripted raw bytes (then maybe closes)."""

    def __init__(self):
        self.answers: list[tuple[list[bytes], bool]] = []   # (pieces written with a pause between, close after)
        self.requests: list[bytes] = []
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def answer(self, *pieces: bytes, close: bool = False) -> None:
        self.answers.append((list(pieces), close))

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, _, rest = buf.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                while len(rest) < length:
                    rest += conn.recv(65536)
                self.requests.append(head + b"\r\n\r\n" + rest[:length])
                buf = rest[length:]
                pieces, close = self.answers.pop(0) if self.answers else ([ok(b"{}")], False)
                for i, piece in enumerate(pieces):
                    if i:
                        time.sleep(0.01)
                    conn.sendall(piece)
                if close:
                    return

    def close(self) -> None:
        self.sock.close()


def ok(body: bytes, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra + \
        b"Content-Length: %d\r\n\r\n" % len(body) + body


@pytest.fixture()
def raw():
    srv = RawServer()
    yield srv
    srv.close()


@pytest.fixture()
def transport():
    t = SyncTransport(timeout=2)
    yield t
    t.close()


def test_request_goes_out_in_one_piece_with_host_and_length(raw, transport):
    base = f"http://127.0.0.1:{raw.port}"
    status, headers, body = transport.request(base, "POST", "/api/v3/order", b"a=1&b=2", {"X-MBX-APIKEY": "k"})
    assert status == 200 and body == b"{}" and headers["content-type"] == "application/json"
    req = raw.requests[-1]
    assert req.startswith(b"POST /api/v3/order HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % raw.port)
    assert b"X-MBX-APIKEY: k\r\n" in req and b"Content-Length: 7\r\n" in req and req.endswith(b"\r\n\r\na=1&b=2")


def test_chunked_gzip_and_split_writes(raw, transport):
    base = f"http://127.0.0.1:{raw.port}"
    raw.answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", b"6\r\n world\r\n0\r\n\r\n")
    assert transport.request(base, "GET", "/x", None, {})[2] == b"hello world"
    raw.answer(ok(gzip.compress(b'{"a":1}'), b"Content-Encoding: gzip\r\n"))
    assert transport.request(base, "GET", "/x", None, {})[2] == b'{"a":1}'
    whole = ok(b'{"long":"' + b"x" * 5000 + b'"}', b"X-MBX-USED-WEIGHT-1M: 7\r\n")
    raw.answer(*[whole[i:i + 700] for i in range(0, len(whole), 700)])
    status, headers, body = transport.request(base, "GET", "/x", None, {})
    assert len(body) == 5011 and headers["x-mbx-used-weight-1m"] == "7"
    raw.answer(b"HTTP/1.1 204 No Content\r\n\r\n")
    assert transport.request(base, "DELETE", "/x", None, {})[:1] == (204,)
    assert raw.connections == 1                      # all on one kept-alive connection


def test_closed_connections_are_replaced_not_reported(raw, transport):
    base = f"http://127.0.0.1:{raw.port}"
    raw.answer(ok(b"{}", b"Connection: close\r\n"), close=True)
    transport.request(base, "GET", "/x", None, {})
    raw.answer(ok(b"{}"), close=True)               # closes without saying so
    transport.request(base, "GET", "/x", None, {})
    time.sleep(0.05)
    # the next call (even an order) sees the close before sending and reconnects
    assert transport.request(base, "POST", "/x", b"a=1", {}, retry_safe=False)[0] == 200
    assert raw.connections == 3


def test_no_answer_is_reported(raw, transport):
    base = f"http://127.0.0.1:{raw.port}"
    raw.answer(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{", close=True)   # cut short
    with pytest.raises(NoAnswerError):
        transport.request(base, "GET", "/x", None, {})
    with Client("k", "s", base_url=base, time_sync=False) as c:
        raw.answer(b"", close=True)                  # closes on a fresh connection: no answer at all
        with pytest.raises(UnknownOutcomeError):
            c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
        raw.answer(b"", close=True)
        with pytest.raises(TransportError):
            c.spot.ping()


def test_async_transport_framing_and_closes(raw):
    import asyncio

    from binance_fast.rest.transport import AsyncTransport

    base = f"http://127.0.0.1:{raw.port}"

    async def main():
        t = AsyncTransport(timeout=2)
        try:
            raw.answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", b"lo\r\n6\r\n world\r\n0\r\n\r\n")
            assert (await t.request(base, "GET", "/x", None, {}))[2] == b"hello world"
            whole = ok(b"y" * 9000)
            raw.answer(*[whole[i:i + 1000] for i in range(0, len(whole), 1000)])
            assert len((await t.request(base, "POST", "/x", b"q=1", {"A": "b"}))[2]) == 9000
            assert raw.requests[-1].endswith(b"A: b\r\nContent-Length: 3\r\n\r\nq=1")
            raw.answer(ok(gzip.compress(b"{}"), b"Content-Encoding: gzip\r\n"), close=True)
            assert (await t.request(base, "GET", "/x", None, {}))[2] == b"{}"
            await asyncio.sleep(0.05)
            assert (await t.request(base, "POST", "/x", b"a", {}, retry_safe=False))[0] == 200   # reconnected
            raw.answer(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{", close=True)
            with pytest.raises(NoAnswerError):
                await t.request(base, "GET", "/x", None, {})
            raw.answer(ok(b"{}"), b"", close=False)
            results = await asyncio.gather(*(t.request(base, "GET", "/x", None, {}) for _ in range(5)))
            assert all(r[0] == 200 for r in results)
        finally:
            await t.close()

    asyncio.run(main())


def _feed(pieces: list[bytes], method: str = "GET"):
    """Feed an answer to an asyncio connection in pieces; what it parsed (or None while incomplete)."""
    import asyncio

    from binance_fast.rest.transport import _HttpConn

    loop = asyncio.new_event_loop()
    try:
        conn = _HttpConn(loop)
        conn.fut = loop.create_future()
        conn.method = method
        for p in pieces:
            conn.data_received(p)
        return conn.fut.result() if conn.fut.done() else None
    finally:
        loop.close()


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:])]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=3000), chunk=st.integers(1, 700), cuts=st.lists(st.integers(0, 10_000), max_size=12),
       chunked=st.booleans())
def test_answers_parse_the_same_however_they_are_split(body, chunk, cuts, chunked):
    if chunked:
        parts = [body[i:i + chunk] for i in range(0, len(body), chunk)]
        raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-MBX-USED-WEIGHT-1M: 3\r\n\r\n" + \
            b"".join(b"%x\r\n%b\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
    else:
        raw = ok(body, b"X-MBX-USED-WEIGHT-1M: 3\r\n")
    status, headers, got, keep = _feed(_split(raw, cuts))
    assert (status, got, keep, headers["x-mbx-used-weight-1m"]) == (200, body, True, "3")
    # and the sync reader agrees on the same bytes
    from binance_fast.rest.transport import _read_response

    class FakeSock:
        def __init__(self, pieces):
            self.pieces = list(pieces)

        def recv(self, n):
            return self.pieces.pop(0) if self.pieces else b""

    assert _read_response(FakeSock(_split(raw, cuts)), "GET")[2] == body


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=400))
def test_garbage_answers_fail_cleanly(raw):
    try:
        _feed([b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", raw])
    except Exception as exc:  # a malformed head may raise, but only as a plain error, never hang or crash
        assert isinstance(exc, (ValueError, UnicodeDecodeError, IndexError)), exc


def _self_signed(tmp_path):
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_is_verified(tmp_path):
    """A TLS server whose certificate no CA vouches for is refused by both clients: nothing is sent."""
    import asyncio
    import ssl

    from binance_fast.rest import AsyncClient

    cert_file, key_file = _self_signed(tmp_path)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    served = []

    def accept():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            try:
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    served.append(tls.recv(65536))
            except (ssl.SSLError, OSError):
                pass

    threading.Thread(target=accept, daemon=True).start()
    base = f"https://localhost:{port}"
    try:
        with Client(base_url=base) as c:
            with pytest.raises(TransportError) as info:
                c.spot.ping()
            assert "CERTIFICATE_VERIFY_FAILED" in str(info.value) or "certificate" in str(info.value).lower()

        async def main():
            async with AsyncClient(base_url=base) as ac:
                with pytest.raises(TransportError):
                    await ac.spot.ping()
        asyncio.run(main())
    finally:
        listener.close()
    assert served == []          # no request bytes ever reached the untrusted server
