"""What the sync and asyncio stream clients share: hosts, stream bookkeeping, delivery, the rollover join,
recording, backoff and state reporting. Transport-free: the clients feed it frames and call its hooks."""

from __future__ import annotations

import base64
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .. import streams as _streams
from ..errors import FrameDecodeError

try:
    from .._frames import sniff as _sniff
except ImportError:  # pragma: no cover - unbuilt checkout
    from .._frames_py import sniff as _sniff

log = logging.getLogger("binance_fast.ws")

# production stream hosts (tests pass the simulator's base_url instead)
STREAM_HOSTS = {
    "spot": "wss://stream.binance.com:9443",
    "usdm": "wss://fstream.binance.com",
    "coinm": "wss://dstream.binance.com",
    "options": "wss://nbstream.binance.com/eoptions",
    "pm": "wss://fstream.binance.com/pm",
    "pmpro": "wss://fstream.binance.com/pm-classic",
}
SBE_STREAM_HOST = "wss://stream-sbe.binance.com:9443"  # SBE market-data streams (spot only)
# incoming-message limits of the exchange per connection and second; we stay under them
MESSAGE_LIMITS = {"spot": 5, "usdm": 10, "coinm": 10, "options": 10, "pm": 10, "pmpro": 10}
MAX_STREAMS_PER_CONNECTION = 1024
URL_STREAMS = 100  # streams put in the connect URL; the rest go by SUBSCRIBE

KIND_COMBINED = 2
KIND_REPLY = 4

STATES = ("connecting", "connected", "subscribed", "unsubscribed", "reconnecting", "resubscribed", "stalled",
          "rollover", "rolled_over", "overflow", "closed")


class Message(NamedTuple):
    """One delivered event: the stream it came on, the decoded event, and when its frame arrived (ns)."""

    stream: str | None
    event: Any
    received_ns: int


class Stats:
    """Counters a bot can watch (all monotonic)."""

    __slots__ = ("frames", "events", "decode_errors", "overflows", "duplicates_dropped", "reconnects", "stalls",
                 "rollovers")
    frames: int
    events: int
    decode_errors: int  # frames refused by the decoder (FrameDecodeError), reported and skipped
    overflows: int
    duplicates_dropped: int
    reconnects: int
    stalls: int
    rollovers: int

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __repr__(self) -> str:
        return f"Stats({', '.join(f'{k}={v}' for k, v in self.as_dict().items())})"


def backoff_delays(base: float, cap: float) -> Iterator[float]:
    """Exponential backoff with full jitter in [d/2, d]: base, 2*base, ... capped at cap."""
    attempt = 0
    while True:
        delay = min(cap, base * (2 ** attempt))
        yield delay * (0.5 + random.random() / 2)
        attempt = min(attempt + 1, 30)


def stream_url(base: str, streams: Iterable[str]) -> str:
    names = list(streams)[:URL_STREAMS]
    return f"{base.rstrip('/')}/stream" + (f"?streams={'/'.join(names)}" if names else "")


class Pacer:
    """Keeps outgoing control messages of one connection under the exchange's per-second limit."""

    def __init__(self, per_second: int):
        # one slot kept free for pongs, which count too
        self.per_second = max(1, per_second - 1)
        self.sent: deque[float] = deque()

    def delay(self) -> float:
        """Seconds to wait before the next message may go (and books it)."""
        now = time.monotonic()
        while self.sent and now - self.sent[0] >= 1.0:
            self.sent.popleft()
        wait = 0.0
        if len(self.sent) >= self.per_second:
            wait = 1.0 - (now - self.sent[0]) + 0.01
        self.sent.append(now + wait)
        return wait


BINARY_MARK = b"b64:"  # a recorded binary (SBE) frame: base64 after this marker (JSON text never starts so)


class SbeDecoder:
    """Binary frames of stream-sbe: the compiled schema 1:0 decoder, routed by message type and symbol to
    ``<symbol>@trade|bestBidAsk|depth|depth20``.

    ``raw=False`` (default) gives the JSON streams' models (``DepthUpdate``, ``PartialDepth``, ``BookTicker``,
    one ``Trade`` per trade); ``raw=True`` the decoded SBE objects themselves (faster: no second object;
    ``DepthBook.apply`` takes a ``DepthDiffStreamEvent`` as it is, and its attributes are the models' names).
    """

    def __init__(self, raw: bool = False):
        from .. import _sbe_stream as s
        from ..sbe.streams import to_models

        self.decode_event = s.decode
        self.raw = raw
        self.to_models = to_models
        self.trades_type = s.TradesStreamEvent
        suffixes = {s.TradesStreamEvent: "@trade", s.BestBidAskStreamEvent: "@bestBidAsk",
                    s.DepthDiffStreamEvent: "@depth", s.DepthSnapshotStreamEvent: "@depth20"}
        # per message type: symbol -> stream name (built once per symbol; no lower() per frame)
        self.names: dict[type, tuple[str, dict[str, str]]] = {t: (sfx, {}) for t, sfx in suffixes.items()}

    def stream_of(self, event: Any) -> str:
        suffix, names = self.names[type(event)]
        symbol = event.symbol
        name = names.get(symbol)
        if name is None:
            name = names[symbol] = symbol.lower() + suffix
        return name

    def decode(self, frame: bytes) -> tuple[str, list[Any]]:
        """(stream, events) of one binary frame; raises FrameDecodeError for a bad one."""
        event = self.decode_event(frame)
        stream = self.stream_of(event)
        if self.raw:
            return stream, [event]
        out = self.to_models(event)
        return stream, (out if type(event) is self.trades_type else [out])


class Recorder:
    """``record=path``: one line per raw frame, ``<receive time ns> <frame>``, in arrival order; a binary
    (SBE) frame is written ``<receive time ns> b64:<base64 of the frame>``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._file = open(self.path, "ab", buffering=1 << 16)  # noqa: SIM115 (closed by close())
        self._lock = threading.Lock()

    def write(self, received_ns: int, frame: bytes | str, binary: bool = False) -> None:
        data = frame.encode() if isinstance(frame, str) else frame
        if binary:
            data = BINARY_MARK + base64.b64encode(data)
        with self._lock:
            self._file.write(b"%d %s\n" % (received_ns, data.replace(b"\n", b" ")))

    def close(self) -> None:
        with self._lock:
            self._file.close()


def replay(path: str | Path, product: str = "spot", *, decimal: bool = False,
           errors: str = "raise", sbe_raw: bool = False) -> Iterator[Message]:
    """Plays a ``record=`` file back through the same decoders, at full speed, as Messages.

    Subscription replies are skipped; ``errors="skip"`` skips malformed frames instead of raising. Recorded
    SBE frames (``b64:``) go through the SBE decoder and routing of ``StreamClient(sbe=True, sbe_raw=...)``.
    """
    decoder = _streams.StreamDecoder(product, decimal=decimal)
    sbe: SbeDecoder | None = None
    with open(path, "rb") as f:
        for line in f:
            stamp, _, frame = line.rstrip(b"\n").partition(b" ")
            if frame.startswith(BINARY_MARK):
                if sbe is None:
                    sbe = SbeDecoder(sbe_raw)
                try:
                    name, events = sbe.decode(base64.b64decode(frame[len(BINARY_MARK):]))
                except FrameDecodeError:
                    if errors == "skip":
                        continue
                    raise
                for event in events:
                    yield Message(name, event, int(stamp))
                continue
            kind, stream = _sniff(frame)
            if kind == KIND_REPLY:
                continue
            try:
                event = decoder.decode(frame)
            except FrameDecodeError:
                if errors == "skip":
                    continue
                raise
            yield Message(stream if kind == KIND_COMBINED else None, event, int(stamp))


class Rollover:
    """Joins a new connection onto an old one carrying the same streams, without a gap or a duplicate.

    Per stream, until joined: the old connection keeps delivering and its recent frames are remembered; the
    new one's frames are held. The join point is the first frame both have: if the new one is ahead (the old
    delivers a frame the new one holds), the held frames after it follow; if it is behind (it receives a frame
    the old one delivered), the frames the old one delivered after that are skipped as they come. From then
    on the stream is served by the new connection only. Exchange frames of one event are byte-identical on
    every connection, which is what makes the frames comparable.
    """

    def __init__(self, old: Any, new: Any, streams: Iterable[str], started: float):
        self.old, self.new = old, new
        self.waiting = set(streams)  # streams not joined yet
        self.held: dict[str, deque[tuple[bytes, int]]] = {}
        self.delivered: dict[str, deque[bytes]] = {}  # recent frames of the old connection, per waiting stream
        self.skip: dict[str, deque[bytes]] = {}  # joined behind: old's frames the new one will repeat
        self.started = started

    def from_old(self, stream: str, frame: bytes, received_ns: int) -> list[tuple[bytes, int]]:
        """What to deliver for a frame of the old connection."""
        if stream not in self.waiting:
            return []  # joined: the new connection serves this stream (this frame is a duplicate)
        held = self.held.get(stream)
        if held:
            for i, (f, _) in enumerate(held):
                if f == frame:  # the new connection is ahead: join here
                    self._joined(stream)
                    return [(frame, received_ns), *list(held)[i + 1:]]
        recent = self.delivered.setdefault(stream, deque(maxlen=10_000))
        recent.append(frame)
        return [(frame, received_ns)]

    def from_new(self, stream: str, frame: bytes, received_ns: int) -> list[tuple[bytes, int]]:
        """What to deliver for a frame of the new connection."""
        if stream not in self.waiting:
            skip = self.skip.get(stream)
            if skip:
                if skip[0] == frame:
                    skip.popleft()
                    return []
                skip.clear()
            return [(frame, received_ns)]
        recent = self.delivered.get(stream)
        if recent:
            for i, f in enumerate(recent):
                if f == frame:  # the new connection is behind: join here, skip what old already delivered
                    self.skip[stream] = deque(list(recent)[i + 1:])
                    self._joined(stream)
                    return []
        held = self.held.setdefault(stream, deque())
        held.append((frame, received_ns))
        if len(held) > 100_000:  # the old connection stopped carrying it: take the new one as it is
            self._joined(stream)
            return list(held)
        return []

    def _joined(self, stream: str) -> None:
        self.waiting.discard(stream)
        self.held.pop(stream, None)
        self.delivered.pop(stream, None)

    @property
    def settled(self) -> bool:
        """Every stream joined and nothing left to skip: the old connection can go."""
        return not self.waiting and not any(self.skip.values())

    def route(self, conn: Any, stream: str | None, frame: bytes, received_ns: int,
              stats: Stats) -> list[tuple[bytes, int]]:
        """What to deliver for a frame of ``conn`` (either side) on ``stream`` (None: not joinable, deliver)."""
        if stream is None:
            return [(frame, received_ns)]
        if conn is self.old:
            items = self.from_old(stream, frame, received_ns)
            if not items:
                stats.duplicates_dropped += 1
            return items
        return self.from_new(stream, frame, received_ns)

    def finish(self) -> list[tuple[bytes, int]]:
        """The old connection is gone: everything still held is new (it matched nothing the old one sent)."""
        out = [item for held in self.held.values() for item in held]
        self.held.clear()
        self.delivered.clear()
        self.waiting.clear()
        return sorted(out, key=lambda item: item[1])


class StreamCore:
    """Delivery and bookkeeping behind both clients (not thread-safe on its own: the clients lock)."""

    def __init__(self, product: str, base_url: str | None, *, on_event: Callable | None, on_state: Callable | None,
                 on_overflow: Callable | None, on_error: Callable | None, decimal: bool, record: str | Path | None,
                 max_streams_per_connection: int, messages_per_second: int | None, sbe: bool = False,
                 sbe_raw: bool = False, api_key: str | None = None):
        if product not in STREAM_HOSTS:
            raise ValueError(f"unknown product {product!r}; one of {', '.join(STREAM_HOSTS)}")
        if sbe and product != "spot":
            raise ValueError("SBE market-data streams exist for spot only")
        if sbe and not api_key:
            raise ValueError("SBE market-data streams need api_key= (an Ed25519 API key; no signature)")
        if sbe and decimal:
            raise ValueError("decimal=True is for JSON streams; SBE events carry exact mantissas instead")
        self.product = product
        self.sbe = sbe
        self.sbe_decoder = SbeDecoder(sbe_raw) if sbe else None
        self._api_key = api_key  # never logged nor in a repr
        self.base_url = (base_url or (SBE_STREAM_HOST if sbe else STREAM_HOSTS[product])).rstrip("/")
        self.decoder = _streams.StreamDecoder(product, decimal=decimal)
        self.on_event = on_event
        self.on_state = on_state
        self.on_overflow = on_overflow
        self.on_error = on_error
        self.callbacks: dict[str, list[Callable]] = {}
        self.recorder = Recorder(record) if record else None
        self.max_streams = min(max_streams_per_connection, MAX_STREAMS_PER_CONNECTION)
        self.messages_per_second = messages_per_second or MESSAGE_LIMITS[product]
        self.stats = Stats()
        self.next_id = 1
        self.state = "closed"

    # -- reporting ---------------------------------------------------------------------------------------------
    def report(self, state: str, **info: Any) -> None:
        self.state = state
        log.info("binance_fast %s streams: %s %s", self.product, state,
                 " ".join(f"{k}={v}" for k, v in info.items() if k != "error") +
                 (f" error={info['error']!r}" if info.get("error") else ""))
        if self.on_state is not None:
            try:
                self.on_state(state, info)
            except Exception:  # a user's callback must not kill the connection
                log.exception("on_state callback failed")

    def request_id(self) -> int:
        rid = self.next_id
        self.next_id += 1
        return rid

    def handshake_headers(self) -> dict[str, str]:
        """Headers of the WebSocket handshake: the API key on stream-sbe, nothing on the JSON hosts."""
        if not self.sbe:
            return {}
        from ..sbe.streams import handshake_headers

        return handshake_headers(self._api_key or "")

    # -- frames ------------------------------------------------------------------------------------------------
    def _bad_frame(self, stream: str | None, exc: FrameDecodeError) -> None:
        # a bad frame is reported and skipped: the stream goes on
        self.stats.decode_errors += 1
        log.warning("binance_fast %s streams: undecodable frame on %s: %s", self.product, stream, exc)
        if self.on_error is not None:
            try:
                self.on_error(exc)
            except Exception:
                log.exception("on_error callback failed")

    def sbe_stream_of(self, frame: bytes) -> str | None:
        """The stream a binary frame belongs to (for the rollover join), or None where it does not decode."""
        assert self.sbe_decoder is not None
        try:
            return self.sbe_decoder.stream_of(self.sbe_decoder.decode_event(frame))
        except (FrameDecodeError, KeyError):
            return None

    def decode_sbe(self, frame: bytes, received_ns: int) -> list[Message]:
        """The Messages of one binary (SBE) frame: one per event (a trades frame may carry several)."""
        self.stats.frames += 1
        assert self.sbe_decoder is not None
        try:
            stream, events = self.sbe_decoder.decode(frame)
        except FrameDecodeError as exc:
            self._bad_frame(None, exc)
            return []
        self.stats.events += len(events)
        return [Message(stream, event, received_ns) for event in events]

    def deliver(self, stream: str | None, frame: bytes, received_ns: int, sbe: bool,
                enqueue: Callable[[Message], bool]) -> None:
        """Decode and dispatch one frame (``sbe``: a binary frame of stream-sbe, routed by its content)."""
        if sbe:
            for msg in self.decode_sbe(frame, received_ns):
                self.dispatch(msg, enqueue)
            return
        one = self.decode_frame(stream, frame, received_ns)
        if one is not None:
            self.dispatch(one, enqueue)

    def deliver_joined(self, ro: Rollover, conn: Any, stream: str | None, frame: bytes, received_ns: int, sbe: bool,
                       enqueue: Callable[[Message], bool]) -> None:
        """A frame of either side of a rollover in progress: joined per stream, then delivered."""
        if sbe:
            stream = self.sbe_stream_of(frame)
        for f, ns in ro.route(conn, stream, frame, received_ns, self.stats):
            self.deliver(stream, f, ns, sbe, enqueue)

    def deliver_held(self, items: list[tuple[bytes, int]], enqueue: Callable[[Message], bool]) -> None:
        """The frames a finished rollover still held (on stream-sbe only binary frames are held)."""
        for frame, received in items:
            stream = None
            if not self.sbe:
                kind, stream = _sniff(frame)
                stream = stream if kind == KIND_COMBINED else None
            self.deliver(stream, frame, received, self.sbe, enqueue)

    def decode_frame(self, stream: str | None, frame: bytes, received_ns: int) -> Message | None:
        self.stats.frames += 1
        try:
            event = self.decoder.decode(frame)
        except FrameDecodeError as exc:
            self._bad_frame(stream, exc)
            return None
        self.stats.events += 1
        return Message(stream, event, received_ns)

    def dispatch(self, msg: Message, enqueue: Callable[[Message], bool]) -> None:
        """Callbacks of the stream, the client-wide one, else the bounded queue (overflow counted, signalled)."""
        handled = False
        if msg.stream is not None:
            for cb in self.callbacks.get(msg.stream, ()):
                handled = True
                try:
                    cb(msg.event)
                except Exception:
                    log.exception("stream callback for %s failed", msg.stream)
        if self.on_event is not None:
            handled = True
            try:
                self.on_event(msg)
            except Exception:
                log.exception("on_event callback failed")
        if not handled and not enqueue(msg):
            self.stats.overflows += 1
            if self.stats.overflows == 1 or self.stats.overflows % 1000 == 0:
                log.warning("binance_fast %s streams: consumer too slow, %d events dropped", self.product,
                            self.stats.overflows)
            if self.on_overflow is not None:
                try:
                    self.on_overflow(msg)
                except Exception:
                    log.exception("on_overflow callback failed")

    def close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
