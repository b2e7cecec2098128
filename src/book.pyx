"""Compiled local order book: numpy-backed price levels per side with Binance update-id sequence validation.

Each side is one numpy (capacity, 2) float64 array of (price, qty) rows kept sorted best-first in a window
[head, head + count) that can grow at both ends, so inserting or removing near the top of the book (where
most updates land) moves only the few rows above it, and ``bids(n)`` / ``asks(n)`` are zero-copy views.
A level in the top 64 rows is found by counting with independent SSE2 compares (book_inline.h); deeper ones
by a branchless binary search (about 10 steps over 1,000 levels, no mispredictions). One call applies a whole
diff in C; a diff side sent best-first (as Binance does) has all its levels searched before any is applied,
so the searches overlap in the CPU.

Prices are float64 parsed from Binance's decimal strings: one decimal string always parses to the same
double (correct rounding), and Binance prints a level's price the same way every time, so exact float
equality identifies a level. Do not feed prices computed by arithmetic (e.g. 0.1 + 0.2).
"""

cimport cython
from cpython.ref cimport PyObject, Py_INCREF
from libc.string cimport memmove, memcpy
from libc.math cimport isnan, isinf, NAN

import numpy as np
cimport numpy as cnp

cdef extern from "book_inline.h":
    Py_ssize_t bf_count16(const double *p, double x, int desc) noexcept nogil
    Py_ssize_t bf_count_tier2(const double *p, double x, int desc) noexcept nogil
    int bf_check_rows(const double *rows, Py_ssize_t n, double sign) noexcept nogil
    int bf_refill_floats(PyObject *t, const double *v, Py_ssize_t n) except -1  # t borrowed
    ctypedef struct bf_event_layout:
        pass
    int bf_event_fields(bf_event_layout *lay, object names, object ev, PyObject **out) noexcept

from binance_fast.errors import BookOutOfSync, SequenceGap

cnp.import_array()

cdef Py_ssize_t _MIN_CAP = 64
cdef enum:
    _BATCH = 64  # diff sides of up to this many rows take the batched route

_PRODUCTS = ("spot", "usdm", "coinm")
_EVENT_FIELDS = ("first_update_id", "final_update_id", "prev_final_update_id", "bids", "asks")
cdef bf_event_layout _event_layout  # the last event type seen by apply() (zeroed: none yet)


# Lower bounds over rows (price, qty) sorted by price, ascending (asks) or descending (bids). Most updates land
# near the top of the book, so the first 16 rows are counted with independent compares (no dependent chain,
# vectorised); keys in rows 16..63 by two short counts (book_inline.h), deeper ones by a branchless binary
# search (cmov, no mispredictions) over the rest.

cdef inline Py_ssize_t _lower_bound_asc(const double *p, Py_ssize_t n, double x) noexcept nogil:
    """First index whose price >= x."""
    cdef Py_ssize_t i, c = 0, half
    cdef const double *base
    if n <= 16:
        for i in range(n):
            c += p[2 * i] < x
        return c
    if p[2 * 15] >= x:
        return bf_count16(p, x, 0)
    if n > 64 and p[2 * 63] >= x:  # the next tier: rows 16..63
        return bf_count_tier2(p, x, 0)
    base = p + (128 if n > 64 else 32)
    n -= 64 if n > 64 else 16
    while n > 1:
        half = n >> 1
        base = base + 2 * half if base[2 * half] < x else base
        n -= half
    return (base - p) // 2 + (base[0] < x)


cdef inline Py_ssize_t _lower_bound_desc(const double *p, Py_ssize_t n, double x) noexcept nogil:
    """First index whose price <= x."""
    cdef Py_ssize_t i, c = 0, half
    cdef const double *base
    if n <= 16:
        for i in range(n):
            c += p[2 * i] > x
        return c
    if p[2 * 15] <= x:
        return bf_count16(p, x, 1)
    if n > 64 and p[2 * 63] <= x:  # the next tier: rows 16..63
        return bf_count_tier2(p, x, 1)
    base = p + (128 if n > 64 else 32)
    n -= 64 if n > 64 else 16
    while n > 1:
        half = n >> 1
        base = base + 2 * half if base[2 * half] > x else base
        n -= half
    return (base - p) // 2 + (base[0] > x)


cdef inline void _move_rows(double *dst, const double *src, Py_ssize_t rows) noexcept nogil:
    """memmove of ``rows`` (price, qty) rows; short moves (the common case near the top) inline."""
    cdef Py_ssize_t i
    if rows > 8:
        memmove(dst, src, rows * 2 * sizeof(double))
    elif dst < src:
        for i in range(2 * rows):
            dst[i] = src[i]
    else:
        for i in range(2 * rows - 1, -1, -1):
            dst[i] = src[i]


@cython.final
cdef class _Side:
    """One side of the book: rows (price, qty) sorted best-first."""
    cdef object buf          # numpy (cap, 2) float64 storage; rows [head, head+count) hold the levels
    cdef double *d           # buf's data pointer
    cdef Py_ssize_t head, count, cap
    cdef double sign         # +1 for asks (ascending), -1 for bids (descending): key = sign * price ascends
    cdef object best         # the last (price, qty) tuple handed out for the top row, reused while it holds
    cdef double best_p, best_q

    def __cinit__(self, double sign, Py_ssize_t cap=_MIN_CAP):
        self.sign = sign
        self.cap = cap if cap > _MIN_CAP else _MIN_CAP
        self.buf = np.zeros((self.cap, 2), dtype=np.float64)
        self.d = <double *>cnp.PyArray_DATA(self.buf)
        self.head = self.cap // 2
        self.count = 0

    cdef void clear(self) noexcept nogil:
        self.count = 0
        self.head = self.cap // 2

    cdef inline object top(self):
        """(price, qty) of the top row or None; the same tuple object while the top row is unchanged (and,
        when the top changed, refilled in place if no reader kept it)."""
        if self.count == 0:
            return None
        cdef const double *row = self.d + 2 * self.head
        if self.best is None or row[0] != self.best_p or row[1] != self.best_q:
            if self.best is None or not bf_refill_floats(<PyObject *>self.best, row, 2):
                self.best = (row[0], row[1])
            self.best_p = row[0]
            self.best_q = row[1]
        return self.best

    cdef inline Py_ssize_t find(self, double key) noexcept nogil:
        """First index i (relative to head) with sign * price[i] >= key."""
        cdef const double *p = self.d + 2 * self.head
        if self.sign > 0:
            return _lower_bound_asc(p, self.count, key)
        return _lower_bound_desc(p, self.count, -key)

    cdef int _make_room(self) except -1:
        """Ensures one free row at each end of the window (grows or recentres the storage)."""
        cdef Py_ssize_t new_cap = self.cap, new_head
        cdef object new_buf
        cdef double *nd
        if self.head > 0 and self.head + self.count < self.cap:
            return 0
        if 2 * (self.count + 2) > self.cap:
            new_cap = 2 * self.cap
            while 2 * (self.count + 2) > new_cap:
                new_cap *= 2
        new_head = (new_cap - self.count) // 2
        if new_cap != self.cap:
            new_buf = np.zeros((new_cap, 2), dtype=np.float64)
            nd = <double *>cnp.PyArray_DATA(new_buf)
            memcpy(nd + 2 * new_head, self.d + 2 * self.head, self.count * 2 * sizeof(double))
            self.buf = new_buf
            self.d = nd
            self.cap = new_cap
        else:
            memmove(self.d + 2 * new_head, self.d + 2 * self.head, self.count * 2 * sizeof(double))
        self.head = new_head
        return 0

    cdef inline int set_level(self, double price, double qty) except -1:
        """Sets the absolute quantity at ``price``; zero removes the level (removing an unknown one is a no-op)."""
        return self.set_at(self.find(self.sign * price), price, qty)

    cdef inline int set_at(self, Py_ssize_t i, double price, double qty) except -1:
        """set_level for a price whose lower bound ``i`` (relative to head) is already known."""
        cdef double *row
        cdef double *base
        base = self.d + 2 * self.head
        if i < self.count and base[2 * i] == price:
            if qty != 0.0:
                base[2 * i + 1] = qty
                return 0
            # remove row i, moving the shorter part of the window
            if i < self.count - 1 - i:
                _move_rows(base + 2, base, i)
                self.head += 1
            else:
                _move_rows(base + 2 * i, base + 2 * (i + 1), self.count - 1 - i)
            self.count -= 1
            return 0
        if qty == 0.0:
            return 0
        if self.head == 0 or self.head + self.count == self.cap:
            self._make_room()
            base = self.d + 2 * self.head
        # insert before row i, moving the shorter part of the window
        if i < self.count - i:
            _move_rows(base - 2, base, i)
            self.head -= 1
            row = base - 2 + 2 * i
        else:
            _move_rows(base + 2 * (i + 1), base + 2 * i, self.count - i)
            row = base + 2 * i
        row[0] = price
        row[1] = qty
        self.count += 1
        return 0

    cdef int apply_rows(self, const double *rows, Py_ssize_t n, bint best_first) except -1:
        """Applies ``n`` (price, qty) rows in order (a repeated price: the last one wins).

        Rows strictly best-first (as Binance sends them) take a faster route: every lower bound is
        searched first on the unchanged side (independent searches that the CPU overlaps), then the rows
        are applied deepest first. A change at relative index i moves only rows at or after i, or shifts
        the rows above i together with head, so the indices of the shallower rows stay valid."""
        cdef Py_ssize_t j
        cdef Py_ssize_t at[_BATCH]
        if not best_first or n > _BATCH:
            for j in range(n):
                self.set_level(rows[2 * j], rows[2 * j + 1])
            return 0
        for j in range(n):
            at[j] = self.find(self.sign * rows[2 * j])
        for j in range(n - 1, -1, -1):
            self.set_at(at[j], rows[2 * j], rows[2 * j + 1])
        return 0

    cdef int load(self, const double *rows, Py_ssize_t n) except -1:
        """Replaces the side with ``n`` rows already sorted best-first, without zero quantities or repeats."""
        cdef Py_ssize_t cap = _MIN_CAP
        while 2 * (n + 2) > cap:
            cap *= 2
        if cap != self.cap:
            self.buf = np.zeros((cap, 2), dtype=np.float64)
            self.d = <double *>cnp.PyArray_DATA(self.buf)
            self.cap = cap
        self.head = (cap - n) // 2
        self.count = n
        if n:
            memcpy(self.d + 2 * self.head, rows, n * 2 * sizeof(double))
        return 0

    cdef object view(self, Py_ssize_t n):
        """Read-only (n, 2) view of the best ``n`` rows, built directly (numpy slicing costs more than this)."""
        cdef cnp.npy_intp dims[2]
        cdef cnp.ndarray v
        if n < 0 or n > self.count:
            n = self.count
        dims[0] = n
        dims[1] = 2
        v = cnp.PyArray_SimpleNewFromData(2, dims, cnp.NPY_DOUBLE, self.d + 2 * self.head)
        cnp.PyArray_CLEARFLAGS(v, cnp.NPY_ARRAY_WRITEABLE)
        Py_INCREF(self.buf)
        cnp.PyArray_SetBaseObject(v, self.buf)  # steals the reference: keeps the storage alive
        return v


cdef object _as_rows(object levels, str name):
    """(n, 2) C-contiguous float64 array from an array or a list of [price, qty] (strings allowed)."""
    cdef cnp.ndarray a
    if (cnp.PyArray_Check(levels) and cnp.PyArray_TYPE(<cnp.ndarray>levels) == cnp.NPY_DOUBLE
            and cnp.PyArray_NDIM(<cnp.ndarray>levels) == 2 and cnp.PyArray_DIM(<cnp.ndarray>levels, 1) == 2
            and cnp.PyArray_ISCARRAY_RO(<cnp.ndarray>levels) and cnp.PyArray_ISNOTSWAPPED(<cnp.ndarray>levels)):
        return levels
    try:
        a = np.ascontiguousarray(levels, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: expected (n, 2) price/quantity levels, got {type(levels).__name__}") from exc
    if a.size == 0:
        return np.empty((0, 2), dtype=np.float64)
    if cnp.PyArray_NDIM(a) != 2 or cnp.PyArray_DIM(a, 1) != 2:
        raise ValueError(f"{name}: expected shape (n, 2), got {(<object>a).shape}")
    return a


cdef inline int _check_rows(const double *rows, Py_ssize_t n, str name, double sign) except -1:
    """Raises ValueError on an invalid level; returns 1 when the rows are strictly best-first (``sign`` * price
    ascending: +1 asks, -1 bids), else 0."""
    cdef Py_ssize_t i
    cdef int rc = bf_check_rows(rows, n, sign)
    if rc >= 0:
        return rc
    for i in range(n):
        if isnan(rows[2 * i]) or isinf(rows[2 * i]) or rows[2 * i] <= 0.0 or not (rows[2 * i + 1] >= 0.0) \
                or isinf(rows[2 * i + 1]):
            raise ValueError(f"{name}[{i}]: invalid level (price {rows[2 * i]!r}, quantity {rows[2 * i + 1]!r})")
    raise AssertionError("bf_check_rows and _check_rows disagree")  # unreachable


cdef class DepthBook:
    """A local order book for one symbol, kept in sync with the Binance depth diff stream.

    ``DepthBook(product)`` with product ``"spot"``, ``"usdm"`` or ``"coinm"`` (the sequence rules differ):
    load the REST snapshot with :meth:`load_snapshot`, then feed every diff to :meth:`apply`. A diff that
    breaks the sequence raises :class:`~binance_fast.errors.SequenceGap` and leaves the book out of sync;
    every read of an out-of-sync book raises :class:`~binance_fast.errors.BookOutOfSync`.
    """
    cdef readonly str product
    cdef _Side _bids, _asks
    cdef long long _last_update_id
    cdef bint _synced          # a snapshot is loaded and no gap or crossed book was seen since
    cdef bint _joined          # a diff was applied on top of the current snapshot
    cdef bint _futures         # usdm / coinm rules (pu chain) instead of spot rules (U == u + 1)
    cdef bint _check_crossed
    cdef readonly str out_of_sync_reason
    cdef object _top              # the last top() tuple: reused while unchanged, refilled when unshared
    cdef double _top_values[4]

    def __cinit__(self, str product="spot", *, bint check_crossed=True):
        if product not in _PRODUCTS:
            raise ValueError(f"product must be one of {_PRODUCTS}, got {product!r}")
        self.product = product
        self._futures = product != "spot"
        self._check_crossed = check_crossed
        self._bids = _Side(-1.0)
        self._asks = _Side(1.0)
        self._last_update_id = -1
        self._synced = False
        self._joined = False
        self.out_of_sync_reason = "no snapshot loaded"

    def __repr__(self):
        state = "synced" if self._synced else f"out of sync ({self.out_of_sync_reason})"
        return (f"<DepthBook {self.product} last_update_id={self._last_update_id} "
                f"bids={self._bids.count} asks={self._asks.count} {state}>")

    # ---- state -------------------------------------------------------------------------------------------

    def load_snapshot(self, long long last_update_id, bids, asks):
        """Sets the book to a REST depth snapshot (``lastUpdateId``, ``bids``, ``asks``).

        Levels may be numpy (n, 2) arrays or the snapshot's lists of ``[price, qty]`` strings, in any
        order; zero quantities are dropped and a repeated price keeps its last quantity.
        """
        cdef object b = self._prepare_snapshot_side(bids, "bids", True)
        cdef object a = self._prepare_snapshot_side(asks, "asks", False)
        cdef Py_ssize_t nb = cnp.PyArray_DIM(<cnp.ndarray>b, 0), na = cnp.PyArray_DIM(<cnp.ndarray>a, 0)
        if nb and na and b[0, 0] >= a[0, 0]:
            raise ValueError(f"snapshot is crossed: best bid {b[0, 0]!r} >= best ask {a[0, 0]!r}")
        self._bids.load(<const double *>cnp.PyArray_DATA(<cnp.ndarray>b), nb)
        self._asks.load(<const double *>cnp.PyArray_DATA(<cnp.ndarray>a), na)
        self._last_update_id = last_update_id
        self._synced = True
        self._joined = False
        self.out_of_sync_reason = None

    cdef object _prepare_snapshot_side(self, object levels, str name, bint descending):
        cdef object rows = _as_rows(levels, name)
        cdef Py_ssize_t n = cnp.PyArray_DIM(<cnp.ndarray>rows, 0)
        _check_rows(<const double *>cnp.PyArray_DATA(<cnp.ndarray>rows), n, name, -1.0 if descending else 1.0)
        if n == 0:
            return rows
        # stable sort by price keeps the last of repeated prices last; keep that one, drop zero quantities
        order = np.argsort(-rows[:, 0] if descending else rows[:, 0], kind="stable")
        rows = rows[order]
        keep = np.ones(n, dtype=bool)
        keep[:n - 1] = rows[1:, 0] != rows[:n - 1, 0]
        keep &= rows[:, 1] != 0.0
        return np.ascontiguousarray(rows[keep])

    def invalidate(self, str reason="invalidated"):
        """Marks the book out of sync (e.g. the stream reconnected); reads raise until the next snapshot."""
        self._synced = False
        self.out_of_sync_reason = reason

    def clear(self):
        """Empties the book and marks it out of sync."""
        self._bids.clear()
        self._asks.clear()
        self._last_update_id = -1
        self._joined = False
        self.invalidate("no snapshot loaded")

    def swap(self, DepthBook other not None):
        """Exchanges the whole state (levels, update id, sync state) with ``other``, in one step."""
        if other.product != self.product:
            raise ValueError(f"cannot swap a {self.product} book with a {other.product} book")
        self._bids, other._bids = other._bids, self._bids
        self._asks, other._asks = other._asks, self._asks
        self._last_update_id, other._last_update_id = other._last_update_id, self._last_update_id
        self._synced, other._synced = other._synced, self._synced
        self._joined, other._joined = other._joined, self._joined
        self.out_of_sync_reason, other.out_of_sync_reason = other.out_of_sync_reason, self.out_of_sync_reason

    @property
    def last_update_id(self) -> int:
        """Update id the book reflects: the snapshot's ``lastUpdateId``, then each applied diff's ``u``."""
        return self._last_update_id

    @property
    def is_synced(self) -> bool:
        return self._synced

    @property
    def joined(self) -> bool:
        """Whether a diff has been applied on top of the current snapshot."""
        return self._joined

    def __len__(self):
        return self._bids.count + self._asks.count

    @property
    def bid_count(self) -> int:
        return self._bids.count

    @property
    def ask_count(self) -> int:
        return self._asks.count

    # ---- updates -----------------------------------------------------------------------------------------

    cdef int _check_sequence(self, long long first, long long final, long long prev) except -1:
        """1: apply, 0: stale (drop); raises SequenceGap (and marks the book out of sync) on a break."""
        cdef long long last = self._last_update_id
        if not self._synced:
            raise BookOutOfSync(f"cannot apply a diff: book is out of sync ({self.out_of_sync_reason})")
        if self._futures:
            if not self._joined:
                # docs: drop u < lastUpdateId; the first event has U <= lastUpdateId <= u. Also accepted:
                # pu <= lastUpdateId <= u (the event follows on directly from the snapshot's state).
                if final < last:
                    return 0
                if first <= last or (0 <= prev <= last):
                    return 1
                self._gap(last, first, f"first diff after snapshot {last} starts at U={first} (pu={prev})")
            if final <= last:
                return 0  # duplicate or older than what the book holds
            if prev != last:
                self._gap(last, prev, f"diff pu={prev} does not follow the book's u={last}")
            return 1
        # spot: drop u <= lastUpdateId; apply when U <= lastUpdateId + 1 (for the first event this is the
        # docs' U <= lastUpdateId + 1 <= u; afterwards U == u + 1, or an overlap, which is equally exact)
        if final <= last:
            return 0
        if first > last + 1:
            self._gap(last + 1, first, f"diff U={first} does not follow the book's u={last}")
        return 1

    cdef _gap(self, long long expected, long long got, str why):
        self._synced = False
        self.out_of_sync_reason = "sequence gap: " + why
        raise SequenceGap(expected, got, f"{self.product} depth sequence gap: {why}")

    cpdef bint apply_diff(self, long long first_update_id, long long final_update_id,
                          long long prev_final_update_id, object bids, object asks) except -1:
        """Applies one diff (U, u, pu, bid levels, ask levels); returns False when it was dropped as stale.

        ``prev_final_update_id`` (pu) is -1 on spot. Raises SequenceGap on a break in the sequence and
        BookOutOfSync when the book is already out of sync or the diff leaves it crossed.
        """
        cdef object b = _as_rows(bids, "bids")
        cdef object a = _as_rows(asks, "asks")
        cdef const double *bp = <const double *>cnp.PyArray_DATA(<cnp.ndarray>b)
        cdef const double *ap = <const double *>cnp.PyArray_DATA(<cnp.ndarray>a)
        cdef Py_ssize_t nb = cnp.PyArray_DIM(<cnp.ndarray>b, 0), na = cnp.PyArray_DIM(<cnp.ndarray>a, 0)
        # validate everything before touching the book, so a bad diff leaves it as it was
        cdef bint b_sorted = _check_rows(bp, nb, "bids", -1.0)
        cdef bint a_sorted = _check_rows(ap, na, "asks", 1.0)
        if not self._check_sequence(first_update_id, final_update_id, prev_final_update_id):
            return False
        self._bids.apply_rows(bp, nb, b_sorted)
        self._asks.apply_rows(ap, na, a_sorted)
        self._last_update_id = final_update_id
        self._joined = True
        if self._check_crossed and self._bids.count and self._asks.count \
                and self._bids.d[2 * self._bids.head] >= self._asks.d[2 * self._asks.head]:
            self._synced = False
            self.out_of_sync_reason = (f"crossed book after u={final_update_id}: best bid "
                                       f"{self._bids.d[2 * self._bids.head]!r} >= best ask "
                                       f"{self._asks.d[2 * self._asks.head]!r}")
            raise BookOutOfSync(self.out_of_sync_reason)
        return True

    def apply(self, event):
        """Applies a decoded depth diff (``DepthUpdate`` or any object with ``first_update_id``,
        ``final_update_id``, ``prev_final_update_id``, ``bids``, ``asks``); returns False if stale."""
        cdef PyObject *f[5]
        cdef object pu
        if bf_event_fields(&_event_layout, _EVENT_FIELDS, event, f):  # DepthUpdate: read its slots directly
            pu = <object>f[2]
            return self.apply_diff(<object>f[0], <object>f[1], -1 if pu is None else pu, <object>f[3], <object>f[4])
        pu = getattr(event, "prev_final_update_id", -1)
        return self.apply_diff(event.first_update_id, event.final_update_id, -1 if pu is None else pu,
                               event.bids, event.asks)

    def check_ticker(self, long long update_id, double bid_price, double bid_qty, double ask_price,
                     double ask_qty):
        """Cross-checks a bookTicker against the book: returns True when ``update_id`` equals the book's
        and the top of book agrees, False when the ids differ (nothing to compare); on a mismatch marks
        the book out of sync and raises BookOutOfSync."""
        self._require_synced()
        if update_id != self._last_update_id:
            return False
        cdef _Side b = self._bids, a = self._asks
        if (b.count == 0 or a.count == 0 or b.d[2 * b.head] != bid_price or b.d[2 * b.head + 1] != bid_qty
                or a.d[2 * a.head] != ask_price or a.d[2 * a.head + 1] != ask_qty):
            self._synced = False
            self.out_of_sync_reason = (f"bookTicker u={update_id} ({bid_price!r} x {bid_qty!r} / {ask_price!r} x "
                                       f"{ask_qty!r}) disagrees with the book's top")
            raise BookOutOfSync(self.out_of_sync_reason)
        return True

    def check_book_ticker(self, ticker):
        """:meth:`check_ticker` for a decoded ``BookTicker`` (``update_id``, ``bid_price``, ``bid_quantity``,
        ``ask_price``, ``ask_quantity``)."""
        return self.check_ticker(ticker.update_id, ticker.bid_price, ticker.bid_quantity, ticker.ask_price,
                                 ticker.ask_quantity)

    # ---- reads -------------------------------------------------------------------------------------------

    cdef int _require_synced(self) except -1:
        if not self._synced:
            raise BookOutOfSync(f"{self.product} book is out of sync: {self.out_of_sync_reason}")
        return 0

    @property
    def best_bid(self):
        """(price, qty) of the best bid, or None when the side is empty."""
        self._require_synced()
        return self._bids.top()

    @property
    def best_ask(self):
        """(price, qty) of the best ask, or None when the side is empty."""
        self._require_synced()
        return self._asks.top()

    def top(self):
        """(bid price, bid qty, ask price, ask qty) in one call; NaN and 0.0 for an empty side.

        The same tuple object is returned while the top of book is unchanged."""
        self._require_synced()
        cdef _Side b = self._bids, a = self._asks
        cdef double bp = b.d[2 * b.head] if b.count else NAN, bq = b.d[2 * b.head + 1] if b.count else 0.0
        cdef double ap = a.d[2 * a.head] if a.count else NAN, aq = a.d[2 * a.head + 1] if a.count else 0.0
        cdef double *c = self._top_values
        # (NaN != NaN, so an empty side simply rebuilds the tuple)
        if self._top is None or bp != c[0] or bq != c[1] or ap != c[2] or aq != c[3]:
            c[0] = bp
            c[1] = bq
            c[2] = ap
            c[3] = aq
            if self._top is None or not bf_refill_floats(<PyObject *>self._top, c, 4):
                self._top = (bp, bq, ap, aq)
        return self._top

    @property
    def mid(self):
        """(best bid + best ask) / 2, or None when a side is empty."""
        self._require_synced()
        if self._bids.count == 0 or self._asks.count == 0:
            return None
        return (self._bids.d[2 * self._bids.head] + self._asks.d[2 * self._asks.head]) * 0.5

    @property
    def spread(self):
        """best ask - best bid, or None when a side is empty."""
        self._require_synced()
        if self._bids.count == 0 or self._asks.count == 0:
            return None
        return self._asks.d[2 * self._asks.head] - self._bids.d[2 * self._bids.head]

    def bids(self, n=None, *, bint copy=False):
        """The best ``n`` bids (all when None) as an (n, 2) float64 array of (price, qty), best first.

        Zero-copy: the array is a read-only live view of the book's storage, valid until the next update;
        pass ``copy=True`` to keep it."""
        self._require_synced()
        v = self._bids.view(-1 if n is None else n)
        return v.copy() if copy else v

    def asks(self, n=None, *, bint copy=False):
        """The best ``n`` asks (all when None) as an (n, 2) float64 array of (price, qty), best first.

        Zero-copy: the array is a read-only live view of the book's storage, valid until the next update;
        pass ``copy=True`` to keep it."""
        self._require_synced()
        v = self._asks.view(-1 if n is None else n)
        return v.copy() if copy else v

    def levels(self, Py_ssize_t n=-1):
        """(bids, asks): the best ``n`` levels of each side (all when negative) as read-only live views, in one
        call (the cheapest way to take a top-of-book snapshot for a model)."""
        self._require_synced()
        return self._bids.view(n), self._asks.view(n)

    def depth_at(self, double price):
        """Quantity resting at exactly ``price`` on either side (0.0 when there is no such level)."""
        self._require_synced()
        cdef _Side s
        cdef Py_ssize_t i
        for s in (self._bids, self._asks):
            i = s.find(s.sign * price)
            if i < s.count and s.d[2 * (s.head + i)] == price:
                return s.d[2 * (s.head + i) + 1]
        return 0.0

    cdef _Side _taker_side(self, str side):
        cdef str s = side.upper()
        if s == "BUY":
            return self._asks
        if s == "SELL":
            return self._bids
        raise ValueError(f"side must be 'BUY' or 'SELL', got {side!r}")

    cdef double _walk(self, _Side s, double quantity, double *worst) except? -1.0:
        """Notional of taking ``quantity`` from side ``s``; ``worst`` gets the last price touched."""
        cdef Py_ssize_t i
        cdef double left = quantity, notional = 0.0, q, p
        if not (quantity > 0.0):
            raise ValueError(f"quantity must be positive, got {quantity!r}")
        for i in range(s.count):
            p = s.d[2 * (s.head + i)]
            q = s.d[2 * (s.head + i) + 1]
            worst[0] = p
            if q >= left:
                return notional + left * p
            notional += q * p
            left -= q
        raise ValueError(f"book holds only {quantity - left!r} on that side, less than {quantity!r}")

    def impact_price(self, str side, double quantity):
        """Worst price reached by a market order of ``quantity`` (``side`` 'BUY' takes asks, 'SELL' bids).

        Raises ValueError when the book does not hold that much."""
        self._require_synced()
        cdef double worst = 0.0
        self._walk(self._taker_side(side), quantity, &worst)
        return worst

    def vwap(self, str side, double quantity):
        """Average fill price of a market order of ``quantity`` (``side`` 'BUY' takes asks, 'SELL' bids).

        Raises ValueError when the book does not hold that much."""
        self._require_synced()
        cdef double worst = 0.0
        return self._walk(self._taker_side(side), quantity, &worst) / quantity
