"""FIX application messages against the docs' samples: order fields, ExecutionReport / ListStatus -> stream models,
LimitResponse, InstrumentList, market-data diffs (fragmented) into a book, trades."""

from __future__ import annotations

import numpy as np
import pytest

from binance_fast.fix.codec import FixMessage, encode, parse_frame
from binance_fast.fix.events import (
    event_classes,
    instruments,
    limit_response,
    order_type_name,
    to_execution_report,
    to_list_status,
)
from binance_fast.fix.market_data import FixDepthBook, FixMarketDataClient
from binance_fast.fix.order_entry import list_fields, order_fields

from fix_support import new_ed25519


def msg(text: str) -> FixMessage:
    """A docs sample (``|`` for SOH) as a parsed message; BodyLength/CheckSum recomputed (the docs' are hand-made)."""
    from binance_fast.fix._codec_py import encode_message

    body = text[text.index("35="):text.rindex("|10=")]
    parts = [p.split("=", 1) for p in body.split("|")]
    fields, _ = parse_frame(encode_message(parts[0][1], [(int(t), v) for t, v in parts[1:]]))
    return FixMessage.from_frame(fields)


def test_new_order_single_fields_are_the_docs_sample():
    sample = msg("8=FIX.4.4|9=114|35=D|34=2|49=qNXO12fH|52=20240611-09:01:46.228|56=SPOT|11=1718096506197867067|"
                 "38=5|40=2|44=10|54=1|55=LTCBNB|59=4|10=016|")
    fields = order_fields({"symbol": "LTCBNB", "side": "BUY", "type": "LIMIT", "quantity": 5, "price": 10,
                           "timeInForce": "FOK"}, "1718096506197867067")
    assert fields == [(t, v) for t, v in sample.fields if t not in (34, 49, 52, 56)]


@pytest.mark.parametrize(
    ("type_", "side", "extra", "expected"),
    [
        ("MARKET", "SELL", {"quoteOrderQty": "100"}, {40: "1", 152: "100"}),
        ("LIMIT_MAKER", "BUY", {"quantity": 1, "price": "2.5"}, {40: "2", 18: "6", 44: "2.5"}),
        ("STOP_LOSS", "BUY", {"quantity": 1, "stopPrice": 3}, {40: "3", 1100: "4", 1101: "1", 1102: "3", 1107: "2",
                                                             1109: "U"}),
        ("STOP_LOSS", "SELL", {"quantity": 1, "stopPrice": 3}, {1109: "D"}),
        ("TAKE_PROFIT", "BUY", {"quantity": 1, "stopPrice": 3}, {40: "3", 1109: "D"}),
        ("TAKE_PROFIT_LIMIT", "SELL", {"quantity": 1, "stopPrice": 3, "price": 3, "timeInForce": "GTC"},
         {40: "4", 1109: "U", 59: "1"}),
        ("TAKE_PROFIT", "SELL", {"quantity": 1, "trailingDelta": 100}, {40: "3", 25009: 100}),  # no direction
        ("STOP_LOSS_LIMIT", "SELL", {"quantity": 1, "trailingDelta": 50, "price": 2, "timeInForce": "IOC"},
         {40: "4", 1109: "D", 25009: 50, 59: "3"}),
    ],
)
def test_order_types_follow_the_docs_table(type_, side, extra, expected):
    fields = dict(order_fields({"symbol": "btcusdt", "side": side, "type": type_, **extra}, "cid1"))
    for tag, value in expected.items():
        assert fields[tag] == value, tag
    if type_ == "TAKE_PROFIT" and "trailingDelta" in extra:
        assert 1109 not in fields
    assert fields[55] == "BTCUSDT"
    # and the report decoder reads the type back
    assert order_type_name(fields[40], fields[54], fields.get(18), fields.get(1109)) == type_


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"type": "LIMIT", "quantity": 1, "price": 1}, "timeInForce"),
        ({"type": "LIMIT", "quantity": 1, "timeInForce": "GTC"}, "price"),
        ({"type": "MARKET"}, "exactly one"),
        ({"type": "STOP_LOSS", "quantity": 1}, "stopPrice or trailingDelta"),
        ({"type": "MARKET", "quantity": 1, "price": 3}, "no price"),
        ({"type": "LIMIT", "quantity": 1, "price": 1, "timeInForce": "GTX"}, "timeInForce must be"),
        ({"type": "LIMIT", "quantity": 1, "price": 1, "timeInForce": "GTC", "bogus": 1}, "unknown"),
        ({"type": "LIMIT", "quantity": float("nan"), "price": 1, "timeInForce": "GTC"}, "quantity"),
    ],
)
def test_bad_orders_are_refused_before_sending(params, error):
    with pytest.raises(ValueError, match=error):
        order_fields({"symbol": "BTCUSDT", "side": "BUY", **params}, "cid")
    with pytest.raises(ValueError, match="newClientOrderId"):
        order_fields({"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": 1}, "bad id!")


def test_new_order_list_matches_the_docs_sample():
    sample = msg("8=FIX.4.4|9=236|35=E|34=2|49=Eg13pOvN|52=20240607-02:19:07.836|56=SPOT|73=2|11=w1717726747805308656|"
                 "55=LTCBNB|54=2|38=1|40=2|44=0.25|59=1|11=p1717726747805308656|55=LTCBNB|54=2|38=1|40=1|25010=1|"
                 "25011=3|25012=0|25013=1|1385=2|25014=1717726747805308656|10=171|")
    fields = list_fields("OTO", [
        {"symbol": "LTCBNB", "side": "SELL", "type": "LIMIT", "quantity": 1, "price": "0.25", "timeInForce": "GTC",
         "newClientOrderId": "w1717726747805308656"},
        {"symbol": "LTCBNB", "side": "SELL", "type": "MARKET", "quantity": 1, "newClientOrderId": "p1717726747805308656",
         "triggers": [("FILLED", 0, "RELEASE")]},
    ], "1717726747805308656", lambda: "unused")
    ours = FixMessage.from_frame(parse_frame(encode("E", fields))[0])
    assert ours.get(1385) == sample.get(1385) and ours.get(25014) == sample.get(25014)
    assert ours.group(73) == sample.group(73)


def test_execution_report_sample_becomes_the_stream_event():
    er = msg("8=FIX.4.4|9=330|35=8|34=2|49=SPOT|52=20240611-09:01:46.228950|56=qNXO12fH|11=1718096506197867067|"
             "14=0.00000000|17=144|32=0.00000000|37=76|38=5.00000000|39=0|40=2|44=10.00000000|54=1|55=LTCBNB|59=4|"
             "60=20240611-09:01:46.228000|150=0|151=5.00000000|636=Y|1057=Y|25001=1|25017=0.00000000|"
             "25018=20240611-09:01:46.228000|25023=20240611-09:01:46.228000|10=095|")
    event = to_execution_report(er)
    assert isinstance(event, event_classes()["ExecutionReport"])
    assert (event.symbol, event.side, event.order_type, event.time_in_force) == ("LTCBNB", "BUY", "LIMIT", "FOK")
    assert (event.execution_type, event.order_status, event.order_id, event.execution_id) == ("NEW", "NEW", 76, 144)
    assert (event.quantity, event.price, event.cumulative_filled_quantity) == (5.0, 10.0, 0.0)
    assert event.client_order_id == "1718096506197867067" and event.order_list_id == -1
    assert event.transaction_time == 1718096506228 and event.order_creation_time == 1718096506228
    assert event.is_on_book and not event.is_maker and event.self_trade_prevention_mode == "NONE"
    assert event.working_time == 1718096506228 and event.trade_id == -1


def test_trade_report_with_fees_and_stp_expiry():
    base = [(35, "8"), (34, 3), (49, "SPOT"), (52, "20240611-09:01:46.300000"), (56, "X"), (11, "c1"), (14, "2"),
            (17, 5), (31, "10.5"), (32, "2"), (37, 9), (38, "5"), (39, "1"), (40, "2"), (44, "11"), (54, "2"),
            (55, "BTCUSDT"), (59, "1"), (60, "20240611-09:01:46.299000"), (150, "F"), (151, "3"), (1003, 77),
            (1057, "N"), (136, 1), (137, "0.021"), (138, "USDT"), (139, 4), (25017, "21")]
    event = to_execution_report(FixMessage("8", [(t, str(v)) for t, v in base[1:]]))
    assert (event.execution_type, event.order_status, event.trade_id) == ("TRADE", "PARTIALLY_FILLED", 77)
    assert (event.last_executed_price, event.last_executed_quantity, event.last_quote_quantity) == (10.5, 2.0, 21.0)
    assert event.is_maker and event.commission == 0.021 and event.commission_asset == "USDT"
    stp = dict(base[1:])
    stp.update({150: "C", 39: "C", 25024: 3, 25030: "1"})
    event = to_execution_report(FixMessage("8", [(t, str(v)) for t, v in stp.items()]))
    assert event.execution_type == "TRADE_PREVENTION" and event.prevented_match_id == 3


def test_list_status_sample_becomes_the_stream_event():
    ls = msg("8=FIX.4.4|9=293|35=N|34=2|49=SPOT|52=20240607-02:19:07.837191|56=Eg13pOvN|55=BTCUSDT|"
             "60=20240607-02:19:07.836000|66=25|73=2|55=BTCUSDT|37=52|11=w1717726747805308656|55=BTCUSDT|37=53|"
             "11=p1717726747805308656|25010=1|25011=3|25012=0|25013=1|429=4|431=3|1385=2|"
             "25014=1717726747805308656|25015=1717726747805308656|10=162|")
    event = to_list_status(ls)
    assert (event.order_list_id, event.contingency_type, event.list_status_type, event.list_order_status) == (
        25, "OTO", "EXEC_STARTED", "EXECUTING")
    assert [(o.order_id, o.client_order_id) for o in event.orders] == [(52, "w1717726747805308656"),
                                                                        (53, "p1717726747805308656")]
    assert event.list_client_order_id == "1717726747805308656" and event.transaction_time == 1717726747836


def test_limit_response_and_instrument_list_samples():
    xlr = msg("8=FIX.4.4|9=225|35=XLR|34=2|49=SPOT|52=20240614-05:42:42.724057|56=uGnG0ef8|6136=1718343762723730315|"
              "25003=3|25004=2|25005=1|25006=1000|25007=10|25008=s|25004=1|25005=0|25006=200|25007=10|25008=s|"
              "25004=1|25005=0|25006=200000|25007=1|25008=d|10=241|")
    limits = limit_response(xlr)
    assert limits.request_id == "1718343762723730315"
    assert [(x.limit_type, x.count, x.limit, x.interval, x.interval_unit) for x in limits.limits] == [
        ("MESSAGE_LIMIT", 1, 1000, 10, "SECOND"), ("ORDER_LIMIT", 0, 200, 10, "SECOND"),
        ("ORDER_LIMIT", 0, 200000, 1, "DAY")]
    y = msg("8=FIX.4.4|9=218|35=y|49=SPOT|56=BMDWATCH|34=2|52=20250114-08:46:56.100147|320=BTCUSDT_INFO|146=1|"
            "55=BTCUSDT|15=USDT|562=0.00001000|1140=9000.00000000|25039=0.00001000|25040=0.00000001|"
            "25041=76.79001236|25042=0.00000001|969=0.01000000|10=093|")
    (btc,) = instruments(y)
    assert btc.symbol == "BTCUSDT" and btc.quote_asset == "USDT" and str(btc.price_step) == "0.01000000"
    assert str(btc.market_max_quantity) == "76.79001236"


class RecordingBook:
    """Stands in for DepthBook: records what it is fed."""

    def __init__(self) -> None:
        self.snapshots: list = []
        self.diffs: list = []
        self.is_synced = False

    def load_snapshot(self, last_update_id, bids, asks):
        self.snapshots.append((last_update_id, np.asarray(bids).tolist(), np.asarray(asks).tolist()))
        self.is_synced = True

    def apply_diff(self, first, last, prev, bids, asks):
        self.diffs.append((first, last, prev, np.asarray(bids).tolist(), np.asarray(asks).tolist()))
        return True

    def invalidate(self, reason="invalidated"):
        self.is_synced = False


DEPTH_FRAGMENTS = [
    "8=FIX.4.4|9=156|35=X|34=12|49=SPOT|52=20250116-19:45:31.774162|56=EXAMPLE|262=id|268=2|279=2|270=362.00|269=0|"
    "55=BNBBUSD|25043=1143|25044=1145|279=2|270=313.00|269=0|893=N|10=047|",
    "8=FIX.4.4|9=171|35=X|34=13|49=SPOT|52=20250116-19:45:31.774263|56=EXAMPLE|262=id|268=2|279=2|270=284.00|269=0|"
    "55=BNBBUSD|25043=1143|25044=1145|279=1|270=264.00|271=3.00000000|269=0|893=N|10=239|",
    "8=FIX.4.4|9=149|35=X|34=14|49=SPOT|52=20250116-19:45:31.774281|56=EXAMPLE|262=id|268=1|279=1|270=395.00|"
    "271=19.00000000|269=1|55=BNBBUSD|25043=1143|25044=1145|893=Y|10=024|",
]


def test_fragmented_depth_diff_is_applied_once_whole():
    book = FixDepthBook("BNBBUSD", 10, RecordingBook())
    book.load_snapshot(msg("8=FIX.4.4|9=0|35=W|34=11|49=SPOT|52=20250116-19:45:31.700000|56=EXAMPLE|262=id|"
                           "55=BNBBUSD|25044=1142|268=2|269=0|270=362.00|271=1|269=1|270=395.00|271=2|10=000|"))
    assert book.book.snapshots == [(1142, [[362.0, 1.0]], [[395.0, 2.0]])]
    for text in DEPTH_FRAGMENTS[:2]:
        book.apply(msg(text))
    assert book.book.diffs == []  # fragments wait for the last one
    book.apply(msg(DEPTH_FRAGMENTS[2]))
    assert book.book.diffs == [(1143, 1145, -1, [[362.0, 0.0], [313.0, 0.0], [284.0, 0.0], [264.0, 3.0]],
                                [[395.0, 19.0]])]


def test_depth_diffs_into_the_real_book_and_a_gap_resubscribes():
    book_mod = pytest.importorskip("binance_fast.book", reason="binance_fast.book (DepthBook) not merged yet")
    from binance_fast.errors import SequenceGap

    book = FixDepthBook("BNBBUSD", 10, book_mod.DepthBook("spot"))
    book.load_snapshot(msg("8=FIX.4.4|9=0|35=W|34=11|49=SPOT|52=20250116-19:45:31.700000|56=EXAMPLE|262=id|"
                           "55=BNBBUSD|25044=1142|268=2|269=0|270=362.00|271=1|269=1|270=395.00|271=2|10=000|"))
    for text in DEPTH_FRAGMENTS:
        book.apply(msg(text))
    assert book.best_bid == (264.0, 3.0) and book.best_ask == (395.0, 19.0)
    gap = ("8=FIX.4.4|9=0|35=X|34=15|49=SPOT|52=20250116-19:45:31.874281|56=EXAMPLE|262=id|268=1|279=1|270=396.00|"
           "271=1|269=1|55=BNBBUSD|25043=1150|25044=1151|10=000|")
    with pytest.raises(SequenceGap):
        book.apply(msg(gap))

    signer, _ = new_ed25519()
    client = FixMarketDataClient("key", signer, host="127.0.0.1", port=1)
    sent: list = []
    client.session.send = lambda mt, fields: sent.append((mt, dict(fields))) or len(sent)  # type: ignore[assignment]
    managed = client.subscribe_depth("BNBBUSD", 10, req_id="d1")
    managed.book = book_mod.DepthBook("spot")
    client._dispatch(msg("8=FIX.4.4|9=0|35=W|34=2|49=SPOT|52=20250116-19:45:31.700000|56=EXAMPLE|262=d1|"
                         "55=BNBBUSD|25044=1142|268=2|269=0|270=362.00|271=1|269=1|270=395.00|271=2|10=000|"))
    assert managed.is_synced
    client._dispatch(msg(gap.replace("262=id", "262=d1")))
    assert not managed.is_synced and managed.resyncs == 1  # never a silently wrong book
    assert [(mt, f[263]) for mt, f in sent] == [("V", "1"), ("V", "2"), ("V", "1")]  # unsubscribe, subscribe again
    assert sent[-1][1][262] != "d1" and managed.req_id == sent[-1][1][262]


def test_trade_stream_fragments_become_trade_events():
    signer, _ = new_ed25519()
    client = FixMarketDataClient("key", signer, host="127.0.0.1", port=1, book_factory=RecordingBook)
    client.session.send = lambda mt, fields: 1  # type: ignore[assignment]
    client.subscribe_trades("BNBBUSD", req_id="id")
    client._dispatch(msg(
        "8=FIX.4.4|9=237|35=X|34=114|49=SPOT|52=20250116-19:36:44.544549|56=EXAMPLE|262=id|268=2|279=0|270=240.00|"
        "271=3.00000000|269=2|55=BNBBUSD|60=20250116-19:36:44.196569|1003=67|279=0|270=238.00|271=2.00000000|269=2|"
        "60=20250116-19:36:44.196569|1003=68|893=N|10=180|"))
    client._dispatch(msg(
        "8=FIX.4.4|9=163|35=X|34=115|49=SPOT|52=20250116-19:36:44.544659|56=EXAMPLE|262=id|268=1|279=0|270=233.00|"
        "271=1.00000000|269=2|55=BNBBUSD|60=20250116-19:36:44.196569|1003=69|893=Y|10=243|"))
    trades = [client._events.get_nowait() for _ in range(3)]
    assert isinstance(trades[0], event_classes()["Trade"])
    assert [(t.trade_id, t.price, t.quantity, t.symbol) for t in trades] == [
        (67, 240.0, 3.0, "BNBBUSD"), (68, 238.0, 2.0, "BNBBUSD"), (69, 233.0, 1.0, "BNBBUSD")]
    assert trades[0].trade_time == 1737056204196
