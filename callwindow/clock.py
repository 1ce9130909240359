"""Instants <-> local wall time, exact across DST gaps and folds.

This is the only module that converts between UTC instants and wall clocks.
Instants are integer or float POSIX seconds (UTC) inside the engine.

The rule used everywhere (docs/dst.md): a local window "HH:MM-HH:MM on date D"
in zone Z is the set of instants whose wall-clock reading in Z falls on D,
at or after the start and before the end. Computed per constant-offset
segment of the zone, so a window edge that falls in a gap starts when the gap
ends, and a fold keeps both readings exactly as a wall clock would show them.
Tested against a minute-by-minute brute force (tests/test_clock.py).

Zones are loaded from the `tzdata` package rather than the host, so that every
decision is stamped with one known tz database version.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import InvalidZone

try:  # the pinned database; fall back to the host's when tzdata is absent
    import tzdata as _tzdata

    TZ_VERSION: str = _tzdata.IANA_VERSION
    _HAVE_TZDATA = True
except ImportError:  # pragma: no cover - tzdata is a declared dependency
    TZ_VERSION = "system"
    _HAVE_TZDATA = False

DAY = 86_400
_EPOCH_DATE = date(1970, 1, 1)
# Wall clocks stay within this many seconds of UTC (UTC+14 and UTC-12, plus
# historical local mean time offsets); a margin bounds the search for a day.
_MAX_OFFSET = 16 * 3600
# Offsets are sampled at this step and transitions found by bisection. Real
# zones never change offset twice within an hour (checked by the brute-force
# tests over every pinned zone).
_SAMPLE_STEP = 3600

_zones: dict[str, tzinfo] = {}


class PinnedZone(zoneinfo.ZoneInfo):
    """A zone read from the pinned tzdata package's file (ZoneInfo.from_file: the machine's own
    zone database may be another release). zoneinfo refuses to pickle a zone made from a file;
    this one pickles as its name and is read again by get_zone where it is unpickled, so a
    Decision (its local times) crosses to a Dask or Spark worker and back."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return get_zone, (str(self.key),)


class RuleZone(zoneinfo.ZoneInfo):
    """A zone of a POSIX TZ rule (posix_zone), pickled as its rule."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return posix_zone, (str(self.key),)


def get_zone(name: str) -> tzinfo:
    """The tzinfo for an IANA name, cached (an unreferenced zone is re-read from disk)."""
    zone = _zones.get(name)
    if zone is None:
        zone = _load_zone(name)
        _zones[name] = zone
    return zone


def _load_zone(name: str) -> tzinfo:
    if not name or name.startswith(("/", ".")) or ".." in name or name == "Etc/Unknown":
        raise InvalidZone(f"unknown time zone {name!r}: expected an IANA name like Europe/Paris")
    try:
        if _HAVE_TZDATA:
            with _zone_file(name).open("rb") as handle:
                return PinnedZone.from_file(handle, key=name)
        return zoneinfo.ZoneInfo(name)  # pragma: no cover
    except (OSError, ValueError, ModuleNotFoundError, zoneinfo.ZoneInfoNotFoundError):
        raise InvalidZone(f"unknown time zone {name!r}: expected an IANA name like Europe/Paris") from None


def _zone_file(name: str) -> Any:
    """The pinned tzdata package's file of an IANA name (a Traversable; callers check the name)."""
    package = "tzdata.zoneinfo." + ".".join(name.split("/")[:-1]) if "/" in name else "tzdata.zoneinfo"
    return resources.files(package).joinpath(name.split("/")[-1])


def same_zone(first: str, second: str) -> bool:
    """Whether two IANA names are one zone: the same name, or a link (America/Montreal ->
    America/Toronto, US/Eastern -> America/New_York), which the tzdata package ships as a copy
    of the target's file, so equal bytes mean the same clock at every instant. A name whose
    file cannot be read is no other zone."""
    if first == second:
        return True
    content = _zone_bytes(first)
    return content is not None and content == _zone_bytes(second)


@lru_cache(maxsize=1024)
def _zone_bytes(name: str) -> bytes | None:
    if not _HAVE_TZDATA or not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return bytes(_zone_file(name).read_bytes())
    except (OSError, ValueError, ModuleNotFoundError):
        return None


def posix_zone(rule: str) -> tzinfo:
    """A zone from a POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`, `<+0330>-3:30`), the form a
    machine's TZ may hold instead of an IANA name: read by zoneinfo itself, as the footer of
    a TZif file with no transitions (RFC 8536 section 3.3), so its daylight-saving changes are
    followed exactly, with no history before them. InvalidZone when it is not such a rule."""
    import io
    import struct

    if not rule or len(rule) > 200 or not rule.isascii() or "\n" in rule:
        raise InvalidZone(f"TZ={rule!r} is neither an IANA zone name nor a POSIX TZ rule")
    # v1 and v2 blocks: no transitions, one local time type (required), its designation "UTC".
    block = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 4) + struct.pack(">lbB", 0, 0, 0) + b"UTC\x00"
    try:
        return RuleZone.from_file(io.BytesIO(block + block + b"\n" + rule.encode() + b"\n"), key=rule)
    except ValueError:
        raise InvalidZone(f"TZ={rule!r} is neither an IANA zone name nor a POSIX TZ rule") from None


def is_zone(name: str) -> bool:
    """True when `name` is a loadable IANA zone."""
    try:
        get_zone(name)
    except InvalidZone:
        return False
    return True


# The wall clocks read lately, by instant and zone name: a decision's local times are read
# again by the next decision of the same instant in the zone (a batch's numbers at one instant,
# a dialer's polls, the same question asked twice), and one shared datetime object is also what
# model.local_iso keeps its ISO text by. fromtimestamp is exact: the memo changes no value.
# Bounded as the UTC memo below.
LOCAL_CACHE_SIZE = 4096
_local_times: dict[tuple[float, str], datetime] = {}


def local_time(instant: float, zone_name: str) -> datetime:
    """The aware wall-clock time in a zone at a POSIX instant."""
    key = (instant, zone_name)
    found = _local_times.get(key)
    if found is None:
        if len(_local_times) >= LOCAL_CACHE_SIZE:
            _local_times.clear()
        found = _local_times[key] = datetime.fromtimestamp(instant, get_zone(zone_name))
    return found


def offset_at(instant: int, zone_name: str) -> int:
    """UTC offset in seconds of a zone at an instant (read afresh: the offset search of
    offset_segments probes many instants, which would only crowd the wall-clock memo)."""
    offset = datetime.fromtimestamp(instant, get_zone(zone_name)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def day_number(day: date) -> int:
    """Days since 1970-01-01 (the POSIX day of a date read as UTC)."""
    return (day - _EPOCH_DATE).days


def date_of_day_number(number: int) -> date:
    return _EPOCH_DATE + timedelta(days=number)


@lru_cache(maxsize=65_536)
def offset_segments(zone_name: str, start: int, end: int) -> tuple[tuple[int, int, int], ...]:
    """Constant-offset pieces (start, end, offset) that cover [start, end)."""
    segments: list[tuple[int, int, int]] = []
    seg_start = start
    seg_offset = offset_at(start, zone_name)
    probe = start
    while probe < end:
        step_end = min(probe + _SAMPLE_STEP, end)
        if offset_at(step_end, zone_name) != seg_offset or step_end == end:
            # Find the exact second the offset changes within (probe, step_end].
            low, high = probe, step_end
            if offset_at(high, zone_name) != seg_offset:
                while high - low > 1:
                    middle = (low + high) // 2
                    if offset_at(middle, zone_name) == seg_offset:
                        low = middle
                    else:
                        high = middle
                segments.append((seg_start, high, seg_offset))
                seg_start, seg_offset = high, offset_at(high, zone_name)
        probe = step_end
    segments.append((seg_start, end, seg_offset))
    return tuple(segment for segment in segments if segment[0] < segment[1])


def wall_windows_to_utc(
    zone_name: str, day: date, windows: tuple[tuple[int, int], ...]
) -> list[tuple[int, int]]:
    """UTC intervals [start, end) of the instants whose wall clock in `zone_name`
    reads `day` and a time inside one of `windows` (seconds after local midnight,
    end exclusive, 86400 = end of day). Merged and sorted."""
    if not windows:
        return []
    wall_midnight = day_number(day) * DAY
    segments = offset_segments(zone_name, wall_midnight - _MAX_OFFSET, wall_midnight + DAY + _MAX_OFFSET)
    intervals: list[tuple[int, int]] = []
    for seg_start, seg_end, offset in segments:
        for window_start, window_end in windows:
            low = max(seg_start, wall_midnight + window_start - offset)
            high = min(seg_end, wall_midnight + window_end - offset)
            if low < high:
                intervals.append((low, high))
    return merge_intervals(intervals)


def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted union of half-open intervals; touching intervals are joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def local_dates_touching(zone_name: str, start: int, end: int) -> list[date]:
    """Every local date the wall clock of the zone shows during [start, end)."""
    dates: set[date] = set()
    for seg_start, seg_end, offset in offset_segments(zone_name, start, end):
        first = (seg_start + offset) // DAY
        last = (seg_end - 1 + offset) // DAY
        dates.update(date_of_day_number(number) for number in range(first, last + 1))
    return sorted(dates)


def first_instant_at_or_after(zone_name: str, day: date, seconds: int) -> int | None:
    """The first instant whose wall clock reads `day` at or after `seconds` past
    midnight: a start time inside a DST gap gives the end of the gap; in a fold,
    the first of the two readings. None when the day has no such instant."""
    intervals = wall_windows_to_utc(zone_name, day, ((seconds, DAY),))
    return intervals[0][0] if intervals else None


# The UTC datetimes of instants converted lately: the decisions' next_allowed_at and
# window_closes_at are segment edges, shared by many decisions, and one shared datetime object
# also keeps its hash (an aware datetime's costs ~0.35 us, paid again by each new object when
# model._iso looks its ISO text up). Equal instants give equal datetimes (fromtimestamp is exact
# to the microsecond): the memo changes no value. Bounded: cleared when full (a get, a set or a
# clear is atomic among threads).
UTC_CACHE_SIZE = 4096
_utc_datetimes: dict[float, datetime] = {}


def to_utc_datetime(instant: float) -> datetime:
    """The aware UTC datetime of a POSIX instant."""
    found = _utc_datetimes.get(instant)
    if found is None:
        if len(_utc_datetimes) >= UTC_CACHE_SIZE:
            _utc_datetimes.clear()
        found = _utc_datetimes[instant] = datetime.fromtimestamp(instant, UTC)
    return found
