"""``binance-fast call PRODUCT ENDPOINT key=value ...``: any REST endpoint of the table."""

from __future__ import annotations

import argparse

from .common import CliError, add_connection_arguments, connect, parse_key_values, print_json


def add_call_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("call_product", metavar="PRODUCT", help="spot, usdm, coinm, options, pm or pmpro")
    p.add_argument("endpoint", metavar="ENDPOINT", help="a method name (new_order) or 'METHOD /path'")
    p.add_argument("params", nargs="*", metavar="key=value")
    add_connection_arguments(p)
    p.epilog = "Keys come from BINANCE_API_KEY with BINANCE_API_SECRET or BINANCE_PRIVATE_KEY_FILE, never from argv."


def find_endpoint(product: str, endpoint: str):
    from ..endpoints import ENDPOINTS

    method, _, path = endpoint.partition(" ")
    for e in ENDPOINTS:
        if e.product == product and (e.name == endpoint or (path and e.method == method.upper() and e.path == path)):
            return e
    known = sorted(e.name for e in ENDPOINTS if e.product == product)
    if not known:
        raise CliError(f"unknown product {product!r}", 2)
    raise CliError(f"no endpoint {endpoint!r} for {product} (e.g. {', '.join(known[:5])}, ...)", 2)


def run_call(args: argparse.Namespace) -> int:
    endpoint = find_endpoint(args.call_product, args.endpoint)
    params = parse_key_values(args.params)
    args.product = args.call_product
    with connect(args) as target, target.rest_client() as client:
        result = client.request(endpoint.product, endpoint.method, endpoint.path, **params)
    print_json(result)
    return 0
