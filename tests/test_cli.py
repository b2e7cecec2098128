"""The command line, every subcommand against the embedded simulator (non-interactive drawing)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from binance_fast.cli import main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(120)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_everywhere(capsys):
    for cmd in ("demo", "book", "klines", "stream", "replay", "call", "sim", "bench"):
        with pytest.raises(SystemExit) as exit_info:
            main([cmd, "--help"])
        assert exit_info.value.code == 0
        assert "usage: binance-fast" in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("binance_fast ")


def test_demo_runs_books_klines_and_an_order(capsys):
    code, out, err = run(capsys, "demo", "--seconds", "4", "--plain", "--interval", "1s")
    assert code == 0, err
    last = out.split("-" * 60)[-1]
    for symbol in ("BTCUSDT", "ETHUSDT", "BNBUSDT"):
        assert f"{symbol} [synced]" in last
    assert "BTCUSDT 1s kline" in last
    assert "placed  #" in out and ": NEW" in out and "CANCELED" in out
    assert "Traceback" not in out + err


def test_book_draws_a_synced_uncrossed_ladder(capsys):
    code, out, err = run(capsys, "book", "ETHUSDT", "--sim", "--plain", "--seconds", "2.5", "--depth", "3")
    assert code == 0, err
    frame = out.split("-" * 60)[-1].strip().splitlines()
    assert frame[0].startswith("ETHUSDT [synced]")
    asks = [float(line.split()[1]) for line in frame if line.strip().startswith("ask")]
    bids = [float(line.split()[1]) for line in frame if line.strip().startswith("bid")]
    assert len(asks) == len(bids) == 3 and min(asks) > max(bids)
    assert asks == sorted(asks, reverse=True) and bids == sorted(bids, reverse=True)


def test_book_on_futures(capsys):
    code, out, err = run(capsys, "book", "BTCUSDT", "--sim", "--product", "usdm", "--plain", "--seconds", "2")
    assert code == 0, err
    assert "BTCUSDT [synced]" in out.split("-" * 60)[-1]


def test_klines_to_csv_and_bad_times(capsys, tmp_path):
    target = tmp_path / "k.csv"
    code, out, err = run(capsys, "klines", "BTCUSDT", "--sim", "--interval", "1m", "--out", str(target))
    assert code == 0, err
    lines = target.read_text().splitlines()
    assert lines[0].startswith("open_time,open,high,low,close,volume,close_time")
    rows = [line.split(",") for line in lines[1:]]
    assert rows and all(int(r[6]) == int(r[0]) + 59_999 for r in rows)
    code, _, err = run(capsys, "klines", "BTCUSDT", "--sim", "--from", "yesterday")
    assert code == 2 and "cannot read the time" in err


def test_klines_follow(capsys):
    code, out, err = run(capsys, "klines", "BNBUSDT", "--sim", "--interval", "1s", "--follow", "--seconds", "2")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert events and all(e["kline"]["interval"] == "1s" for e in events)


def test_stream_prints_decoded_events(capsys):
    code, out, err = run(capsys, "stream", "btcusdt@trade", "btcusdt@bookTicker", "--sim", "--count", "20")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert len(events) == 20
    assert {"trade_id", "price"} <= set(events[0]) or {"bid_price", "ask_price"} <= set(events[0])


def test_record_then_replay_through_books(capsys, tmp_path):
    rec = tmp_path / "rec.jsonl"
    code, _, err = run(capsys, "stream", "ethusdt@depth@100ms", "ethusdt@trade", "--sim", "--seconds", "2",
                       "--record", str(rec))
    assert code == 0, err
    assert rec.stat().st_size > 0 and Path(f"{rec}.snapshots.json").exists()
    code, out, err = run(capsys, "replay", str(rec), "--books")
    assert code == 0, err
    assert out.startswith("ETHUSDT: synced") and "bid (" in out
    assert "replayed" in err and "DepthUpdate" in err
    code, out, err = run(capsys, "replay", str(rec))
    assert code == 0 and out.count("\n") >= 2
    code, _, err = run(capsys, "replay", str(tmp_path / "missing"))
    assert code == 2 and "no such recording" in err


def test_call_any_endpoint(capsys):
    code, out, err = run(capsys, "call", "spot", "GET /api/v3/depth", "symbol=BTCUSDT", "limit=5", "--sim")
    assert code == 0, err
    depth = json.loads(out)
    assert len(depth["bids"]) == 5 and depth["lastUpdateId"] > 0
    code, out, err = run(capsys, "call", "spot", "get_account", "--sim")
    assert code == 0 and "balances" in json.loads(out)


def test_errors_are_one_line_and_non_zero(capsys, monkeypatch):
    code, _, err = run(capsys, "book", "NOPE", "--sim", "--plain", "--seconds", "1")
    assert code == 2 and err.count("\n") == 1 and "unknown symbol" in err
    code, _, err = run(capsys, "call", "spot", "nope", "--sim")
    assert code == 2 and "no endpoint" in err
    code, _, err = run(capsys, "call", "spot", "new_order", "symbol=BTCUSDT", "--sim")  # mandatory params missing
    assert code == 1 and err.count("\n") == 1 and "side" in err
    # bad keys: refused by the exchange with its code, one line
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free_port = s.getsockname()[1]
    monkeypatch.setenv("BINANCE_API_KEY", "x" * 64)
    monkeypatch.setenv("BINANCE_API_SECRET", "y" * 64)
    code, _, err = run(capsys, "call", "spot", "get_account", "--base-url", f"http://127.0.0.1:{free_port}")
    assert code == 1 and err.count("\n") == 1 and "connect" in err  # no network: one clear line
    code, _, err = run(capsys, "call", "spot", "ping", "--base-url", "http://example.com")
    assert code == 2 and "loopback" in err
    assert "Traceback" not in err


def test_keys_come_from_the_environment(capsys, monkeypatch):
    from binance_fast.sim import Simulator

    with Simulator(seed=3) as sim:
        monkeypatch.setenv("BINANCE_API_KEY", sim.test_key)
        monkeypatch.setenv("BINANCE_API_SECRET", "wrong-secret")
        code, _, err = run(capsys, "call", "spot", "get_account", "--base-url", sim.base_url)
        assert code == 1 and "-1022" in err
        monkeypatch.setenv("BINANCE_API_SECRET", sim.test_secret)
        code, out, err = run(capsys, "call", "spot", "get_account", "--base-url", sim.base_url)
        assert code == 0 and "balances" in json.loads(out)


def test_sim_serves_until_interrupted():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "binance_fast", "sim", "--port", str(port), "--seed", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        banner = [proc.stdout.readline()]
        while "API key" not in banner[-1] and len(banner) < 20:
            banner.append(proc.stdout.readline())
        assert f"127.0.0.1:{port}" in banner[0] and "API key" in banner[-1]
        fault = subprocess.run([sys.executable, "-m", "binance_fast", "sim", "fault", "--port", str(port),
                                "fail_rest", "count=1"], capture_output=True, text=True, env=env, timeout=30)
        assert fault.returncode == 0, fault.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_bench_without_a_benchmarks_folder_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "bench", "--dir", str(tmp_path))
    assert code == 2 and "no benchmarks folder" in err


def test_bench_ratio_table():
    from binance_fast.cli.bench import ratio_table

    report = {"benchmarks": [
        {"group": "g", "name": "test_binance_fast_x", "fullname": "a::test_binance_fast_x", "stats": {"mean": 1e-6}},
        {"group": "g", "name": "test_peer", "fullname": "a::test_peer", "stats": {"mean": 5e-6}},
    ]}
    [(group, peer, ratio, ours_us)] = ratio_table(report)
    assert (group, peer) == ("g", "peer") and ratio == pytest.approx(5.0) and ours_us == pytest.approx(1.0)
