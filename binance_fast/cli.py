"""The ``binance-fast`` command line."""

from __future__ import annotations

import argparse
import sys

from ._version import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="binance-fast", description="binance_fast command line")
    parser.add_argument("--version", action="version", version=f"binance_fast {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        print(f"binance_fast {__version__}")
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
