"""The aiohttp application: REST dispatcher on every product path, stream hubs under their prefixes."""

from __future__ import annotations

from aiohttp import web

from .control import add_control_routes
from .generic import load_endpoint_table, table_weights
from .rest_market import market_routes
from .rest_trading import trading_routes
from .routes import Dispatcher
from .ws_api import WsApiServer

# where each product's streams live on the simulator's one port ("" = the spot host's paths)
STREAM_PREFIX = {"spot": "", "usdm": "/usdm", "coinm": "/coinm"}
SBE_STREAM_PREFIX = "/sbe"  # the stream-sbe host's paths


def build_dispatcher(sim, endpoint_routes=None) -> Dispatcher:
    d = Dispatcher(sim)
    generic = load_endpoint_table() if endpoint_routes is None else list(endpoint_routes)
    for r in generic:  # documented examples first; the modelled endpoints replace them
        d.add(r)
    weights = table_weights()
    for r in market_routes() + trading_routes():
        # the docs' weight rule from the endpoint table wins over the simulator's own where it has the endpoint
        r.weight = weights.get((r.product, r.method, r.path), r.weight)
        d.add(r)
    return d


def build_app(sim, dispatcher: Dispatcher) -> web.Application:
    app = web.Application(client_max_size=1 << 20)
    for product, prefix in STREAM_PREFIX.items():
        hub = sim.hubs[product]
        app.router.add_get(prefix + "/ws", hub.handle)
        app.router.add_get(prefix + "/ws/{tail:.*}", hub.handle)
        app.router.add_get(prefix + "/stream", hub.handle)
    sbe = sim.hubs["sbe"]
    app.router.add_get(SBE_STREAM_PREFIX + "/ws", sbe.handle)
    app.router.add_get(SBE_STREAM_PREFIX + "/ws/{tail:.*}", sbe.handle)
    app.router.add_get(SBE_STREAM_PREFIX + "/stream", sbe.handle)
    WsApiServer(sim).mount(app)  # /ws-api/v3, /ws-fapi/v1, /ws-dapi/v1
    add_control_routes(app, sim)
    app.router.add_route("*", "/{tail:.*}", dispatcher.__call__)
    return app
