"""FIX session layer over real TLS on 127.0.0.1: the docs' logon vector, logon checks, heartbeats and TestRequest,
sequence gaps (ResendRequest recovery, and Binance's refusal), dropped connections, message limits, Logout."""

from __future__ import annotations

import asyncio
import json
import ssl
from pathlib import Path

import pytest

from binance_fast.errors import BinanceError
from binance_fast.fix import FixConnectionLost, FixLogonError, FixMessageLimitError, FixSession
from binance_fast.fix.codec import FixMessage
from binance_fast.fix.session import MessageLimiter, logon_signature_payload, sign_logon
from binance_fast.sim.fix import FixAcceptor
from binance_fast.signing import Ed25519Signer, HmacSigner

from fix_support import LoopThread, SessionOnlyExchange, eventually, make_tls, new_ed25519

VECTORS = Path(__file__).resolve().parent / "vectors" / "signature_examples.json"
API_KEY = "sBRXrJx2DsOraMXOaUovEhgVRcjOvCtQwnWj8VxkOh1xqboS02SPGfKi2h8spZJb"


def test_logon_signature_matches_the_docs_vector():
    vector = next(v for v in json.loads(VECTORS.read_text())["examples"] if v["kind"] == "fix-ed25519")
    signer = Ed25519Signer.from_pem(vector["private_key_pem"])
    payload = logon_signature_payload("EXAMPLE", "SPOT", 1, "20240627-11:17:25.223")
    assert payload == vector["payload"].encode()
    assert sign_logon(signer, "EXAMPLE", "SPOT", "1", "20240627-11:17:25.223") == vector["signature"]


def test_logon_frame_is_the_docs_message(monkeypatch):
    """Our Logon for the docs' inputs is byte for byte the docs' "Resulting Logon <A> message"."""
    vector = next(v for v in json.loads(VECTORS.read_text())["examples"] if v["kind"] == "fix-ed25519")
    signer = Ed25519Signer.from_pem(vector["private_key_pem"])
    session = FixSession("127.0.0.1", 1, api_key=API_KEY, signer=signer, sender_comp_id="EXAMPLE")
    written: list[bytes] = []

    class Writer:
        def write(self, data: bytes) -> None:
            written.append(data)

    session._writer = Writer()  # type: ignore[assignment]
    monkeypatch.setattr("binance_fast.fix.session.utc_timestamp", lambda *a, **k: "20240627-11:17:25.223")
    session._send_logon()
    expected = ("8=FIX.4.4|9=247|35=A|34=1|49=EXAMPLE|52=20240627-11:17:25.223|56=SPOT|95=88|96="
                + vector["signature"] + "|98=0|108=30|141=Y|553=" + API_KEY + "|25035=2|10=227|")
    assert written == [expected.replace("|", "\x01").encode()]


def test_only_ed25519_keys_and_valid_comp_ids():
    with pytest.raises(ValueError, match="Ed25519"):
        FixSession("127.0.0.1", 1, api_key="k", signer=HmacSigner("secret"))
    signer, _ = new_ed25519()
    with pytest.raises(ValueError, match="sender_comp_id"):
        FixSession("127.0.0.1", 1, api_key="k", signer=signer, sender_comp_id="toolong123")
    with pytest.raises(ValueError, match="heartbeat"):
        FixSession("127.0.0.1", 1, api_key="k", signer=signer, heartbeat_interval=4)


def test_message_limiter_refuses_before_the_breach():
    now = [0.0]
    limiter = MessageLimiter(60, 60.0, clock=lambda: now[0])
    for _ in range(57):
        limiter.acquire()
    with pytest.raises(FixMessageLimitError) as info:
        limiter.acquire()  # the last three slots are kept for heartbeats and Logout
    assert info.value.limit == 60 and 0 < info.value.retry_after <= 60
    limiter.acquire(admin=True)
    now[0] = 60.5
    limiter.acquire()  # the window slid


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    server_ctx, client_ctx, ca_file = make_tls(tmp_path_factory.mktemp("tls"))
    loop = LoopThread()
    exchange = SessionOnlyExchange()
    signer, public_pem = new_ed25519()
    api_key = "fixSessionTestKey0000000000000000000000000000000000000000000000001"[:64]
    exchange.add_key(api_key, public_pem)
    acceptors = {}
    for name, kw in {"plain": {}, "resend": {"supports_resend": True},
                     "tight": {"message_limits": (20, 60.0)}}.items():
        acceptors[name] = FixAcceptor(exchange, "oe", ssl_context=server_ctx, **kw).attach(loop)
    yield {"loop": loop, "client_ctx": client_ctx, "signer": signer, "api_key": api_key, "exchange": exchange,
           "acceptors": acceptors, "ca_file": ca_file}
    for acc in acceptors.values():
        loop.run(acc.stop())
    loop.stop()


def session(env, acceptor="plain", **kw) -> FixSession:
    acc = env["acceptors"][acceptor]
    kw.setdefault("signer", env["signer"])
    kw.setdefault("api_key", env["api_key"])
    kw.setdefault("ssl_context", env["client_ctx"])
    return FixSession("127.0.0.1", acc.port, **kw)


def server_conn(env, acceptor, comp_id):
    acc = env["acceptors"][acceptor]
    return next(c for c in acc.conns if c.comp_id == comp_id)


def test_logon_over_verified_tls_and_logout(env):
    async def main():
        s = session(env, heartbeat_interval=5)
        await s.connect()
        assert s.logged_on and s.uuid == env["acceptors"]["plain"].uuid
        assert (s.next_out, s.next_in) == (2, 2)
        rtt = await s.test_request()
        assert rtt > 0
        await s.logout()
        assert not s.connected and await s.wait_closed() is None
    asyncio.run(main())


def test_unverifiable_certificate_is_refused(env):
    async def main():
        s = session(env, ssl_context=ssl.create_default_context())  # system CAs: our test CA is unknown
        with pytest.raises(FixConnectionLost) as info:
            await s.connect()
        assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
    asyncio.run(main())


def test_bad_signature_and_unknown_key_are_typed_logon_errors(env):
    async def main():
        other, _ = new_ed25519()
        s = session(env, signer=other)
        with pytest.raises(FixLogonError) as info:
            await s.connect()
        assert info.value.code == -1022 and isinstance(info.value, BinanceError)
        s = session(env, api_key="unknownKey")
        with pytest.raises(FixLogonError) as info:
            await s.connect()
        assert info.value.code == -2015
    asyncio.run(main())


def test_duplicate_sender_comp_id_is_refused(env):
    async def main():
        a = session(env, sender_comp_id="DUPE1")
        await a.connect()
        b = session(env, sender_comp_id="DUPE1")
        with pytest.raises(FixLogonError):
            await b.connect()
        await a.logout()
    asyncio.run(main())


def test_heartbeats_flow_when_idle(env):
    async def main():
        s = session(env, heartbeat_interval=5, sender_comp_id="HBEAT")
        await s.connect()
        await asyncio.sleep(5.6)  # one interval: we send a Heartbeat, the acceptor too
        conn = server_conn(env, "plain", "HBEAT")
        types = [m.msg_type for m in env["loop"].call(lambda: list(conn.received))]
        assert types[0] == "A" and "0" in types[1:]
        assert s.next_in >= 3  # the acceptor's heartbeat arrived in sequence
        await s.logout()
    asyncio.run(main())


def test_gap_is_recovered_by_resend_request(env):
    """The acceptor loses two application messages; the client sees the gap, asks, and gets them re-sent."""
    async def main():
        got: list[FixMessage] = []
        gaps: list = []
        s = session(env, "resend", sender_comp_id="GAP1", on_message=got.append,
                    on_gap=lambda *a: gaps.append(a))
        await s.connect()
        acc = env["acceptors"]["resend"]
        conn = server_conn(env, "resend", "GAP1")

        def push():
            acc.lose_outbound(2)
            for i in range(4):
                conn.send("B", [(148, f"news {i}")])
        env["loop"].call(push)
        await eventually(lambda: len(got) == 4, 2)
        assert [m.get(148) for m in got] == ["news 0", "news 1", "news 2", "news 3"]
        assert [m.get(43) for m in got[:2]] == ["Y", "Y"]  # the resent ones are PossDup
        assert not gaps and s.next_in == conn.next_out
        sent_types = [m.msg_type for m in env["loop"].call(lambda: list(conn.received))]
        assert "2" in sent_types
        await s.logout()
    asyncio.run(main())


def test_gap_binance_style_refused_resend_is_reported(env):
    """Binance refuses ResendRequest: the session carries on from what it has and reports the loss."""
    async def main():
        got: list[FixMessage] = []
        gaps: list = []
        s = session(env, "plain", sender_comp_id="GAP2", on_message=got.append,
                    on_gap=lambda *a: gaps.append(a))
        await s.connect()
        acc = env["acceptors"]["plain"]
        conn = server_conn(env, "plain", "GAP2")

        def push():
            acc.lose_outbound(1)
            for i in range(3):
                conn.send("B", [(148, f"news {i}")])
        env["loop"].call(push)
        await eventually(lambda: len(got) == 2, 2)
        assert [m.get(148) for m in got] == ["news 1", "news 2"]
        assert gaps == [(2, 3)]
        await s.logout()
    asyncio.run(main())


def test_peer_resend_request_is_answered_with_a_gap_fill(env):
    async def main():
        s = session(env, "plain", sender_comp_id="GFILL")
        await s.connect()
        conn = server_conn(env, "plain", "GFILL")
        env["loop"].call(lambda: conn.send("2", [(7, 1), (16, 0)], admin=True))
        await asyncio.sleep(0.2)
        received = env["loop"].call(lambda: list(conn.received))
        fill = [m for m in received if m.msg_type == "4"]
        assert fill and fill[0].get(123) == "Y" and fill[0].get(43) == "Y" and fill[0].seq_num == 1
        assert int(fill[0].get(36)) == s.next_out  # the MsgSeqNum our next message will carry
        await s.logout()
    asyncio.run(main())


def test_dropped_connection_reconnects_with_fresh_sequence_numbers(env):
    async def main():
        s = session(env, "plain", sender_comp_id="DROP1", heartbeat_interval=5)
        await s.connect()
        await s.test_request()
        assert s.next_out == 3
        env["acceptors"]["plain"].drop_connections()
        exc = await asyncio.wait_for(s.wait_closed(), 5)
        assert isinstance(exc, FixConnectionLost)
        s.sender_comp_id = "DROP2"  # the exchange blocks an unclean SenderCompID for 2 x HeartBtInt
        await s.connect()  # ResetSeqNumFlag=Y: both sides start again at 1
        assert (s.next_out, s.next_in) == (2, 2)
        conn = server_conn(env, "plain", "DROP2")
        assert [m.seq_num for m in env["loop"].call(lambda: list(conn.received))] == [1]
        await s.test_request()
        assert [m.seq_num for m in env["loop"].call(lambda: list(conn.received))] == [1, 2]
        await s.logout()
    asyncio.run(main())


def test_message_limit_enforced_client_side(env):
    async def main():
        s = session(env, "tight", sender_comp_id="LIMIT")
        s.limiter.limit = 20  # the tight acceptor's limit (the exchange's are in MESSAGE_LIMITS)
        await s.connect()
        sent = 0
        with pytest.raises(FixMessageLimitError):
            for _ in range(100):
                s.send("XLQ", [(6136, f"q{sent}")])
                sent += 1
        assert sent == 20 - 2 - 1  # logon counted; three slots kept for the session
        await asyncio.sleep(0.2)
        assert s.logged_on  # never breached: the acceptor did not log us out
        await s.logout()
    asyncio.run(main())


def test_malformed_frame_is_reported_and_the_stream_goes_on(env):
    async def main():
        errors: list = []
        got: list[FixMessage] = []
        s = session(env, "resend", sender_comp_id="BADF", on_error=errors.append, on_message=got.append)
        await s.connect()
        conn = server_conn(env, "resend", "BADF")

        def push():
            conn.send("B", [(148, "before")])
            conn.flush()
            conn.writer.write(b"8=FIX.4.4\x019=5\x0135=0\x0110=999\x01")  # garbage between two good frames
            conn.send("B", [(148, "after")])
        env["loop"].call(push)
        await eventually(lambda: len(got) == 2, 2)
        assert [m.get(148) for m in got] == ["before", "after"] and s.logged_on
        assert len(errors) == 1 and errors[0].field == "10" and s.decode_errors == 1
        await s.logout()
    asyncio.run(main())


def test_logout_by_the_exchange_is_reported(env):
    async def main():
        s = session(env, "plain", sender_comp_id="KICK")
        await s.connect()
        conn = server_conn(env, "plain", "KICK")
        env["loop"].call(conn.logout, "Maintenance.")
        exc = await asyncio.wait_for(s.wait_closed(), 5)
        assert isinstance(exc, FixConnectionLost) and "Maintenance." in str(exc)
    asyncio.run(main())


def test_test_request_from_the_peer_is_answered(env):
    async def main():
        s = session(env, "plain", sender_comp_id="TREQ")
        await s.connect()
        conn = server_conn(env, "plain", "TREQ")
        env["loop"].call(lambda: conn.send("1", [(112, "ping-42")], admin=True))
        for _ in range(100):
            beats = [m for m in env["loop"].call(lambda: list(conn.received)) if m.msg_type == "0"]
            if beats:
                break
            await asyncio.sleep(0.02)
        assert beats and beats[0].get(112) == "ping-42"
        await s.logout()
    asyncio.run(main())


def test_silent_exchange_is_detected_by_test_request(env):
    """Nothing heard for HeartBtInt: a TestRequest; no Heartbeat back within HeartBtInt: the connection is dead."""
    async def main():
        s = session(env, "plain", sender_comp_id="HUNG")
        await s.connect()
        acc = env["acceptors"]["plain"]
        conn = server_conn(env, "plain", "HUNG")
        s._tasks[-1].cancel()  # restart the heartbeat timer with a short interval (5 s is the protocol minimum)
        s.heartbeat_interval = 0.3
        s._tasks.append(asyncio.get_running_loop().create_task(s._heartbeat_loop()))
        acc.silent = True
        try:
            exc = await asyncio.wait_for(s.wait_closed(), 5)
        finally:
            acc.reset_faults()
        assert isinstance(exc, FixConnectionLost) and "TestRequest" in str(exc)
        assert "1" in [m.msg_type for m in env["loop"].call(lambda: list(conn.received))]
    asyncio.run(main())


def test_sequence_reset_moves_the_expected_number(env):
    async def main():
        got: list[FixMessage] = []
        s = session(env, "plain", sender_comp_id="SRESET", on_message=got.append)
        await s.connect()
        conn = server_conn(env, "plain", "SRESET")

        def push():
            conn.send("4", [(36, 50)], admin=True, seq=conn.next_out)  # SequenceReset-Reset: no gap check
            conn.next_out = 50
            conn.send("B", [(148, "at fifty")])
        env["loop"].call(push)
        await eventually(lambda: got, 2)
        assert got[0].seq_num == 50 and s.next_in == 51
        await s.logout()
    asyncio.run(main())
