"""callwindow.clock against a minute-by-minute brute force.

The reference: walk every whole minute of a UTC range around the day, read the
wall clock of the zone with the standard library (zone data from the same
pinned tzdata package), and keep the minutes whose wall clock shows `day` and a
time of day inside the window. wall_windows_to_utc must contain exactly those
minutes (intervals expanded to the whole minutes they contain: minute m is in
[start, end) when start <= 60 m < end). Since both sides are compared at the
same sample instants, this is exact even when an offset is not a whole number of
minutes (local mean time). Interval ends are also probed to the second.
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from datetime import UTC, date, datetime, timedelta

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from strategies import all_zone_names, tzdata_zone, wall, wall_seconds

from callwindow import clock

DAY = 86_400
H = 3600
M = 60
EPOCH = date(1970, 1, 1)

WINDOWS: list[tuple[int, int]] = [
    (0, DAY),
    (7 * H, 22 * H),
    (8 * H, 21 * H),
    (0, 1 * H),
    (1 * H, 3 * H),
    (23 * H, 24 * H),
    (2 * H, 2 * H + 30 * M),
]
STARTS = [0, 2 * H + 30 * M, 8 * H]

# Transition days (local dates on either side of every 2026 offset change, and
# the days around them), plus historic oddities.
PINNED: list[tuple[str, date]] = [
    ("America/New_York", date(2026, 3, 8)),  # 02:00 -> 03:00
    ("America/New_York", date(2026, 11, 1)),  # 02:00 -> 01:00
    ("Europe/Dublin", date(2026, 3, 29)),  # negative DST: "winter time" is the DST
    ("Europe/Dublin", date(2026, 10, 25)),
    ("Australia/Lord_Howe", date(2026, 4, 5)),  # 02:00 -> 01:30 (30-minute DST)
    ("Australia/Lord_Howe", date(2026, 10, 4)),  # 02:00 -> 02:30
    ("America/Santiago", date(2026, 4, 4)),  # 24:00 -> 23:00: 23:00-24:00 twice
    ("America/Santiago", date(2026, 4, 5)),
    ("America/Santiago", date(2026, 9, 5)),  # 24:00 -> 01:00: the 6th has no 00:xx
    ("America/Santiago", date(2026, 9, 6)),
    ("Pacific/Apia", date(2011, 12, 29)),  # 2011-12-30 was skipped
    ("Pacific/Apia", date(2011, 12, 30)),
    ("Pacific/Apia", date(2011, 12, 31)),
    ("America/Havana", date(2026, 3, 7)),  # 00:00 -> 01:00 on the 8th
    ("America/Havana", date(2026, 3, 8)),
    ("America/Havana", date(2025, 11, 1)),
    ("America/Havana", date(2025, 11, 2)),
    ("Asia/Beirut", date(2026, 3, 29)),  # 00:00 -> 01:00
    ("Asia/Beirut", date(2026, 10, 24)),  # 24:00 -> 23:00
    ("Asia/Beirut", date(2026, 10, 25)),
    ("Africa/Cairo", date(2026, 4, 24)),  # 00:00 -> 01:00
    ("Africa/Cairo", date(2026, 4, 23)),
    ("Africa/Cairo", date(2026, 10, 29)),  # 24:00 -> 23:00
    ("Africa/Cairo", date(2026, 10, 30)),
    ("Atlantic/Azores", date(2026, 3, 28)),
    ("Atlantic/Azores", date(2026, 3, 29)),  # 00:00 -> 01:00
    ("Atlantic/Azores", date(2026, 10, 25)),  # 01:00 -> 00:00
    ("Europe/Paris", date(2026, 6, 15)),  # an ordinary day, for contrast
    ("Asia/Kolkata", date(2026, 3, 8)),  # no DST, +05:30
    ("Asia/Kathmandu", date(2026, 3, 8)),  # +05:45
    ("Pacific/Kiritimati", date(2026, 1, 1)),  # +14
    ("Etc/GMT+12", date(2026, 1, 1)),  # -12
    ("America/St_Johns", date(2026, 3, 8)),  # -03:30 with DST
]

# Each pinned (zone, day) must really be near a change of offset, or be one of
# the deliberate ordinary days: guards against a typo silently testing nothing.
ORDINARY = {"Europe/Paris", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Kiritimati", "Etc/GMT+12"}


def _midnight_utc(day: date) -> int:
    return (day - EPOCH).days * DAY


# ---------------------------------------------------------------- reference


def brute_minutes(zone: str, day: date, before: int = 2 * DAY, after: int = 3 * DAY) -> list[tuple[int, date, float]]:
    """(minute instant, wall date, wall seconds) for every whole minute of
    [midnight(day) - before, midnight(day) + after) read as UTC."""
    tz = tzdata_zone(zone)
    start = _midnight_utc(day) - before
    out = []
    for instant in range(start, _midnight_utc(day) + after, 60):
        local = datetime.fromtimestamp(instant, tz)
        out.append((instant, local.date(), wall_seconds(local)))
    return out


def brute_set(samples: list[tuple[int, date, float]], day: date, windows: tuple[tuple[int, int], ...]) -> set[int]:
    return {
        instant
        for instant, local_day, seconds in samples
        if local_day == day and any(start <= seconds < end for start, end in windows)
    }


def minutes_in(intervals: list[tuple[int, int]], low: int, high: int) -> set[int]:
    """The whole-minute instants inside the union of half-open intervals, clipped to [low, high)."""
    found: set[int] = set()
    for start, end in intervals:
        first = max(start, low)
        first = -(-first // 60) * 60  # round up to a whole minute
        for instant in range(first, min(end, high), 60):
            found.add(instant)
    return found


def inside(instant: int, zone: str, day: date, windows: tuple[tuple[int, int], ...]) -> bool:
    """Reference predicate for one instant."""
    local = wall(instant, zone)
    seconds = wall_seconds(local)
    return local.date() == day and any(start <= seconds < end for start, end in windows)


def check_intervals(zone: str, day: date, windows: tuple[tuple[int, int], ...], samples, low: int, high: int) -> None:
    got = clock.wall_windows_to_utc(zone, day, windows)
    # Well formed: integer, sorted, disjoint, non-touching, non-empty.
    for start, end in got:
        assert isinstance(start, int) and isinstance(end, int), got
        assert start < end, got
    for (_, first_end), (second_start, _) in zip(got, got[1:], strict=False):
        assert first_end < second_start, got
    # Within the search range (a wall date is never more than ~16 h off UTC).
    for start, end in got:
        assert low <= start and end <= high, (got, low, high)
    expected = brute_set(samples, day, windows)
    actual = minutes_in(got, low, high)
    if expected != actual:
        missing = sorted(expected - actual)[:5]
        extra = sorted(actual - expected)[:5]
        raise AssertionError(
            f"{zone} {day} {windows}: missing {[str(wall(t, zone)) for t in missing]} "
            f"extra {[str(wall(t, zone)) for t in extra]}; got {got}"
        )
    # Exact to the second at every interval edge.
    for start, end in got:
        assert inside(start, zone, day, windows), (zone, day, windows, start)
        assert not inside(start - 1, zone, day, windows), (zone, day, windows, start - 1)
        assert inside(end - 1, zone, day, windows), (zone, day, windows, end - 1)
        assert not inside(end, zone, day, windows), (zone, day, windows, end)


# ---------------------------------------------------------------- pinned days


_SAMPLES: dict[tuple[str, date], list[tuple[int, date, float]]] = {}


def _samples(zone: str, day: date) -> list[tuple[int, date, float]]:
    key = (zone, day)
    if key not in _SAMPLES:
        _SAMPLES[key] = brute_minutes(zone, day)
    return _SAMPLES[key]


@pytest.mark.parametrize(("zone", "day"), PINNED, ids=[f"{zone}-{day}" for zone, day in PINNED])
def test_pinned_day_is_a_transition_day(zone: str, day: date) -> None:
    if zone in ORDINARY:
        return
    tz = tzdata_zone(zone)
    start = _midnight_utc(day) - 2 * DAY
    offsets = {datetime.fromtimestamp(t, tz).utcoffset() for t in range(start, start + 5 * DAY, 900)}
    assert len(offsets) > 1, f"{zone} has no offset change around {day}: fix the pinned list"


@pytest.mark.parametrize("window", WINDOWS, ids=[f"{w[0]}-{w[1]}" for w in WINDOWS])
@pytest.mark.parametrize(("zone", "day"), PINNED, ids=[f"{zone}-{day}" for zone, day in PINNED])
def test_pinned_window_matches_brute_force(zone: str, day: date, window: tuple[int, int]) -> None:
    low, high = _midnight_utc(day) - 2 * DAY, _midnight_utc(day) + 3 * DAY
    check_intervals(zone, day, (window,), _samples(zone, day), low, high)


@pytest.mark.parametrize(("zone", "day"), PINNED, ids=[f"{zone}-{day}" for zone, day in PINNED])
def test_pinned_several_windows_match_brute_force(zone: str, day: date) -> None:
    low, high = _midnight_utc(day) - 2 * DAY, _midnight_utc(day) + 3 * DAY
    windows = ((0, 1 * H), (1 * H + 30 * M, 2 * H + 30 * M), (2 * H + 30 * M, 3 * H), (22 * H, DAY))
    check_intervals(zone, day, windows, _samples(zone, day), low, high)
    assert clock.wall_windows_to_utc(zone, day, ()) == []


@pytest.mark.parametrize("seconds", STARTS, ids=[f"{s // 60}min" for s in STARTS])
@pytest.mark.parametrize(("zone", "day"), PINNED, ids=[f"{zone}-{day}" for zone, day in PINNED])
def test_first_instant_at_or_after(zone: str, day: date, seconds: int) -> None:
    got = clock.first_instant_at_or_after(zone, day, seconds)
    # Reference: the first second (found via the minute samples, then refined) whose
    # wall clock reads `day` at or after `seconds`.
    candidates = [t for t, local_day, s in _samples(zone, day) if local_day == day and s >= seconds]
    if not candidates:
        # No whole minute qualifies: then no second does either (offsets here are whole minutes).
        assert got is None, (zone, day, seconds, got)
        return
    first_minute = candidates[0]
    expected = first_minute
    for t in range(first_minute - 59, first_minute):
        local = wall(t, zone)
        if local.date() == day and wall_seconds(local) >= seconds:
            expected = t
            break
    assert got == expected, (zone, day, seconds, got and str(wall(got, zone)), str(wall(expected, zone)))
    local = wall(got, zone)
    assert local.date() == day and wall_seconds(local) >= seconds


def test_apia_skipped_day_has_no_instants() -> None:
    skipped = date(2011, 12, 30)
    for window in WINDOWS:
        assert clock.wall_windows_to_utc("Pacific/Apia", skipped, (window,)) == []
    for seconds in STARTS:
        assert clock.first_instant_at_or_after("Pacific/Apia", skipped, seconds) is None
    around = _midnight_utc(skipped)
    dates = clock.local_dates_touching("Pacific/Apia", around - 2 * DAY, around + 2 * DAY)
    assert skipped not in dates
    assert date(2011, 12, 29) in dates and date(2011, 12, 31) in dates


def test_new_york_spring_forward_edges() -> None:
    """02:30 does not exist on 2026-03-08: a window starting there starts at 03:00 EDT."""
    day = date(2026, 3, 8)
    three_edt = int(datetime(2026, 3, 8, 7, 0, tzinfo=UTC).timestamp())
    assert clock.first_instant_at_or_after("America/New_York", day, 2 * H + 30 * M) == three_edt
    assert clock.wall_windows_to_utc("America/New_York", day, ((2 * H, 2 * H + 30 * M),)) == []
    # The day is 23 hours long.
    assert sum(end - start for start, end in clock.wall_windows_to_utc("America/New_York", day, ((0, DAY),))) == 23 * H


def test_new_york_fall_back_keeps_both_readings() -> None:
    day = date(2026, 11, 1)
    got = clock.wall_windows_to_utc("America/New_York", day, ((1 * H, 2 * H),))
    # 01:00-02:00 EDT (05:00-06:00Z) then 01:00-02:00 EST (06:00-07:00Z): one merged interval.
    start = int(datetime(2026, 11, 1, 5, 0, tzinfo=UTC).timestamp())
    assert got == [(start, start + 2 * H)]
    assert sum(end - start for start, end in clock.wall_windows_to_utc("America/New_York", day, ((0, DAY),))) == 25 * H
    # first instant at or after 01:00: the first (EDT) reading.
    assert clock.first_instant_at_or_after("America/New_York", day, 1 * H) == start


def test_lord_howe_half_hour_fold() -> None:
    day = date(2026, 4, 5)
    total = sum(end - start for start, end in clock.wall_windows_to_utc("Australia/Lord_Howe", day, ((0, DAY),)))
    assert total == DAY + 30 * M
    day = date(2026, 10, 4)
    total = sum(end - start for start, end in clock.wall_windows_to_utc("Australia/Lord_Howe", day, ((0, DAY),)))
    assert total == DAY - 30 * M


@pytest.mark.parametrize(("zone", "day"), PINNED, ids=[f"{zone}-{day}" for zone, day in PINNED])
def test_local_dates_touching_matches_brute_force(zone: str, day: date) -> None:
    low = _midnight_utc(day) - 2 * DAY
    for start, end in ((low, low + 4 * DAY), (low + DAY + 7 * H + 17 * M, low + 2 * DAY + 3 * H)):
        got = clock.local_dates_touching(zone, start, end)
        # Every minute sample plus the last second covers every date shown (dates last >= 1 minute).
        expected = {wall(t, zone).date() for t in range(start, end, 60)} | {wall(end - 1, zone).date()}
        assert got == sorted(expected), (zone, day, got, sorted(expected))


@pytest.mark.parametrize(("zone", "day"), PINNED, ids=[f"{zone}-{day}" for zone, day in PINNED])
def test_offset_segments_match_reference(zone: str, day: date) -> None:
    low = _midnight_utc(day) - 2 * DAY
    high = low + 5 * DAY
    segments = clock.offset_segments(zone, low, high)
    assert segments[0][0] == low and segments[-1][1] == high
    for (_, first_end, first_offset), (second_start, _, second_offset) in zip(segments, segments[1:], strict=False):
        assert first_end == second_start and first_offset != second_offset
    tz = tzdata_zone(zone)
    for start, end, offset in segments:
        for t in (start, end - 1, (start + end) // 2):
            assert datetime.fromtimestamp(t, tz).utcoffset() == timedelta(seconds=offset), (zone, t)
        for t in range(start - start % 900 + 900, end, 900):
            assert datetime.fromtimestamp(t, tz).utcoffset() == timedelta(seconds=offset), (zone, t)


# ---------------------------------------------------------------- random


def _window() -> st.SearchStrategy[tuple[int, int]]:
    minute_aligned = st.tuples(st.integers(0, 1439), st.integers(1, 1440)).map(lambda p: (p[0] * 60, p[1] * 60))
    any_second = st.tuples(st.integers(0, DAY - 1), st.integers(1, DAY))
    return st.one_of(minute_aligned, minute_aligned, any_second).filter(lambda w: w[0] < w[1])


_ZONES = all_zone_names()


@budget(300)
@given(
    zone=st.sampled_from(_ZONES),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    windows=st.lists(_window(), min_size=1, max_size=3).map(tuple),
)
def test_random_zone_day_window_matches_brute_force(zone: str, day: date, windows: tuple[tuple[int, int], ...]) -> None:
    before = after = DAY + 16 * H
    low, high = _midnight_utc(day) - before, _midnight_utc(day) + DAY + after
    samples = brute_minutes(zone, day, before=before, after=DAY + after)
    check_intervals(zone, day, windows, samples, low, high)
    seconds = windows[0][0]
    got = clock.first_instant_at_or_after(zone, day, seconds)
    later = sorted(t for t, local_day, s in samples if local_day == day and s >= seconds)
    if got is not None:
        assert inside(got, zone, day, ((seconds, DAY),))
        assert not inside(got - 1, zone, day, ((seconds, DAY),))
    if later:
        # The first qualifying whole minute, or up to 59 s before it.
        assert got is not None and got <= later[0] < got + 60, (got, later[0])
    elif got is None:
        # No whole minute qualifies (e.g. a window starting at 23:59:01): nor does
        # any second of the day's last minute.
        last = max((t for t, local_day, _ in samples if local_day == day), default=None)
        if last is not None:
            assert not any(inside(t, zone, day, ((seconds, DAY),)) for t in range(last, last + 60))


@budget(100)
@given(
    zone=st.sampled_from(_ZONES),
    day=st.dates(min_value=date(1850, 1, 1), max_value=date(2100, 12, 31)),
    windows=st.lists(_window(), min_size=1, max_size=3).map(tuple),
)
def test_historic_and_far_future_days_match_brute_force(
    zone: str, day: date, windows: tuple[tuple[int, int], ...]
) -> None:
    """Local mean time (offsets with seconds), wartime double summer time, and the
    POSIX-rule years after the last listed transition."""
    test_random_zone_day_window_matches_brute_force.hypothesis.inner_test(zone, day, windows)


# ---- pickling: a Decision crosses to a Dask or Spark worker and back


@given(st.sampled_from(["+33 1 23 45 67 89", "+1 212 555 0123", "+61 2 9876 5432", "+81 3 1234 5678",
                        "+1 800 555 0100"]),
       st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
       st.sampled_from(["call", "sms"]))
@budget(40)
def test_a_decision_pickles_to_an_equal_decision(number: str, moment: datetime, channel: str) -> None:
    import pickle

    from callwindow import check

    decision = check(number, moment.replace(tzinfo=UTC), channel=channel)
    again = pickle.loads(pickle.dumps(decision))
    assert again == decision
    assert again.to_dict() == decision.to_dict()
    # the zones come back as the process's own pinned zones, not copies
    for zone, local in again.local_times.items():
        assert local.tzinfo is clock.get_zone(zone)


def test_zones_pickle_by_name_and_rules_by_rule() -> None:
    import pickle

    zone = clock.get_zone("Europe/Paris")
    assert pickle.loads(pickle.dumps(zone)) is zone
    rule = clock.posix_zone("CET-1CEST,M3.5.0,M10.5.0/3")
    again = pickle.loads(pickle.dumps(rule))
    summer = datetime(2026, 7, 1, tzinfo=UTC)
    assert again.key == rule.key and summer.astimezone(again).utcoffset() == summer.astimezone(rule).utcoffset()
