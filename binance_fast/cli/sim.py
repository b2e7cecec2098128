"""``binance-fast sim``: the embedded simulator, served until interrupted."""

from __future__ import annotations

import argparse
import sys


def add_sim_arguments(p: argparse.ArgumentParser) -> None:
    from ..sim.cli import FAULT_NAMES

    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--host", default="127.0.0.1", help="loopback only")
    p.add_argument("--tick-interval", type=float, default=0.05, help="wall seconds per 50 ms market tick")
    p.add_argument("--fault", action="append", default=[], metavar="NAME[:key=value,...]",
                   help=f"switch a fault at start; NAME one of {', '.join(FAULT_NAMES)}. "
                        "A running one: binance-fast sim fault --port P NAME key=value ...")


def run_sim(args: argparse.Namespace) -> int:
    from ..sim.cli import cli_main

    argv = ["--port", str(args.port), "--seed", str(args.seed), "--host", args.host,
            "--tick-interval", str(args.tick_interval)]
    for spec in args.fault:
        argv += ["--fault", spec]
    return cli_main(argv)


def run_sim_fault(argv: list[str]) -> int:
    """``binance-fast sim fault [--port P] NAME key=value ...``: switch a fault of a running simulator."""
    import json

    from ..sim.cli import FAULT_NAMES, _kwargs, send_fault

    p = argparse.ArgumentParser(prog="binance-fast sim fault", description="switch a fault of a running simulator")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("name", choices=FAULT_NAMES)
    p.add_argument("args", nargs="*", metavar="key=value")
    args = p.parse_args(argv)
    try:
        print(json.dumps(send_fault(args.port, args.name, _kwargs(args.args), args.host)))
    except OSError as exc:
        print(f"binance-fast sim fault: error: no simulator at {args.host}:{args.port} ({exc})", file=sys.stderr)
        return 1
    return 0
