"""HTTP transports, keep-alive, one pool per host: sync on urllib3's connection pools (connect, TLS, reuse checks),
asyncio on its own connections; both do the HTTP/1.1 exchange here (one write per request, lean answer framing).
``AiohttpTransport`` is the asyncio alternative on aiohttp.

A transport sends bytes and returns (status, headers, body). Failures are split into "never sent"
(``NotSentError``: connect refused / timed out) and "sent, no answer" (``NoAnswerError``): the client turns the
second into ``UnknownOutcomeError`` for calls that change state.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from typing import Any
from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NameResolutionError, NewConnectionError

Headers = Any  # a case-insensitive mapping (urllib3 HTTPHeaderDict / aiohttp CIMultiDictProxy)


class TransportFailure(Exception):
    def __init__(self, message: str, cause: BaseException | None = None):
        super().__init__(message)
        self.cause = cause


class NotSentError(TransportFailure):
    """The request never left: the connection could not be made."""


class NoAnswerError(TransportFailure):
    """The request may have reached the server, but no (complete) answer came: timeout or reset."""


def split_base(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path prefix) of a base URL."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.scheme, parts.hostname or "", port, parts.path.rstrip("/")


def request_bytes(method: str, target: str, host: bytes, headers: dict[str, str], body: bytes | None) -> bytes:
    """One HTTP/1.1 request, head and body, to send in one write."""
    head = [f"{method} {target} HTTP/1.1\r\nHost: ".encode("latin-1"), host, b"\r\n"]
    for name, value in headers.items():
        head.append(f"{name}: {value}\r\n".encode("latin-1"))
    if body is not None:
        head.append(b"Content-Length: %d\r\n\r\n" % len(body))
        head.append(body)
    elif method in ("POST", "PUT"):
        head.append(b"Content-Length: 0\r\n\r\n")
    else:
        head.append(b"\r\n")
    return b"".join(head)


def parse_head(head: bytes, method: str) -> tuple[int, dict[str, str], int, bool]:
    """(status, lowercased headers, body length, keep-alive) of an answer's head (without the blank line).

    The length is -1 for a chunked body and -2 for one that runs to the close."""
    lines = head.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    status = int(rest[:3])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    if method == "HEAD" or status in (204, 304) or status < 200:
        return status, headers, 0, keep
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return status, headers, -1, keep
    if "content-length" in headers:
        return status, headers, int(headers["content-length"]), keep
    return status, headers, -2, False


class SyncTransport:
    """urllib3 connection pools (connect, TLS, keep-alive reuse, dropped-connection checks), one per base URL,
    with the HTTP/1.1 exchange done here: the request goes out in one write and the answer is framed by
    Content-Length or chunks, without http.client's per-response header parsing (most of its cost per call).
    """

    def __init__(self, timeout: float = 10.0, pool_maxsize: int = 10, idle_timeout: float = 20.0):
        self.timeout = urllib3.Timeout(connect=min(timeout, 5.0), read=timeout)
        self.read_timeout = timeout
        self.idle_timeout = idle_timeout      # reconnect rather than reuse a connection idle this long
        self.pool_maxsize = pool_maxsize
        self._pools: dict[str, tuple[urllib3.HTTPConnectionPool, str, bytes]] = {}

    def pool(self, base_url: str) -> tuple[urllib3.HTTPConnectionPool, str, bytes]:
        entry = self._pools.get(base_url)
        if entry is None:
            scheme, host, port, prefix = split_base(base_url)
            kw = dict(maxsize=self.pool_maxsize, block=False, retries=False, timeout=self.timeout)
            pool = (urllib3.HTTPSConnectionPool(host, port, cert_reqs="CERT_REQUIRED", **kw) if scheme == "https"
                    else urllib3.HTTPConnectionPool(host, port, **kw))
            default_port = 443 if scheme == "https" else 80
            host_header = (host if port == default_port else f"{host}:{port}").encode("idna")
            entry = self._pools[base_url] = (pool, prefix, host_header)
        return entry

    def request(self, base_url: str, method: str, target: str, body: bytes | None, headers: dict[str, str],
                retry_safe: bool = True) -> tuple[int, dict[str, str], bytes]:
        pool, prefix, host = self._pools.get(base_url) or self.pool(base_url)
        data = request_bytes(method, prefix + target, host, headers, body)
        for attempt in (0, 1):
            conn = pool._get_conn()
            fresh = conn.sock is None
            try:
                if not fresh and time.monotonic() - getattr(conn, "_bf_used", 0.0) > self.idle_timeout:
                    conn.close()
                    fresh = True
                if fresh:
                    conn.connect()
            except (NewConnectionError, ConnectTimeoutError, NameResolutionError, OSError, HTTPError) as exc:
                conn.close()
                pool._put_conn(conn)
                raise NotSentError(f"could not connect to {base_url}: {exc}", exc) from exc
            sock = conn.sock
            try:
                sock.settimeout(self.read_timeout)
                sock.sendall(data)
                status, resp_headers, payload, keep = _read_response(sock, method)
            except _ClosedBeforeAnswer as exc:
                conn.close()
                pool._put_conn(conn)
                # a reused connection the server had closed: nothing was read, resend once if harmless
                if attempt == 0 and not fresh and retry_safe:
                    continue
                raise NoAnswerError(f"no answer from {base_url}: {exc}", exc) from exc
            except (OSError, ValueError) as exc:     # timeout, reset, malformed answer
                conn.close()
                pool._put_conn(conn)
                raise NoAnswerError(f"no answer from {base_url}: {exc!r}", exc) from exc
            if keep:
                conn._bf_used = time.monotonic()
            else:
                conn.close()
            pool._put_conn(conn)
            return status, resp_headers, payload
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        for pool, _, _ in self._pools.values():
            pool.close()
        self._pools.clear()


class _ClosedBeforeAnswer(ConnectionError):
    """The connection closed before any byte of the answer."""


def _read_response(sock, method: str) -> tuple[int, dict[str, str], bytes, bool]:
    """Read one HTTP/1.1 response: (status, lowercased headers, body, keep-alive)."""
    recv = sock.recv
    buf = recv(65536)
    if not buf:
        raise _ClosedBeforeAnswer("connection closed before the answer")
    end = buf.find(b"\r\n\r\n")
    while end < 0:
        more = recv(65536)
        if not more:
            raise ConnectionError("connection closed inside the answer's head")
        buf += more
        end = buf.find(b"\r\n\r\n", max(0, len(buf) - len(more) - 3))
        if len(buf) > 1 << 20:
            raise ValueError("answer head too large")
    status, headers, n, keep = parse_head(buf[:end], method)
    body = buf[end + 4:]
    if n == 0:
        body = b""
    elif n == -1:
        body = _read_chunked(recv, body)
    elif n > 0:
        if len(body) < n:
            parts = [body]
            got = len(body)
            while got < n:
                more = recv(max(65536, n - got))
                if not more:
                    raise ConnectionError("connection closed inside the answer's body")
                parts.append(more)
                got += len(more)
            body = b"".join(parts)
        if len(body) > n:
            raise ValueError("more bytes than Content-Length")
    else:                                   # no framing (-2): the body runs to the close
        parts = [body]
        while more := recv(65536):
            parts.append(more)
        body, keep = b"".join(parts), False
    encoding = headers.get("content-encoding")
    if encoding in ("gzip", "deflate"):
        body = zlib.decompress(body, 47)    # gzip or zlib header, auto-detected
    return status, headers, body, keep


def _read_chunked(recv, buf: bytes) -> bytes:
    out = []
    while True:
        line_end = buf.find(b"\r\n")
        while line_end < 0:
            more = recv(65536)
            if not more:
                raise ConnectionError("connection closed inside a chunk")
            buf += more
            line_end = buf.find(b"\r\n")
        size = int(buf[:line_end].split(b";", 1)[0], 16)
        need = line_end + 2 + size + 2
        while len(buf) < need:
            more = recv(65536)
            if not more:
                raise ConnectionError("connection closed inside a chunk")
            buf += more
        if size == 0:
            # trailers end with an empty line; we sent no TE header, so none are expected
            return b"".join(out)
        out.append(buf[line_end + 2:line_end + 2 + size])
        buf = buf[need:]


class AiohttpTransport:
    """One aiohttp ClientSession (keep-alive connector) created on first use inside the running loop."""

    def __init__(self, timeout: float = 10.0, pool_maxsize: int = 100):
        self._timeout_s = timeout
        self.pool_maxsize = pool_maxsize
        self._session: Any = None
        self._bases: dict[str, str] = {}

    def _open(self):
        import aiohttp
        self._aiohttp = aiohttp
        self._timeout = aiohttp.ClientTimeout(total=self._timeout_s, connect=min(self._timeout_s, 5.0))
        connector = aiohttp.TCPConnector(limit=self.pool_maxsize, keepalive_timeout=60.0, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout,
                                              skip_auto_headers=("User-Agent",), auto_decompress=True)
        return self._session

    async def request(self, base_url: str, method: str, target: str, body: bytes | None,
                      headers: dict[str, str], retry_safe: bool = True) -> tuple[int, Headers, bytes]:
        session = self._session or self._open()
        aiohttp = self._aiohttp
        try:
            async with session.request(method, base_url + target, data=body, headers=headers,
                                       allow_redirects=False) as resp:
                data = await resp.read()
                return resp.status, resp.headers, data
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            raise NotSentError(f"could not connect to {base_url}: {exc}", exc) from exc
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise NoAnswerError(f"no answer from {base_url}: {exc!r}", exc) from exc

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()


class _HttpConn(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: one request at a time, the answer framed as it arrives."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.fut: asyncio.Future | None = None
        self.method = "GET"
        self.head: tuple | None = None
        self.lost = False
        self.used = 0.0

    def connection_made(self, transport) -> None:
        self.transport = transport

    def send(self, data: bytes, method: str) -> asyncio.Future:
        self.buf.clear()
        self.head = None
        self.method = method
        self.fut = fut = self.loop.create_future()
        self.transport.write(data)
        return fut

    def data_received(self, data: bytes) -> None:
        self.buf += data
        fut = self.fut
        if fut is not None and not fut.done():
            try:
                self._check(False)
            except Exception as exc:  # malformed answer
                fut.set_exception(exc)

    def _check(self, eof: bool) -> None:
        buf = self.buf
        if self.head is None:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > 1 << 20:
                    raise ValueError("answer head too large")
                return
            status, headers, length, keep = parse_head(bytes(buf[:end]), self.method)
            self.head = (status, headers, end + 4, length, keep)
        status, headers, start, length, keep = self.head
        if length >= 0:
            if len(buf) - start < length:
                return
            body = bytes(buf[start:start + length])
        elif length == -1:
            body = _parse_chunked(buf, start)
            if body is None:
                return
        else:
            if not eof:
                return
            body = bytes(buf[start:])
        if headers.get("content-encoding") in ("gzip", "deflate"):
            body = zlib.decompress(body, 47)
        self.fut.set_result((status, headers, body, keep))

    def connection_lost(self, exc: BaseException | None) -> None:
        self.lost = True
        fut = self.fut
        if fut is None or fut.done():
            return
        if not self.buf:
            fut.set_exception(_ClosedBeforeAnswer("connection closed before the answer"))
            return
        try:
            self._check(True)
        except Exception as err:
            fut.set_exception(err)
            return
        if not fut.done():
            fut.set_exception(ConnectionError("connection closed inside the answer"))

    def timed_out(self) -> None:
        fut = self.fut
        if fut is not None and not fut.done():
            fut.set_exception(TimeoutError("no answer in time"))

    def close(self) -> None:
        self.lost = True
        if self.transport is not None:
            self.transport.close()


def _parse_chunked(buf: bytearray, pos: int) -> bytes | None:
    """The body of a complete chunked answer starting at ``pos``, or None while incomplete."""
    out = []
    while True:
        line_end = buf.find(b"\r\n", pos)
        if line_end < 0:
            return None
        size = int(bytes(buf[pos:line_end]).split(b";", 1)[0], 16)
        end = line_end + 2 + size + 2
        if len(buf) < end:
            return None
        if size == 0:
            return b"".join(out)
        out.append(bytes(buf[line_end + 2:line_end + 2 + size]))
        pos = end


class AsyncTransport:
    """asyncio keep-alive HTTP/1.1 connections of our own (TLS verified), a small idle pool per base URL.

    Same framing as the sync transport: one write per request, the answer parsed as it arrives. (aiohttp's
    client costs about as much per request as the rest of the call; ``AiohttpTransport`` is the alternative.)
    """

    def __init__(self, timeout: float = 10.0, pool_maxsize: int = 100, idle_timeout: float = 20.0):
        self.timeout = timeout
        self.connect_timeout = min(timeout, 5.0)
        self.pool_maxsize = pool_maxsize
        self.idle_timeout = idle_timeout
        self._idle: dict[str, list[_HttpConn]] = {}
        self._bases: dict[str, tuple[str, int, str, bytes, Any]] = {}
        self._all: set[_HttpConn] = set()

    def _base(self, base_url: str):
        entry = self._bases.get(base_url)
        if entry is None:
            scheme, host, port, prefix = split_base(base_url)
            ctx = None
            if scheme == "https":
                import ssl
                ctx = ssl.create_default_context()
            default_port = 443 if scheme == "https" else 80
            host_header = (host if port == default_port else f"{host}:{port}").encode("idna")
            entry = self._bases[base_url] = (host, port, prefix, host_header, ctx)
        return entry

    async def _connect(self, base_url: str, host: str, port: int, ctx) -> _HttpConn:
        loop = asyncio.get_running_loop()
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(lambda: _HttpConn(loop), host, port, ssl=ctx,
                                       server_hostname=host if ctx else None), self.connect_timeout)
        except (OSError, asyncio.TimeoutError) as exc:
            raise NotSentError(f"could not connect to {base_url}: {exc!r}", exc) from exc
        self._all.add(conn)
        return conn

    async def request(self, base_url: str, method: str, target: str, body: bytes | None,
                      headers: dict[str, str], retry_safe: bool = True) -> tuple[int, dict[str, str], bytes]:
        host, port, prefix, host_header, ctx = self._bases.get(base_url) or self._base(base_url)
        data = request_bytes(method, prefix + target, host_header, headers, body)
        idle = self._idle.get(base_url)
        loop = asyncio.get_running_loop()
        for attempt in (0, 1):
            conn = None
            now = loop.time()
            while idle:
                c = idle.pop()
                if not c.lost and now - c.used <= self.idle_timeout:
                    conn = c
                    break
                self._drop(c)
            reused = conn is not None
            if conn is None:
                conn = await self._connect(base_url, host, port, ctx)
            fut = conn.send(data, method)
            timer = loop.call_later(self.timeout, conn.timed_out)
            try:
                status, resp_headers, payload, keep = await fut
            except _ClosedBeforeAnswer as exc:
                self._drop(conn)
                if attempt == 0 and reused and retry_safe:
                    continue
                raise NoAnswerError(f"no answer from {base_url}: {exc}", exc) from exc
            except (OSError, ValueError, TimeoutError) as exc:
                self._drop(conn)
                raise NoAnswerError(f"no answer from {base_url}: {exc!r}", exc) from exc
            except BaseException:          # cancelled mid-request: the connection's state is unknown
                self._drop(conn)
                raise
            finally:
                timer.cancel()
            if keep and not conn.lost:
                conn.used = loop.time()
                if idle is None:
                    idle = self._idle[base_url] = []
                if len(idle) < self.pool_maxsize:
                    idle.append(conn)
                else:
                    self._drop(conn)
            else:
                self._drop(conn)
            return status, resp_headers, payload
        raise AssertionError("unreachable")  # pragma: no cover

    def _drop(self, conn: _HttpConn) -> None:
        conn.close()
        self._all.discard(conn)

    async def close(self) -> None:
        conns, self._all = self._all, set()
        self._idle.clear()
        for c in conns:
            c.close()
        if conns:
            await asyncio.sleep(0)      # let the transports finish closing
