"""Base URLs of the Binance REST hosts, per product, live and testnet."""

from __future__ import annotations

# host key (the endpoint table's ``host``) -> base URL. /sapi paths (pm-pro, futures data) use the spot host.
LIVE_HOSTS: dict[str, str] = {
    "spot": "https://api.binance.com",
    "usdm": "https://fapi.binance.com",
    "coinm": "https://dapi.binance.com",
    "options": "https://eapi.binance.com",
    "pm": "https://papi.binance.com",
}

# per the docs' "testnet" sections; options and portfolio margin have no public testnet
TESTNET_HOSTS: dict[str, str] = {
    "spot": "https://testnet.binance.vision",
    "usdm": "https://testnet.binancefuture.com",
    "coinm": "https://testnet.binancefuture.com",
}


def base_urls(*, testnet: bool = False, base_url: str | None = None,
              overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Host key -> base URL. ``base_url`` sends every product to one host (the simulator)."""
    if base_url is not None:
        urls = {k: base_url.rstrip("/") for k in LIVE_HOSTS}
    elif testnet:
        urls = dict(TESTNET_HOSTS)
    else:
        urls = dict(LIVE_HOSTS)
    if overrides:
        urls.update({k: v.rstrip("/") for k, v in overrides.items()})
    for url in urls.values():
        check_url(url)
    return urls


def check_url(url: str) -> None:
    """TLS everywhere; plain http only to loopback."""
    if url.startswith("https://"):
        return
    if url.startswith("http://"):
        host = url[7:].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
        if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
            return
        raise ValueError(f"plain http is allowed only to loopback, not {url!r}")
    raise ValueError(f"not an http(s) URL: {url!r}")
