"""A recording loopback HTTP server for the REST client tests.

It records every request (method, path, raw query, headers, raw body), checks HMAC signatures over the exact
bytes received (Binance's rule: query string + body, signature excluded), and answers with the docs' response
example of the endpoint, or with a scripted answer (status, body, headers, delay) queued by the test.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from aiohttp import web

from binance_fast.endpoints import ENDPOINTS, response_example


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    body: bytes
    headers: dict[str, str]
    params: dict[str, str] = field(default_factory=dict)
    signature_ok: bool | None = None     # None: not signed
    peer_port: int = 0                   # the client's port: one per kept-alive connection


@dataclass
class Scripted:
    status: int = 200
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class RecordingServer:
    """``with RecordingServer(secrets={"key": "secret"}) as srv: srv.base_url ...``"""

    def __init__(self, secrets: dict[str, str] | None = None, server_time_offset_ms: int = 0):
        self.secrets = dict(secrets or {})
        self.requests: list[Recorded] = []
        self.scripts: dict[tuple[str, str], list[Scripted]] = {}
        self.server_time_offset_ms = server_time_offset_ms
        self.weight_used = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        # by (method, path): the docs' example answer (first product wins for shared /futures/data paths)
        self._examples: dict[tuple[str, str], object] = {}
        for e in ENDPOINTS:
            self._examples.setdefault((e.method, e.path), (e.product, e.method, e.path))

    # -- control --------------------------------------------------------------------------------------
    def script(self, method: str, path: str, *answers: Scripted) -> None:
        self.scripts.setdefault((method, path), []).extend(answers)

    def clear(self) -> None:
        self.requests.clear()
        self.scripts.clear()

    def last(self) -> Recorded:
        return self.requests[-1]

    # -- lifecycle ------------------------------------------------------------------------------------
    def __enter__(self) -> RecordingServer:
        ready = threading.Event()

        def run() -> None:
            loop = self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._handle)
            self._runner = web.AppRunner(app, access_log=None)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            port = site._server.sockets[0].getsockname()[1]
            self.base_url = f"http://127.0.0.1:{port}"
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    # -- the handler ----------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        query = request.query_string
        rec = Recorded(request.method, request.path, query, body, dict(request.headers))
        peer = request.transport.get_extra_info("peername") if request.transport else None
        rec.peer_port = peer[1] if peer else 0
        rec.params = dict(parse_qsl(query, keep_blank_values=True))
        if body and request.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            rec.params.update(parse_qsl(body.decode(), keep_blank_values=True))
        rec.signature_ok = self._check_signature(rec)
        self.requests.append(rec)
        self.weight_used += 1
        headers = {"X-MBX-USED-WEIGHT-1M": str(self.weight_used)}
        queue = self.scripts.get((request.method, request.path))
        if queue:
            s = queue.pop(0)
            if s.delay:
                await asyncio.sleep(s.delay)
            data = s.body if isinstance(s.body, (bytes, str)) else json.dumps(s.body)
            return web.Response(status=s.status, body=data if isinstance(data, bytes) else data.encode(),
                                headers={**headers, **s.headers}, content_type="application/json")
        if rec.signature_ok is False:
            return web.json_response({"code": -1022, "msg": "Signature for this request is not valid."},
                                     status=400, headers=headers)
        if request.path.endswith("/time"):
            now = int(time.time() * 1000) + self.server_time_offset_ms
            return web.json_response({"serverTime": now}, headers=headers)
        key = self._examples.get((request.method, request.path))
        example = response_example(*key) if key else {}
        return web.json_response(example if example is not None else {}, headers=headers)

    def _check_signature(self, rec: Recorded) -> bool | None:
        raw = rec.query + rec.body.decode("latin-1")
        if "signature=" not in raw:
            return None
        secret = self.secrets.get(rec.headers.get("X-MBX-APIKEY", ""))
        if secret is None:          # not an HMAC key of ours (an Ed25519 / RSA key): the test checks it
            return None
        # the signature is the last parameter of the query or of the body; sign everything before it
        if "signature=" in rec.body.decode("latin-1"):
            body = rec.body.decode("latin-1")
            payload, sig = rec.query + body[:body.rindex("&signature=")], body[body.rindex("signature=") + 10:]
        else:
            payload, sig = rec.query[:rec.query.rindex("&signature=")], rec.query[rec.query.rindex("signature=") + 10:]
        expected = hmac.new(secret.encode(), payload.encode("latin-1"), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, sig)
