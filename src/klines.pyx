"""Compiled kline aggregation: trades to klines and klines to longer klines in one pass, and the live kline state.

Same API as the plain-Python reference ``binance_fast._klines_reference``; ``binance_fast.klines`` is the public face.
"""

cimport cython
from libc.math cimport INFINITY, isnan
from libc.stdint cimport INT64_MIN, int64_t, uint8_t

import numpy as np

from binance_fast._klines_reference import KLINE_DTYPE, bad_value_message, interval_spec, unsorted_message

# Layout of KLINE_DTYPE: eleven 8-byte fields, so packed == aligned.
cdef packed struct kline_t:
    int64_t open_time
    double open
    double high
    double low
    double close
    double volume
    int64_t close_time
    double quote_volume
    int64_t trades
    double taker_buy_base_volume
    double taker_buy_quote_volume

ctypedef struct spec_t:
    int kind          # 0: fixed step from anchor; 1: calendar month
    int64_t step
    int64_t anchor
    int64_t offset    # timeZone offset, ms

cdef enum:
    OK = 0
    ERR_UNSORTED = 1
    ERR_PRICE = 2
    ERR_QTY = 3
    ERR_COUNT = 4
    ERR_STRADDLE = 5

cdef enum:
    DAY_MS = 86400000

cdef double[2] TAKER_BUY
TAKER_BUY[0] = 1.0  # is_buyer_maker false: the taker bought
TAKER_BUY[1] = 0.0


@cython.cdivision(True)
cdef inline int64_t floordiv(int64_t a, int64_t b) noexcept nogil:
    # b > 0; C division truncates toward zero
    cdef int64_t q = a // b
    if a % b != 0 and a < 0:
        q -= 1
    return q


@cython.cdivision(True)
cdef inline int64_t days_from_civil(int64_t y, int64_t m, int64_t d) noexcept nogil:
    # H. Hinnant's days_from_civil (proleptic Gregorian), valid for negative years too
    y -= m <= 2
    cdef int64_t era = (y if y >= 0 else y - 399) // 400
    cdef int64_t yoe = y - era * 400
    cdef int64_t doy = (153 * (m - 3 if m > 2 else m + 9) + 2) // 5 + d - 1
    cdef int64_t doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@cython.cdivision(True)
cdef inline int64_t month_index_of_day(int64_t z) noexcept nogil:
    # civil_from_days, returning year * 12 + month - 1
    z += 719468
    cdef int64_t era = (z if z >= 0 else z - 146096) // 146097
    cdef int64_t doe = z - era * 146097
    cdef int64_t yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    cdef int64_t y = yoe + era * 400
    cdef int64_t doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    cdef int64_t mp = (5 * doy + 2) // 153
    cdef int64_t m = mp + 3 if mp < 10 else mp - 9
    y += m <= 2
    return y * 12 + m - 1


cdef inline int64_t bucket_index(const spec_t* s, int64_t t) noexcept nogil:
    if s.kind == 0:
        return floordiv(t + s.offset - s.anchor, s.step)
    return month_index_of_day(floordiv(t + s.offset, DAY_MS))


cdef inline int64_t bucket_open(const spec_t* s, int64_t idx) noexcept nogil:
    cdef int64_t y
    if s.kind == 0:
        return idx * s.step + s.anchor - s.offset
    y = floordiv(idx, 12)
    return days_from_civil(y, idx - y * 12 + 1, 1) * DAY_MS - s.offset


cdef spec_t make_spec(str interval, int64_t offset_ms) except *:
    cdef spec_t s
    kind, step, anchor = interval_spec(interval)
    s.kind = kind
    s.step = step
    s.anchor = anchor
    s.offset = offset_ms
    return s


cdef inline void write_row(kline_t* r, int64_t open_time, int64_t end, double o, double h, double l, double c,
                           double v, double qv, int64_t n, double tbv, double tbq) noexcept nogil:
    r.open_time = open_time
    r.open = o
    r.high = h
    r.low = l
    r.close = c
    r.volume = v
    r.close_time = end - 1
    r.quote_volume = qv
    r.trades = n
    r.taker_buy_base_volume = tbv
    r.taker_buy_quote_volume = tbq


cdef void fill_empty_rows(kline_t* out, const spec_t* s, int64_t first_idx, int64_t k_from, int64_t k_to,
                          double close) noexcept nogil:
    # rows k_from .. k_to - 1: klines without trades, at the previous close
    cdef int64_t k, start
    for k in range(k_from, k_to):
        start = bucket_open(s, first_idx + k)
        write_row(&out[k], start, bucket_open(s, first_idx + k + 1), close, close, close, close, 0.0, 0.0, 0, 0.0,
                  0.0)


cdef inline int64_t open_row(kline_t* out, int64_t n_out, const spec_t* s, int64_t first_idx, bint fill_empty,
                             int64_t k, int64_t t, double close, int64_t* start, int64_t* end) noexcept nogil:
    # the output row of the kline holding t, after row k (fill_empty: the skipped klines are written at close);
    # -1 when that row is past n_out
    cdef int64_t idx = bucket_index(s, t)
    cdef int64_t new_k = k + 1
    if fill_empty:
        new_k = idx - first_idx
        if new_k >= n_out:
            return -1
        if k >= 0:
            fill_empty_rows(out, s, first_idx, k + 1, new_k, close)
    start[0] = bucket_open(s, idx)
    end[0] = bucket_open(s, idx + 1)
    return new_k


cdef int64_t first_descent(const int64_t* t, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(1, n):
        if t[i] < t[i - 1]:
            return i
    return -1


cdef int64_t count_buckets(const spec_t* s, const int64_t[::1] t, int64_t* err_index) noexcept nogil:
    # distinct klines of sorted times (-1 and err_index set when unsorted)
    cdef Py_ssize_t i, n = t.shape[0]
    cdef int64_t count = 0, end = INT64_MIN, prev = t[0], ti
    for i in range(n):
        ti = t[i]
        if ti < prev:
            err_index[0] = i
            return -1
        prev = ti
        if ti >= end:
            count += 1
            end = bucket_open(s, bucket_index(s, ti) + 1)
    return count


# Compile-time modes of fold_trades (fused types: Cython writes one loop per combination, no test inside it)
ctypedef struct linear_quote:  # spot, USD-M: quote volume = price * qty
    char unused
ctypedef struct inverse_quote:  # COIN-M: quote volume (base asset) = qty * contract_size / price
    char unused
ctypedef struct one_trade_each:
    char unused
ctypedef struct counted_trades:  # aggTrades: l - f + 1 trades each
    char unused
ctypedef fused quote_mode:
    linear_quote
    inverse_quote
ctypedef fused count_mode:
    one_trade_each
    counted_trades


cdef int fold_trades(kline_t* out, int64_t n_out, const spec_t* s, int64_t first_idx, bint fill_empty,
                     Py_ssize_t n, const int64_t* time_ms, const double* price, const double* qty,
                     const uint8_t* maker, const int64_t* counts, double contract_size,
                     quote_mode* quote, count_mode* count, int64_t* err_index) noexcept nogil:
    cdef Py_ssize_t i
    cdef int64_t k = -1, t, prev_t = time_ms[0], start = 0, end = INT64_MIN, cnt = 1, nt = 0
    cdef double p, q, qv, tb, o = 0, h = 0, l = 0, c = 0, v = 0, qvol = 0, tbv = 0, tbq = 0
    for i in range(n):
        t = time_ms[i]
        p = price[i]
        q = qty[i]
        if t < prev_t:
            err_index[0] = i
            return ERR_UNSORTED
        prev_t = t
        if not (p > 0.0 and p < INFINITY):
            err_index[0] = i
            return ERR_PRICE
        if not (q >= 0.0 and q < INFINITY):
            err_index[0] = i
            return ERR_QTY
        if count_mode is counted_trades:
            cnt = counts[i]
            if cnt < 1:
                err_index[0] = i
                return ERR_COUNT
        if quote_mode is inverse_quote:
            qv = q * contract_size / p
        else:
            qv = p * q
        # taker bought when the buyer was not the maker; a table, as int->double conversion here costs 3x the loop
        tb = TAKER_BUY[maker[i] & 1]
        if t >= end:
            if k >= 0:
                write_row(&out[k], start, end, o, h, l, c, v, qvol, nt, tbv, tbq)
            k = open_row(out, n_out, s, first_idx, fill_empty, k, t, c, &start, &end)
            if k < 0:  # a time past the last one: the input is not sorted
                err_index[0] = first_descent(time_ms, n)
                return ERR_UNSORTED
            o = p
            h = p
            l = p
            c = p
            v = q
            qvol = qv
            nt = cnt
            tbv = q * tb
            tbq = qv * tb
        else:
            h = p if p > h else h
            l = p if p < l else l
            c = p
            v += q
            qvol += qv
            nt += cnt
            tbv += q * tb
            tbq += qv * tb
    if k >= 0:
        write_row(&out[k], start, end, o, h, l, c, v, qvol, nt, tbv, tbq)
    return OK


def aggregate_trades(const int64_t[::1] time_ms, const double[::1] price, const double[::1] qty,
                     const uint8_t[::1] is_buyer_maker, trade_count, double contract_size, str interval,
                     int64_t offset_ms, bint fill_empty):
    """Trades to klines (KLINE_DTYPE array); ``contract_size`` > 0 means COIN-M quote volume (qty * size / price)."""
    cdef spec_t s = make_spec(interval, offset_ms)
    cdef Py_ssize_t n = time_ms.shape[0]
    cdef const int64_t[::1] counts = time_ms
    cdef bint has_counts = trade_count is not None
    cdef bint coin = contract_size > 0
    cdef int64_t first_idx, n_out, err_index = -1
    cdef int status
    if has_counts:
        counts = trade_count
    if price.shape[0] != n or qty.shape[0] != n or is_buyer_maker.shape[0] != n or counts.shape[0] != n:
        raise ValueError("time_ms, price, qty, is_buyer_maker (and trade_count) must have the same length")
    if n == 0:
        return np.empty(0, dtype=KLINE_DTYPE)
    cdef const int64_t* tp = &time_ms[0]
    first_idx = bucket_index(&s, tp[0])
    if fill_empty:
        n_out = bucket_index(&s, tp[n - 1]) - first_idx + 1
        if n_out < 1:
            n_out = 0
            err_index = first_descent(tp, n)
    else:
        with nogil:
            n_out = count_buckets(&s, time_ms, &err_index)
    if err_index >= 0:
        raise ValueError(unsorted_message("time_ms", err_index, time_ms[err_index], time_ms[err_index - 1]))
    out = np.empty(n_out, dtype=KLINE_DTYPE)
    cdef kline_t[::1] rows = out
    cdef kline_t* o = &rows[0]
    cdef const double* pp = &price[0]
    cdef const double* qp = &qty[0]
    cdef const uint8_t* mp = &is_buyer_maker[0]
    cdef const int64_t* cp = &counts[0]
    cdef double cs = contract_size
    cdef linear_quote* linear = NULL
    cdef inverse_quote* inverse = NULL
    cdef one_trade_each* single = NULL
    cdef counted_trades* counted = NULL
    with nogil:
        if has_counts and coin:
            status = fold_trades(o, n_out, &s, first_idx, fill_empty, n, tp, pp, qp, mp, cp, cs, inverse, counted,
                                 &err_index)
        elif has_counts:
            status = fold_trades(o, n_out, &s, first_idx, fill_empty, n, tp, pp, qp, mp, cp, cs, linear, counted,
                                 &err_index)
        elif coin:
            status = fold_trades(o, n_out, &s, first_idx, fill_empty, n, tp, pp, qp, mp, cp, cs, inverse, single,
                                 &err_index)
        else:
            status = fold_trades(o, n_out, &s, first_idx, fill_empty, n, tp, pp, qp, mp, cp, cs, linear, single,
                                 &err_index)
    if status == OK:
        return out
    cdef Py_ssize_t i = err_index
    if status == ERR_UNSORTED:
        raise ValueError(unsorted_message("time_ms", i, time_ms[i], time_ms[i - 1]))
    if status == ERR_PRICE:
        raise ValueError(bad_value_message("price", i, price[i], positive=True))
    if status == ERR_QTY:
        raise ValueError(bad_value_message("qty", i, qty[i], positive=False))
    raise ValueError(f"trade_count[{i}] = {counts[i]} is less than 1")


cdef int fold_klines(kline_t* out, int64_t n_out, const spec_t* s, int64_t first_idx, bint fill_empty,
                     const kline_t[:] src, int64_t* err_index) noexcept nogil:
    cdef Py_ssize_t i, n = src.shape[0]
    cdef int64_t k = -1, t, prev_t = INT64_MIN, start = 0, end = INT64_MIN, nt = 0
    cdef double o = 0, h = 0, l = 0, c = 0, v = 0, qvol = 0, tbv = 0, tbq = 0
    cdef bint has_trades = False
    cdef const kline_t* r
    for i in range(n):
        r = &src[i]
        t = r.open_time
        if t <= prev_t:
            err_index[0] = i
            return ERR_UNSORTED
        prev_t = t
        if not fill_empty and r.trades == 0 and r.volume == 0:
            continue  # an empty source kline alone makes no kline when empty ones are not wanted
        if t >= end:
            if k >= 0:
                write_row(&out[k], start, end, o, h, l, c, v, qvol, nt, tbv, tbq)
            k = open_row(out, n_out, s, first_idx, fill_empty, k, t, c, &start, &end)
            if k < 0:
                err_index[0] = i
                return ERR_UNSORTED
            o = r.close
            h = o
            l = o
            c = o
            v = 0
            qvol = 0
            nt = 0
            tbv = 0
            tbq = 0
            has_trades = False
        if r.close_time >= end:
            err_index[0] = i
            return ERR_STRADDLE
        # an empty source kline only repeats the previous close: it sets no price in a bucket that has trades
        if r.trades > 0 or r.volume > 0:
            if has_trades:
                h = r.high if r.high > h else h
                l = r.low if r.low < l else l
            else:
                o = r.open
                h = r.high
                l = r.low
                has_trades = True
            c = r.close
        v += r.volume
        qvol += r.quote_volume
        nt += r.trades
        tbv += r.taker_buy_base_volume
        tbq += r.taker_buy_quote_volume
    if k >= 0:
        write_row(&out[k], start, end, o, h, l, c, v, qvol, nt, tbv, tbq)
    return OK


cdef int64_t count_kline_buckets(const spec_t* s, const kline_t[:] src) noexcept nogil:
    cdef Py_ssize_t i
    cdef int64_t count = 0, end = INT64_MIN, t
    for i in range(src.shape[0]):
        t = src[i].open_time
        if src[i].trades == 0 and src[i].volume == 0:
            continue
        if t >= end:
            count += 1
            end = bucket_open(s, bucket_index(s, t) + 1)
    return count


def resample(klines, str interval, int64_t offset_ms, bint fill_empty):
    """Klines (KLINE_DTYPE, sorted by open_time) to a longer interval."""
    cdef spec_t s = make_spec(interval, offset_ms)
    cdef const kline_t[:] src = klines
    cdef Py_ssize_t n = src.shape[0]
    cdef int64_t first_idx, n_out, err_index = -1
    cdef int status
    if n == 0:
        return np.empty(0, dtype=KLINE_DTYPE)
    first_idx = bucket_index(&s, src[0].open_time)
    with nogil:
        if fill_empty:
            n_out = bucket_index(&s, src[n - 1].open_time) - first_idx + 1
            if n_out < 1:
                n_out = 0  # unsorted: the fold reports where
        else:
            n_out = count_kline_buckets(&s, src)
    out = np.empty(n_out, dtype=KLINE_DTYPE)
    cdef kline_t[::1] rows = out
    cdef kline_t spare  # target of a fold that writes nothing
    with nogil:
        status = fold_klines(&rows[0] if n_out else &spare, n_out, &s, first_idx, fill_empty, src, &err_index)
    if status == OK:
        return out
    cdef Py_ssize_t i = err_index
    if status == ERR_STRADDLE:
        raise ValueError(f"kline {i} (open_time {src[i].open_time}, close_time {src[i].close_time}) does not fit in "
                         f"one {interval} interval: the source interval must divide {interval}")
    # the first place where open_time does not increase
    for j in range(1, n):
        if src[j].open_time <= src[j - 1].open_time:
            i = j
            break
    raise ValueError(f"klines are not sorted by open_time: open_time[{i}] = {src[i].open_time} <= "
                     f"open_time[{i - 1}] = {src[i - 1].open_time}")


cdef class KlineAggregator:
    """The state of the live kline: add trades inside it, ``roll`` past its close to get the closed klines."""

    cdef spec_t spec
    cdef readonly str interval
    cdef readonly int64_t offset_ms
    cdef readonly double contract_size
    cdef readonly bint active
    cdef readonly int64_t open_time, end_time, trades, first_trade_id, last_trade_id
    cdef readonly double open, high, low, close, volume, quote_volume
    cdef readonly double taker_buy_base_volume, taker_buy_quote_volume
    # live-stream bookkeeping of feed(): the highest trade id counted, trades at or before skip_until_ms (when
    # ids are unknown) are already counted; events skipped as duplicates / as older than the current kline
    cdef public int64_t last_seen_id, skip_until_ms
    cdef readonly int64_t duplicates, late

    def __init__(self, str interval, int64_t offset_ms=0, double contract_size=0.0):
        self.spec = make_spec(interval, offset_ms)
        self.interval = interval
        self.offset_ms = offset_ms
        self.contract_size = contract_size
        self.active = False
        self.open_time = 0
        self.end_time = INT64_MIN
        self._clear(0.0)
        self.last_seen_id = -1
        self.skip_until_ms = INT64_MIN
        self.duplicates = 0
        self.late = 0

    cdef void _clear(self, double price) noexcept:
        self.open = price
        self.high = price
        self.low = price
        self.close = price
        self.volume = 0
        self.quote_volume = 0
        self.taker_buy_base_volume = 0
        self.taker_buy_quote_volume = 0
        self.trades = 0
        self.first_trade_id = -1
        self.last_trade_id = -1

    @property
    def close_time(self):
        return self.end_time - 1

    def bucket(self, int64_t time_ms):
        """(open_time, next open_time) of the kline holding ``time_ms``."""
        cdef int64_t idx = bucket_index(&self.spec, time_ms)
        return bucket_open(&self.spec, idx), bucket_open(&self.spec, idx + 1)

    cpdef add(self, int64_t time_ms, double price, double qty, bint is_buyer_maker, int64_t first_trade_id=-1,
              int64_t last_trade_id=-1, int64_t trade_count=1):
        """Fold one trade (or aggTrade) into the current kline; opens the first kline when none is active."""
        cdef double qv
        cdef int64_t idx
        if not (price > 0.0 and price < INFINITY):
            raise ValueError(bad_value_message("price", 0, price, positive=True))
        if not (qty >= 0.0 and qty < INFINITY):
            raise ValueError(bad_value_message("qty", 0, qty, positive=False))
        if trade_count < 1:
            raise ValueError(f"trade_count = {trade_count} is less than 1")
        if not self.active:
            idx = bucket_index(&self.spec, time_ms)
            self.open_time = bucket_open(&self.spec, idx)
            self.end_time = bucket_open(&self.spec, idx + 1)
            self.active = True
            self._clear(price)
        elif not (self.open_time <= time_ms < self.end_time):
            raise ValueError(f"trade time {time_ms} is outside the current kline [{self.open_time}, "
                             f"{self.end_time - 1}]; roll() past the close first")
        if self.trades == 0:
            self.open = price
            self.high = price
            self.low = price
            self.first_trade_id = first_trade_id
        if price > self.high:
            self.high = price
        if price < self.low:
            self.low = price
        self.close = price
        qv = qty * self.contract_size / price if self.contract_size > 0 else price * qty
        self.volume += qty
        self.quote_volume += qv
        self.trades += trade_count
        if not is_buyer_maker:
            self.taker_buy_base_volume += qty
            self.taker_buy_quote_volume += qv
        if last_trade_id >= 0:
            self.last_trade_id = last_trade_id
            if self.first_trade_id < 0:
                self.first_trade_id = first_trade_id if first_trade_id >= 0 else last_trade_id

    def state(self):
        """The current kline: the 11 REST columns, then first and last trade id."""
        return (self.open_time, self.open, self.high, self.low, self.close, self.volume, self.end_time - 1,
                self.quote_volume, self.trades, self.taker_buy_base_volume, self.taker_buy_quote_volume,
                self.first_trade_id, self.last_trade_id)

    def feed(self, int64_t time_ms, double price, double qty, bint is_buyer_maker, int64_t first_trade_id=-1,
             int64_t last_trade_id=-1):
        """One live trade / aggTrade: skipped if already counted (by id, else by ``skip_until_ms``) or older than the
        current kline; otherwise rolled into its kline and added. Returns the klines that closed (``roll``), or None."""
        cdef object closed = None
        cdef int64_t n = 1
        if last_trade_id >= 0:
            if last_trade_id <= self.last_seen_id:
                self.duplicates += 1
                return None
        elif time_ms <= self.skip_until_ms:
            self.duplicates += 1
            return None
        if self.active:
            if time_ms >= self.end_time:
                closed = self.roll(time_ms)
            elif time_ms < self.open_time:
                self.late += 1
                return None
        if first_trade_id >= 0 and last_trade_id >= first_trade_id:
            # an aggTrade a seed counted in part (Binance's klines split aggTrades): only its new trades count
            n = last_trade_id - (first_trade_id if first_trade_id > self.last_seen_id else self.last_seen_id + 1) + 1
        self.add(time_ms, price, qty, is_buyer_maker, first_trade_id, last_trade_id, n)
        if last_trade_id > self.last_seen_id:
            self.last_seen_id = last_trade_id
        return closed

    def roll(self, int64_t time_ms):
        """Close the current kline and every empty one before the kline of ``time_ms``, which becomes current
        (empty, at the last close). Returns the closed ones as ``state()`` tuples, oldest first."""
        cdef list closed = []
        cdef int64_t idx, cur, target
        cdef double close = self.close
        if not self.active or time_ms < self.end_time:
            return closed
        closed.append(self.state())
        target = bucket_index(&self.spec, time_ms)
        cur = bucket_index(&self.spec, self.end_time)
        for idx in range(cur, target):
            closed.append((bucket_open(&self.spec, idx), close, close, close, close, 0.0,
                           bucket_open(&self.spec, idx + 1) - 1, 0.0, 0, 0.0, 0.0, -1, -1))
        self.open_time = bucket_open(&self.spec, target)
        self.end_time = bucket_open(&self.spec, target + 1)
        self._clear(close)
        return closed

    def set_state(self, int64_t open_time, double open, double high, double low, double close, double volume,
                  double quote_volume, int64_t trades, double taker_buy_base_volume, double taker_buy_quote_volume,
                  int64_t first_trade_id=-1, int64_t last_trade_id=-1):
        """Make a known kline (from REST or the kline stream) current, so live trades continue it."""
        cdef int64_t idx = bucket_index(&self.spec, open_time)
        cdef int64_t start = bucket_open(&self.spec, idx)
        if start != open_time:
            raise ValueError(f"open_time {open_time} is not the start of a {self.interval} kline "
                             f"(that kline opens at {start})")
        self.active = True
        self.open_time = start
        self.end_time = bucket_open(&self.spec, idx + 1)
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quote_volume = quote_volume
        self.trades = trades
        self.taker_buy_base_volume = taker_buy_base_volume
        self.taker_buy_quote_volume = taker_buy_quote_volume
        self.first_trade_id = first_trade_id
        self.last_trade_id = last_trade_id
