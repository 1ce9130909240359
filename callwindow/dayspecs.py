"""Statutory no-call days as data: a tiny closed vocabulary of date rules.

Some laws ban calls on their own list of legal holidays, which is not the
public holiday calendar (Pennsylvania's includes Flag Day and Election Day;
Utah's Pioneer Day). Each day is written as one of:

    "MM-DD"                      a fixed date            "07-04"
    "<nth> <weekday> <month>"    nth = 1st..5th or last  "3rd mon jan", "last mon may"
    "easter<+|-><days>"          Western Easter offset   "easter-2" (Good Friday)
    "election"                   1st Tuesday after the 1st Monday of November
    "YYYY-MM-DD"                 a single declared day   "2023-07-03"

Observed-day shifts are per list: "none", "sun_to_mon", or "weekend_to_weekday"
(Saturday to Friday, Sunday to Monday).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NTH = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1}
OBSERVED = ("none", "sun_to_mon", "weekend_to_weekday")


def check_spec(spec: str) -> str | None:
    """None when `spec` is well formed, else what is wrong with it."""
    try:
        resolve_spec(spec, 2026)
    except (ValueError, KeyError, IndexError):
        return (
            f"malformed day {spec!r}: expected MM-DD, YYYY-MM-DD, '<1st..5th|last> <mon..sun> <jan..dec>', "
            "easter+N / easter-N, or election"
        )
    return None


def resolve_spec(spec: str, year: int) -> date | None:
    """The date `spec` names in `year` (None when a one-off date is in another year)."""
    text = spec.strip().lower()
    if text == "election":
        first_monday = _nth_weekday(year, 11, 0, 1)
        return first_monday + timedelta(days=1)
    if text.startswith("easter"):
        offset = int(text[6:] or "0")
        return _easter(year) + timedelta(days=offset)
    parts = text.split()
    if len(parts) == 3:
        nth, weekday, month = parts
        return _nth_weekday(year, _MONTHS.index(month) + 1, _WEEKDAYS.index(weekday), _NTH[nth])
    numbers = [int(piece) for piece in text.split("-")]
    if len(numbers) == 2:
        return date(year, numbers[0], numbers[1])
    if len(numbers) == 3:
        one_off = date(numbers[0], numbers[1], numbers[2])
        return one_off if one_off.year == year else None
    raise ValueError(spec)


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


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        if day.month != month:
            raise ValueError("no such weekday")
        return day
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
