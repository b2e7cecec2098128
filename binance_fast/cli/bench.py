"""``binance-fast bench``: run benchmarks/ (pytest-benchmark) and print binance_fast's ratio to each peer."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import CliError

OURS = "binance_fast"


def add_bench_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="*", help="benchmark files or -k expressions (default: all)")
    p.add_argument("--dir", help="the benchmarks folder (default: ./benchmarks of a source checkout)")


def find_benchmarks(explicit: str | None) -> Path:
    for candidate in ([Path(explicit)] if explicit else [Path.cwd() / "benchmarks",
                                                          Path(__file__).resolve().parents[2] / "benchmarks"]):
        if candidate.is_dir() and any(candidate.glob("bench_*.py")):
            return candidate
    raise CliError("no benchmarks folder found: run from a source checkout (benchmarks/ ships with the source, "
                   "and the peers with: pip install -e '.[bench]'), or give --dir", 2)


def ratio_table(report: dict) -> list[tuple[str, str, float, float]]:
    """(group, peer, peer mean / ours, our mean in µs) for every group that has a binance_fast entry."""
    groups: dict[str, list[dict]] = {}
    for b in report.get("benchmarks", []):
        groups.setdefault(b.get("group") or b["fullname"].split("::")[0], []).append(b)
    rows = []
    for group, items in groups.items():
        ours = [b for b in items if OURS in b["name"]]
        if not ours:
            continue
        best = min(ours, key=lambda b: b["stats"]["mean"])
        for b in sorted(items, key=lambda b: b["stats"]["mean"]):
            if b is not best:
                rows.append((group, b["name"].removeprefix("test_"), b["stats"]["mean"] / best["stats"]["mean"],
                             best["stats"]["mean"] * 1e6))
    return rows


def run_bench(args: argparse.Namespace) -> int:
    folder = find_benchmarks(args.dir)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.json"
        cmd = [sys.executable, "-m", "pytest", str(folder), "-q", "-p", "no:cacheprovider",
               f"--benchmark-json={out}", "--benchmark-columns=min,mean,ops"]
        for name in args.names:
            cmd += [name] if name.endswith(".py") else ["-k", name]
        code = subprocess.call(cmd)
        if not out.exists():
            raise CliError(f"the benchmarks did not run (pytest exit {code})")
        report = json.loads(out.read_text())
    from rich.console import Console
    from rich.table import Table

    table = Table(title="binance_fast vs peers (same run): how many times slower each is")
    for col in ("group", "peer / floor", "ratio", "binance_fast mean µs"):
        table.add_column(col)
    for group, peer, ratio, ours_us in ratio_table(report):
        table.add_row(group, peer, f"{ratio:.2f}x", f"{ours_us:.3f}")
    Console().print(table)
    return code
