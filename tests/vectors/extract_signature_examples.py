"""Extracts every signature example printed in the Binance docs into signature_examples.json (generated).

Run from the project root:  python tests/vectors/extract_signature_examples.py [DOCS_DIR]
(DOCS_DIR defaults to ../shared/docs). Each example is checked with the standard library (hmac, cryptography),
independently of binance_fast, and recorded as matching or not: the docs have known errata
(../shared/data/README.md), and only matching examples are used as expected values by the tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "signature_examples.json"

# REST: echo -n "PAYLOAD" | openssl dgst -sha256 -hmac "SECRET"  followed by  (stdin)= HEX
REST_RE = re.compile(
    r'echo -n "(?P<payload>[^"]*)" \| openssl dgst -sha256 -hmac "(?P<secret>[^"]+)"\s*\n\s*(?:HMAC-SHA2-256)?\(stdin\)= *(?P<sig>[0-9a-f]{64})'
)
# WebSocket API: a JSON request whose params carry apiKey and a hex signature
BLOCK_RE = re.compile(r"```codeBlockLines_\w+\n(\{.*?\n\})\s*\n```", re.S)
# the docs' HMAC secret for each example API key they print
KNOWN_SECRETS = {
    "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A":
        "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83":
        "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9",
}
FIX_KEY_RE = re.compile(r"(-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+?-----END PRIVATE KEY-----)")
FIX_SIG_RE = re.compile(r"Computed signature:\s*```codeBlockLines_\w+\n([A-Za-z0-9+/=]+)\n")
FIX_FIELD_RE = re.compile(r"\| (MsgType|SenderCompID|TargetCompID|MsgSeqNum|SendingTime) \(\d+\) \| `([^`]+)` \|")


def _hmac_hex(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def _ws_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _strip_comments(block: str) -> str:
    return re.sub(r"\s//[^\n]*", "", block).replace("\\[", "[").replace("\\]", "]")


def extract(docs: Path) -> list[dict]:
    examples: list[dict] = []
    pages = sorted(p for p in docs.glob("*.md") if "testnet" not in p.name)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for m in REST_RE.finditer(text):
            payload, secret, sig = m["payload"], m["secret"], m["sig"]
            examples.append({
                "doc": page.name, "kind": "rest-hmac", "secret": secret, "payload": payload,
                "signature": sig, "matches": _hmac_hex(secret, payload) == sig,
            })
        for block in BLOCK_RE.findall(text):
            if '"signature"' not in block or '"apiKey"' not in block:
                continue
            try:
                request = json.loads(_strip_comments(block))
            except ValueError:
                continue
            params = request.get("params") if isinstance(request, dict) else None
            if not isinstance(params, dict) or not re.fullmatch(r"[0-9a-f]{64}", str(params.get("signature", ""))):
                continue
            secret = KNOWN_SECRETS.get(params.get("apiKey", ""))
            if secret is None:
                continue
            payload = "&".join(f"{k}={_ws_text(params[k])}" for k in sorted(params) if k != "signature")
            examples.append({
                "doc": page.name, "kind": "ws-hmac", "method": request.get("method"), "secret": secret,
                "params": params, "payload": payload, "signature": params["signature"],
                "matches": _hmac_hex(secret, payload) == params["signature"],
            })
        key_m, sig_m = FIX_KEY_RE.search(text), FIX_SIG_RE.search(text)
        fields = dict(FIX_FIELD_RE.findall(text))
        if key_m and sig_m and len(fields) == 5:
            from cryptography.hazmat.primitives.serialization import load_pem_private_key

            payload = "\x01".join(fields[f] for f in ("MsgType", "SenderCompID", "TargetCompID", "MsgSeqNum", "SendingTime"))
            key = load_pem_private_key(key_m[1].encode(), password=None)
            computed = base64.b64encode(key.sign(payload.encode())).decode()
            examples.append({
                "doc": page.name, "kind": "fix-ed25519", "private_key_pem": key_m[1] + "\n", "payload": payload,
                "signature": sig_m[1], "matches": computed == sig_m[1],
            })
    return examples


def main(argv: list[str]) -> int:
    docs = Path(argv[1]) if len(argv) > 1 else HERE.parents[1].parent / "shared" / "docs"
    examples = extract(docs)
    body = {
        "generated_by": "python tests/vectors/extract_signature_examples.py  (do not edit by hand)",
        "examples": examples,
    }
    OUT.write_text(json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    good = sum(e["matches"] for e in examples)
    print(f"{len(examples)} examples, {good} match, {len(examples) - good} do not -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
