"""Extracts every stream-event payload example from the Binance docs into tests/vectors/stream_examples.json.

Regenerate from the project root: python tests/vectors/extract_stream_examples.py ../shared/docs
The docs' examples are JSON with // comments, markdown escapes, single quotes, missing or full-width commas;
this script repairs those and keeps the blocks that are stream events (``e`` key, partial depth, spot
bookTicker, or the WebSocket API ``{"event": ...}`` wrapper).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

PAGES = (
    "binance_spot_api_docs_web_socket_streams.md",
    "binance_spot_api_docs_user_data_stream.md",
    "derivatives_usds_margined_futures_websocket_market_streams*.md",
    "derivatives_usds_margined_futures_user_data_streams*.md",
    "derivatives_coin_margined_futures_websocket_market_streams*.md",
    "derivatives_coin_margined_futures_user_data_streams*.md",
    "derivatives_option_user_data_streams*.md",
    "derivatives_option_websocket_market_streams*.md",
    "derivatives_portfolio_margin_user_data_streams*.md",
    "derivatives_portfolio_margin_pro_portfolio_margin_pro_user_data_stream*.md",
)
PRODUCT_OF_PREFIX = (
    ("binance_spot", "spot"),
    ("derivatives_usds", "usdm"),
    ("derivatives_coin", "coinm"),
    ("derivatives_option", "options"),
    ("derivatives_portfolio_margin_pro", "pmpro"),
    ("derivatives_portfolio_margin", "pm"),
)
BLOCK = re.compile(r"```[^\n]*\n(.*?)\n```", re.S)


def _strip_comment(line: str) -> str:
    out, quote = [], None
    for i, c in enumerate(line):
        if c in "\"'" and (i == 0 or line[i - 1] != "\\"):
            quote = c if quote is None else (None if c == quote else quote)
        if quote is None and line.startswith("//", i):
            break
        out.append(c)
    return "".join(out)


def repair(block: str) -> str:
    """The docs' pseudo-JSON made into JSON."""
    lines = []
    for line in block.split("\n"):
        line = line.rstrip()
        if line.endswith("\\"):
            line = line[:-1]
        line = _strip_comment(line).replace("'", '"').replace("\\[", "[").replace("\\]", "]")
        line = line.replace("\uff0c", ",").strip()
        if line:
            lines.append(line)
    for i in range(len(lines) - 1):
        if re.search(r'("|\d|\}|\]|true|false|null)$', lines[i]) and re.match(r'["{\[]', lines[i + 1]):
            lines[i] += ","
    text = re.sub(r",\s*,", ",", "\n".join(lines))
    return re.sub(r",(\s*[}\]])", r"\1", text)


def is_event(obj) -> bool:
    if isinstance(obj, list):
        return bool(obj) and all(isinstance(o, dict) and is_event(o) for o in obj)
    if not isinstance(obj, dict):
        return False
    if isinstance(obj.get("event"), dict):
        return True
    return "e" in obj or "lastUpdateId" in obj and "bids" in obj or {"u", "s", "b", "B", "a", "A"} <= obj.keys()


def extract(docs: Path) -> list[dict]:
    found = []
    pages = sorted({p for pattern in PAGES for p in docs.glob(pattern)})
    for page in pages:
        product = next(prod for prefix, prod in PRODUCT_OF_PREFIX if page.name.startswith(prefix))
        text = page.read_text()
        for m in BLOCK.finditer(text):
            try:
                obj = json.loads(repair(m.group(1)))
            except ValueError:
                continue
            if not is_event(obj):
                continue
            heading = re.findall(r"^#+ (.*?)(?: \[\]\(.*)?$", text[: m.start()], re.M)
            found.append({"doc": page.name, "product": product, "heading": heading[-1] if heading else "",
                          "payload": obj})
    # the same example appears on a product's overview page and its own page: keep one
    unique, seen = [], set()
    for ex in found:
        key = (ex["product"], json.dumps(ex["payload"], sort_keys=True))
        if key not in seen:
            seen.add(key)
            unique.append(ex)
    return unique


def main() -> None:
    docs = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/docs")
    out = Path(__file__).resolve().parent / "stream_examples.json"
    examples = extract(docs)
    out.write_text(json.dumps({"generated_by": "python tests/vectors/extract_stream_examples.py <docs dir>  (do not edit by hand)",
                               "examples": examples}, indent=1) + "\n")
    print(f"{len(examples)} examples -> {out}")


if __name__ == "__main__":
    main()
