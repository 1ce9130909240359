"""The shipped holiday tables (data/holidays/) against the holidays package they were written
from: the same files when regenerated, the same day facts for every country, subdivision and
year of the tables, and the package asked for everything outside them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import holidays
import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import calendars
from callwindow.resources import data_path
from callwindow.tools import make_holiday_table

INDEX = calendars.table_index()


def _shipped_date() -> str:
    header = data_path("holidays", "index.tsv").read_text(encoding="utf-8")
    found = re.search(r"Date: (\d{4}-\d\d-\d\d)", header)
    assert found, "the index names the date it was written"
    return found.group(1)


def test_the_tables_are_written_for_the_installed_package() -> None:
    assert INDEX is not None
    assert INDEX.version == holidays.__version__ == calendars.HOLIDAYS_VERSION
    assert INDEX.last_year - INDEX.first_year >= 5


def test_regenerating_gives_the_shipped_files() -> None:
    # Every country and subdivision, every year of the range: the package computed afresh.
    assert INDEX is not None
    files = make_holiday_table.build(INDEX.first_year, INDEX.last_year, _shipped_date())
    folder = data_path("holidays")
    assert sorted(files) == sorted(path.name for path in folder.glob("*.tsv"))
    stale = [name for name, text in files.items() if (folder / name).read_text(encoding="utf-8") != text]
    assert not stale, f"regenerate with python -m callwindow.tools.make_holiday_table: {stale[:10]}"


def test_every_code_the_package_accepts_is_indexed() -> None:
    assert INDEX is not None
    every = holidays.list_supported_countries()
    assert set(INDEX.countries) == set(every)
    for code, subdivisions in every.items():
        assert INDEX.countries[code][1] == tuple(subdivisions), code


def _calendars() -> list[tuple[str, str | None]]:
    assert INDEX is not None
    return [(code, subdivision) for code, (file, subdivisions) in sorted(INDEX.countries.items()) if code == file
            for subdivision in (None, *subdivisions)]


# calendar_facts builds each year from a fresh package calendar and is memoised, so the
# regeneration test above and this one compute the package's facts once.
@pytest.mark.parametrize("country", sorted({country for country, _ in _calendars()}))
def test_each_tabled_year_equals_the_package(country: str) -> None:
    # The reader's calendars (names, weekends, worked weekend days) against the package, year by year.
    assert INDEX is not None
    for code, subdivision in (pair for pair in _calendars() if pair[0] == country):
        table = calendars.table_calendar(code, subdivision)
        assert table is not None
        names, runs, workdays = make_holiday_table.calendar_facts(code, subdivision, INDEX.first_year,
                                                                  INDEX.last_year)
        assert table.names == names, (code, subdivision)
        assert table.workdays == workdays, (code, subdivision)
        assert [(start, "".join(map(str, sorted(days)))) for start, days in table.weekends] == runs
        for start, days in runs:  # each run read back from its first day
            assert table.weekend(start) == frozenset(int(digit) for digit in days)


@budget(300)
@given(st.sampled_from(_calendars()), st.integers(0, 8 * 366))
def test_day_info_is_the_packages_answer(place: tuple[str, str | None], offset: int) -> None:
    assert INDEX is not None
    country, subdivision = place
    day = date(INDEX.first_year, 1, 1) + timedelta(days=offset)
    iso = None if subdivision is None else f"{country}-{subdivision}"
    assert calendars.day_info(country, iso, day) == calendars.package_day_info(country, subdivision, day)


def test_dates_outside_the_tables_ask_the_package() -> None:
    assert INDEX is not None
    before = date(INDEX.first_year - 1, 12, 25)
    assert calendars.table_calendar("GB", None) is not None
    assert calendars.day_info("GB", None, before).holiday_name == "Christmas Day"
    assert calendars.day_info("GB", None, before) == calendars.package_day_info("GB", None, before)
    assert calendars.day_info("US", None, date(2099, 7, 4)).holiday_name == "Independence Day"


def test_a_version_mismatch_turns_the_tables_off(monkeypatch: pytest.MonkeyPatch) -> None:
    # A table written from another holidays release would answer for a calendar that changed.
    calendars.table_calendar.cache_clear()
    monkeypatch.setattr(calendars, "HOLIDAYS_VERSION", "0.0-not-installed")
    try:
        assert calendars.table_calendar("DE", None) is None
        day = date(2026, 10, 3)
        assert calendars.day_info.__wrapped__("DE", None, day).holiday_name == "German Unity Day"
    finally:
        calendars.table_calendar.cache_clear()


def test_a_tabled_start_never_imports_the_package() -> None:
    import subprocess
    import sys

    code = ("import sys, datetime; import callwindow.calendars as c; "
            "c.day_info('DE', 'DE-BY', datetime.date(2026, 1, 6)); "
            "print(c.HOLIDAYS_VERSION, 'holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == holidays.__version__
    assert out[1] == "False", "a table-covered start never imports the holidays package"


def test_a_damaged_table_file_lets_the_package_answer(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import shutil

    folder = tmp_path / "holidays"
    shutil.copytree(data_path("holidays"), folder)
    (folder / "FR.tsv").write_text("weekend\t-\t2025-01-01\t56\nholiday\t-\tnot-a-date\tX\n", encoding="utf-8")
    (folder / "IT.tsv").unlink()
    monkeypatch.setattr(calendars, "_TABLES", folder)
    calendars.table_calendar.cache_clear()
    calendars._country_rows.cache_clear()
    try:
        assert calendars.table_calendar("FR", None) is None and calendars.table_calendar("IT", None) is None
        day = date(2026, 7, 14)
        assert calendars.day_info.__wrapped__("FR", None, day).holiday_name == "National Day"
        assert calendars.day_info.__wrapped__("IT", None, date(2026, 6, 2)).holiday_name == "Republic Day"
        assert calendars.table_calendar("DE", None) is not None  # the others still answer
    finally:
        calendars.table_calendar.cache_clear()
        calendars._country_rows.cache_clear()


def test_a_table_that_still_parses_but_lost_a_holiday_is_not_read(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path) -> None:
    # The dangerous damage: the file parses, a row is gone (an edit, a bad merge, a truncated
    # copy). Its digest in index.tsv no longer matches, so the package answers, and the holiday
    # is kept.
    import shutil

    folder = tmp_path / "holidays"
    shutil.copytree(data_path("holidays"), folder)
    german = folder / "DE.tsv"
    lines = german.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("holiday\t-\t2026-12-25\t")]
    assert len(kept) == len(lines) - 1, "the table held Christmas 2026"
    german.write_text("".join(kept), encoding="utf-8")
    monkeypatch.setattr(calendars, "_TABLES", folder)
    calendars.table_calendar.cache_clear()
    calendars._country_rows.cache_clear()
    try:
        assert calendars.table_calendar("DE", None) is None
        assert calendars.day_info.__wrapped__("DE", None, date(2026, 12, 25)).holiday_name == "Christmas Day"
        assert calendars.table_calendar("FR", None) is not None  # the intact files still answer
    finally:
        calendars.table_calendar.cache_clear()
        calendars._country_rows.cache_clear()


def test_every_table_file_has_its_digest_in_the_index() -> None:
    assert INDEX is not None
    folder = data_path("holidays")
    files = {path.name for path in folder.glob("*.tsv")} - {"index.tsv"}
    assert set(INDEX.digests) == files
    for name in sorted(files):
        assert INDEX.digests[name] == make_holiday_table.file_digest((folder / name).read_bytes()), name


def test_the_rule_data_digest_covers_the_holiday_tables(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # Decisions are stamped with data_version(): a changed holiday table must change it. The
    # tables are covered through index.tsv, which records each table's digest.
    import shutil

    from callwindow import resources

    data = tmp_path / "data"
    shutil.copytree(data_path(), data)
    monkeypatch.setattr(resources, "DATA_DIR", data)
    resources.data_version.cache_clear()
    try:
        before = resources.data_version()
        index = data / "holidays" / "index.tsv"
        index.write_text(index.read_text(encoding="utf-8").replace("sha256\tDE.tsv\t", "sha256\tDE.tsv\t0", 1),
                         encoding="utf-8")
        resources.data_version.cache_clear()
        assert resources.data_version() != before
    finally:
        resources.data_version.cache_clear()
