"""Generate the endpoint table (``_table.py``) and response examples (``responses.json``) from the Binance docs.

Run from the project root, with the docs in ../shared/docs (or ``--docs DIR``):

    python -m binance_fast.endpoints.generate

Deterministic: the same docs give byte-identical output (tests/test_endpoints_table.py checks it). It then
rewrites the clients' typing stub (binance_fast/rest/client.pyi, ``python -m binance_fast.rest.stubs``).
Method names come from the official SDKs (``sdk_names.json``, refreshed from an environment that has them with
``--refresh-sdk-names``); endpoints the SDKs lack get the snake_case of the docs' title.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
DEFAULT_DOCS = PROJECT_ROOT.parent / "shared" / "docs"
TABLE_FILE = HERE / "_table.py"
RESPONSES_FILE = HERE / "responses.json"
SDK_NAMES_FILE = HERE / "sdk_names.json"

PRODUCTS = ("spot", "usdm", "coinm", "options", "pm", "pmpro")
METHODS = ("GET", "POST", "PUT", "DELETE")
SECURITY_TYPES = ("TRADE", "MARGIN", "USER_DATA", "USER_STREAM", "MARKET_DATA")

# docs file prefix -> product (longest prefix first: pm-pro before pm)
FILE_PRODUCTS = (
    ("binance_spot_api_docs_rest_api_", "spot"),
    ("derivatives_usds_margined_futures_", "usdm"),
    ("derivatives_coin_margined_futures_", "coinm"),
    ("derivatives_option_", "options"),
    ("derivatives_portfolio_margin_pro_", "pmpro"),
    ("derivatives_portfolio_margin_", "pm"),
    # the futures historical-data download (/sapi/v1/futures/...) serves USD-M and COIN-M symbols alike
    ("derivatives_futures_data_", "usdm"),
)

# a REST request line: "GET /api/v3/depth", "POST `/fapi/v1/order`", "`GET /papi/v1/um/leverageBracket`"
REQUEST_LINE = re.compile(
    r"^`?(GET|POST|PUT|DELETE)\s+`?/?((?:api|sapi|fapi|dapi|eapi|papi|futures)/[A-Za-z0-9_/\-.]+)"
    r"(?:\s+\([^)\n]*\))?`?\s*$", re.M)
HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*(?:\[\]\(.*)?$", re.M)
NUMBER = re.compile(r"\d+")


def product_of(filename: str) -> str | None:
    if "testnet" in filename or "websocket" in filename:
        return None
    for prefix, product in FILE_PRODUCTS:
        if filename.startswith(prefix):
            return product
    return None


def host_of(product: str, path: str) -> str:
    """The product whose host serves ``path``: /api and /sapi live on the spot host."""
    if path.startswith(("/api/", "/sapi/")):
        return "spot"
    return product


def unescape(text: str) -> str:
    """Undo the docs' markdown escapes (``\\_``, ``\\[``) and drop line-end backslashes."""
    text = re.sub(r"\\\n", "\n", text)
    text = re.sub(r"\\$", "", text, flags=re.M)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", text)


def clean_inline(text: str) -> str:
    """Markdown cell or line -> plain text: links to their label, <br> to space, whitespace collapsed."""
    text = unescape(text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<br\s*/?>", " ", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


def snake_case(title: str) -> str:
    title = re.sub(r"\(.*?\)", " ", title)
    title = re.sub(r"(?i)\b(deprecated)\b", " ", title)
    title = title.replace("'", "")
    title = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", title)
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "_".join(w.lower() for w in words)


@dataclass
class Section:
    """The docs text of one endpoint."""

    product: str
    method: str
    path: str
    doc: str
    title: str
    body: str          # from the request line to the next endpoint
    preamble: str      # from the title to the request line (derivatives put description and weight here)
    params: list[tuple[str, str, bool, str]] = field(default_factory=list)


def split_sections(doc: str, text: str, product: str) -> list[Section]:
    """Every endpoint of one docs page: the request line, the title above it, the text up to the next one."""
    matches = list(REQUEST_LINE.finditer(text))
    sections = []
    for i, m in enumerate(matches):
        method, path = m.group(1), "/" + m.group(2)
        start, end = m.start(), matches[i + 1].start() if i + 1 < len(matches) else len(text)
        headings = [h for h in HEADING.finditer(text, 0, start) if not _is_generic_heading(h.group(2))]
        prev_end = matches[i - 1].end() if i else 0
        title_h = headings[-1] if headings else None
        title = clean_inline(title_h.group(2)) if title_h else path
        preamble = text[title_h.end() if title_h else prev_end:start]
        body = text[m.end():end]
        # cut the next endpoint's own title (and section heading) off this body
        if i + 1 < len(matches):
            next_heads = [h for h in HEADING.finditer(body) if not _is_generic_heading(h.group(2))]
            if next_heads:
                body = body[:next_heads[0].start()]
        sections.append(Section(product, method, path, doc, title, body, preamble))
    return sections


GENERIC_HEADINGS = re.compile(
    r"^(API Description|HTTP Request|HTTP请求|Request Weight.*|Request Parameters|Request|Response Example|"
    r"Response|Parameters|Weight|Data Source|Notes?)\b", re.I)


def _is_generic_heading(heading: str) -> bool:
    return bool(GENERIC_HEADINGS.match(clean_inline(heading)))


# ---- tables -------------------------------------------------------------------------------------------

def table_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for line in lines:
        line = line.strip()
        if line.endswith("\\"):
            line = line[:-1].rstrip()
        plain = line.replace("\\|", "|")
        if "|" not in plain:
            continue
        cells = [c.strip() for c in plain.strip("|").split("|")]
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
            continue
        rows.append(cells)
    return rows


def first_table(text: str, header_re: str) -> tuple[list[list[str]], int] | None:
    """The first markdown table whose header matches ``header_re``: rows without the header, end offset."""
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        if line.strip().startswith("|") and re.search(header_re, unescape(line), re.I):
            block = []
            j = i + 1
            while j < len(lines) and ("|" in lines[j]) and lines[j].strip():
                block.append(lines[j])
                j += 1
            end = offset + sum(len(x) + 1 for x in lines[i:j])
            return table_rows(block), end
        offset += len(line) + 1
    return None


PARAM_HEADER = r"^\|\s*Name\s*\|\s*Type\s*\|\s*Mandatory\s*\|"


def parse_params(body: str) -> list[tuple[str, str, bool, str]]:
    """The first Name|Type|Mandatory|Description table after the parameters heading."""
    m = re.search(r"(## Request Parameters|\*\*Parameters:?\*\*:?|^Parameters:)", body, re.M)
    text = body[m.end():] if m else body
    # stop at the response: a table further down is a response's field list
    r = re.search(r"(## Response|\*\*Response)", text)
    if r:
        text = text[:r.start()]
    found = first_table(text, PARAM_HEADER)
    if found:
        rows = found[0]
    else:
        # a table without its leading pipes, header in a code block: "symbol \| STRING \| NO \|"
        rows = [[c.strip() for c in line.replace("\\|", "|").split("|")] for line in text.split("\n")
                if re.match(r"^\w+\s*\\?\|\s*[A-Z][A-Z<>_ ]*\s*\\?\|\s*(YES|NO)", line.strip())]
    params = []
    seen = set()
    for cells in rows:
        if len(cells) < 3:
            continue
        name = clean_inline(cells[0]).strip("` ")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_\[\]]*", name) or name in seen:
            continue
        seen.add(name)
        ptype = clean_inline(cells[1]).upper() or "STRING"
        mandatory = clean_inline(cells[2]).upper().startswith("YES")
        desc = clean_inline(" | ".join(cells[3:])) if len(cells) > 3 else ""
        params.append((name, ptype, mandatory, desc))
    return params


# ---- weights ------------------------------------------------------------------------------------------

def weight_text(sec: Section) -> tuple[str, str]:
    """The docs' weight text of an endpoint and the limit it counts against (IP | UID | ORDER)."""
    both = sec.preamble + "\n" + sec.body
    chunks, kind = [], "IP"
    for m in re.finditer(r"^## Request Weight(.*)$", both, re.M):
        label = clean_inline(m.group(1))
        if "UID" in label:
            kind = "UID"
        elif "Order" in label:
            kind = "ORDER"
        nxt = re.search(r"^## ", both[m.end():], re.M)
        chunks.append(both[m.end(): m.end() + nxt.start() if nxt else len(both)])
    if not chunks:
        m = re.search(r"\*\*Weight\*?\*?:?\*?\*?", both)
        if m:
            rest = both[m.end():]
            stop = re.search(r"\*\*(Parameters|Data Source|Unfilled Order Count|Response)|^## |^#{3,4} ", rest, re.M)
            chunks.append(rest[:stop.start()] if stop else rest)
    return "\n".join(chunks), kind


def _upper_bound(cell: str) -> int:
    cell = clean_inline(cell)
    if cell.startswith(">") or "more" in cell.lower() or cell.lower() == "any":
        return 1 << 62
    nums = [int(n) for n in NUMBER.findall(cell)]
    if not nums:
        return 1 << 62
    if cell.rstrip().endswith(")"):
        return max(nums) - 1
    return max(nums)


def _bold_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\*\*(\d+)", text)]


def parse_weight(sec: Section) -> tuple[str, str, int]:
    """(rule source, weight type, order weight) of an endpoint."""
    text, kind = weight_text(sec)
    plain = clean_inline(text)
    order_weight = 0
    both = sec.preamble + "\n" + sec.body
    m = re.search(r"\*\*Unfilled Order Count:?\*\*:?\s*(\d+)", both)
    if m:
        order_weight = int(m.group(1))
    orders = [int(n) for n in re.findall(r"(\d+) on (?:10s|1min) order rate limit", plain)]
    if orders:
        order_weight = max(orders)
    ip = re.search(r"(\d+) on IP rate limit", plain)
    if ip:
        return f"Fixed({int(ip.group(1))})", "IP", order_weight
    if kind == "ORDER":
        # only the order count is documented (portfolio margin): like futures orders, no IP weight
        nums = _bold_numbers(text) or [int(n) for n in NUMBER.findall(plain)[:1]]
        return "Fixed(0)", "IP", nums[0] if nums else 1

    default_limit = None
    for name, _type, _mand, desc in sec.params:
        if name == "limit":
            d = re.search(r"Default:?\s*(\d+)", desc, re.I)
            default_limit = int(d.group(1)) if d else None

    # a table by limit
    if re.search(r"\blimit\b", plain, re.I) and "|" in text:
        rows = table_rows(text.split("\n"))
        steps = []
        for cells in rows:
            if len(cells) >= 2 and NUMBER.search(cells[-1]) and NUMBER.search(cells[0]):
                steps.append((_upper_bound(cells[0]), int(NUMBER.findall(cells[-1])[0])))
        if steps:
            steps.sort()
            return f"ByLimit(steps={tuple(steps)!r}, default_limit={default_limit!r})", kind, order_weight

    # spot tickers: a table by symbol / symbols
    if re.search(r"Symbols Provided", plain):
        single = omitted = None
        steps = []
        current = None
        for cells in table_rows(text.split("\n")):
            c0 = clean_inline(cells[0])
            if "omitted" in c0:
                if c0.startswith("symbol ") or omitted is None:
                    omitted = int(NUMBER.findall(cells[-1])[0])
                continue
            if c0 in ("symbol", "symbols"):
                current = c0
                rest = cells[1:]
            else:
                rest = cells
            if len(rest) >= 2 and NUMBER.search(rest[-1]):
                w = int(NUMBER.findall(rest[-1])[0])
                if current == "symbol":
                    single = w
                elif current == "symbols":
                    steps.append((_upper_bound(rest[0]), w))
        return (f"BySymbols(single={single!r}, omitted={omitted!r}, steps={tuple(steps)!r})", kind, order_weight)
    m = re.search(r"(\d+) for each requested `?symbol`?", plain)
    if m:
        per = int(m.group(1))
        cap = re.search(r"cap at (\d+)", plain)
        capv = int(cap.group(1)) if cap else 0
        return f"BySymbols(single={per}, omitted={capv or per}, per_symbol={per}, cap={capv})", kind, order_weight

    # a condition table: "Without orderId | 20", "With orderId | 5", "Querying by `orderId` | 20"
    rows = table_rows(text.split("\n"))
    if rows and len(rows[0]) >= 2 and re.match(r"(Condition|Case)$", clean_inline(rows[0][0]), re.I):
        cases, default = [], None
        for cells in rows[1:]:
            cond, w = clean_inline(cells[0]), int(NUMBER.findall(cells[-1])[0])
            pm = re.search(r"`?([A-Za-z]+)`?\s*$", cond)
            if cond.lower().startswith("without"):
                default = w
            elif cond.lower().startswith(("with ", "querying by")) and pm:
                cases.append((pm.group(1), w))
            elif default is None:
                default = w
        if default is None:
            default = min(w for _, w in cases)
        return f"ByParams(cases={tuple(cases)!r}, default={default})", kind, order_weight

    # "1 for a single symbol, 40 when the symbol parameter is omitted", "20 with symbol, 40 with pair",
    # "1 if send asset or 50 if not send asset", "1 for a single symbol, 40 for mutltiple symbols"
    m = re.search(r"(\d+)\s*(?:for a single symbol|with symbol)\W+(\d+)\s*(?:when the symbol parameter is omitted|"
                  r"without symbol|for mu\w+ symbols|with pair)", plain)
    if not m:
        m = re.search(r"(\d+) for a single symbol.*?(\d+) when the symbol parameter is omitted", plain)
    if m:
        return f"ByParams(cases=(('symbol', {int(m.group(1))}),), default={int(m.group(2))})", kind, order_weight
    m = re.search(r"(\d+) if send (\w+) or (\d+) if not send", plain)
    if m:
        return (f"ByParams(cases=(({m.group(2)!r}, {int(m.group(1))}),), default={int(m.group(3))})", kind,
                order_weight)
    m = re.search(r"(\d+) when the symbol parameter is omitted", plain)
    nums = _bold_numbers(text) or [int(n) for n in NUMBER.findall(plain)[:1]]
    if m and nums and int(m.group(1)) != nums[0]:
        return f"ByParams(cases=(('symbol', {nums[0]}),), default={int(m.group(1))})", kind, order_weight
    if nums:
        return f"Fixed({nums[0]})", kind, order_weight
    return "Fixed(1)", kind, order_weight


# ---- security, description, response -----------------------------------------------------------------

def parse_security(sec: Section) -> str:
    title = unescape(sec.title).replace(" ", "")
    for s in SECURITY_TYPES:
        if f"({s})" in title or f"({s}" in title:
            return s
    if any(p[0] == "timestamp" for p in sec.params):
        return "USER_DATA"
    return "NONE"


def parse_description(sec: Section) -> str:
    m = re.search(r"^## API Description.*$", sec.preamble, re.M)
    if m:
        text = sec.preamble[m.end():]
        nxt = re.search(r"^## ", text, re.M)
        text = text[:nxt.start()] if nxt else text
    else:
        text = sec.body
        text = re.sub(r"^\s*```\s*$", "", text, count=1, flags=re.M)
        stop = re.search(r"\*\*(Weight|Parameters)", text)
        text = text[:stop.start()] if stop else ""
    lines = [clean_inline(x) for x in text.split("\n")]
    return "\n".join(x for x in lines if x and not x.startswith("```")).strip()


CODE_BLOCK = re.compile(r"```[^\n]*\n(.*?)```", re.S)


def parse_response(sec: Section) -> str | None:
    m = re.search(r"(## Response Example|\*\*Response\b[^*\n]*\*\*)", sec.body)
    if not m:
        return None
    block = CODE_BLOCK.search(sec.body, m.end())
    return block.group(1) if block else None


def strip_json_comments(text: str) -> str:
    """Drop // comments outside strings (the docs annotate their examples)."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif c == "/" and text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def response_value(raw: str | None):
    """The docs' response example as JSON data, or its cleaned text where it is not valid JSON."""
    if raw is None:
        return None
    text = re.sub(r"\\$", "", raw, flags=re.M)
    text = text.replace("\\[", "[").replace("\\]", "]").replace("\\_", "_")
    text = strip_json_comments(text)
    # non-breaking spaces, curly and single quotes: the docs' typography, not JSON
    candidate = text.replace("\xa0", " ").replace("\u201c", '"').replace("\u201d", '"').replace("...", "")
    if "'" in candidate and '"' not in candidate:
        candidate = candidate.replace("'", '"')
    # the docs' examples drop commas between members now and then: put them back
    candidate = re.sub(r'(["\d}\]]|true|false|null)([ \t]*\n\s*["{])', r"\1,\2", candidate)
    candidate = re.sub(r",(\s*[}\]])", r"\1", candidate)
    candidate = re.sub(r",\s*,", ",", candidate)
    try:
        value, _end = json.JSONDecoder(strict=False).raw_decode(candidate.strip())
        return _strip_strings(value)
    except ValueError:
        return text.strip()


def _strip_strings(value):
    """Trim stray whitespace inside string values ("0\t" in a kline example)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_strip_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_strings(v) for k, v in value.items()}
    return value


# ---- the whole table ----------------------------------------------------------------------------------

@dataclass
class Record:
    product: str
    method: str
    path: str
    name: str
    security: str
    host: str
    weight: str
    weight_type: str
    order_weight: int
    params: list[tuple[str, str, bool, str]]
    title: str
    description: str
    doc: str
    response: object


def collect(docs: Path, sdk_names: dict[str, str]) -> list[Record]:
    sections: list[Section] = []
    for f in sorted(docs.glob("*.md")):
        product = product_of(f.name)
        if product is None:
            continue
        sections.extend(split_sections(f.name, f.read_text(encoding="utf-8"), product))
    by_key: dict[tuple[str, str, str], Section] = {}
    for sec in sections:
        sec.params = parse_params(sec.body) or parse_params(sec.preamble)
        key = (sec.product, sec.method, sec.path)
        if key not in by_key:        # a page and its index page may repeat an endpoint: keep the first
            by_key[key] = sec
    # "In addition to all parameters accepted by `POST /api/v3/order`": inherit them
    for sec in by_key.values():
        m = re.search(r"In addition to all parameters accepted by \[?`(GET|POST|PUT|DELETE) ([^`]+)`", sec.body)
        if m and (parent := by_key.get((sec.product, m.group(1), m.group(2)))):
            own = {p[0] for p in sec.params}
            sec.params = [p for p in parent.params if p[0] not in own] + sec.params
    records: list[Record] = []
    used: dict[str, set[str]] = {p: set() for p in PRODUCTS}
    for key in sorted(by_key, key=lambda k: (PRODUCTS.index(k[0]), k[2], METHODS.index(k[1]))):
        sec = by_key[key]
        rule, kind, order_weight = parse_weight(sec)
        name = sdk_names.get(f"{sec.product} {sec.method} {sec.path}") or snake_case(sec.title) or snake_case(sec.path)
        if name in used[sec.product]:
            version = re.search(r"/v(\d+)/", sec.path)
            name = f"{name}_v{version.group(1)}" if version else f"{name}_{sec.method.lower()}"
        used[sec.product].add(name)
        records.append(Record(
            product=sec.product, method=sec.method, path=sec.path, name=name, security=parse_security(sec),
            host=host_of(sec.product, sec.path), weight=rule, weight_type=kind, order_weight=order_weight,
            params=sec.params, title=sec.title, description=parse_description(sec), doc=sec.doc,
            response=response_value(parse_response(sec))))
    return records


def render_table(records: list[Record]) -> str:
    out = [
        '"""The Binance REST endpoint table. GENERATED from the docs: do not edit.',
        "",
        "Regenerate: python -m binance_fast.endpoints.generate",
        '"""',
        "",
        "# fmt: off",
        "from .records import Endpoint as E, Param as P",
        "from .rules import ByLimit, ByParams, BySymbols, Fixed",
        "",
        "TABLE = (",
    ]
    for r in records:
        params = "".join(f"\n        P({n!r}, {t!r}, {m!r}, {d!r})," for n, t, m, d in r.params)
        out.append(
            f"    E(product={r.product!r}, method={r.method!r}, path={r.path!r}, name={r.name!r},\n"
            f"      security={r.security!r}, host={r.host!r}, weight={r.weight}, weight_type={r.weight_type!r},"
            f" order_weight={r.order_weight!r},\n"
            f"      title={r.title!r}, doc={r.doc!r},\n"
            f"      description={r.description!r},\n"
            f"      params=({params}\n      )),")
    out.append(")")
    return "\n".join(out) + "\n"


def render_responses(records: list[Record]) -> str:
    data = {f"{r.product} {r.method} {r.path}": r.response for r in records}
    return json.dumps({"_generated": "from the Binance docs by python -m binance_fast.endpoints.generate; do not edit",
                       "responses": data}, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def refresh_sdk_names() -> dict[str, str]:
    """Read (product, method, path) -> method name from the installed official SDKs' REST modules."""
    import importlib.util
    packages = {"spot": "binance_sdk_spot", "usdm": "binance_sdk_derivatives_trading_usds_futures",
                "coinm": "binance_sdk_derivatives_trading_coin_futures",
                "options": "binance_sdk_derivatives_trading_options",
                "pm": "binance_sdk_derivatives_trading_portfolio_margin",
                "pmpro": "binance_sdk_derivatives_trading_portfolio_margin_pro"}
    names: dict[str, str] = {}
    for product, package in packages.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"{package} is not installed (pip install {package.replace('_', '-')})")
        for f in sorted(Path(next(iter(spec.submodule_search_locations)), "rest_api", "api").glob("*.py")):
            src = f.read_text(encoding="utf-8")
            for m in re.finditer(r"\n    def ([a-z_0-9]+)\(.*?(?=\n    def |\Z)", src, re.S):
                mm = re.search(r'method="(\w+)",\s*path=f?"([^"]+)"', m.group(0))
                if mm:
                    names[f"{product} {mm.group(1)} {mm.group(2)}"] = m.group(1)
    return dict(sorted(names.items()))


def generate(docs: Path = DEFAULT_DOCS) -> tuple[str, str]:
    """The text of ``_table.py`` and ``responses.json`` for the docs in ``docs``."""
    sdk_names = json.loads(SDK_NAMES_FILE.read_text(encoding="utf-8"))
    records = collect(docs, sdk_names)
    return render_table(records), render_responses(records)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--refresh-sdk-names", action="store_true",
                    help="re-read method names from the installed official SDKs into sdk_names.json")
    args = ap.parse_args(argv)
    if args.refresh_sdk_names:
        SDK_NAMES_FILE.write_text(json.dumps(refresh_sdk_names(), indent=0) + "\n", encoding="utf-8")
    if not args.docs.is_dir():
        print(f"docs not found at {args.docs}", file=sys.stderr)
        return 1
    table, responses = generate(args.docs)
    TABLE_FILE.write_text(table, encoding="utf-8")
    RESPONSES_FILE.write_text(responses, encoding="utf-8")
    print(f"wrote {TABLE_FILE.name} ({table.count('    E(')} endpoints) and {RESPONSES_FILE.name}")
    # the clients' typing stub follows the table (a fresh interpreter: this one holds the old table)
    import subprocess
    return subprocess.call([sys.executable, "-m", "binance_fast.rest.stubs"], cwd=PROJECT_ROOT)


if __name__ == "__main__":
    raise SystemExit(main())
