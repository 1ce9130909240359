"""Generate data/holidays/: the holidays package's calendars written out as small tables, so a
single check reads one country's file instead of importing the package (whose registry imports
~250 country modules: most of a cold `can-i-call NUMBER`'s start-up).

    python -m callwindow.tools.make_holiday_table [--first-year 2025] [--last-year 2032] [--date YYYY-MM-DD]

The package stays the source of truth. `calendars` reads these tables only when the installed
holidays version is the one written in `index.tsv` and the date's year is in the table's range;
anything else goes to the package itself. `tests/test_holiday_table.py` regenerates every file
and compares it with the shipped one, and compares the tables' day facts with the package's.

What is written, per country (the package's default categories and language, observed days
included, exactly what `holidays.country_holidays(country, subdiv=...)` answers):

- `weekend  SUB  FROM  DAYS`   the weekend (weekday digits, Monday = 0) in force from FROM;
  rows are runs over the whole range (some countries moved their weekend on a date)
- `holiday  SUB  DATE  NAME`   the name `calendar.get(DATE)` returns ("A; B" for two)
- `removed  SUB  DATE`         a national holiday the subdivision does not keep
- `workday  SUB  DATE`         a weekend day worked in lieu (`weekend_workdays`)

SUB is `-` for the national calendar. A subdivision's `holiday`/`removed` rows are its
differences from the national calendar; its weekend and workday rows are always complete.

`index.tsv` ends with a `sha256  FILE  DIGEST` row per country file: the reader uses a file only
when its bytes have that digest (a damaged or edited file is not read: the package answers), and
the rule-data digest stamped on every decision covers index.tsv, so it covers every table.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parents[2] / "data" / "holidays"
SOURCE_URL = "https://github.com/vacanza/holidays"
NATIONAL = "-"


def holidays_version() -> str:
    from importlib import metadata

    return metadata.version("holidays")


def supported() -> tuple[dict[str, list[str]], dict[str, str]]:
    """The package's countries (alpha-2) with their subdivisions, and every other code it
    accepts (alpha-3, aliases such as UK) -> the alpha-2 country it names."""
    import holidays
    from holidays.registry import COUNTRIES

    countries = holidays.list_supported_countries(include_aliases=False)
    for country, subdivisions in countries.items():
        if any("," in code or "\t" in code for code in subdivisions):  # index.tsv separates them by commas
            raise SystemExit(f"{country}: a subdivision code with a comma or tab: {subdivisions}")
    every = holidays.list_supported_countries(include_aliases=True)
    aliases: dict[str, str] = {}
    for _class_name, alpha2, *others in COUNTRIES.values():
        for code in others:
            if code in every and code not in countries:
                aliases[code] = alpha2
    missing = set(every) - set(countries) - set(aliases)
    if missing:
        raise SystemExit(f"codes the registry does not map to a country: {sorted(missing)}")
    return countries, aliases


def _calendar(country: str, subdivision: str | None, year: int) -> Any:
    import holidays

    return holidays.country_holidays(country, subdiv=subdivision, years=[year])


def _check_field(country: str, text: str) -> str:
    if "\t" in text or "\n" in text or "\r" in text:
        raise SystemExit(f"{country}: a holiday name with a tab or line break cannot be tabulated: {text!r}")
    return text


@cache  # the tests compare the shipped files and the reader's calendars with the same facts
def calendar_facts(country: str, subdivision: str | None, first_year: int, last_year: int) -> tuple[
        dict[datetime.date, str], list[tuple[datetime.date, str]], set[datetime.date]]:
    """(names by date, weekend runs, worked weekend days) of one calendar over the years: each
    year from a calendar populated for that year only, as a lazily expanding calendar does."""
    names: dict[datetime.date, str] = {}
    runs: list[tuple[datetime.date, str]] = []
    workdays: set[datetime.date] = set()
    for year in range(first_year, last_year + 1):
        calendar = _calendar(country, subdivision, year)
        for day in calendar:
            if day.year != year:  # the table answers a date from its own year's calendar only
                raise SystemExit(f"{country} {subdivision}: {year}'s calendar holds {day}")
            names[day] = _check_field(country, str(calendar.get(day)))
        # Some calendars carry worked days of other years too; a date is read after its own
        # year is populated, so its own year's calendar says whether it is worked.
        workdays.update(day for day in calendar.weekend_workdays if day.year == year)
        day = datetime.date(year, 1, 1)
        while day.year == year:
            weekend = "".join(str(weekday) for weekday in sorted(calendar._get_weekend(day)))
            if not runs or runs[-1][1] != weekend:
                runs.append((day, weekend))
            day += datetime.timedelta(days=1)
    return names, runs, workdays


def country_rows(country: str, subdivisions: list[str], first_year: int, last_year: int) -> Iterator[str]:
    national, runs, workdays = calendar_facts(country, None, first_year, last_year)
    yield from _calendar_rows(NATIONAL, runs, workdays)
    yield from (f"holiday\t{NATIONAL}\t{day.isoformat()}\t{name}" for day, name in sorted(national.items()))
    for subdivision in subdivisions:
        names, runs, workdays = calendar_facts(country, subdivision, first_year, last_year)
        yield from _calendar_rows(subdivision, runs, workdays)
        for day in sorted(set(names) | set(national)):
            if day not in names:
                yield f"removed\t{subdivision}\t{day.isoformat()}"
            elif names[day] != national.get(day):
                yield f"holiday\t{subdivision}\t{day.isoformat()}\t{names[day]}"


def _calendar_rows(subdivision: str, runs: list[tuple[datetime.date, str]],
                   workdays: set[datetime.date]) -> Iterator[str]:
    yield from (f"weekend\t{subdivision}\t{start.isoformat()}\t{days}" for start, days in runs)
    yield from (f"workday\t{subdivision}\t{day.isoformat()}" for day in sorted(workdays))


def file_digest(content: bytes) -> str:
    """The digest index.tsv records for a country file (calendars checks it before reading)."""
    return hashlib.sha256(content).hexdigest()


def header(what: str, version: str, first_year: int, last_year: int, generated: str) -> str:
    return (f"# GENERATED by python -m callwindow.tools.make_holiday_table - do not edit by hand\n"
            f"# {what}\n"
            f"# Source: holidays {version} ({SOURCE_URL}, MIT licence): default categories and language, "
            f"observed days included\n"
            f"# Years: {first_year}-{last_year}; Date: {generated}\n")


def build(first_year: int, last_year: int, generated: str) -> dict[str, str]:
    """Every file of the table: name -> text (index.tsv and one XX.tsv per country)."""
    version = holidays_version()
    countries, aliases = supported()
    files: dict[str, str] = {}
    index = [header("Countries and subdivisions the holidays package covers; aliases point to their country's file",
                    version, first_year, last_year, generated),
             f"version\t{version}\t{first_year}\t{last_year}\n"]
    for country in sorted(countries):
        subdivisions = countries[country]
        index.append(f"country\t{country}\t{country}\t{','.join(subdivisions)}\n")
        rows = "".join(f"{row}\n" for row in country_rows(country, subdivisions, first_year, last_year))
        files[f"{country}.tsv"] = header(f"Public holidays and weekends of {country}", version, first_year,
                                         last_year, generated) + rows
    for alias, country in sorted(aliases.items()):
        index.append(f"country\t{alias}\t{country}\t{','.join(countries[country])}\n")
    index.extend(f"sha256\t{name}\t{file_digest(text.encode('utf-8'))}\n" for name, text in sorted(files.items()))
    files["index.tsv"] = "".join(index)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    today = datetime.date.today()
    parser.add_argument("--first-year", type=int, default=today.year - 1)
    parser.add_argument("--last-year", type=int, default=today.year + 6)
    parser.add_argument("--date", default=today.isoformat())
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    files = build(args.first_year, args.last_year, args.date)
    args.output.mkdir(parents=True, exist_ok=True)
    for stale in args.output.glob("*.tsv"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (args.output / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {args.output} ({sum(len(text) for text in files.values()):,} characters)")


if __name__ == "__main__":
    main()
