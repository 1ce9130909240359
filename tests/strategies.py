"""Shared hypothesis strategies and reference helpers for the property tests.

Imported by the test modules as a plain module (`from strategies import ...`):
each of them puts this folder on sys.path first (there is no tests/__init__.py).

The reference helpers here are deliberately independent of callwindow.clock:
zones are read straight from the `tzdata` package (the database the library is
pinned to, so that both sides use the same tz version even when the host's
/usr/share/zoneinfo is older or newer) with the standard library's zoneinfo.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources

import phonenumbers
from hypothesis import strategies as st

from callwindow import Channel, ContactKind, InvalidInput, Purpose, resolve

UTC = UTC
HOUR = 3600
DAY = 86_400


# ---------------------------------------------------------------- zones (reference)


@cache
def tzdata_zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone `name` from the pinned tzdata package (not the host's files)."""
    parts = name.split("/")
    package = ".".join(["tzdata", "zoneinfo", *parts[:-1]])
    with resources.files(package).joinpath(parts[-1]).open("rb") as handle:
        return zoneinfo.ZoneInfo.from_file(handle, key=name)


@lru_cache(maxsize=1)
def all_zone_names() -> list[str]:
    """Every IANA zone name known to zoneinfo that the pinned tzdata ships, sorted."""
    shipped = set(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())
    return sorted(set(zoneinfo.available_timezones()) & shipped)


def wall(instant: float, zone: str) -> datetime:
    """Aware wall-clock reading of `zone` at a POSIX instant (reference)."""
    return datetime.fromtimestamp(instant, tzdata_zone(zone))


def wall_seconds(local: datetime) -> float:
    """Seconds since local midnight of a wall-clock reading."""
    return local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6


def _offset(instant: int, zone: str) -> timedelta | None:
    return wall(instant, zone).utcoffset()


@cache
def transitions(zone: str, first_year: int = 2025, last_year: int = 2030) -> tuple[int, ...]:
    """Instants (POSIX seconds) where the zone's UTC offset changes, exact to the
    second, between the start of first_year and the end of last_year (UTC).
    Scans every 2 days (real offset changes are at least ~7 days apart) and bisects."""
    start = int(datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=UTC).timestamp())
    step = 2 * DAY
    found: list[int] = []
    probe, offset = start, _offset(start, zone)
    while probe < end:
        nxt = min(probe + step, end)
        nxt_offset = _offset(nxt, zone)
        if nxt_offset != offset:
            low, high = probe, nxt  # offset(low) == offset, offset(high) != offset
            while high - low > 1:
                middle = (low + high) // 2
                if _offset(middle, zone) == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
        probe, offset = nxt, nxt_offset
    return tuple(found)


# ---------------------------------------------------------------- numbers


def _number_types() -> list[int]:
    return sorted(
        value for name, value in vars(phonenumbers.PhoneNumberType).items() if name.isupper() and isinstance(value, int)
    )


@lru_cache(maxsize=1)
def example_numbers() -> tuple[str, ...]:
    """phonenumbers' example number of every supported region and number type,
    E.164, kept when callwindow.resolve accepts it. Sorted, deduplicated."""
    found: set[str] = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for number_type in _number_types():
            example = phonenumbers.example_number_for_type(region, number_type)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            try:
                resolve(e164)
            except InvalidInput:
                continue
            found.add(e164)
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def non_geographic_numbers() -> tuple[str, ...]:
    """Example numbers of the non-geographic country codes (+800, +808, +870,
    +878, +881, +882, +883, +888, +979) that callwindow.resolve accepts."""
    found: set[str] = set()
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        example = phonenumbers.example_number_for_non_geo_entity(code)
        if example is None:
            continue
        e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
        try:
            resolve(e164)
        except InvalidInput:
            continue
        found.add(e164)
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def nanp_numbers() -> tuple[str, ...]:
    """+1 <area code> 555 0123 for every area code of callwindow's NANP table (so
    that every US state and Canadian province with its own laws is reached;
    phonenumbers' own US example is a single New Jersey number)."""
    from callwindow.numbers import nanp_area_codes

    found: set[str] = set()
    for area_code in sorted(nanp_area_codes()):
        number = f"+1{area_code}5550123"
        try:
            resolve(number)
        except InvalidInput:
            continue
        found.add(number)
    return tuple(sorted(found))


def numbers() -> st.SearchStrategy[str]:
    """A valid example number (E.164) of any region and number type, or a
    number of any NANP area code."""
    if nanp_numbers():
        return st.one_of(st.sampled_from(example_numbers()), st.sampled_from(nanp_numbers()))
    return st.sampled_from(example_numbers())


@lru_cache(maxsize=1)
def candidate_zones() -> tuple[str, ...]:
    """Every zone some example or NANP number resolves to."""
    return tuple(sorted({zone for number in example_numbers() + nanp_numbers() for zone in resolve(number).zones}))


# ---------------------------------------------------------------- instants

_UNIFORM_LOW = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
_UNIFORM_HIGH = int(datetime(2031, 1, 1, tzinfo=UTC).timestamp()) - 1
_NEAR = 36 * HOUR


def _as_datetime(instant: int) -> datetime:
    return datetime.fromtimestamp(instant, UTC)


def uniform_instants() -> st.SearchStrategy[datetime]:
    """Whole-second UTC instants, uniformly in 2024-2030."""
    return st.integers(_UNIFORM_LOW, _UNIFORM_HIGH).map(_as_datetime)


@cache
def _transitions_of(zones: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(sorted({instant for zone in zones for instant in transitions(zone)}))


def instants_near_dst(zones: Iterable[str] | None = None) -> st.SearchStrategy[datetime]:
    """Whole-second UTC instants within ±36 h of an offset change in 2025-2030
    of `zones` (default: every candidate zone of the example numbers), mixed
    with uniformly random instants in 2024-2030."""
    chosen = candidate_zones() if zones is None else tuple(sorted(set(zones)))
    changes = _transitions_of(chosen)
    if not changes:
        return uniform_instants()
    near = st.tuples(st.sampled_from(changes), st.integers(-_NEAR, _NEAR)).map(
        lambda pair: _as_datetime(pair[0] + pair[1])
    )
    # Also the exact transition instants and their neighbours.
    exact = st.tuples(st.sampled_from(changes), st.sampled_from((-61, -60, -1, 0, 1, 59, 60))).map(
        lambda pair: _as_datetime(pair[0] + pair[1])
    )
    return st.one_of(near, near, exact, uniform_instants())


def number_and_instant() -> st.SearchStrategy[tuple[str, datetime]]:
    """A number, and an instant often near a DST transition of one of its own zones."""

    def with_instant(number: str) -> st.SearchStrategy[tuple[str, datetime]]:
        return st.tuples(st.just(number), instants_near_dst(resolve(number).zones))

    return numbers().flatmap(with_instant)


# ---------------------------------------------------------------- enums

purposes = st.sampled_from(list(Purpose))
channels = st.sampled_from(list(Channel))
contacts = st.sampled_from(list(ContactKind))


def dates(first: date = date(1990, 1, 1), last: date = date(2035, 12, 31)) -> st.SearchStrategy[date]:
    return st.dates(min_value=first, max_value=last)
