"""Rate limits, quotas and the brake on key guessing, as token buckets.

- Per key (from the keys file, `rate=`, `burst=`, `quota=`; docs/http.md): a bucket of
  `burst` requests refilled at `rate` per second, and at most `quota` requests per UTC day.
- Per client address: at most BAD_KEY_BURST bad keys (missing, malformed or unknown), then one
  more every BAD_KEY_EVERY seconds; past that every request from the address is refused with
  429 until the bucket refills, without looking at its key (so guessing goes no faster than
  the brake, whatever the guess).

The per-key state is kept in the worker (`LocalSlots`), or - with several workers - in a small
file every worker maps into memory (`SharedSlots`: one record of four numbers per limited key,
each read-modify-write under an exclusive `flock`), so that N workers admit a key's rate once,
not N times. `callwindow-serve --workers N` makes the file and names it in
CALLWINDOW_LIMITS_FILE. The bad-key brake stays per worker (with N workers guessing may go N
times faster: still a few per minute). The clocks are parameters so tests move time by hand; time.monotonic is
the system's CLOCK_MONOTONIC, one clock for every process.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import mmap
import os
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DAY_SECONDS = 86_400
BAD_KEY_BURST = 10
BAD_KEY_EVERY = 6.0  # seconds: 10 guesses a minute once the burst is spent
MAX_CLIENTS = 10_000  # addresses remembered by the brake; forgotten all at once past this


@dataclass(frozen=True, slots=True)
class KeyLimits:
    """One key's limits; None = no limit of that kind."""

    rate: float | None = None  # requests per second, sustained
    burst: int | None = None  # requests at once (default: max(1, 2 x rate))
    quota: int | None = None  # requests per UTC day

    @property
    def capacity(self) -> int | None:
        if self.rate is None:
            return None
        return self.burst if self.burst is not None else max(1, math.ceil(2 * self.rate))


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the limiter said: `retry_after` seconds (0: admitted), and the RateLimit-* header
    values of the bucket (None when the key has no rate limit)."""

    retry_after: float = 0.0
    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None

    @property
    def admitted(self) -> bool:
        return self.retry_after <= 0

    def headers(self) -> dict[str, str]:
        found = {}
        if self.limit is not None and self.remaining is not None and self.reset is not None:
            found = {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining),
                     "RateLimit-Reset": str(math.ceil(self.reset))}
        if not self.admitted:
            found["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        return found


UNLIMITED = Verdict()  # a key without limits: admitted, no RateLimit-* headers


class TokenBucket:
    """`capacity` tokens, refilled continuously at `rate` per second."""

    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity, self.rate, self.tokens, self.stamp = capacity, rate, capacity, now

    def _refill(self, now: float) -> None:
        if now > self.stamp:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now

    def wait(self, now: float, cost: float = 1.0) -> float:
        """Seconds until `cost` tokens are there (0: they are now); takes nothing."""
        self._refill(now)
        missing = cost - self.tokens
        return 0.0 if missing <= 0 else missing / self.rate

    def take(self, now: float, cost: float = 1.0) -> float:
        """Take `cost` tokens if they are there (returns 0), else take nothing and return the wait."""
        wait = self.wait(now, cost)
        if wait == 0.0:
            self.tokens -= cost
        return wait

    def full_in(self) -> float:
        return (self.capacity - self.tokens) / self.rate


# A key's state: [bucket tokens (NaN: not used yet, full), bucket stamp, UTC day, requests that day].
Slot = list[float]
_RECORD = struct.Struct("<4d")


class LocalSlots:
    """The keys' state in this process."""

    def __init__(self) -> None:
        self._slots: dict[str, Slot] = {}

    @contextlib.contextmanager
    def hold(self, key: str) -> Iterator[Slot]:
        yield self._slots.setdefault(key, [math.nan, 0.0, -1.0, 0.0])


class SharedSlots:
    """The keys' state in a file every worker maps (one record per key of `keys`, in sorted
    order), each change made under an exclusive flock: the workers count as one."""

    def __init__(self, path: str | os.PathLike[str], keys: list[str]) -> None:
        self._index = {key: position for position, key in enumerate(sorted(keys))}
        size = max(1, len(self._index)) * _RECORD.size
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        with self._locked():
            if os.fstat(self._fd).st_size < size:  # the first worker lays it out
                os.ftruncate(self._fd, size)
                os.pwrite(self._fd, _RECORD.pack(math.nan, 0.0, -1.0, 0.0) * max(1, len(self._index)), 0)
        self._map = mmap.mmap(self._fd, size)

    @staticmethod
    def create(path: str | os.PathLike[str], keys: list[str]) -> None:
        """Lay the file out (the supervisor, before the workers start)."""
        SharedSlots(path, keys).close()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def hold(self, key: str) -> Iterator[Slot]:
        offset = self._index[key] * _RECORD.size
        with self._locked():
            slot = list(_RECORD.unpack_from(self._map, offset))
            yield slot
            _RECORD.pack_into(self._map, offset, *slot)

    def close(self) -> None:
        if getattr(self, "_map", None) is not None:
            self._map.close()
        os.close(self._fd)


class KeyLimiter:
    """Admits a request for a key, or says how long to wait. `slots`: where the keys' state is
    kept (LocalSlots, or SharedSlots for several workers)."""

    def __init__(self, limits: dict[str, KeyLimits], clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time, slots: LocalSlots | SharedSlots | None = None) -> None:
        self.limits, self.clock, self.wall = limits, clock, wall
        self.slots = slots if slots is not None else LocalSlots()

    def admit(self, key: str) -> Verdict:
        limits = self.limits.get(key)
        if limits is None:
            return UNLIMITED
        with self.slots.hold(key) as slot:
            return self._admit(limits, slot)

    def _admit(self, limits: KeyLimits, slot: Slot) -> Verdict:
        quota_wait, today, used = 0.0, 0, 0
        if limits.quota is not None:
            today = int(self.wall() // DAY_SECONDS)
            used = int(slot[3]) if int(slot[2]) == today else 0
            if used >= limits.quota:
                quota_wait = (today + 1) * DAY_SECONDS - self.wall()
        verdict = Verdict(retry_after=quota_wait)
        capacity = limits.capacity
        if capacity is not None and limits.rate is not None:
            now = self.clock()
            bucket = TokenBucket(capacity, limits.rate, now)
            if not math.isnan(slot[0]):
                bucket.tokens, bucket.stamp = slot[0], slot[1]
            wait = bucket.wait(now) if quota_wait else bucket.take(now)  # a refused request takes no token
            slot[0], slot[1] = bucket.tokens, bucket.stamp
            verdict = Verdict(retry_after=max(wait, quota_wait), limit=capacity, remaining=int(bucket.tokens),
                              reset=bucket.full_in())
        if verdict.admitted and limits.quota is not None:
            slot[2], slot[3] = float(today), float(used + 1)
        return verdict


class BadKeyBrake:
    """Counts bad keys per client address; a spent bucket refuses the address for a while."""

    def __init__(self, burst: int = BAD_KEY_BURST, every: float = BAD_KEY_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst, self.every, self.clock = burst, every, clock
        self._buckets: dict[str, TokenBucket] = {}

    def wait(self, client: str) -> float:
        """Seconds this address must wait before its key is looked at again (0: now)."""
        bucket = self._buckets.get(client)
        return 0.0 if bucket is None else bucket.wait(self.clock())

    def failed(self, client: str) -> None:
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= MAX_CLIENTS:
                self._buckets.clear()  # bounded memory; an attacker gains at most one fresh burst
            bucket = self._buckets[client] = TokenBucket(self.burst, 1 / self.every, self.clock())
        bucket.take(self.clock())
