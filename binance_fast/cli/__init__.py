"""The ``binance-fast`` command line: one subcommand a module, errors as one line and a non-zero exit."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from .._version import __version__
from .common import CliError

# subcommand -> (module, help)
COMMANDS = {
    "demo": ("demo", "offline demo: simulator, live books, live klines, a signed order, drawn in the terminal"),
    "book": ("market", "a live local order book, redrawn in place"),
    "klines": ("klines", "historical klines to CSV/Parquet, or live with --follow"),
    "stream": ("market", "print decoded stream events (one JSON per line) or record raw frames"),
    "replay": ("market", "play a recording back through the decoders and books"),
    "call": ("call", "call any REST endpoint of the table"),
    "sim": ("sim", "run the embedded Binance simulator on loopback"),
    "bench": ("bench", "run the benchmark suite and print the ratios to the peers"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="binance-fast", description="binance_fast: the fast Binance client.")
    parser.add_argument("--version", action="version", version=f"binance_fast {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        getattr(import_module(f"{__name__}.{module}"), f"add_{name}_arguments")(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["sim", "fault"]:
        from .sim import run_sim_fault

        return run_sim_fault(argv[2:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    module = import_module(f"{__name__}.{COMMANDS[args.command][0]}")
    try:
        return int(getattr(module, f"run_{args.command}")(args) or 0)
    except KeyboardInterrupt:
        return 130
    except CliError as exc:
        print(f"binance-fast {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # one clear line, never a traceback
        from .common import describe_error

        print(f"binance-fast {args.command}: error: {describe_error(exc)}", file=sys.stderr)
        return 1


__all__ = ["main", "build_parser"]
