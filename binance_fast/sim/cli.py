"""The simulator's command line: ``serve`` until interrupted, and ``fault`` to switch faults of a running one."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import urllib.request

from .control import FAULT_NAMES, apply_fault, parse_value


def _kwargs(items: list[str]) -> dict:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"fault arguments are key=value, got {item!r}")
        out[key] = parse_value(value)
    return out


def serve(port: int = 8080, seed: int = 1, *, host: str = "127.0.0.1", tick_interval: float = 0.05,
          faults: list[tuple[str, dict]] | None = None, out=None, stop: threading.Event | None = None) -> int:
    """Run a Simulator until interrupted (Ctrl-C / SIGTERM, or ``stop`` set), printing its URLs and test key."""
    from .simulator import Simulator

    out = out or sys.stdout
    stop = stop or threading.Event()
    sim = Simulator(seed=seed, host=host, port=port, tick_interval=tick_interval)
    with sim:
        for name, kwargs in faults or []:
            sim._call(apply_fault, sim.faults, name, kwargs)
        print(f"binance_fast simulator (seed {seed}) serving on {sim.base_url}", file=out)
        print(f"  REST       {sim.base_url}  (/api, /sapi, /fapi, /dapi, /eapi, /papi, /futures/data)", file=out)
        print(f"  spot       {sim.stream_url_for('spot')}/ws/<stream>  {sim.stream_url_for('spot')}/stream?streams=",
              file=out)
        print(f"  USD-M      {sim.stream_url_for('usdm')}/ws/<stream>", file=out)
        print(f"  COIN-M     {sim.stream_url_for('coinm')}/ws/<stream>", file=out)
        print(f"  SBE        {sim.sbe_stream_url}/ws/<stream>  (X-MBX-APIKEY of a registered Ed25519 key)", file=out)
        print(f"  API key    {sim.test_key}", file=out)
        print(f"  secret     {sim.test_secret}", file=out)
        print(f"  faults     binance-fast sim fault --port {sim.port} NAME key=value ...", file=out)
        out.flush()
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stop.set())
        try:
            while not stop.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
    return 0


def send_fault(port: int, name: str, kwargs: dict, host: str = "127.0.0.1") -> dict:
    """Switch a fault of a simulator running elsewhere (POST /_sim/fault)."""
    req = urllib.request.Request(f"http://{host}:{port}/_sim/fault", method="POST",
                                 data=json.dumps({"name": name, "args": kwargs}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:  # loopback only
        return json.loads(resp.read())


def build_parser(prog: str = "binance-fast sim") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Run the embedded Binance simulator on loopback.")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--tick-interval", type=float, default=0.05, help="wall seconds per 50 ms market tick")
    p.add_argument("--fault", action="append", default=[], metavar="NAME[:key=value,...]",
                   help=f"switch a fault at start; NAME one of {', '.join(FAULT_NAMES)}")
    sub = p.add_subparsers(dest="action")
    f = sub.add_parser("fault", help="switch a fault of a running simulator")
    # --port / --host also after "fault" (binance-fast sim fault --port P NAME ...)
    f.add_argument("--port", type=int, default=argparse.SUPPRESS)
    f.add_argument("--host", default=argparse.SUPPRESS)
    f.add_argument("name", choices=FAULT_NAMES)
    f.add_argument("args", nargs="*", help="key=value arguments of the fault")
    return p


def cli_main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the simulator serves plain http: loopback hosts only")
    if args.action == "fault":
        print(json.dumps(send_fault(args.port, args.name, _kwargs(args.args), args.host)))
        return 0
    faults = []
    for spec in args.fault:
        name, _, rest = spec.partition(":")
        faults.append((name, _kwargs([x for x in rest.split(",") if x])))
    return serve(args.port, args.seed, host=args.host, tick_interval=args.tick_interval, faults=faults)


if __name__ == "__main__":
    sys.exit(cli_main())
