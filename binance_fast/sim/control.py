"""The simulator's own HTTP control endpoints (/_sim/...), so a process other than the tests can flip faults."""

from __future__ import annotations

import inspect

from aiohttp import web

# the fault switches callable over HTTP / from the CLI
FAULT_NAMES = ("drop_connections", "stall_streams", "resume_streams", "skip_depth_update", "reorder_depth_updates",
               "max_connection_age", "fail_rest", "delay_rest", "timeout_rest", "stale_snapshot", "clock_skew",
               "clear")


def parse_value(text: str):
    """CLI values: ints, floats, true/false/none, else strings."""
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("none", "null"):
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def apply_fault(faults, name: str, kwargs: dict):
    if name not in FAULT_NAMES:
        raise ValueError(f"unknown fault {name!r}; one of {', '.join(FAULT_NAMES)}")
    fn = getattr(faults, name)
    inspect.signature(fn).bind(**kwargs)  # a clear TypeError for wrong arguments
    result = fn(**kwargs)
    return result if isinstance(result, (int, float, str, type(None))) else None


def add_control_routes(app: web.Application, sim) -> None:
    async def fault(request: web.Request) -> web.Response:
        if request.remote not in ("127.0.0.1", "::1"):
            return web.json_response({"error": "loopback only"}, status=403)
        try:
            body = await request.json()
            result = apply_fault(sim.faults, body["name"], dict(body.get("args") or {}))
        except (ValueError, KeyError, TypeError) as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response({"ok": True, "result": result})

    async def book(request: web.Request) -> web.Response:
        product = request.query.get("product", "spot")
        symbol = request.query.get("symbol", "BTCUSDT")
        try:
            last, bids, asks = sim.exchange.book(product, symbol, int(request.query.get("limit", 100)))
        except (KeyError, ValueError):
            return web.json_response({"error": "unknown product or symbol"}, status=404)
        return web.json_response({"lastUpdateId": last, "bids": bids, "asks": asks})

    app.router.add_post("/_sim/fault", fault)
    app.router.add_get("/_sim/book", book)
