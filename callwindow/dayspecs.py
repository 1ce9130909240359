"""Statutory no-call days as data: a tiny closed vocabulary of date rules.

Some laws ban calls on their own list of legal holidays, which is not the
public holiday calendar (Pennsylvania's includes Flag Day and Election Day;
Utah's Pioneer Day). Each day is written as one of:

    "MM-DD"                      a fixed date            "07-04"
    "<nth> <weekday> <month>"    nth = 1st..5th or last  "3rd mon jan", "last mon may"
    "easter<+|-><days>"          Western Easter offset   "easter-2" (Good Friday)
    "election"                   1st Tuesday after the 1st Monday of November
    "YYYY-MM-DD"                 a single declared day   "2023-07-03"

A day a year does not have names no date that year: "02-29" outside leap years,
"5th sat may" in a May with four Saturdays.

Observed-day shifts are per list: "none", "sun_to_mon", or "weekend_to_weekday"
(Saturday to Friday, Sunday to Monday).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NTH = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1}
OBSERVED = ("none", "sun_to_mon", "weekend_to_weekday")
# Moveable feasts sit within about 60 days of Easter (Ash Wednesday -46, Corpus Christi +60);
# a year either side is generous, and keeps every listed day within a year of its Easter, which
# dates_in_year relies on (it looks at the neighbouring years only). More is a typo.
MAX_EASTER_OFFSET = 366
# A one-off declared day outside these years is a typo (no law before 1900 bans phone calls):
# it would load and never apply.
ONE_OFF_YEARS = (1900, 2199)

# [0-9], not int() on the pieces: int() also reads "+7", " 7", "1_0" and other scripts' digits.
_FIXED = re.compile(r"([0-9]{1,2})-([0-9]{1,2})")
_ONE_OFF = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_EASTER = re.compile(r"easter(?:([+-])([0-9]+))?")
_FORMS = ("expected MM-DD, YYYY-MM-DD, '<1st..5th|last> <mon..sun> <jan..dec>', easter+N / easter-N "
          f"(N up to {MAX_EASTER_OFFSET}), or election")


class Spec(NamedTuple):
    """A parsed day spec: its form and the numbers that form uses."""

    kind: str  # fixed | one_off | easter | nth | election
    month: int = 0  # 1..12 (fixed, one_off, nth)
    day: int = 0  # fixed, one_off
    year: int = 0  # one_off
    nth: int = 0  # 1..5, or -1 for the last (nth)
    weekday: int = 0  # 0 = Monday (nth)
    offset: int = 0  # days after Easter (easter)


class SpecError(ValueError):
    """A malformed day spec; the message says what is wrong."""


def check_spec(spec: str) -> str | None:
    """None when `spec` is well formed, else what is wrong with it."""
    try:
        parse_spec(spec)
    except SpecError as error:
        return str(error)
    return None


@lru_cache(maxsize=1024)
def parse_spec(spec: str) -> Spec:
    """The form of a day spec, checked for every year (not only one: "5th thu jan" is a real
    day in 2026 and none in 2027); SpecError when malformed or out of range."""
    text = spec.strip().lower()
    if text == "election":
        return Spec("election")
    if text.startswith("easter"):
        return _parse_easter(spec, text)
    parts = text.split()
    if len(parts) == 3:
        return _parse_nth(spec, parts)
    if found := _FIXED.fullmatch(text):
        month, day = int(found[1]), int(found[2])
        _check_date(spec, 2024, month, day)  # a leap year: "02-29" is a day (of leap years)
        return Spec("fixed", month, day)
    if found := _ONE_OFF.fullmatch(text):
        year, month, day = int(found[1]), int(found[2]), int(found[3])
        if not ONE_OFF_YEARS[0] <= year <= ONE_OFF_YEARS[1]:
            raise SpecError(f"day {_shown(spec)}: the year is out of range {ONE_OFF_YEARS[0]}-{ONE_OFF_YEARS[1]}")
        _check_date(spec, year, month, day)
        return Spec("one_off", month, day, year)
    raise SpecError(f"malformed day {_shown(spec)}: {_FORMS}")


def _parse_easter(spec: str, text: str) -> Spec:
    found = _EASTER.fullmatch(text)
    if found is None:
        raise SpecError(f"malformed day {_shown(spec)}: {_FORMS}")
    digits = found[2] or "0"
    # The length first: int() of thousands of digits is slow, or refused past 4,300.
    if len(digits) > len(str(MAX_EASTER_OFFSET)) or int(digits) > MAX_EASTER_OFFSET:
        raise SpecError(f"day {_shown(spec)}: an Easter offset is at most {MAX_EASTER_OFFSET} days either side")
    return Spec("easter", offset=int(digits) * (-1 if found[1] == "-" else 1))


def _parse_nth(spec: str, parts: list[str]) -> Spec:
    nth, weekday, month = parts
    if nth not in _NTH or weekday not in _WEEKDAYS or month not in _MONTHS:
        raise SpecError(f"malformed day {_shown(spec)}: {_FORMS}")
    return Spec("nth", _MONTHS.index(month) + 1, nth=_NTH[nth], weekday=_WEEKDAYS.index(weekday))


def _shown(spec: str) -> str:
    """The spec as errors quote it: a spec of thousands of characters is cut short."""
    return repr(spec) if len(spec) <= 40 else repr(spec[:40]) + "..."


def _check_date(spec: str, year: int, month: int, day: int) -> None:
    try:
        date(year, month, day)
    except ValueError:
        raise SpecError(f"malformed day {_shown(spec)}: no such date") from None


def resolve_spec(spec: str, year: int) -> date | None:
    """The date `spec` names in `year`: None when that year has no such day (a one-off date
    of another year, 29 February outside leap years, a fifth weekday a month lacks)."""
    form = parse_spec(spec)
    if form.kind == "election":
        first_monday = _nth_weekday(year, 11, 0, 1)
        assert first_monday is not None  # every month has a first Monday
        return first_monday + timedelta(days=1)
    if form.kind == "easter":
        return _easter(year) + timedelta(days=form.offset)
    if form.kind == "nth":
        return _nth_weekday(year, form.month, form.weekday, form.nth)
    if form.kind == "fixed":
        return _date_or_none(year, form.month, form.day)
    return date(form.year, form.month, form.day) if form.year == year else None


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February of a common year
        return None


@lru_cache(maxsize=4096)
def dates_in_year(days: tuple[tuple[str, str], ...], observed: str, year: int) -> dict[date, str]:
    """date -> name of every listed day in a year, with observed-day shifts
    (a shifted day is added; the actual day stays listed: stricter)."""
    found: dict[date, str] = {}
    for spec, name in days:
        for candidate_year in (year - 1, year, year + 1):  # a shift can cross New Year
            day = resolve_spec(spec, candidate_year)
            if day is None:
                continue
            for shifted, label in ((day, name), (_observed(day, observed), f"{name} (observed)")):
                if shifted is not None and shifted.year == year:
                    found.setdefault(shifted, label)
    return found


def _observed(day: date, rule: str) -> date | None:
    if rule == "sun_to_mon" and day.weekday() == 6:
        return day + timedelta(days=1)
    if rule == "weekend_to_weekday" and day.weekday() in (5, 6):
        return day + timedelta(days=-1 if day.weekday() == 5 else 1)
    return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (or last, nth = -1) weekday of a month; None when the month has no nth one."""
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return day if day.month == month else None
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)
