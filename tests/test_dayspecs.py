"""callwindow.dayspecs: the statutory no-call day specs. Every form on known dates, the edges of
the parser (what it refuses and why), days a year does not have (a fifth weekday, 29 February:
no day that year, never an exception at decision time), and the new parser against the one it
replaced on every spec both accept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow.dayspecs import MAX_EASTER_OFFSET, check_spec, dates_in_year, parse_spec, resolve_spec

# ---------------------------------------------------------------- every form on known dates


@pytest.mark.parametrize(
    "spec, year, expected",
    [
        ("07-04", 2026, date(2026, 7, 4)),
        ("7-4", 2026, date(2026, 7, 4)),  # one-digit month and day, as the old parser read them
        (" 07-04 ", 2026, date(2026, 7, 4)),
        ("4th thu nov", 2026, date(2026, 11, 26)),
        ("3rd  MON  jan", 2026, date(2026, 1, 19)),  # case and spacing are free
        ("last mon may", 2026, date(2026, 5, 25)),
        ("last sun dec", 2030, date(2030, 12, 29)),
        ("1st mon sep", 2026, date(2026, 9, 7)),
        ("easter", 2026, date(2026, 4, 5)),
        ("Easter-2", 2026, date(2026, 4, 3)),  # Good Friday
        ("easter+1", 2027, date(2027, 3, 29)),  # Easter Monday; Easter 2027 is 28 March
        ("easter-47", 2026, date(2026, 2, 17)),  # Carnival Tuesday
        (f"easter+{MAX_EASTER_OFFSET}", 2026, date(2026, 4, 5) + timedelta(days=MAX_EASTER_OFFSET)),
        (f"easter-{MAX_EASTER_OFFSET}", 2026, date(2026, 4, 5) - timedelta(days=MAX_EASTER_OFFSET)),
        ("election", 2026, date(2026, 11, 3)),
        ("election", 2027, date(2027, 11, 2)),  # 1 November 2027 is a Monday: the Tuesday after
        ("election", 2022, date(2022, 11, 8)),  # 1 November 2022 is a Tuesday: not the first Tuesday
        ("2023-07-03", 2023, date(2023, 7, 3)),
        ("2023-07-03", 2026, None),  # a one-off names no day of another year
        ("5th sat may", 2026, date(2026, 5, 30)),
        ("5th sat may", 2028, None),  # May 2028 has four Saturdays
        ("5th thu jan", 2027, None),
        ("5th mon feb", 2016, date(2016, 2, 29)),
        ("02-29", 2028, date(2028, 2, 29)),
        ("02-29", 2026, None),  # no 29 February in a common year
    ],
)
def test_every_form_resolves_to_its_date(spec: str, year: int, expected: date | None) -> None:
    assert check_spec(spec) is None
    assert resolve_spec(spec, year) == expected


# ---------------------------------------------------------------- what the parser refuses


@pytest.mark.parametrize(
    "spec, words",
    [
        ("", "malformed day ''"),
        ("24 Dec", "malformed"),
        ("7/4", "malformed"),
        ("+7-04", "malformed"),  # int() would read these pieces; the parser does not
        ("07-+4", "malformed"),
        ("1_2-25", "malformed"),
        ("\u0661\u0662-\u0662\u0665", "malformed"),  # Arabic-Indic digits: int() reads them
        ("13-01", "no such date"),
        ("02-30", "no such date"),
        ("00-10", "no such date"),
        ("2023-02-29", "no such date"),
        ("1899-12-31", "out of range 1900-2199"),
        ("2200-01-01", "out of range 1900-2199"),
        ("0001-01-01", "out of range"),
        ("6th mon jan", "malformed"),
        ("1st mon janvier", "malformed"),
        ("1st monday jan", "malformed"),
        ("last mon", "malformed"),
        ("easter 2", "malformed"),
        ("easter+", "malformed"),
        ("easter+2d", "malformed"),
        ("eastern", "malformed"),
        (f"easter+{MAX_EASTER_OFFSET + 1}", "at most 366 days either side"),
        (f"easter-{MAX_EASTER_OFFSET + 1}", "at most 366 days either side"),
        ("easter+100000", "at most 366 days either side"),
        ("easter+0366", "at most 366 days either side"),  # more digits than 366 has: refused unread
        ("elections", "malformed"),
    ],
)
def test_malformed_and_out_of_range_specs_say_what_is_wrong(spec: str, words: str) -> None:
    problem = check_spec(spec)
    assert problem is not None and words in problem, problem
    with pytest.raises(ValueError):
        resolve_spec(spec, 2026)


def test_a_huge_spec_is_refused_at_once_and_quoted_short() -> None:
    """int() of thousands of digits is slow (refused past 4,300); the message quotes 40 characters."""
    spec = "easter+" + "9" * 100_000
    problem = check_spec(spec)
    assert problem is not None and "at most 366 days" in problem and len(problem) < 200
    assert len(check_spec("x" * 100_000) or "") < 300


# ---------------------------------------------------------------- dates_in_year


def test_a_year_without_the_day_lists_nothing_and_never_raises() -> None:
    """The old parser checked specs in 2026 only: "5th sat may" loaded, then raised ValueError
    for every decision in May 2028."""
    days = (("5th sat may", "Fifth Saturday"), ("02-29", "Leap day"))
    assert dates_in_year(days, "weekend_to_weekday", 2028) == {date(2028, 2, 29): "Leap day"}
    assert dates_in_year(days, "none", 2026) == {date(2026, 5, 30): "Fifth Saturday"}
    for year in range(2000, 2100):  # never an exception, whatever the year
        assert all(day.year == year for day in dates_in_year(days, "weekend_to_weekday", year))


def test_observed_shifts_cross_new_year_and_keep_the_actual_day() -> None:
    days = (("01-01", "New Year"),)
    # 1 January 2022 was a Saturday: observed Friday 31 December 2021
    assert dates_in_year(days, "weekend_to_weekday", 2021) == {date(2021, 1, 1): "New Year",
                                                              date(2021, 12, 31): "New Year (observed)"}
    assert dates_in_year(days, "sun_to_mon", 2023) == {date(2023, 1, 1): "New Year",
                                                       date(2023, 1, 2): "New Year (observed)"}
    assert dates_in_year(days, "none", 2023) == {date(2023, 1, 1): "New Year"}


@given(offset=st.integers(-MAX_EASTER_OFFSET, MAX_EASTER_OFFSET), year=st.integers(1950, 2150))
@budget(300)
def test_every_easter_offset_is_found_in_the_year_it_falls_in(offset: int, year: int) -> None:
    """dates_in_year looks at the neighbouring years only: the bound on offsets keeps every
    Easter day within them, so a day is listed in the year it falls in, whatever the offset."""
    spec = f"easter{offset:+d}"
    day = resolve_spec(spec, year)
    assert day is not None
    assert dates_in_year(((spec, "x"),), "none", day.year).get(day) == "x"


# ---------------------------------------------------------------- the parser it replaced

_OLD_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_OLD_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_OLD_NTH = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1}


def _old_resolve(spec: str, year: int) -> date | None:
    """dayspecs.resolve_spec before the structural parser (commit 9dcd833), copied as the reference."""
    text = spec.strip().lower()
    if text == "election":
        return _old_nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if text.startswith("easter"):
        return _old_easter(year) + timedelta(days=int(text[6:] or "0"))
    parts = text.split()
    if len(parts) == 3:
        nth, weekday, month = parts
        return _old_nth_weekday(year, _OLD_MONTHS.index(month) + 1, _OLD_WEEKDAYS.index(weekday), _OLD_NTH[nth])
    numbers = [int(piece) for piece in text.split("-")]
    if len(numbers) == 2:
        return date(year, numbers[0], numbers[1])
    if len(numbers) == 3:
        one_off = date(numbers[0], numbers[1], numbers[2])
        return one_off if one_off.year == year else None
    raise ValueError(spec)


def _old_nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        if day.month != month:
            raise ValueError("no such weekday")
        return day
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _old_easter(year: int) -> date:
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


_SPECS = st.one_of(
    st.builds(lambda m, d: f"{m:02d}-{d:02d}", st.integers(1, 12), st.integers(1, 31)),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(1900, 2199), st.integers(1, 12), st.integers(1, 31)),
    st.builds(lambda n, w, m: f"{n} {w} {m}", st.sampled_from(sorted(_OLD_NTH)), st.sampled_from(_OLD_WEEKDAYS),
              st.sampled_from(_OLD_MONTHS)),
    st.builds(lambda n: f"easter{n:+d}", st.integers(-MAX_EASTER_OFFSET, MAX_EASTER_OFFSET)),
    st.just("election"),
    st.just("easter"),
)


def _refusal_year(spec: str) -> int:
    """A year to show the old parser refusing a spec in: a one-off's own, else a leap year."""
    return int(spec[:4]) if spec.count("-") == 2 else 2024


@given(spec=_SPECS, year=st.integers(1950, 2150))
@budget(1500)
def test_the_new_parser_names_the_old_ones_days(spec: str, year: int) -> None:
    """On every spec of the documented forms within the bounds, the date is the old parser's;
    where the old one raised (a day the year lacks), the new one names no day."""
    if check_spec(spec) is not None:  # "02-31", or 29 February of a common year's one-off
        with pytest.raises(ValueError):
            _old_resolve(spec, _refusal_year(spec))
        return
    try:
        old = _old_resolve(spec, year)
    except ValueError:
        assert resolve_spec(spec, year) is None
        return
    assert resolve_spec(spec, year) == old


def test_every_shipped_spec_names_the_old_parsers_days() -> None:
    from callwindow import load_all

    jurisdictions, courtesy = load_all()
    rules = [rule for j in jurisdictions for rule in j.rules] + list(courtesy.rules)
    specs = {spec for rule in rules for spec, *_ in (*rule.no_call_days, *rule.listed_days)}
    assert len(specs) > 30
    for spec in sorted(specs):
        assert parse_spec(spec).kind in ("fixed", "one_off", "easter", "nth", "election")
        for year in range(2000, 2061):
            assert resolve_spec(spec, year) == _old_resolve(spec, year), (spec, year)
