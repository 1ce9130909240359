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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

BLOCK = 1024  # numbers per stored block: 8 KB, one seek and a binary search per looked-up number
COLUMNS = ("list_id", "first_value", "entries", "packed")
# The block of each list that may hold a value: one row per list (the list id, the block or NULL).
BLOCK_QUERY = ("SELECT l.id, (SELECT b.packed FROM suppression_blocks b WHERE b.list_id = l.id "
               "AND b.first_value <= ? ORDER BY b.first_value DESC LIMIT 1) FROM suppression_lists l")
ALL_BLOCKS_QUERY = "SELECT list_id, packed FROM suppression_blocks ORDER BY list_id, first_value"



@functools.cache
def _numpy() -> Any:
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
    return int(key[1:]) if key.startswith("+") else int(key[:16], 16) >> 1


def sorted_unique(values: array[int] | Sequence[int]) -> Any:
    """The distinct values, ascending: a numpy int64 array (numpy installed: one sorted copy,
    8 bytes a number), else an array('q')."""
    _np = _numpy()
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
    _np = _numpy()
    if _np is not None:
        return values[~_np.isin(values, removed, assume_unique=True)]
    gone = set(removed)
    return array("q", (value for value in values if value not in gone))


def _to_bytes(chunk: Any) -> bytes:
    """A slice of sorted values (numpy int64 or array('q')), little-endian."""
    _np = _numpy()
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


class ListIndex:
    """Every stored list's values in memory (for reads of many numbers at once)."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        _np = _numpy()
        parts: dict[int, list[bytes]] = {}
        for list_id, blob in rows:
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

    def lists_of(self, values: Sequence[int]) -> list[list[int]]:
        """Per value, the ids of the lists that hold it."""
        _np = _numpy()
        found: list[list[int]] = [[] for _ in values]
        for list_id, stored in self.lists.items():
            if _np is not None and len(values) <= 16:  # a single check: scalar searches (~1 us each)
                low, high = self.bounds.get(list_id, (1, 0))
                for index, value in enumerate(values):
                    if not low <= value <= high:
                        continue
                    at = int(stored.searchsorted(value))
                    if at < stored.shape[0] and int(stored[at]) == value:
                        found[index].append(list_id)
            elif _np is not None:
                wanted = _np.asarray(values, dtype=_np.int64)
                at = _np.searchsorted(stored, wanted)
                inside = at < stored.shape[0]
                hits = _np.zeros(wanted.shape[0], dtype=bool)
                hits[inside] = stored[at[inside]] == wanted[inside]
                for index in _np.flatnonzero(hits).tolist():
                    found[index].append(list_id)
            else:  # pragma: no cover
                for index, value in enumerate(values):
                    at = bisect.bisect_left(stored, value)
                    if at < len(stored) and stored[at] == value:
                        found[index].append(list_id)
        return found
