"""HTTP transports: keep-alive pools with urllib3 (sync) and aiohttp (asyncio), one pool per host.

A transport sends bytes and returns (status, headers, body). Failures are split into "never sent"
(``NotSentError``: connect refused / timed out) and "sent, no answer" (``NoAnswerError``): the client turns the
second into ``UnknownOutcomeError`` for calls that change state.
"""

from __future__ import annotations

import asyncio
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


try:  # urllib3 2.x internals used to send head and body in one write
    from urllib3.connection import HTTPConnection as _U3Conn
    from urllib3.connection import HTTPSConnection as _U3SConn
    from urllib3.connection import _ResponseOptions
except ImportError:  # pragma: no cover - another urllib3: its own request()
    _ResponseOptions = None


if _ResponseOptions is not None:
    class _OneWrite:
        """Send the request line, headers and body in one write.

        urllib3 writes the head, then the body: two segments, so the server wakes twice per request (on
        loopback that doubles the round trip). http.client's ``endheaders(message_body)`` joins them.
        """

        def request(self, method, url, body=None, headers=None, *, chunked=False, preload_content=True,
                    decode_content=True, enforce_content_length=True):
            if self.sock is not None:
                self.sock.settimeout(self.timeout)
            self._response_options = _ResponseOptions(
                request_method=method, request_url=url, preload_content=preload_content,
                decode_content=decode_content, enforce_content_length=enforce_content_length)
            self.putrequest(method, url, skip_accept_encoding=True)
            if body is not None:
                self.putheader("Content-Length", str(len(body)))
            elif method in ("POST", "PUT"):
                self.putheader("Content-Length", "0")
            for name, value in (headers or {}).items():
                self.putheader(name, value)
            self.endheaders(message_body=body)

        def _send_output(self, message_body=None, encode_chunked=False):
            if isinstance(message_body, bytes):     # http.client sends the head and the body apart
                self._buffer.extend((b"", b""))
                msg = b"\r\n".join(self._buffer)
                del self._buffer[:]
                self.send(msg + message_body)
                return
            super()._send_output(message_body, encode_chunked=encode_chunked)

    class _Conn(_OneWrite, _U3Conn):
        pass

    class _SConn(_OneWrite, _U3SConn):
        pass
else:  # pragma: no cover
    _Conn = _SConn = None


class SyncTransport:
    """urllib3 connection pools, one per base URL, keep-alive, no automatic retries or redirects."""

    def __init__(self, timeout: float = 10.0, pool_maxsize: int = 10):
        self.timeout = urllib3.Timeout(connect=min(timeout, 5.0), read=timeout)
        self.pool_maxsize = pool_maxsize
        self._pools: dict[str, tuple[urllib3.HTTPConnectionPool, str]] = {}

    def pool(self, base_url: str) -> tuple[urllib3.HTTPConnectionPool, str]:
        entry = self._pools.get(base_url)
        if entry is None:
            scheme, host, port, prefix = split_base(base_url)
            kw = dict(maxsize=self.pool_maxsize, block=False, retries=False, timeout=self.timeout)
            pool = (urllib3.HTTPSConnectionPool(host, port, cert_reqs="CERT_REQUIRED", **kw) if scheme == "https"
                    else urllib3.HTTPConnectionPool(host, port, **kw))
            if _Conn is not None:
                pool.ConnectionCls = _SConn if scheme == "https" else _Conn
            entry = self._pools[base_url] = (pool, prefix)
        return entry

    def request(self, base_url: str, method: str, target: str, body: bytes | None,
                headers: dict[str, str]) -> tuple[int, Headers, bytes]:
        pool, prefix = self._pools.get(base_url) or self.pool(base_url)
        try:
            resp = pool.urlopen(method, prefix + target if prefix else target, body=body, headers=headers,
                                retries=False, redirect=False, preload_content=True, assert_same_host=False)
        except (NewConnectionError, ConnectTimeoutError, NameResolutionError) as exc:
            raise NotSentError(f"could not connect to {base_url}: {exc}", exc) from exc
        except HTTPError as exc:
            raise NoAnswerError(f"no answer from {base_url}: {exc}", exc) from exc
        except OSError as exc:
            raise NoAnswerError(f"no answer from {base_url}: {exc}", exc) from exc
        return resp.status, resp.headers, resp.data

    def close(self) -> None:
        for pool, _ in self._pools.values():
            pool.close()
        self._pools.clear()


class AsyncTransport:
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
                      headers: dict[str, str]) -> tuple[int, Headers, bytes]:
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
