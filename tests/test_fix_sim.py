"""FIX end to end against the simulator over TLS: an order's whole lifecycle on fix-oe, mirrored on fix-dc and on
the user-data stream; rejects as typed errors; a lost report recovered by ResendRequest; a dropped connection
that resumes with fresh sequence numbers; fix-md instruments, book and trades."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import pytest

from binance_fast.errors import UnknownOutcomeError
from binance_fast.fix import (
    FixCancelRejectedError,
    FixDropCopyClient,
    FixMarketDataClient,
    FixOrderEntryClient,
    FixOrderRejectedError,
    FixRejectError,
)
from binance_fast.fix.errors import FixAmendRejectedError
from binance_fast.streams import decode

from fix_support import eventually, make_tls, new_ed25519

sim_module = pytest.importorskip("binance_fast.sim.simulator", reason="the simulator is not merged yet")
aiohttp = pytest.importorskip("aiohttp")
from binance_fast.sim.fix import FixAcceptor  # noqa: E402

SYMBOL = "BTCUSDT"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    server_ctx, client_ctx, _ = make_tls(tmp_path_factory.mktemp("tls"))
    sim = sim_module.Simulator(seed=11, tick_interval=0.02)
    sim.start()
    signer, public_pem = new_ed25519()
    api_key = "FixE2E" + "k" * 58
    sim.add_account(api_key, public_key_pem=public_pem)
    acceptors = {
        "oe": FixAcceptor(sim.exchange, "oe", ssl_context=server_ctx).attach(sim),
        "dc": FixAcceptor(sim.exchange, "dc", ssl_context=server_ctx).attach(sim),
        "md": FixAcceptor(sim.exchange, "md", ssl_context=server_ctx).attach(sim),
        "resend": FixAcceptor(sim.exchange, "oe", ssl_context=server_ctx, supports_resend=True).attach(sim),
    }
    yield {"sim": sim, "ctx": client_ctx, "signer": signer, "api_key": api_key, "acc": acceptors}
    for acc in acceptors.values():
        acc.detach()
    sim.stop()


def client(env, cls=FixOrderEntryClient, acceptor="oe", **kw):
    kw.setdefault("request_timeout", 5.0)
    return cls(env["api_key"], env["signer"], host="127.0.0.1", port=env["acc"][acceptor].port,
               ssl_context=env["ctx"], **kw)


def best(env) -> tuple[Decimal, Decimal]:
    _, bids, asks = env["sim"].book("spot", SYMBOL, 5)
    return Decimal(bids[0][0]), Decimal(asks[0][0])


async def drain(queue_client, until, timeout=5.0) -> list:
    out = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not until(out):
        out.append(await queue_client.next_event(max(0.01, deadline - loop.time())))
    return out


# what a bot's handler reads: the same on FIX and on the user-data stream (client ids differ by design: on FIX a
# cancel's report carries the cancel request's ClOrdID)
KEY = ("symbol", "order_id", "execution_id", "side", "order_type", "execution_type", "order_status", "quantity",
       "price", "last_executed_quantity", "last_executed_price", "cumulative_filled_quantity",
       "cumulative_quote_quantity", "trade_id", "commission", "commission_asset", "is_maker", "transaction_time",
       "order_creation_time")


def key_of(event) -> tuple:
    return tuple(getattr(event, k) for k in KEY)


def test_order_lifecycle_over_fix_matches_drop_copy_and_the_user_data_stream(env):
    sim = env["sim"]

    async def main():
        async with aiohttp.ClientSession() as http:
            r = await http.post(sim.base_url + "/api/v3/userDataStream", headers={"X-MBX-APIKEY": env["api_key"]})
            listen_key = (await r.json())["listenKey"]
            ws = await http.ws_connect(sim.stream_url + "/ws/" + listen_key)
            async with client(env) as oe, client(env, FixDropCopyClient, "dc") as dc:
                bid, ask = best(env)
                # a resting order: placed, amended down keeping priority, canceled
                new = await oe.new_order(SYMBOL, "BUY", "LIMIT", timeInForce="GTC", quantity="0.01",
                                         price=str(bid - 300))
                assert (new.execution_type, new.order_status, new.is_on_book) == ("NEW", "NEW", True)
                amended = await oe.amend_order_keep_priority(SYMBOL, "0.004", orderId=new.order_id)
                assert (amended.execution_type, amended.quantity) == ("REPLACED", 0.004)
                canceled = await oe.cancel_order(SYMBOL, orderId=new.order_id)
                assert (canceled.execution_type, canceled.order_status) == ("CANCELED", "CANCELED")
                # a taker: crosses the book and fills
                taker = await oe.new_order(SYMBOL, "BUY", "LIMIT", timeInForce="IOC", quantity="0.02",
                                           price=str(ask + 200))
                assert taker.order_id != new.order_id
                fix_events = await drain(oe, lambda ev: any(e.order_id == taker.order_id and e.order_status in (
                    "FILLED", "EXPIRED") for e in ev))
                fills = [e for e in fix_events if e.execution_type == "TRADE"]
                assert fills and all(e.last_executed_price > 0 and e.trade_id > 0 for e in fills)
                assert sum(e.last_executed_quantity for e in fills) == pytest.approx(fills[-1].cumulative_filled_quantity)
                # rejects are typed
                with pytest.raises(FixOrderRejectedError) as info:
                    await oe.new_order(SYMBOL, "BUY", "LIMIT", timeInForce="GTC", quantity="5", price=str(bid))
                assert info.value.code == -2010 and info.value.status is None
                with pytest.raises(FixRejectError) as info:
                    await oe.new_order("NOPEUSDT", "BUY", "MARKET", quantity="1")
                assert info.value.code == -1121 and info.value.ref_tag == 55
                with pytest.raises(FixCancelRejectedError) as info:
                    await oe.cancel_order(SYMBOL, orderId=new.order_id)
                assert info.value.code == -2011
                with pytest.raises(FixAmendRejectedError):
                    await oe.amend_order_keep_priority(SYMBOL, "0.001", orderId=new.order_id)
                # the simulator's engine has no contingent lists: refused the way the exchange refuses a list
                with pytest.raises(FixOrderRejectedError) as info:
                    await oe.new_order_list("OTO", [
                        {"symbol": SYMBOL, "side": "BUY", "type": "LIMIT", "quantity": "0.001",
                         "price": str(bid - 400), "timeInForce": "GTC"},
                        {"symbol": SYMBOL, "side": "SELL", "type": "LIMIT_MAKER", "quantity": "0.001",
                         "price": str(ask + 400), "triggers": [("FILLED", 0, "RELEASE")]}])
                assert info.value.code == -1013
                # mass cancel
                for i in range(2):
                    await oe.new_order(SYMBOL, "SELL", "LIMIT", timeInForce="GTC", quantity="0.001",
                                       price=str(ask + 1000 + i))
                report = await oe.cancel_open_orders(SYMBOL)
                assert report.canceled_orders == 2
                limits = await oe.limit_query()
                assert any(x.limit_type == "MESSAGE_LIMIT" and x.count > 0 for x in limits.limits)
                orders_10s = next(x for x in limits.limits if x.limit_type == "ORDER_LIMIT" and x.interval_unit == "SECOND")
                assert orders_10s.count >= 4 and orders_10s.limit == 100  # shared with REST: the account's count

                # every report of the session, once everything settled
                await asyncio.sleep(0.3)
                lists = []
                while not oe._events.empty():
                    event = oe._events.get_nowait()
                    (fix_events if type(event) is type(new) else lists).append(event)
                assert [(x.list_order_status, x.list_status_type) for x in lists] == [("REJECT", "RESPONSE")]
                all_fix = [new, amended, canceled, taker, *[e for e in fix_events if e is not taker]]
                fix_keys = {key_of(e) for e in all_fix if e.execution_type != "REJECTED"}
                dc_events = await drain(dc, lambda ev: {key_of(e) for e in ev} >= fix_keys, timeout=5)
                assert {key_of(e) for e in dc_events} == fix_keys  # the drop copy saw exactly the same
                stream = []
                while True:
                    try:
                        m = await ws.receive(timeout=1.0)
                    except asyncio.TimeoutError:
                        break
                    if json.loads(m.data).get("e") == "executionReport":
                        stream.append(decode(m.data))  # the streams' own decoder, the same model class
                assert stream and all(type(ev) is type(new) for ev in stream)
                stream_keys = {key_of(ev) for ev in stream}
                assert fix_keys == stream_keys, "FIX reports and the user-data stream must tell the same story"
            await ws.close()

    asyncio.run(main())


def test_lost_report_is_recovered_by_resend_request(env):
    async def main():
        async with client(env, acceptor="resend") as oe:
            bid, _ = best(env)
            env["acc"]["resend"].lose_outbound(1)  # the NEW report never leaves the exchange
            new = await oe.new_order(SYMBOL, "BUY", "LIMIT", timeInForce="GTC", quantity="0.001",
                                     price=str(bid - 500))
            assert new.execution_type == "NEW"  # ... and came back through ResendRequest + PossDup resend
            done = await oe.cancel_order(SYMBOL, orderId=new.order_id)
            assert done.order_status == "CANCELED"
            assert oe.session.next_in == next(c for c in env["acc"]["resend"].conns
                                              if c.comp_id == oe.session.sender_comp_id).next_out
    asyncio.run(main())


def test_dropped_connection_resumes_with_fresh_sequence_numbers(env):
    async def main():
        oe = client(env, reconnect_delay=0.05)
        await oe.connect()
        bid, _ = best(env)
        resting = await oe.new_order(SYMBOL, "BUY", "LIMIT", timeInForce="GTC", quantity="0.001",
                                     price=str(bid - 700))
        first_comp_id = oe.session.sender_comp_id
        assert oe.session.next_out == 3
        # an order in flight when the line drops has an unknown outcome, never a silent retry
        env["acc"]["oe"].lose_outbound(5)  # its answer never makes it out before the drop
        in_flight = asyncio.ensure_future(oe.new_order(SYMBOL, "BUY", "LIMIT", timeInForce="GTC",
                                                       quantity="0.001", price=str(bid - 710)))
        await asyncio.sleep(0.1)
        env["acc"]["oe"].drop_connections()
        env["acc"]["oe"].reset_faults()  # back to normal for the new session
        with pytest.raises(UnknownOutcomeError):
            await in_flight
        await oe.wait_connected(5)
        await asyncio.sleep(0.05)
        assert oe.reconnects == 1 and oe.session.sender_comp_id != first_comp_id
        assert (oe.session.next_out, oe.session.next_in) == (2, 2)  # a new session: both sides restarted at 1
        done = await oe.cancel_order(SYMBOL, orderId=resting.order_id)  # the exchange kept the order
        assert done.order_status == "CANCELED"
        conn = next(c for c in env["acc"]["oe"].conns if c.comp_id == oe.session.sender_comp_id)
        assert [m.seq_num for m in conn.received] == [1, 2]
        await oe.close()
    asyncio.run(main())


def test_market_data_instruments_and_trades(env):
    async def main():
        async with client(env, FixMarketDataClient, "md") as md:
            listed = await md.instrument_list()
            assert SYMBOL in {i.symbol for i in listed}
            (one,) = await md.instrument_list(SYMBOL)
            assert one.quote_asset == "USDT" and one.price_step == Decimal("0.01")
            with pytest.raises(FixRejectError):
                await md.instrument_list("NOPEUSDT")
            md.subscribe_trades(SYMBOL)
            ticker = md.subscribe_book_ticker(SYMBOL)
            events = await drain(md, lambda ev: sum(type(e).__name__ == "Trade" for e in ev) >= 3, timeout=10)
            trades = [e for e in events if type(e).__name__ == "Trade"]
            tickers = [e for e in events if type(e).__name__ == "BookTicker"]
            assert all(t.symbol == SYMBOL and t.price > 0 and t.trade_id > 0 for t in trades)
            assert [t.trade_id for t in trades] == sorted(t.trade_id for t in trades)
            assert tickers and all(0 < t.bid_price < t.ask_price for t in tickers)
            md.unsubscribe(ticker)
    asyncio.run(main())


def test_market_data_depth_book_converges_with_the_exchange(env):
    book_mod = pytest.importorskip("binance_fast.book", reason="binance_fast.book (DepthBook) not merged yet")
    sim = env["sim"]

    async def main():
        async with client(env, FixMarketDataClient, "md") as md:
            book = md.subscribe_depth(SYMBOL, 200)
            await eventually(lambda: book.is_synced, 2)
            assert book.is_synced and isinstance(book.book, book_mod.DepthBook)
            await asyncio.sleep(0.5)  # diffs flow
            sim.pause_market()
            try:
                await asyncio.sleep(0.4)  # the last diff goes out
                _, bids, asks = sim.book("spot", SYMBOL, 10)
                assert book.best_bid == (float(bids[0][0]), float(bids[0][1]))
                assert book.best_ask == (float(asks[0][0]), float(asks[0][1]))
                assert book.bids(10)[:, 0].tolist() == [float(p) for p, _ in bids]
            finally:
                sim.resume_market()
            assert book.resyncs == 0
    asyncio.run(main())


def test_maintenance_news_rolls_over_to_a_new_session(env):
    """News <B> (maintenance): a new session logs on first, then the old one logs out; orders live on."""
    async def main():
        news: list[str] = []
        oe = client(env, on_news=news.append)
        await oe.connect()
        bid, _ = best(env)
        resting = await oe.new_order(SYMBOL, "BUY", "LIMIT", timeInForce="GTC", quantity="0.001",
                                     price=str(bid - 900))
        old_comp_id = oe.session.sender_comp_id
        env["acc"]["oe"].announce("You'll be disconnected in 600 seconds. Please reconnect.")
        await eventually(lambda: oe.reconnects == 1 and not oe._rolling, 4)
        assert news and oe.reconnects == 1 and oe.session.sender_comp_id != old_comp_id
        live = {c.comp_id for c in env["acc"]["oe"].conns if c.logged_on}
        assert oe.session.sender_comp_id in live and old_comp_id not in live  # the old one logged out
        while not oe._events.empty():
            oe._events.get_nowait()
        done = await oe.cancel_order(SYMBOL, orderId=resting.order_id)
        assert done.order_status == "CANCELED"
        await asyncio.sleep(0.1)
        pushed = [oe._events.get_nowait() for _ in range(oe._events.qsize())]
        assert [e.execution_type for e in pushed] == ["CANCELED"]
        await oe.close()
    asyncio.run(main())


def test_rollover_overlap_delivers_each_push_once():
    signer, _ = new_ed25519()
    oe = FixOrderEntryClient("key", signer, host="127.0.0.1", port=1)
    report = type("ExecutionReport", (), {"symbol": "BTCUSDT", "order_id": 1, "execution_id": 7,
                                          "execution_type": "TRADE"})()
    oe._overlap = set()
    oe._emit(report)
    oe._emit(report)  # the same push through the second session
    assert oe._events.qsize() == 1
