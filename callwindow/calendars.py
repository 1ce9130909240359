"""Rest days and public holidays of a place on a local date (the `holidays` package).

Always called with the contact's *local* date: testing an aware datetime would
test its UTC date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

import holidays
from holidays.version import __version__ as _holidays_version  # what holidays.__version__ re-exports

HOLIDAYS_VERSION: str = _holidays_version
_SATURDAY, _SUNDAY = 5, 6


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What kind of day a local date is in a place."""

    day: date
    weekday: int  # Monday = 0
    is_weekend: bool
    holiday_name: str | None  # public holiday (national or the subdivision's), if any
    is_working_day: bool  # False on weekends and holidays; True on transferred workdays
    calendar_known: bool  # False when the holidays package does not cover the country

    @property
    def is_holiday(self) -> bool:
        return self.holiday_name is not None

    @property
    def is_rest_day(self) -> bool:
        return not self.is_working_day


@cache
def _supported() -> dict[str, tuple[str, ...]]:
    return {country: tuple(subs) for country, subs in holidays.list_supported_countries().items()}


def holiday_subdivision(country: str, subdivision: str | None) -> str | None:
    """The holidays package's code for an ISO 3166-2 subdivision ("US-FL" -> "FL"),
    or None when the package does not know that subdivision."""
    if not subdivision:
        return None
    code = subdivision.split("-", 1)[1] if "-" in subdivision else subdivision
    return code if code in _supported().get(country, ()) else None


def is_known_country(country: str) -> bool:
    return country in _supported()


@lru_cache(maxsize=1024)
def _calendar(country: str, subdivision: str | None) -> Any:
    return holidays.country_holidays(country, subdiv=subdivision)


@lru_cache(maxsize=200_000)
def day_info(country: str | None, subdivision: str | None, day: date) -> DayInfo:
    """Weekend, holiday and working-day status of `day` in a country (and subdivision).

    Countries the holidays package does not cover get a Saturday-Sunday weekend
    and no holidays, with calendar_known False so the decision can say so."""
    weekday = day.weekday()
    if not country or not is_known_country(country):
        weekend = weekday in (_SATURDAY, _SUNDAY)
        return DayInfo(day, weekday, weekend, None, not weekend, False)
    calendar = _calendar(country, holiday_subdivision(country, subdivision))
    name = calendar.get(day)
    return DayInfo(
        day=day,
        weekday=weekday,
        is_weekend=bool(calendar.is_weekend(day)),
        holiday_name=name,
        is_working_day=bool(calendar.is_working_day(day)),
        calendar_known=True,
    )


def upcoming_holidays(country: str, subdivision: str | None, start: date, days: int) -> list[tuple[date, str]]:
    """Public holidays from `start` for `days` days, for greetings and planning."""
    if not is_known_country(country):
        return []
    calendar = _calendar(country, holiday_subdivision(country, subdivision))
    found = []
    for ordinal in range(start.toordinal(), start.toordinal() + days):
        day = date.fromordinal(ordinal)
        name = calendar.get(day)
        if name:
            found.append((day, str(name)))
    return found
