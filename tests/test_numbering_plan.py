"""Where the contact is, beyond phonenumbers: the NANPA area codes phonenumbers does not know
yet, Canada's 7-digit 310 numbers, and postcodes of Australia, Brazil, Canada and Mexico; the
batch ingest and its fast path give the same Subscriber as numbers.resolve for all of them."""

from __future__ import annotations

import csv
import sys
from dataclasses import replace
from pathlib import Path

import phonenumbers
import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from phonenumbers.timezone import time_zones_for_number

from callwindow import InvalidInput, InvalidNumber, InvalidRegion, resolve
from callwindow.batch import _fastresolve, ingest
from callwindow.numbers import (
    UNLISTED_NANP_TYPE,
    nanp_area_codes,
    narrow_to_region,
    postal_code_ranges,
    readable_hints,
    region_zones,
    subdivision_zones,
)
from callwindow.resources import data_path

# NANPA's NPA report of 2025-11-26: in service, unknown to phonenumbers 9.0.43.
NEW_AREA_CODES = {
    "357": "US-CA", "436": "US-OH", "457": "US-LA", "621": "US-TX", "624": "US-NY",
    "679": "US-MI", "729": "US-TN", "837": "US-CA", "861": "US-IL", "924": "US-MN",
}


# ---------------------------------------------------------------- NANP


@pytest.mark.parametrize("area_code, state", sorted(NEW_AREA_CODES.items()))
def test_new_area_codes_resolve_to_their_state(area_code: str, state: str) -> None:
    number = f"+1 {area_code} 234 5678"
    assert phonenumbers.number_type(phonenumbers.parse(number)) == phonenumbers.PhoneNumberType.UNKNOWN
    subscriber = resolve(number)
    assert subscriber.region == "US" and subscriber.subdivision == state
    assert subscriber.number_type == UNLISTED_NANP_TYPE
    assert subscriber.zones == nanp_area_codes()[area_code][2]
    assert set(subscriber.zones) <= set(subdivision_zones()[state])


def test_a_number_placed_by_the_table_alone_says_so_on_every_path() -> None:
    """phonenumbers would reject it: the decision names whose data placed the contact (reason
    numbering_table), on the single check and the batch path alike; a known area code does not."""
    from callwindow import check
    from callwindow.batch import decide_numbers

    new, known = "+1 357 234 5678", "+1 212 555 0123"
    single = check(new, "2026-12-02T18:00:00Z")
    notes = [reason for reason in single.reasons if str(reason.code) == "numbering_table"]
    assert notes and "357" in notes[0].message and "phonenumbers" in notes[0].message
    assert "numbering_table" not in {str(reason.code) for reason in check(known, "2026-12-02T18:00:00Z").reasons}
    decided = decide_numbers([new, known], "2026-12-02T18:00:00Z")
    assert "numbering_table" in decided.row(0)["reasons"] and "numbering_table" not in decided.row(1)["reasons"]


def test_split_area_codes_carry_both_zones() -> None:
    assert resolve("+1 915 234 5678").zones == ("America/Chicago", "America/Denver")
    assert resolve("+1 931 234 5678").zones == ("America/Chicago", "America/New_York")
    assert resolve("+1 729 234 5678").zones == ("America/Chicago", "America/New_York")  # NANPA: "EC"


@pytest.mark.parametrize("number, words", [
    ("+1 357 123 4567", "not an assigned number"),  # exchange starts with 1: not NXX
    ("+1 357 911 4567", "not an assigned number"),  # an N11 service code is no exchange
    ("+1 357 234 567", "too short"),
    ("+1 211 234 5678", "not"),  # N11 is no area code
    ("+1 999 234 5678", "not"),  # not in service
])
def test_malformed_or_unlisted_nanp_numbers_stay_invalid(number: str, words: str) -> None:
    with pytest.raises(InvalidNumber, match=words):
        resolve(number)


def test_every_table_row_of_the_new_codes_names_its_source() -> None:
    text = data_path("nanp_area_codes.csv").read_text(encoding="utf-8")
    assert "NANPA NPA report (npa_report.csv) of 2025-11-26" in text
    rows = {row["area_code"]: row for row in csv.DictReader(line for line in text.splitlines()
                                                             if not line.startswith("#"))}
    for area_code, state in NEW_AREA_CODES.items():
        assert rows[area_code]["subdivision"] == state


def test_canadian_310_number_is_placed_in_canada_not_los_angeles() -> None:
    subscriber = resolve("+1 310 1620")
    assert subscriber.region == "CA" and subscriber.subdivision is None
    assert "America/Los_Angeles" not in subscriber.zones and "US-CA" not in subscriber.places
    # Fail closed: every Canadian zone. phonenumbers' country-level list narrowed to Canada has 8,
    # which miss the offsets in use between the provinces' DST changes (e.g. Blanc-Sablon's at
    # 2026-03-08 06:00 UTC).
    assert subscriber.zones == region_zones()["CA"]
    # the ten-digit Los Angeles number is still Los Angeles
    assert resolve("+1 310 234 5678").zones == ("America/Los_Angeles",)


# ---------------------------------------------------------------- postcodes


@pytest.mark.parametrize("number, postal_code, region, place, zones", [
    ("+61 412 345 678", "6000", "AU", "AU-WA", ("Australia/Perth",)),
    ("+61 412 345 678", "2000", None, "AU-NSW", ("Australia/Sydney",)),
    ("+61 412 345 678", "2600", None, "AU-ACT", ("Australia/Sydney",)),
    ("+61 412 345 678", "2880", None, "AU-NSW", ("Australia/Broken_Hill", "Australia/Sydney")),
    ("+1 416 555 0123", "M5V 2T6", None, "CA-ON", ("America/Toronto",)),
    ("+1 807 555 0123", "M5V", None, "CA-ON", ("America/Toronto",)),
    ("+55 11 98765 4321", "01310-100", None, "BR-SP", ("America/Sao_Paulo",)),
    ("+52 55 1234 5678", "06700", "MX", "MX-CMX", ("America/Mexico_City",)),
    ("+52 664 123 4567", "22000", None, "MX-BCN", ("America/Tijuana",)),
])
def test_postcode_places_the_contact(number: str, postal_code: str, region: str | None, place: str,
                                     zones: tuple[str, ...]) -> None:
    subscriber = resolve(number, postal_code=postal_code, region=region)
    assert subscriber.subdivision == place and place in subscriber.places
    assert subscriber.zones == zones


@pytest.mark.parametrize("number, subdivision, places", [
    # data/state_area_codes.csv: a DDD of one state (landline and mobile), of two, a number of no DDD
    ("+55 11 2345 6789", "BR-SP", ("BR", "BR-SP")),
    ("+55 11 98765 4321", "BR-SP", ("BR", "BR-SP")),
    ("+55 82 3234 5678", "BR-AL", ("BR", "BR-AL")),
    ("+55 92 3232 1234", "BR-AM", ("BR", "BR-AM")),
    ("+55 61 3234 5678", None, ("BR", "BR-DF", "BR-GO")),
    ("+55 42 99123 4567", None, ("BR", "BR-PR", "BR-SC")),
    ("+61 2 9876 5432", None, ("AU", "AU-ACT", "AU-NSW", "AU-VIC")),
    ("+61 8 9234 5678", None, ("AU", "AU-NSW", "AU-NT", "AU-SA", "AU-WA")),
])
def test_brazilian_and_australian_numbers_name_their_states(number: str, subdivision: str | None,
                                                           places: tuple[str, ...]) -> None:
    subscriber = resolve(number)
    assert subscriber.subdivision == subdivision and subscriber.places == places


@pytest.mark.parametrize("number, postal_code, region, place, own, zones", [
    # a São Paulo mobile (DDD 11) with an Acre CEP; a Mexico City number (area code 55) with a
    # Sonora código postal: the number tells its area as a landline does, so either may be right
    # (the DDD places the mobile in São Paulo state: both states' laws apply)
    ("+55 11 98765 4321", "69900000", "BR", "BR-AC", "BR-SP", {"America/Rio_Branco", "America/Sao_Paulo"}),
    ("+52 55 1234 5678", "83000", None, "MX-SON", None, {"America/Hermosillo", "America/Mexico_City"}),
    # zones of one clock but other names do not agree either (a contradiction by the data alone):
    # a Moscow landline with a Volgograd index; Sonora's 662, which phonenumbers puts on
    # America/Mazatlan, with a Sonora postcode on Hermosillo
    ("+7 495 123 4567", "400005", None, "RU-VGG", None, {"Europe/Moscow", "Europe/Volgograd"}),
    ("+52 662 123 4567", "83000", None, "MX-SON", None, {"America/Hermosillo", "America/Mazatlan"}),
])
def test_postcode_far_from_a_geographic_mobile_widens_and_says_so(number: str, postal_code: str, region: str | None,
                                                                   place: str, own: str | None,
                                                                   zones: set[str]) -> None:
    subscriber = resolve(number, postal_code=postal_code, region=region)
    assert set(subscriber.zones) == zones and subscriber.subdivision == own and place in subscriber.places
    assert own is None or own in subscriber.places
    assert [note.code.value for note in subscriber.notes] == ["hint_conflict"]


@budget(200)
@given(st.sampled_from(["+55 11 98765 4321", "+55 92 98765 4321", "+52 55 1234 5678", "+52 664 123 4567",
                        "+52 662 123 4567", "+61 2 9876 5432", "+61 412 345 678"]),
       st.sampled_from(["01310-100", "69900000", "69005-000", "83000", "06700", "22000", "6000", "7000", "2000"]))
def test_a_postcode_never_drops_a_zone_of_a_number_that_tells_its_area(number: str, postal_code: str) -> None:
    """Fail closed: the zones kept for a number that tells its area (one zone of a country of
    several, or a landline) always include its own unless the address overlaps them; an
    unreadable pair (a postcode of another country's form) is an error, never a guess."""
    plain = resolve(number)
    try:
        hinted = resolve(number, postal_code=postal_code, region=plain.region)
    except InvalidRegion:
        return
    own, kept = set(plain.zones), set(hinted.zones)
    if len(own) == 1 or plain.number_type == "fixed_line":
        assert own & kept, (number, postal_code, kept)


def test_postcode_that_contradicts_a_landline_widens_and_says_so() -> None:
    # A Sydney landline with a Perth postcode: the contact may be in either place.
    subscriber = resolve("+61 2 9876 5432", postal_code="6000")
    assert set(subscriber.zones) == {"Australia/Sydney", "Australia/Perth"}
    assert "AU-WA" in subscriber.places
    # (and the Sydney number's three states plus WA: which, the decision says too)
    assert [note.code for note in subscriber.notes] == ["hint_conflict", "several_subdivisions"]
    assert "AU-WA" in subscriber.notes[0].message
    # an Ontario number with a British Columbia postal code: both provinces
    moved = resolve("+1 416 555 0123", postal_code="V6B 1A1")
    assert {"America/Toronto", "America/Vancouver"} <= set(moved.zones)
    assert {"CA-ON", "CA-BC"} <= set(moved.places) and moved.notes


def test_canadian_postcode_on_a_us_number_is_an_address_in_canada() -> None:
    subscriber = resolve("+1 212 555 0123", postal_code="M5V 2T6")
    assert {"US-NY", "CA-ON"} <= set(subscriber.places)
    assert {"America/New_York", "America/Toronto"} <= set(subscriber.zones) and subscriber.notes


@pytest.mark.parametrize("number, postal_code, region, words", [
    ("+61 412 345 678", "60000", "AU", "malformed postal code '60000' for AU"),
    ("+61 412 345 678", "0001", None, "unknown AU postal code 0001"),
    ("+1 416 555 0123", "W1A 1AA", None, "malformed postal code 'W1A 1AA' for CA"),
    ("+1 867 222 3456", "X0Z 1A1", None, "unknown CA postal code X0Z"),
    ("+55 11 98765 4321", "0131-100", None, "expected a CEP"),
    ("+52 55 1234 5678", "18000", None, "unknown MX postal code 18"),
    ("+49 30 1234567", "10115", None, "not DE"),
    ("+61 412 345 678", "6000", "US", "expected a US ZIP"),
])
def test_bad_postcodes_are_one_clear_error(number: str, postal_code: str, region: str | None, words: str) -> None:
    with pytest.raises(InvalidRegion, match=words):
        resolve(number, postal_code=postal_code, region=region)


def test_postcode_ranges_are_well_formed() -> None:
    """Every range: first <= last, of one length, zones of its country (or of its territory),
    and the subdivision's zones of the area-code table where there is one (the two tables meet)."""
    for region, ranges in postal_code_ranges().items():
        for first, last, place, zones in ranges:
            assert len(first) == len(last) and first <= last, (region, first)
            country = place.split("-")[0]
            assert zones and set(zones) <= set(region_zones()[country]), (region, first, zones)
            if region == "CA" and place in ("CA-ON", "CA-QC", "CA-BC", "CA-NL", "CA-SK") and len(first) == 1:
                if first in "AGPSV":  # the letters whose area reaches every zone the table gives
                    assert set(subdivision_zones()[place]) <= set(zones), (first, place)
    # no two ranges of a country overlap (at the same key length)
    for region, ranges in postal_code_ranges().items():
        ordered = sorted(ranges)
        for (first, last, _p, _z), (next_first, _l, _q, _y) in zip(ordered, ordered[1:], strict=False):
            if len(first) == len(next_first):
                assert last < next_first, (region, first, next_first)


# ---------------------------------------------------------------- batch and fast path in step


def _digits(draw: st.DrawFn) -> str:
    area_code = draw(st.sampled_from(sorted(nanp_area_codes())))
    exchange = draw(st.integers(200, 999))
    line = draw(st.integers(0, 9999))
    return f"+1{area_code}{exchange}{line:04d}"


@st.composite
def nanp_numbers(draw: st.DrawFn) -> str:
    """Ten-digit numbers of every listed area code (new ones among them), some 7-digit 310s."""
    if draw(st.integers(0, 9)) == 0:
        return f"+1310{draw(st.integers(1000, 9999))}"
    if draw(st.booleans()):
        return f"+1{draw(st.sampled_from(sorted(NEW_AREA_CODES)))}{draw(st.integers(200, 999))}" \
               f"{draw(st.integers(0, 9999)):04d}"
    return _digits(draw)


def _outcome(call: object) -> object:
    try:
        return call() if callable(call) else call
    except InvalidInput as error:
        return str(error)


@budget(300)
@given(numbers=st.lists(nanp_numbers(), min_size=1, max_size=40))
def test_fast_path_equals_resolve_on_nanp_numbers(numbers: list[str]) -> None:
    resolver = _fastresolve.shared()
    assert resolver.enabled
    for number in numbers:
        expected = _outcome(lambda number=number: resolve(number))
        got = _outcome(lambda number=number: resolver.resolve(number))
        assert got == expected, number
    fast, slow = ingest(numbers), ingest(numbers, fast=False)
    assert fast.errors == slow.errors
    for row in range(len(numbers)):
        assert fast.subscriber_of(row) == slow.subscriber_of(row)


_POSTCODE_NUMBERS = {"AU": "+61 412 345 678", "BR": "+55 11 98765 4321", "CA": "+1 416 555 0123",
                     "MX": "+52 55 1234 5678"}


@st.composite
def postcoded_rows(draw: st.DrawFn) -> tuple[str, str, str | None]:
    """(number, postcode, region hint): random codes of each country, in and out of its ranges."""
    region = draw(st.sampled_from(sorted(_POSTCODE_NUMBERS)))
    if region == "AU":
        code = f"{draw(st.integers(0, 9999)):04d}"
    elif region == "BR":
        code = f"{draw(st.integers(0, 99999)):05d}{draw(st.sampled_from(['-', '']))}{draw(st.integers(0, 999)):03d}"
    elif region == "MX":
        code = f"{draw(st.integers(0, 99999)):05d}"
    else:
        letters = "ABCEGHJKLMNPRSTVXY"
        code = (draw(st.sampled_from(letters)) + str(draw(st.integers(0, 9))) + draw(st.sampled_from(letters))
                + draw(st.sampled_from(["", " 1A1", "2T6"])))
    number = draw(st.sampled_from(sorted(_POSTCODE_NUMBERS.values())))
    return number, code, draw(st.sampled_from([region, None]))


@budget(200)
@given(rows=st.lists(postcoded_rows(), min_size=1, max_size=30))
def test_ingest_with_postcodes_equals_resolve(rows: list[tuple[str, str, str | None]]) -> None:
    numbers = [row[0] for row in rows]
    hints = {"postal_code": [row[1] for row in rows], "region": [row[2] for row in rows]}
    strict = ingest(numbers, **hints, unread_hints="reject")  # the HTTP service's batch items
    listed = ingest(numbers, **hints)  # a list's rule: an unreadable hint is a note (issue 15)
    for position, (number, code, region) in enumerate(rows):
        expected = _outcome(lambda number=number, code=code, region=region:
                            resolve(number, postal_code=code, region=region))
        if isinstance(expected, str):
            assert strict.errors[position] == expected
            kept, notes = readable_hints(number, postal_code=code, region=region)
            if not notes:  # every hint read: the error is a contradiction, the row stays bad
                assert listed.errors[position] == expected
                continue
            alone = resolve(number, **kept)
            assert listed.subscriber_of(position) == replace(alone, notes=(*alone.notes, *notes))
            assert all(note.code == "hint_unused" for note in notes)
        else:
            assert strict.subscriber_of(position) == listed.subscriber_of(position) == expected
            assert expected.zones  # a postcode never leaves the contact without a zone


@budget(200)
@given(row=postcoded_rows())
def test_a_postcode_keeps_only_zones_of_its_range_or_widens(row: tuple[str, str, str | None]) -> None:
    number, code, region = row
    try:
        placed = resolve(number, postal_code=code, region=region)
    except InvalidRegion:
        return
    plain = resolve(number)
    hinted_region = region or ("CA" if code[:1].isalpha() else plain.region)
    found = next((zones for first, last, _place, zones in postal_code_ranges()[hinted_region]
                  if first <= code.upper()[:len(first)] <= last), None)
    assert found is not None
    # Either the postcode narrows (to zones of its range, without a note), or it contradicts the
    # number and widens (every zone of both, with a note): never a zone of neither.
    if set(placed.zones) <= set(found) and not placed.notes:
        return
    assert placed.notes and set(found) | set(plain.zones) <= set(placed.zones), (row, placed)


def _winter(zone: str) -> float:
    from datetime import datetime

    from callwindow.clock import get_zone

    offset = datetime(2026, 1, 15, 12, tzinfo=get_zone(zone)).utcoffset()
    assert offset is not None
    return offset.total_seconds()


def test_table_against_phonenumbers_lists_the_differences() -> None:
    """The area codes phonenumbers does not know are exactly the ten NANPA ones (after a
    phonenumbers upgrade that knows them, this fails: regenerate the table and shrink the list);
    where phonenumbers knows a code, its zones for sampled exchanges are among the table's
    (the table may add zones, never miss one: fail closed)."""
    unknown = []
    missing_zones = []
    for area_code, (region, _subdivisions, zones) in sorted(nanp_area_codes().items()):
        known = False
        for exchange in range(201, 1000, 37):
            parsed = phonenumbers.parse(f"+1{area_code}{exchange}2345")
            if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.UNKNOWN:
                continue
            known = True
            named = tuple(time_zones_for_number(parsed))
            theirs = set(narrow_to_region(named, region))
            # a country-level answer (every zone of the country) says nothing about the area code
            if theirs == set(region_zones()[region]):
                continue
            # A zone phonenumbers names must be in the table; a zone narrow_to_region put in for a
            # foreign stand-in (879's America/Puerto_Rico: every Canadian zone of winter offset -4)
            # is covered by a table zone of that winter offset.
            winters = {_winter(zone) for zone in zones}
            missing = sorted(zone for zone in theirs - set(zones) if zone in named or _winter(zone) not in winters)
            if missing:
                missing_zones.append((area_code, exchange, missing))
        if not known:
            unknown.append(area_code)
    assert unknown == sorted(NEW_AREA_CODES), f"area codes phonenumbers does not know: {unknown}"
    assert not missing_zones, missing_zones


def test_russian_mobile_coverage_is_measured(capsys: pytest.CaptureFixture[str]) -> None:
    """The tool's measurement on the shipped table (docs/numbers.md gives the full run): 70.0 % of
    the numbers phonenumbers accepts get one zone at 1,000 per DEF code (50.3 % with the older
    registry copy), 99.1 % of those in allocated ranges; the rest stay in every Russian zone (fail
    closed). A table regenerated with less coverage fails."""
    from callwindow.tools.make_ru_mobile_table import coverage

    shares = coverage(samples=60, seed=15, data=None)
    assert "valid Russian mobiles sampled" in capsys.readouterr().out
    assert 0.65 <= shares["one_zone"] <= shares["placed"] <= 1
    # the example: a +7 912 2... Yekaterinburg mobile
    assert resolve("+7 912 234 56 78").zones == ("Asia/Yekaterinburg",)


@pytest.mark.parametrize("number, at, purpose, action", [
    ("+7 912 234 56 78", "2026-12-02T05:00:00Z", "collection", "call"),  # 10:00 in Yekaterinburg
    ("+1 357 234 5678", "2026-12-02T18:00:00Z", "sales", "call"),  # 10:00 in California
    ("+1 357 234 5678", "2026-12-02T06:00:00Z", "sales", "defer"),  # 22:00 in California
    ("+1 310 1620", "2026-12-02T04:30:00Z", "service", "defer"),  # 23:30 in Toronto: was "call" (Los Angeles)
])
def test_decisions_on_newly_placed_numbers(number: str, at: str, purpose: str, action: str) -> None:
    from callwindow import Policy

    assert Policy.default().check(number, at, purpose=purpose).action.value == action


def test_command_line_reads_the_new_postcodes(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from callwindow.cli import main

    assert main(["+61412345678", "--postal-code", "6000", "--region", "AU", "--at", "2026-12-02T02:00:00Z",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["zones"] == ["Australia/Perth"]
    assert main(["+1 416 555 0123", "--postal-code", "M5V 2T6", "--at", "2026-12-02T15:00:00Z", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["subdivision"] == "CA-ON" and answer["zones"] == ["America/Toronto"]
    # a bad postcode: one line, exit 2, no traceback
    assert main(["+61412345678", "--postal-code", "60000", "--region", "AU"]) == 2
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).strip().splitlines()
    assert len(lines) == 1 and "malformed postal code '60000' for AU" in lines[0]


def test_a_leading_zero_is_no_area_code() -> None:
    # "0(263) 468-5934" in Antigua: national number 02634685934 (the zero kept), not area code 263
    with pytest.raises(InvalidNumber, match="too long"):
        resolve("0(263) 468-5934", default_region="AG")


# Rows of the registry the table was generated from (DEF-9xx.csv, SHA-256 03401d8f..., see
# callwindow/tools/make_ru_mobile_table.py), as the file writes them: DEF;first;last;...;subject.
REGISTRY_SAMPLE = (
    "900;1650000;1699999;50000;ООО \"Т2 МОБАЙЛ\";-;Саратовская область;7743895280",
    "900;1630000;1649999;20000;ООО \"Т2 МОБАЙЛ\";-;Алтайский край;7743895280",
    "901;0289000;0293999;5000;ООО \"АЛЬФА-МОБАЙЛ\";-;Республика Саха (Якутия);9725152215",
    "949;0000000;0019999;20000;ГУП ДНР «РОС»;Донецкая Народная Республика;Донецкая Народная Республика;9308013351",
    "900;1400000;1599999;200000;ООО \"Т2 МОБАЙЛ\";-;Город Москва, Московская область;7743895280",
    "900;3450000;3549999;100000;ООО \"Т2 МОБАЙЛ\";-;Калининградская область;7743895280",
    "900;4250000;4349999;100000;ООО \"Т2 МОБАЙЛ\";Сахалинская обл.;Сахалинская область;7743895280",
)
REGISTRY_SAMPLE_ZONES = {
    "Саратовская область": ("Europe/Saratov",), "Алтайский край": ("Asia/Barnaul",),
    "Республика Саха (Якутия)": ("Asia/Khandyga", "Asia/Srednekolymsk", "Asia/Ust-Nera", "Asia/Yakutsk"),
    "Донецкая Народная Республика": ("Europe/Moscow",), "Город Москва, Московская область": ("Europe/Moscow",),
    "Калининградская область": ("Europe/Kaliningrad",), "Сахалинская область": ("Asia/Sakhalin", "Asia/Srednekolymsk"),
}


@pytest.mark.parametrize("line", REGISTRY_SAMPLE)
def test_russian_ranges_match_the_registry_at_their_edges(line: str) -> None:
    """A sample of the registry: the first and last number of each range get its subject's zones
    (several for Sakha and Sakhalin)."""
    code, first, last, *_rest, subject, _inn = line.split(";")
    expected = REGISTRY_SAMPLE_ZONES[subject]
    for digits in (first, last):
        assert resolve(f"+7{code}{digits}").zones == expected, (code, digits)


def test_a_russian_range_edge_is_exact() -> None:
    """The Altai Krai range 900 1630000-1649999 ends where the Saratov one begins: one number
    either side of the edge (the table keeps the registry's ranges exactly, not rounded prefixes)."""
    assert resolve("+7 900 164 99 99").zones == ("Asia/Barnaul",)
    assert resolve("+7 900 165 00 00").zones == ("Europe/Saratov",)


def test_russian_ranges_of_the_whole_federation_keep_every_zone() -> None:
    """954;1010000;1019999;...;Российская Федерация: no one subject, so every Russian zone (and
    never callable where their hours do not meet), as for a DEF code with no range (935)."""
    every = resolve("+7 935 123 45 67").zones
    assert len(every) > 10 and resolve("+7 954 101 00 00").zones == every


def test_the_tool_reads_the_registry_format(tmp_path: Path) -> None:
    """The generator on a registry excerpt: its ranges, adjacent ones of one subject joined, the
    whole federation left out; a file that is not the registry is refused."""
    from callwindow.tools.make_ru_mobile_table import REGISTRY_HEADER, table_rows

    excerpt = tmp_path / "DEF-9xx.csv"
    excerpt.write_text("\ufeff" + ";".join(REGISTRY_HEADER) + "\n" + "\n".join((
        *REGISTRY_SAMPLE, "954;1010000;1019999;10000;ЗАО;Российская Федерация;Российская Федерация;7720585980",
        "900;1700000;1709999;10000;ООО;-;Саратовская область;1")) + "\n", encoding="utf-8")
    rows = table_rows(excerpt)
    assert (9001650000, 9001709999, ("Europe/Saratov",), ("Саратовская область",)) in rows  # joined
    assert all(first // 10_000_000 != 954 for first, *_ in rows)
    bad = tmp_path / "error.html"
    bad.write_text("<html>503</html>\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="not the registry"):
        table_rows(bad)


@pytest.mark.parametrize("number, at, action", [
    ("+7 900 165 00 00", "2026-12-02T18:30:00Z", "defer"),  # 22:30 in Saratov (UTC+4): Moscow time said 21:30
    ("+7 900 165 00 00", "2026-12-02T17:30:00Z", "call"),  # 21:30 in Saratov
    ("+7 900 345 00 00", "2026-12-02T06:30:00Z", "call"),  # 08:30 in Kaliningrad (230-FZ: 08:00-22:00)
    ("+7 900 345 00 00", "2026-12-02T05:30:00Z", "defer"),  # 07:30 in Kaliningrad
])
def test_decisions_on_registry_placed_russian_mobiles(number: str, at: str, action: str) -> None:
    from callwindow import Policy

    assert Policy.default().check(number, at, purpose="collection").action.value == action


_HINT_TEXT = st.one_of(st.none(), st.sampled_from(["", "AU", "KZ", "ZZ9", "Germany", "Atlantis", "US-FL", "FL",
                                                   "Europe/Paris", "Not/AZone", "6000", "050000", "M5V 2T6"]),
                       st.text("0123456789ABZ -/", max_size=8))


@budget(200)
@given(number=st.sampled_from(["+7 701 123 4567", "+61 2 9876 5432", "+7 912 234 56 78", "+1 212 555 0123",
                               "+44 20 7946 0958"]),
       zone=_HINT_TEXT, region=_HINT_TEXT, subdivision=_HINT_TEXT, postal_code=_HINT_TEXT)
def test_a_list_row_with_any_hints_is_decided_or_says_which_hints_contradict(
        number: str, zone: str | None, region: str | None, subdivision: str | None, postal_code: str | None) -> None:
    """Issue 15 item 4, for any hint text: an international number's row is resolved (hints it
    cannot read left out, each with a hint_unused note naming it) unless the hints it can read
    contradict one another; it never loses its zones; without readable hints it is the number alone."""
    hints = {"zone": zone, "region": region, "subdivision": subdivision, "postal_code": postal_code}
    listed = ingest([number], **{kind: [value] for kind, value in hints.items()})
    kept, notes = readable_hints(number, **hints)
    if listed.errors:
        assert isinstance(_outcome(lambda: resolve(number, **kept)), str)  # readable hints that contradict
        return
    subscriber = listed.subscriber_of(0)
    assert subscriber is not None and subscriber.zones
    unused = [note for note in subscriber.notes if note.code == "hint_unused"]
    assert len(unused) == len(notes) == sum(1 for kind, value in hints.items()
                                            if value and value.strip() and kept[kind] is None)
    if not any(kept.values()):
        assert subscriber.zones == resolve(number).zones
