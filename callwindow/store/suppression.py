"""How a do-not-call list's numbers are kept: sorted 63-bit values in packed blocks.

A list of 10,000,000 numbers as one row per number costs a B-tree of 10,000,000 keys (slow to
build, ~400 MB of SQLite file); as sorted integers packed 1,024 to a row it is ~10,000 rows of
8 KB (80 MB) written in seconds, read back whole in a fraction of a second for batch work, and
a single number is one indexed seek to its block plus a binary search in it.

The value of a number: in a plain store its E.164 digits as an integer (+12125550123 ->
12125550123, exact); in a hashed store the first 63 bits of HMAC-SHA256(key, E.164), so that
no number is kept in plain text. Two numbers can then share a value (about 5e-13 per check
against a 10,000,000-number list): the number is refused as listed, the stricter answer.

numpy sorts and searches when it is installed (the batch extra); otherwise the standard
library does the same, slower and with more memory.
"""

from __future__ import annotations

import bisect
import functools
import sys
from array import array
from collections.abc import Container, Iterable, Iterator, Sequence
from typing import Any

BLOCK = 1024  # numbers per stored block: 8 KB, one seek and a binary search per looked-up number
COLUMNS = ("list_id", "first_value", "entries", "packed")
# The block of each list that may hold a value: one row per list (the list id, the block or NULL).
BLOCK_QUERY = ("SELECT l.id, (SELECT b.packed FROM suppression_blocks b WHERE b.list_id = l.id "
               "AND b.first_value <= ? ORDER BY b.first_value DESC LIMIT 1) FROM suppression_lists l")
ALL_BLOCKS_QUERY = "SELECT list_id, packed FROM suppression_blocks ORDER BY list_id, first_value"



@functools.cache
def numpy_module() -> Any:
    """numpy when installed (the test and batch extras), else None. Imported on first use, not
    with the store: every `can-i-call NUMBER` imports the store, and numpy's ~120 ms import
    would be most of its start-up (bench/bench_cli.py)."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is in the test and batch extras
        return None
    return numpy


def hashed_value(digest: bytes) -> int:
    """A hashed number's value: the first 63 bits of its HMAC (fits a signed 64-bit column)."""
    return int.from_bytes(digest[:8], "big") >> 1


def key_value(key: str) -> int:
    """The value of a number key as the store writes keys (NumberKeys.key: E.164 text, or
    HMAC hex): the same value as hashed_value of the digest."""
    return int(key) if key[0] == "+" else int(key[:16], 16) >> 1  # (int() reads the "+" sign)


def sorted_unique(values: array[int] | Sequence[int]) -> Any:
    """The distinct values, ascending: a numpy int64 array (numpy installed: one sorted copy,
    8 bytes a number), else an array('q')."""
    _np = numpy_module()
    if _np is not None:
        # A sort and a mask, not np.unique: numpy 2.4's unique is ~60x slower on 10,000,000
        # integers (13 s for 2,000,000 against 0.2 s here) and holds several copies.
        ordered = _np.sort(_np.frombuffer(values, dtype=_np.int64) if isinstance(values, array)
                           else _np.asarray(values, dtype=_np.int64))
        if ordered.shape[0] < 2:
            return ordered
        keep = _np.empty(ordered.shape[0], dtype=bool)
        keep[0] = True
        _np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
        return ordered[keep]
    return array("q", sorted(set(values)))


def without(values: Any, removed: Any) -> Any:
    """Sorted distinct `values` less those in sorted distinct `removed` (as sorted_unique gives them)."""
    _np = numpy_module()
    if _np is not None:
        return values[~_np.isin(values, removed, assume_unique=True)]
    gone = set(removed)
    return array("q", (value for value in values if value not in gone))


def _to_bytes(chunk: Any) -> bytes:
    """A slice of sorted values (numpy int64 or array('q')), little-endian."""
    _np = numpy_module()
    if _np is not None:
        return bytes(_np.asarray(chunk, dtype="<i8").tobytes())
    if sys.byteorder != "little":  # pragma: no cover - stored little-endian on every machine
        chunk = array("q", chunk)
        chunk.byteswap()
    return bytes(chunk.tobytes())


def _from_bytes(blob: bytes | memoryview) -> array[int]:
    out = array("q")
    out.frombytes(bytes(blob))
    if sys.byteorder != "little":  # pragma: no cover
        out.byteswap()
    return out


def blocks(list_id: int, values: Any) -> Iterator[tuple[int, int, int, bytes]]:
    """Rows (list_id, first_value, entries, packed) of sorted distinct `values`."""
    for start in range(0, len(values), BLOCK):
        chunk = values[start:start + BLOCK]
        yield list_id, int(chunk[0]), len(chunk), _to_bytes(chunk)


def in_block(blob: bytes | memoryview | None, value: int) -> bool:
    """Whether a block (BLOCK_QUERY's second column) holds `value`."""
    if blob is None:
        return False
    found = _from_bytes(blob)
    at = bisect.bisect_left(found, value)
    return at < len(found) and found[at] == value


_MIX = 0x9E3779B97F4A7C15  # odd, ~2^64 / the golden ratio: spreads consecutive numbers over the bits
_WRAP = 0xFFFF_FFFF_FFFF_FFFF  # a product's low 64 bits: numpy's uint64 product, wrapped
_BITS_EACH = 8  # at least this many filter bits per stored number (a power of two: 8 to 16)


class _Sieve:
    """A one-probe filter of every value of the lists (a Bloom filter with one hash): a value's
    bit is set when some list holds a value with the same hash, so a clear bit means no list
    holds it. With 8-16 bits a number, ~6-12 % of the values no list holds find their bit set
    (then the binary searches answer); ~1-2 bytes a number. A binary search through 80 MB costs
    ~1-2 us in a busy process (each step a cache miss); one bit, one."""

    def __init__(self, lists: list[Any]) -> None:
        total = sum(len(stored) for stored in lists)
        size = max(13, (_BITS_EACH * total - 1).bit_length())  # 2**size bits
        self.shift = 64 - size
        _np = numpy_module()
        if _np is None:  # pragma: no cover - numpy is in the test and batch extras
            self.bits: Any = None
            return
        bits = _np.zeros(1 << (size - 3), dtype=_np.uint8)
        chunk = min(1 << size, 1 << 24)  # bits set as booleans 16 MB at a time, then packed
        flags = _np.zeros(chunk, dtype=bool)
        hashes = [(_np.asarray(stored).astype(_np.uint64) * _np.uint64(_MIX)) >> _np.uint64(self.shift)
                  for stored in lists]
        for start in range(0, 1 << size, chunk):
            flags[:] = False
            for found in hashes:
                flags[(found[(found >= start) & (found < start + chunk)] - _np.uint64(start)).astype(_np.int64)] = True
            bits[start >> 3:(start + chunk) >> 3] = _np.packbits(flags, bitorder="little")
        self.bits = memoryview(bits)

    def may_hold(self, value: int) -> bool:
        """False: no list holds `value`; True: one may."""
        if self.bits is None:  # pragma: no cover
            return True
        spot = ((value * _MIX) & _WRAP) >> self.shift  # as the uint64 product, wrapped
        return bool(self.bits[spot >> 3] >> (spot & 7) & 1)


def _view(stored: Any) -> Any:
    """What holding() reads a found position's value from: a memoryview of a numpy array in the
    machine's byte order (a Python int per item), else the values themselves."""
    if numpy_module() is not None and stored.dtype.isnative:
        return memoryview(stored)
    return stored


class ListIndex:
    """Every stored list's values in memory (for reads of many numbers at once)."""

    def __init__(self, rows: Iterable[Sequence[Any]], only: Container[int] | None = None) -> None:
        """`rows`: ALL_BLOCKS_QUERY's; `only`: the ids of the lists to keep (a list imported since
        the lists were read is not one of them), None: every one."""
        _np = numpy_module()
        parts: dict[int, list[bytes]] = {}
        for list_id, blob in rows:
            if only is None or int(list_id) in only:
                parts.setdefault(int(list_id), []).append(bytes(blob))
        self.lists: dict[int, Any] = {}
        # Each list's smallest and largest value: in a plain store a list's numbers share their
        # country code, so a number of another country falls outside and costs no search (a
        # wash result's clear numbers are one more list: numbers of other countries skip it).
        self.bounds: dict[int, tuple[int, int]] = {}
        for list_id, chunks in parts.items():
            joined = b"".join(chunks)  # (one copy: numpy reads the little-endian bytes as they are)
            stored = _np.frombuffer(joined, dtype="<i8") if _np is not None else _from_bytes(joined)
            self.lists[list_id] = stored
            if len(stored):
                self.bounds[list_id] = (int(stored[0]), int(stored[-1]))
        # For holding(): per list with numbers, its bounds, its values and a view of them that
        # reads one as a Python int without a numpy scalar (~0.3 us less a check).
        self._searched = [(list_id, *self.bounds[list_id], stored, _view(stored))
                          for list_id, stored in self.lists.items() if list_id in self.bounds]
        self._sieve: _Sieve | None = None  # built on the first single check (a batch does not need it)

    def holding(self, value: int) -> list[int]:
        """The ids of the lists that hold `value` (a single check): one bit of the filter, which
        tells most numbers that no list holds them, then a binary search per list whose bounds
        take the value in."""
        sieve = self._sieve
        if sieve is None:
            sieve = self._sieve = _Sieve([stored for _, _, _, stored, _ in self._searched])
        bits = sieve.bits
        if bits is not None:  # (may_hold, inline: a single check's cost is counted in tenths of a us)
            spot = ((value * _MIX) & _WRAP) >> sieve.shift
            if not bits[spot >> 3] >> (spot & 7) & 1:
                return []
        found = []
        for list_id, low, high, stored, view in self._searched:
            if low <= value <= high:
                at = int(stored.searchsorted(value)) if type(stored) is not array else bisect.bisect_left(stored, value)
                if at < len(view) and view[at] == value:
                    found.append(list_id)
        return found

    def held(self, values: Any) -> dict[int, list[int]]:
        """The positions in `values` (a numpy int64 array, as key_values gives, or ints) that a
        list holds, each with the ids of those lists: one vectorised search per list over the
        values its bounds take in (most numbers of a batch are on no list: they cost no Python)."""
        _np = numpy_module()
        found: dict[int, list[int]] = {}
        wanted = _np.asarray(values, dtype=_np.int64) if _np is not None else values
        for list_id, low, high, stored, _ in self._searched:
            if _np is not None:
                positions = _held_positions(_np, wanted, low, high, stored).tolist()
            else:  # pragma: no cover - numpy is in the test and batch extras
                positions = [index for index, value in enumerate(values) if low <= value <= high
                             and (at := bisect.bisect_left(stored, value)) < len(stored) and stored[at] == value]
            for index in positions:
                found.setdefault(index, []).append(list_id)
        return found

    def signatures(self, values: Any) -> tuple[Any, tuple[tuple[int, ...], ...]]:
        """held() without a Python object per listed value (a batch's lookup): per value of
        `values` (a numpy int64 array) the index of its signature, -1 when no list holds it;
        per signature the ids of the lists that hold its values, in held()'s order. Needs numpy."""
        _np = numpy_module()
        wanted = _np.asarray(values, dtype=_np.int64)
        codes = _np.full(wanted.shape[0], -1, dtype=_np.int64)
        if len(self._searched) > _SIGNATURE_BITS:  # more lists than bits in a mask: through held()
            return signature_codes(range(wanted.shape[0]), self.held(wanted), codes)
        masks = _np.zeros(wanted.shape[0], dtype=_np.int64)  # bit b: the b-th list of _searched holds it
        for bit, (_, low, high, stored, _) in enumerate(self._searched):
            masks[_held_positions(_np, wanted, low, high, stored)] |= 1 << bit
        listed = _np.flatnonzero(masks)
        distinct, inverse = _np.unique(masks[listed], return_inverse=True)
        codes[listed] = inverse.reshape(-1)
        ids = [list_id for list_id, *_ in self._searched]
        return codes, tuple(tuple(list_id for bit, list_id in enumerate(ids) if mask >> bit & 1)
                            for mask in distinct.tolist())


_SIGNATURE_BITS = 62  # lists a signature mask holds (int64, its sign bit unused)


def _held_positions(_np: Any, wanted: Any, low: int, high: int, stored: Any) -> Any:
    """The positions in `wanted` (int64) of the values `stored` (one list, sorted) holds, in the
    order of their values."""
    inside = _np.flatnonzero((wanted >= low) & (wanted <= high))
    # Searched in ascending order: numpy's search starts from the last one's place, and the list
    # is read front to back (~5x faster on 10,000,000 numbers than at random).
    order = _np.argsort(wanted[inside])
    ordered = wanted[inside][order]
    at = _np.searchsorted(stored, ordered)  # < len(stored): every candidate <= high
    return inside[order[stored[at] == ordered]]


def signature_codes(keys: Iterable[Any], on_lists: dict[Any, list[int]], codes: Any = None,
                    ) -> tuple[Any, tuple[tuple[int, ...], ...]]:
    """ListIndex.signatures' answer from a {key: list ids} of held()'s kind (keys not in it are on
    no list): a code per key of `keys` in order (numpy int64; -1: on no list), the ids per code.
    `codes`: the array to fill (all -1), else a new one."""
    _np = numpy_module()
    order = list(keys)
    if codes is None:
        codes = _np.full(len(order), -1, dtype=_np.int64)
    seen: dict[tuple[int, ...], int] = {}
    if on_lists:
        for index, key in enumerate(order):
            ids = on_lists.get(key)
            if ids:
                codes[index] = seen.setdefault(tuple(ids), len(seen))
    return codes, tuple(seen)


def key_values(keys: Sequence[str]) -> Any:
    """key_value of every key (all plain or all hashed, as one store writes them): a numpy int64
    array (numpy installed), else a list."""
    _np = numpy_module()
    if _np is None or not keys:  # pragma: no cover - numpy is in the test and batch extras
        return [key_value(key) for key in keys]
    if keys[0].startswith("+"):
        return _np.fromiter(map(int, keys), dtype=_np.int64, count=len(keys))  # int() reads the "+" sign
    first = bytes.fromhex("".join([key[:16] for key in keys]))  # each HMAC's first 8 bytes
    return (_np.frombuffer(first, dtype=">u8") >> _np.uint64(1)).astype(_np.int64)
