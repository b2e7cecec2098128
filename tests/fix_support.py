"""Test helpers for the FIX tests: a CA and server certificate made here, acceptors on a background loop."""

from __future__ import annotations

import asyncio
import base64
import datetime
import ipaddress
import ssl
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

from binance_fast.fix.client import tls_context
from binance_fast.signing import Ed25519Signer


def make_tls(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext, Path]:
    """(server context, verifying client context, CA file): a fresh CA and a 127.0.0.1 / localhost certificate."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "binance_fast test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    ca_file = folder / "ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file = folder / "server.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM) +
                          key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_file)
    return server, tls_context(ca_file), ca_file


def new_ed25519() -> tuple[Ed25519Signer, str]:
    """A signer and its public key PEM."""
    signer = Ed25519Signer(Ed25519PrivateKey.generate())
    return signer, signer.public_key_pem()


async def eventually(predicate: Any, timeout: float = 2.0, interval: float = 0.02) -> bool:
    """Poll ``predicate()`` until it is true or ``timeout`` passes; its last value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            return bool(predicate())
        await asyncio.sleep(interval)
    return True


class LoopThread:
    """An event loop on a background thread (where acceptors run, as on the simulator's thread)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fix-test-loop", daemon=True)
        self.thread.start()
        self._loop = self.loop  # what FixAcceptor.attach looks for

    def run(self, coro: Any, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, fn: Any, *args: Any) -> Any:
        async def run() -> Any:
            return fn(*args)
        return self.run(run())

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class StubKey:
    """A registered Ed25519 API key, verified like the simulator's accounts do."""

    key_type = "ED25519"

    def __init__(self, public_pem: str, account: Any):
        self._public = serialization.load_pem_public_key(public_pem.encode())
        self.account = account

    def verify(self, payload: bytes, signature: str) -> bool:
        try:
            self._public.verify(base64.b64decode(signature), payload)
        except (InvalidSignature, ValueError):
            return False
        return True


class StubAccounts:
    def __init__(self) -> None:
        self.by_key: dict[str, StubKey] = {}

    def get(self, api_key: str) -> StubKey | None:
        return self.by_key.get(api_key)


class SessionOnlyExchange:
    """Accounts and a clock but no engine: enough for the session-layer tests (logon, heartbeats, gaps)."""

    def __init__(self) -> None:
        import time

        self.accounts = StubAccounts()
        self.publish = lambda account, product, event: None
        self._time = time

    def now(self) -> int:
        return int(self._time.time() * 1000)

    def add_key(self, api_key: str, public_pem: str) -> object:
        account = object()
        self.accounts.by_key[api_key] = StubKey(public_pem, account)
        return account
