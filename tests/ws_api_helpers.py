"""Shared pieces of the WebSocket API tests: a simulator with its WebSocket API mounted, and fresh keys."""

from __future__ import annotations

import secrets
import time
from contextlib import contextmanager

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

KEY_TYPES = ("HMAC", "RSA", "ED25519")


def new_api_key() -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(64))


def new_credentials(key_type: str) -> tuple[dict, dict]:
    """(client kwargs, sim.add_account kwargs) for a fresh key of ``key_type``."""
    api_key = new_api_key()
    if key_type == "HMAC":
        secret = secrets.token_hex(32)
        return {"api_key": api_key, "api_secret": secret}, {"secret": secret}
    key = ed25519.Ed25519PrivateKey.generate() if key_type == "ED25519" else rsa.generate_private_key(65537, 2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"api_key": api_key, "private_key": pem}, {"public_key_pem": public}


def add_account(sim, key_type: str, **balances) -> dict:
    client_kw, sim_kw = new_credentials(key_type)
    sim.add_account(client_kw["api_key"], **sim_kw, **balances)
    return client_kw


@contextmanager
def simulator(**kwargs):
    """A Simulator whose app serves the WebSocket API (mounted here until the sim's build_app does it)."""
    from binance_fast.sim import simulator as simmod
    from binance_fast.sim.ws_api import WsApiServer

    original = simmod.build_app

    def build_app(sim, dispatcher):
        app = original(sim, dispatcher)
        if getattr(sim, "ws_api", None) is None:
            WsApiServer(sim).mount(app)
        return app

    simmod.build_app = build_app
    try:
        with simmod.Simulator(seed=11, tick_interval=0.02, **kwargs) as sim:
            yield sim
    finally:
        simmod.build_app = original


def wait_for(cond, timeout: float = 5.0, step: float = 0.01):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = cond()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")
