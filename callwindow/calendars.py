"""Rest days and public holidays of a place on a local date (the `holidays` package).

Always called with the contact's *local* date: testing an aware datetime would
test its UTC date.

Two ways to the same answer. The package itself is the source of truth, but importing it
costs most of a cold `can-i-call NUMBER` (its registry imports ~250 country modules), so the
package's calendars are also shipped as tables (data/holidays/, written by
callwindow/tools/make_holiday_table.py): one small file per country, read on first use. A
table answers only when the installed holidays version is the one it was written from and the
date's year is in its range; every other date asks the package. tests/test_holiday_table.py
checks that the two agree for every country, subdivision and year of the tables.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_SATURDAY, _SUNDAY = 5, 6
# data/holidays beside the package, as resources.DATA_DIR finds data/ (not imported: calendars
# sits above resources in the core's import order)
_TABLES = Path(__file__).resolve().parent / "data" / "holidays"
_NATIONAL = "-"


def _installed_holidays_version() -> str:
    """The installed package's version. When the tables' version has its dist-info folder
    beside the package, that is the one installed (one stat; importing importlib.metadata
    alone costs ~30 ms); otherwise the package's own answer (then the tables are not used)."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    written = _table_version()
    if spec is not None and spec.origin and written:
        site = Path(spec.origin).parent.parent
        if (site / f"holidays-{written}.dist-info").is_dir():
            return written
    from holidays.version import __version__  # what holidays.__version__ re-exports

    return str(__version__)


def _table_version() -> str | None:
    """The holidays version written in data/holidays/index.tsv (its first `version` row)."""
    try:
        with (_TABLES / "index.tsv").open(encoding="utf-8") as index:
            for line in index:
                if line.startswith("version\t"):
                    return line.split("\t")[1]
    except OSError:
        pass
    return None


HOLIDAYS_VERSION: str = _installed_holidays_version()


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


# ---------------------------------------------------------------- the shipped tables


@dataclass(frozen=True, slots=True)
class TableIndex:
    """data/holidays/index.tsv: the holidays version and years the tables were written for,
    and every code the package accepts -> (its country's file, the country's subdivisions)."""

    version: str
    first_year: int
    last_year: int
    countries: dict[str, tuple[str, tuple[str, ...]]]
    digests: dict[str, str]  # file name -> the sha256 its bytes must have to be read


@dataclass(frozen=True, slots=True)
class TableCalendar:
    """One (country, subdivision) calendar read from its country's table."""

    names: dict[date, str]
    weekends: tuple[tuple[date, frozenset[int]], ...]  # runs: the weekend in force from each date
    workdays: frozenset[date]

    def weekend(self, day: date) -> frozenset[int]:
        days = self.weekends[0][1]
        for start, weekend in self.weekends:
            if start > day:
                break
            days = weekend
        return days


@cache
def table_index() -> TableIndex | None:
    """The tables' index, or None when the tables are missing or unreadable (then every date
    asks the package)."""
    try:
        text = (_TABLES / "index.tsv").read_text(encoding="utf-8")
    except OSError:
        return None
    version, first_year, last_year = "", 0, -1
    countries: dict[str, tuple[str, tuple[str, ...]]] = {}
    digests: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if fields[0] == "version":
            version, first_year, last_year = fields[1], int(fields[2]), int(fields[3])
        elif fields[0] == "country":
            countries[fields[1]] = (fields[2], tuple(fields[3].split(",")) if fields[3] else ())
        elif fields[0] == "sha256":
            digests[fields[1]] = fields[2]
    return TableIndex(version, first_year, last_year, countries, digests)


def _usable_index() -> TableIndex | None:
    index = table_index()
    return index if index is not None and index.version == HOLIDAYS_VERSION else None


@lru_cache(maxsize=512)
def _country_rows(file_country: str, digest: str | None) -> tuple[tuple[str, ...], ...]:
    """A country file's rows, when its bytes have the digest index.tsv records: a damaged,
    truncated or edited table could still parse and silently lose holidays, so it is not read
    (ValueError: the package answers instead)."""
    content = (_TABLES / f"{file_country}.tsv").read_bytes()
    if digest is None or hashlib.sha256(content).hexdigest() != digest:
        raise ValueError(f"data/holidays/{file_country}.tsv does not match its digest in index.tsv")
    text = content.decode("utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1024)
def table_calendar(country: str, subdivision: str | None) -> TableCalendar | None:
    """The table's calendar of a country (any code the package accepts) and one of its
    subdivisions (the package's code, "FL"), or None when the tables cannot answer for it."""
    index = _usable_index()
    if index is None or country not in index.countries:
        return None
    file_country, subdivisions = index.countries[country]
    if subdivision is not None and subdivision not in subdivisions:
        return None
    try:
        rows = _country_rows(file_country, index.digests.get(f"{file_country}.tsv"))
        return _read_calendar(rows, _NATIONAL if subdivision is None else subdivision)
    except (OSError, ValueError, IndexError):  # a missing or damaged file: the package answers instead
        return None


def _read_calendar(rows: tuple[tuple[str, ...], ...], own: str) -> TableCalendar | None:
    names: dict[date, str] = {}
    weekends: list[tuple[date, frozenset[int]]] = []
    workdays: set[date] = set()
    for row in rows:
        kind, where, when = row[0], row[1], row[2]
        if kind == "holiday" and where in (_NATIONAL, own):
            names[date.fromisoformat(when)] = row[3]  # the subdivision's rows follow the national ones
        elif kind == "removed" and where == own:
            names.pop(date.fromisoformat(when), None)
        elif kind == "weekend" and where == own:
            weekends.append((date.fromisoformat(when), frozenset(int(digit) for digit in row[3])))
        elif kind == "workday" and where == own:
            workdays.add(date.fromisoformat(when))
    if not weekends:  # a table without its weekend rows is not a table to answer from
        return None
    return TableCalendar(names, tuple(weekends), frozenset(workdays))


def _table_for(country: str, subdivision: str | None, day: date) -> TableCalendar | None:
    index = _usable_index()
    if index is None or not index.first_year <= day.year <= index.last_year:
        return None
    return table_calendar(country, subdivision)


# ---------------------------------------------------------------- the package


@cache
def _supported() -> dict[str, tuple[str, ...]]:
    index = _usable_index()
    if index is not None:
        return {code: subdivisions for code, (_file, subdivisions) in index.countries.items()}
    import holidays

    return {country: tuple(subs) for country, subs in holidays.list_supported_countries().items()}


def holiday_subdivision(country: str, subdivision: str | None) -> str | None:
    """The holidays package's code for an ISO 3166-2 subdivision ("US-FL" -> "FL"),
    or None when the package does not know that subdivision."""
    if not subdivision:
        return None
    code = subdivision.split("-", 1)[1] if "-" in subdivision else subdivision
    return code if code in _supported().get(country, ()) else None


def holiday_subdivisions(country: str) -> tuple[str, ...]:
    """The holidays package's subdivision codes of a country ("FL", "QC"...; () when it lists none)."""
    return _supported().get(country, ())


def is_known_country(country: str) -> bool:
    return country in _supported()


@lru_cache(maxsize=1024)
def package_calendar(country: str, subdivision: str | None) -> Any:
    """The package's own calendar (imported on first use: dates outside the tables)."""
    import holidays

    return holidays.country_holidays(country, subdiv=subdivision)


def package_day_info(country: str, subdivision: str | None, day: date) -> DayInfo:
    """day_info as the package itself answers it (a known country; the package's
    subdivision code)."""
    calendar = package_calendar(country, subdivision)
    name = calendar.get(day)
    return DayInfo(day, day.weekday(), bool(calendar.is_weekend(day)), name, bool(calendar.is_working_day(day)), True)


def _holiday_name(country: str, subdivision: str | None, day: date) -> str | None:
    table = _table_for(country, subdivision, day)
    if table is not None:
        return table.names.get(day)
    name = package_calendar(country, subdivision).get(day)
    return None if name is None else str(name)


@lru_cache(maxsize=200_000)
def day_info(country: str | None, subdivision: str | None, day: date) -> DayInfo:
    """Weekend, holiday and working-day status of `day` in a country (and subdivision).

    Countries the holidays package does not cover get a Saturday-Sunday weekend
    and no holidays, with calendar_known False so the decision can say so."""
    weekday = day.weekday()
    if not country or not is_known_country(country):
        weekend = weekday in (_SATURDAY, _SUNDAY)
        return DayInfo(day, weekday, weekend, None, not weekend, False)
    code = holiday_subdivision(country, subdivision)
    table = _table_for(country, code, day)
    if table is None:
        return package_day_info(country, code, day)
    name = table.names.get(day)
    is_weekend = weekday in table.weekend(day)
    # The package's rule (HolidayBase.is_working_day): a weekend day is worked only when it is
    # a transferred workday; any other day unless it is a holiday.
    working = day in table.workdays if is_weekend else name is None
    return DayInfo(day, weekday, is_weekend, name, working, True)


def upcoming_holidays(country: str, subdivision: str | None, start: date, days: int) -> list[tuple[date, str]]:
    """Public holidays from `start` for `days` days, for greetings and planning."""
    if not is_known_country(country):
        return []
    code = holiday_subdivision(country, subdivision)
    found = []
    for ordinal in range(start.toordinal(), start.toordinal() + days):
        day = date.fromordinal(ordinal)
        name = _holiday_name(country, code, day)
        if name:
            found.append((day, name))
    return found
