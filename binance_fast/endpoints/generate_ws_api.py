"""Generate the WebSocket API method table (``_ws_table.py``, ``ws_responses.json``) from the Binance docs.

Run from the project root, with the docs in ../shared/docs (or ``--docs DIR``):

    python -m binance_fast.endpoints.generate_ws_api

Deterministic: the same docs give byte-identical output (tests/test_ws_api_table.py checks it).
A method is a docs section (a heading, up to the next one) that names its method -- ``## Method`` with the name
in backticks (futures pages), ``**Method**: "name"`` (futures general info), or the request example's
``"method"`` (spot) -- and documents a weight. Python names are the snake_case of the method name
(``orderList.place.oco`` -> ``order_list_place_oco``; ``v2/account.status`` -> ``account_status_v2``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .generate import (CODE_BLOCK, DEFAULT_DOCS, PARAM_HEADER, SECURITY_TYPES, Section, clean_inline,
                       first_table, parse_params, parse_response, parse_weight, response_value, unescape)

HERE = Path(__file__).resolve().parent
TABLE_FILE = HERE / "_ws_table.py"
RESPONSES_FILE = HERE / "ws_responses.json"

WS_PRODUCTS = ("spot", "usdm", "coinm")


def ws_product_of(filename: str) -> str | None:
    """The product of a WebSocket API docs page, or None for any other page (testnet copies included)."""
    if "testnet" in filename:
        return None
    if filename.startswith("binance_spot_api_docs_websocket_api_") and filename.endswith("_requests.md"):
        return "spot"
    for prefix, product in (("derivatives_usds_margined_futures_", "usdm"),
                            ("derivatives_coin_margined_futures_", "coinm")):
        # the futures userDataStream.* methods of the WebSocket API live on "..._Wsp" pages
        if filename.startswith(prefix) and ("websocket_api" in filename or filename.endswith("_Wsp.md")):
            return product
    return None


# a section starts at a heading that is not one of a page's fixed sub-headings
HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*(?:\[\]\(.*)?$", re.M)
SUB_HEADING = re.compile(r"^(API Description|Method|Request|Request Weight.*|Request Parameters|Response.*|"
                         r"Parameters|Weight|Data Source|Notes?)\b", re.I)
METHOD_SUB = re.compile(r"^## Method\b[^\n]*\n+\s*`([^`]+)`", re.M)
METHOD_BOLD = re.compile(r"^\*\*Method\*\*:?\s*\"([^\"]+)\"", re.M)
METHOD_JSON = re.compile(r"\"method\"\s*:\s*\"([^\"]+)\"")
WEIGHT_MARK = re.compile(r"^(## Request Weight|\*\*Weight:?\*\*)", re.M)


def method_name(section: str) -> str | None:
    """The WebSocket API method a docs section documents, or None."""
    for rx in (METHOD_SUB, METHOD_BOLD):
        m = rx.search(section)
        if m:
            return m.group(1).strip()
    block = CODE_BLOCK.search(section)
    if block:
        m = METHOD_JSON.search(block.group(1))
        if m:
            return m.group(1)
    return None


def python_name(method: str) -> str:
    """``orderList.place.oco`` -> ``order_list_place_oco``; a ``vN/`` prefix becomes a ``_vN`` suffix."""
    version = ""
    m = re.match(r"v(\d+)/(.*)$", method)
    if m:
        version, method = f"_v{m.group(1)}", m.group(2)
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", method)
    return "_".join(w.lower() for w in re.findall(r"[A-Za-z0-9]+", words)) + version


@dataclass
class WsSection:
    product: str
    doc: str
    title: str
    text: str


def split_sections(doc: str, text: str, product: str) -> list[WsSection]:
    heads = [h for h in HEADING.finditer(text) if not SUB_HEADING.match(clean_inline(h.group(2)))]
    out = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out.append(WsSection(product, doc, clean_inline(h.group(2)), text[h.end():end]))
    return out


def parse_ws_params(text: str) -> tuple[list[tuple[str, str, bool, str]], list[tuple[str, ...]]]:
    """The params table and its "one of these" groups.

    The spot docs span one ``YES`` over alternatives (``orderId`` / ``origClientOrderId``: the second row has
    no Mandatory cell) and mark "either or both" params ``YES *``; both become a group of which at least one
    must be sent, none of them mandatory alone. Futures say "Either `a` or `b` must be sent" in a note.
    """
    params = parse_params(text)
    m = re.search(r"(## Request Parameters|\*\*Parameters:?\*\*:?|^Parameters:)", text, re.M)
    scope = text[m.end():] if m else text
    r = re.search(r"(## Response|\*\*Response)", scope)
    scope = scope[:r.start()] if r else scope
    found = first_table(scope, PARAM_HEADER)
    if not found:
        return params, []
    by_name = {p[0]: i for i, p in enumerate(params)}
    groups: list[list[str]] = []
    prev_yes: str | None = None
    star_group: list[str] = []
    for cells in found[0]:
        name = clean_inline(cells[0]).strip("` ")
        if name not in by_name:
            continue
        mand = clean_inline(cells[2]).upper() if len(cells) > 2 else ""
        i = by_name[name]
        if not re.match(r"^(YES|NO)\b", mand):
            # a continuation of a spanned YES: the third cell is the description
            desc = clean_inline(" | ".join(cells[2:]))
            params[i] = (name, params[i][1], False, desc)
            if prev_yes is not None:
                if groups and prev_yes in groups[-1]:
                    groups[-1].append(name)
                else:
                    j = by_name[prev_yes]
                    params[j] = (params[j][0], params[j][1], False, params[j][3])
                    groups.append([prev_yes, name])
            continue
        if mand.startswith("YES") and "*" in mand:
            params[i] = (name, params[i][1], False, params[i][3])
            star_group.append(name)
            prev_yes = None
            continue
        if len(star_group) > 1:
            groups.append(star_group)
        star_group = []
        prev_yes = name if mand == "YES" else None
    if len(star_group) > 1:
        groups.append(star_group)
    for a, b in re.findall(r"Either `(\w+)` or `(\w+)` must be sent", text):
        if a in by_name and b in by_name and not any(a in g for g in groups):
            groups.append([a, b])
    return params, [tuple(g) for g in groups]


def parse_security(title: str) -> str:
    t = unescape(title).replace(" ", "")
    for s in SECURITY_TYPES + ("SIGNED",):
        if f"({s}" in t:
            return s
    return "NONE"


def parse_description(text: str) -> str:
    m = re.search(r"^## API Description.*$", text, re.M)
    if m:
        body = text[m.end():]
        nxt = re.search(r"^## ", body, re.M)
        body = body[:nxt.start()] if nxt else body
    else:
        # spot and futures general info: the prose between the examples and the weight
        stop = re.search(r"^(## Request Weight|\*\*Weight:?\*\*|\*\*Parameters)", text, re.M)
        body = CODE_BLOCK.sub("", text[:stop.start()] if stop else text)
    lines = [clean_inline(x) for x in body.split("\n")]
    return "\n".join(x for x in lines if x and not x.startswith("```") and not x.startswith(">")).strip()


@dataclass
class WsRecord:
    product: str
    method: str
    name: str
    security: str
    weight: str
    order_weight: int
    params: list[tuple[str, str, bool, str]]
    one_of: list[tuple[str, ...]]
    title: str
    description: str
    doc: str
    response: object
    inherits: str | None = None   # "In addition to all parameters accepted by `order.place`"


def collect(docs: Path) -> list[WsRecord]:
    records: dict[tuple[str, str], WsRecord] = {}
    for f in sorted(docs.glob("*.md")):
        product = ws_product_of(f.name)
        if product is None:
            continue
        for sec in split_sections(f.name, f.read_text(encoding="utf-8"), product):
            method = method_name(sec.text)
            if method is None or not WEIGHT_MARK.search(sec.text):
                continue
            key = (product, method)
            if key in records:
                continue
            inherit = re.search(r"In addition to all parameters accepted by \[?`([\w.]+)`", sec.text)
            params, one_of = parse_ws_params(sec.text)
            rest_sec = Section(product, "WS", method, sec.doc, sec.title, sec.text, "", params)
            rule, _kind, order_weight = parse_weight(rest_sec)
            security = parse_security(sec.title)
            if security == "NONE" and any(p[0] == "signature" for p in params):
                security = "SIGNED"
            records[key] = WsRecord(
                product=product, method=method, name=python_name(method), security=security, weight=rule,
                order_weight=order_weight, params=params, one_of=one_of, title=sec.title,
                description=parse_description(sec.text), doc=sec.doc,
                response=response_value(parse_response(rest_sec)), inherits=inherit and inherit.group(1))
    # "In addition to all parameters accepted by `order.place`": inherit them (and their groups)
    for rec in records.values():
        if rec.inherits and (parent := records.get((rec.product, rec.inherits))):
            own = {p[0] for p in rec.params}
            rec.params = [p for p in parent.params if p[0] not in own] + rec.params
            rec.one_of = parent.one_of + [g for g in rec.one_of if g not in parent.one_of]
    return sorted(records.values(), key=lambda r: (WS_PRODUCTS.index(r.product), r.method))


def render_table(records: list[WsRecord]) -> str:
    out = [
        '"""The Binance WebSocket API method table. GENERATED from the docs: do not edit.',
        "",
        "Regenerate: python -m binance_fast.endpoints.generate_ws_api",
        '"""',
        "",
        "# fmt: off",
        "from .records import Param as P",
        "from .rules import ByLimit, ByParams, BySymbols, Fixed",
        "from .ws_records import WsMethod as M",
        "",
        "WS_TABLE = (",
    ]
    for r in records:
        params = "".join(f"\n        P({n!r}, {t!r}, {m!r}, {d!r})," for n, t, m, d in r.params)
        out.append(
            f"    M(product={r.product!r}, method={r.method!r}, name={r.name!r},\n"
            f"      security={r.security!r}, weight={r.weight}, order_weight={r.order_weight!r},\n"
            f"      title={r.title!r}, doc={r.doc!r},\n"
            f"      description={r.description!r},\n"
            f"      params=({params}\n      ),\n"
            f"      one_of={tuple(r.one_of)!r}),")
    out.append(")")
    return "\n".join(out) + "\n"


def render_responses(records: list[WsRecord]) -> str:
    data = {f"{r.product} {r.method}": r.response for r in records}
    return json.dumps({"_generated": "from the Binance docs by python -m binance_fast.endpoints.generate_ws_api; "
                                     "do not edit", "responses": data},
                      indent=1, ensure_ascii=False) + "\n"


def generate(docs: Path = DEFAULT_DOCS) -> tuple[str, str]:
    """The text of ``_ws_table.py`` and ``ws_responses.json`` for the docs in ``docs``."""
    records = collect(docs)
    return render_table(records), render_responses(records)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    args = ap.parse_args(argv)
    if not args.docs.is_dir():
        print(f"docs not found at {args.docs}", file=sys.stderr)
        return 1
    table, responses = generate(args.docs)
    TABLE_FILE.write_text(table, encoding="utf-8")
    RESPONSES_FILE.write_text(responses, encoding="utf-8")
    print(f"wrote {TABLE_FILE.name} ({table.count('    M(')} methods) and {RESPONSES_FILE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
