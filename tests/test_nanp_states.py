"""A US or Canadian number that does not tell its state or province (toll-free 8XX, personal 5XX,
600, 900, Canada's 7-digit 310-xxxx) keeps every state of its country in places, as Brazilian and
Australian numbers do, so that state laws bind without a hint; a hint narrows them; the decision
says so (several_subdivisions); and a subdivision hint that names no real subdivision is refused
instead of binding nothing."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import phonenumbers
import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import InvalidRegion, Policy, load_all, resolve
from callwindow.batch import _fastresolve
from callwindow.cli import main as can_i_call
from callwindow.numbers import (
    country_states,
    known_subdivisions,
    nanp_area_codes,
    normalise_subdivision,
    postal_code_ranges,
    readable_hints,
    region_names,
    region_zones,
    ru_postcodes,
    state_area_codes,
    subdivision_zones,
    us_postal_codes,
)

TOLL_FREE = "+1 800 555 1234"
US_STATES = country_states("US")
CA_PROVINCES = country_states("CA")
LEGAL = Policy.legal_minimum()


def codes(reasons: object) -> list[str]:
    return [str(reason.code) for reason in reasons]  # type: ignore[attr-defined]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# ---------------------------------------------------------------- every state of the country


def test_the_country_lists_are_the_area_code_tables_states() -> None:
    assert len(US_STATES) == 51 and "US-DC" in US_STATES and "US-CA" in US_STATES  # 50 states and DC
    assert "US-PR" not in US_STATES  # Puerto Rico is a region of its own on +1 (+1 787)
    assert CA_PROVINCES == ("CA-AB", "CA-BC", "CA-MB", "CA-NB", "CA-NL", "CA-NS", "CA-NT", "CA-NU", "CA-ON",
                            "CA-PE", "CA-QC", "CA-SK", "CA-YT")


@pytest.mark.parametrize("number, region, number_type", [
    (TOLL_FREE, "US", "toll_free"), ("+1 833 555 1234", "US", "toll_free"), ("+1 888 555 1234", "US", "toll_free"),
    ("+1 500 555 1234", "US", "personal_number"), ("+1 533 555 1234", "US", "personal_number"),
    ("+1 900 555 1234", "US", "premium_rate"),
    ("+1 600 555 1234", "CA", "voip"), ("+1 622 555 1234", "CA", "personal_number"),  # Canadian non-geographic
    ("+1 310 1620", "CA", None),  # a 7-digit Canadian universal access number: no area code at all
])
def test_a_number_of_no_state_keeps_every_state_of_its_country(number: str, region: str,
                                                               number_type: str | None) -> None:
    subscriber = resolve(number)
    assert subscriber.region == region and subscriber.subdivision is None
    assert number_type is None or subscriber.number_type == number_type
    assert subscriber.places == (region, *country_states(region))
    note = next(reason for reason in subscriber.notes if reason.code == "several_subdivisions")
    assert f"every one of {region}" in note.message and note.kind.value == "contact"


def test_a_canadian_businesss_toll_free_number_is_a_us_number_to_phonenumbers() -> None:
    # 8XX numbers are shared by the whole NANP: read in Canada they still resolve to US (the
    # region phonenumbers gives every toll-free number), so every US state's law binds.
    subscriber = resolve("1-800-555-1234", default_region="CA")
    assert subscriber.region == "US" and subscriber.places == ("US", *US_STATES)


def test_numbers_that_tell_their_state_are_unchanged() -> None:
    assert resolve("+1 212 555 0123").places == ("US", "US-NY")
    assert resolve("+1 305 555 0123").places == ("US", "US-FL")
    assert resolve("+1 604 555 1234").places == ("CA", "CA-BC")
    for number in ("+1 212 555 0123", "+1 305 555 0123", "+1 604 555 1234"):
        assert "several_subdivisions" not in codes(resolve(number).notes)
    # an area code of two provinces keeps both, and says so
    shared = resolve("+1 902 555 1234")
    assert shared.places == ("CA", "CA-NS", "CA-PE") and shared.subdivision is None
    assert "CA-NS, CA-PE" in next(r.message for r in shared.notes if r.code == "several_subdivisions")


def test_the_states_laws_bind_a_toll_free_number() -> None:
    # Tuesday 15:00 UTC: 10:00 in New York. Connecticut's consent law blocks a sales call that may
    # reach Connecticut; Rhode Island's and Texas's hours are cited with the federal ones.
    decision = LEGAL.check(TOLL_FREE, at("2026-11-24T15:00:00"), purpose="sales")
    laws = {reason.rule for reason in decision.reasons if reason.kind.value == "law"}
    assert decision.action.value == "block" and "US-CT.42-288a.consent" in laws
    assert {"US.tcpa.solicitation-hours", "US-RI.5-61-3-6.hours-of-operation",
            "US-TX.301-051.solicitation-hours"} <= laws
    assert "several_subdivisions" in codes(decision.reasons) and decision.places == ("US", *US_STATES)
    # An address in New York places it: Connecticut's law no longer applies.
    placed = LEGAL.check(TOLL_FREE, at("2026-11-24T15:00:00"), purpose="sales", subdivision="US-NY")
    assert placed.allowed and placed.places == ("US", "US-NY") and "several_subdivisions" not in codes(placed.reasons)


def test_a_state_laws_holidays_bind_a_toll_free_number() -> None:
    # Rhode Island's sales-call hours exclude state holidays: Victory Day, Monday 10 August 2026,
    # is one of Rhode Island's alone. 16:00 UTC = 12:00 in Providence, 06:00 in Honolulu.
    rule = "US-RI.5-61-3-6.hours-of-operation"
    consent = {"purpose": "sales", "consent": True}  # (Connecticut's consent law aside)
    decision = LEGAL.check(TOLL_FREE, at("2026-08-10T18:00:00"), zone="America/New_York", **consent)
    assert not decision.allowed and rule in {reason.rule for reason in decision.reasons}
    ordinary = LEGAL.check(TOLL_FREE, at("2026-08-11T18:00:00"), zone="America/New_York", **consent)
    assert rule not in {reason.rule for reason in ordinary.reasons}
    # the same with an address in Rhode Island; an address elsewhere is not bound by it
    assert not LEGAL.check(TOLL_FREE, at("2026-08-10T18:00:00"), subdivision="US-RI", **consent).allowed
    assert LEGAL.check(TOLL_FREE, at("2026-08-10T18:00:00"), subdivision="US-NY", **consent).allowed


# ---------------------------------------------------------------- hints narrow


def test_a_subdivision_or_postcode_places_a_toll_free_number() -> None:
    florida = resolve(TOLL_FREE, subdivision="US-FL")
    assert florida.places == ("US", "US-FL") and florida.subdivision == "US-FL"
    assert set(florida.zones) == {"America/Chicago", "America/New_York"}  # the panhandle is Central
    assert not florida.notes
    by_name = resolve(TOLL_FREE, subdivision="Florida")
    assert by_name.places == florida.places
    new_york = resolve(TOLL_FREE, postal_code="10001")
    assert new_york.places == ("US", "US-NY") and new_york.zones == ("America/New_York",) and not new_york.notes
    quebec = resolve("+1 600 555 1234", subdivision="QC")
    assert quebec.places == ("CA", "CA-QC") and quebec.subdivision == "CA-QC"
    toronto = resolve("+1 622 555 1234", postal_code="M5V 2T6")
    assert toronto.places == ("CA", "CA-ON") and toronto.zones == ("America/Toronto",)


def test_an_address_in_the_other_country_adds_it_and_keeps_every_state() -> None:
    moved = resolve(TOLL_FREE, subdivision="CA-ON")
    assert moved.places == ("US", *US_STATES, "CA", "CA-ON") and "hint_conflict" in codes(moved.notes)


def test_a_country_hint_alone_adds_every_state_of_that_country() -> None:
    # an address in Canada of no known province: every province's law, as for a number of none
    moved = resolve("+1 212 555 0123", region="CA")
    assert moved.places == ("US", "US-NY", "CA", *CA_PROVINCES) and moved.subdivision == "US-NY"
    assert "hint_conflict" in codes(moved.notes)
    assert resolve("+1 212 555 0123", region="CA", subdivision="CA-QC").places == ("US", "US-NY", "CA", "CA-QC")
    assert resolve("+61 412 345 678", region="US").places[9:] == ("US", *US_STATES)
    assert resolve("+1 212 555 0123", region="FR").places == ("US", "US-NY", "FR")  # no states kept for France


def test_a_zone_hint_keeps_the_states_of_that_clock() -> None:
    arizona = resolve(TOLL_FREE, zone="America/Phoenix")  # the only state on MST all year
    assert arizona.places == ("US", "US-AZ") and arizona.subdivision == "US-AZ"
    assert "several_subdivisions" not in codes(arizona.notes)
    # Hawaii's clock: Hawaii, and Alaska, whose 907 phonenumbers gives Pacific/Honolulu too (the
    # data cannot rule Alaska out)
    hawaii = resolve(TOLL_FREE, zone="Pacific/Honolulu")
    assert hawaii.places == ("US", "US-AK", "US-HI") and hawaii.subdivision is None
    central = resolve(TOLL_FREE, zone="America/Chicago")
    assert {"US-TX", "US-IL", "US-FL", "US-TN", "US-IN", "US-KY", "US-ND"} <= set(central.places)  # split states stay
    assert not {"US-NY", "US-CA", "US-AZ", "US-HI", "US-CT"} & set(central.places)
    assert "several_subdivisions" in codes(central.notes) and central.subdivision is None
    # Mountain time: Denver's clock is Boise's, so Idaho and Oregon (on Boise) stay with Colorado;
    # and Arizona, whose 928 has the Navajo Nation's daylight-saving time (America/Denver)
    mountain = resolve(TOLL_FREE, zone="America/Denver")
    assert {"US-CO", "US-ID", "US-OR", "US-NM", "US-AZ"} <= set(mountain.places)
    assert not {"US-CA", "US-NY", "US-HI"} & set(mountain.places)
    atlantic = resolve("+1 600 555 1234", zone="America/Halifax")
    assert atlantic.places == ("CA", "CA-NB", "CA-NL", "CA-NS", "CA-PE", "CA-QC")  # Labrador, eastern Quebec


def test_a_zone_the_number_does_not_have_keeps_every_state() -> None:
    # Not one of the toll-free number's zones: the hint conflicts and widens, so nothing is ruled out.
    abroad = resolve(TOLL_FREE, zone="Europe/Paris")
    assert abroad.places == ("US", *US_STATES) and "hint_conflict" in codes(abroad.notes)


def test_the_default_zone_is_a_clock_not_an_address() -> None:
    declared = LEGAL.check(TOLL_FREE, at("2026-11-24T18:00:00"), default_zone="Pacific/Honolulu")
    assert declared.zones == ("Pacific/Honolulu",) and declared.places == ("US", *US_STATES)
    assert {"default_zone_used", "several_subdivisions"} <= set(codes(declared.reasons))


# ---------------------------------------------------------------- every surface, one answer


SAMPLES = [TOLL_FREE, "+1 500 555 1234", "+1 600 555 1234", "+1 622 555 1234", "+1 900 555 1234",
           "+1 212 555 0123", "+1 902 555 1234"]
HINTS = [{}, {"zone": "America/Chicago"}, {"zone": "America/Phoenix"}, {"zone": "Europe/Paris"},
         {"subdivision": "US-FL"}, {"subdivision": "CA-QC"}, {"region": "CA"}]


@pytest.mark.parametrize("hints", HINTS, ids=lambda hints: ",".join(hints.values()) or "none")
def test_the_batch_fast_path_places_them_alike(hints: dict[str, str]) -> None:
    resolver = _fastresolve.FastResolver()
    for number in SAMPLES:
        fast = resolver.resolve(number.replace(" ", ""), zone=hints.get("zone"), region_hint=hints.get("region"),
                                subdivision_hint=hints.get("subdivision"))
        assert fast == resolve(number.replace(" ", ""), **hints), (number, hints)


def test_the_cli_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code = can_i_call([TOLL_FREE, "--at", "2026-11-24T20:00:00Z", "--no-config", "--no-history", "--json",
                       "--purpose", "service", "--profile", "legal"])
    decision = json.loads(capsys.readouterr().out)
    assert code == 0 and decision["places"] == ["US", *US_STATES] and decision["subdivision"] is None
    assert "several_subdivisions" in [reason["code"] for reason in decision["reasons"]]


# ---------------------------------------------------------------- unknown subdivision hints


@pytest.mark.parametrize("subdivision, region, shown", [
    ("US-ZZ", "US", "US-ZZ"), ("US-FLA", None, "US-FLA"), ("FLA", "US", "US-FLA"), ("DE-XX", None, "DE-XX"),
    ("CA-XX", None, "CA-XX"), ("ON", "US", "US-ON"), ("BR-XX", None, "BR-XX"), ("RU-XXX", None, "RU-XXX"),
])
def test_an_unknown_subdivision_is_refused_in_one_line(subdivision: str, region: str | None, shown: str) -> None:
    with pytest.raises(InvalidRegion) as caught:
        normalise_subdivision(subdivision, region)
    message = str(caught.value)
    assert message.startswith(f"unknown subdivision '{shown}': not a subdivision of {shown[:2]}")
    assert "\n" not in message


@pytest.mark.parametrize("subdivision, region, code", [
    ("US-FL", None, "US-FL"), ("fl", "US", "US-FL"), ("Florida", None, "US-FL"), ("US-PR", None, "US-PR"),
    ("CA-NU", None, "CA-NU"), ("FR-57", None, "FR-57"), ("RU-MOW", None, "RU-MOW"), ("MX-CMX", None, "MX-CMX"),
    ("JP-13", None, "JP-13"),  # no list of Japan's prefectures is shipped: a well-formed code is accepted
    # real codes the shipped lists of these countries miss (PARTIAL_SUBDIVISION_LISTS)
    ("FR-IDF", None, "FR-IDF"), ("FR-75", None, "FR-75"), ("ES-M", None, "ES-M"), ("IT-25", None, "IT-25"),
    ("GB-LND", None, "GB-LND"),
])
def test_a_known_subdivision_and_one_of_a_country_without_a_list_are_accepted(
        subdivision: str, region: str | None, code: str) -> None:
    assert normalise_subdivision(subdivision, region) == code
    assert not known_subdivisions("JP")


def test_countries_with_a_subdivision_law_have_a_whole_list() -> None:
    """A mistyped code is refused wherever a subdivision's law could be lost: no country with a
    subdivision's rule file is one whose list is partial."""
    from callwindow.numbers import PARTIAL_SUBDIVISION_LISTS
    from callwindow.resources import data_path

    with_laws = {path.name[:2] for path in data_path("jurisdictions").glob("??-*.toml")}
    assert with_laws >= {"US", "CA", "BR", "AU"} and not with_laws & PARTIAL_SUBDIVISION_LISTS


def test_every_subdivision_the_data_names_is_a_hint_that_is_accepted() -> None:
    """Every place a table or a law file names (a law file's places are checked against these
    tables) can be given as a hint: the ZIP table, left out of the known lists for its size,
    adds none."""
    named = {place for place, _zone in us_postal_codes().values()}
    named |= {place for place, _zones in ru_postcodes().values()}
    named |= {entry[2] for ranges in postal_code_ranges().values() for entry in ranges}
    named |= {code for (kind, _name), code in region_names().items() if kind == "subdivision"}
    named |= set(subdivision_zones()) | {code for table in state_area_codes().values()
                                          for codes_ in table.values() for code in codes_}
    named |= {code for _region, subdivisions, _zones in nanp_area_codes().values() for code in subdivisions}
    jurisdictions, _ = load_all()
    named |= {place for item in jurisdictions for place in item.applies_to}
    # (the region-name table also maps names to the holidays package's other subdivisions, "AU-NSW
    # Western": no ISO 3166-2 code, which a hint cannot spell)
    subdivisions = sorted(place for place in named if re.fullmatch(r"[A-Z]{2}-[0-9A-Z]{1,3}", place))
    assert len(subdivisions) > 300
    assert [code for code in subdivisions if normalise_subdivision(code, None) != code] == []
    assert {place for place in named if place.startswith("US-")} <= known_subdivisions("US")


def test_every_surface_keeps_its_error_contract_for_an_unknown_subdivision(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = can_i_call(["+1 212 555 0123", "--subdivision", "US-ZZ", "--no-config", "--no-history"])
    assert code == 2 and err.getvalue().count("\n") == 1 and "unknown subdivision 'US-ZZ'" in err.getvalue()
    # a list row: decided without the hint, which a note names
    kept, notes = readable_hints("+1 212 555 0123", subdivision="US-ZZ")
    assert kept["subdivision"] is None and codes(notes) == ["hint_unused"] and "US-ZZ" in notes[0].message
    leads = tmp_path / "leads.csv"
    leads.write_text("phone,subdivision\n+1 212 555 0123,US-ZZ\n+1 800 555 1234,US-FLA\n+1 800 555 1234,US-FL\n")
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = can_i_call(["list", str(leads), "--format", "jsonl", "--at", "2026-11-24T20:00:00Z", "--quiet",
                           "--no-config", "--no-history", "--profile", "legal"])
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 0 and [row["error"] for row in rows] == [None, None, None]
    assert ["hint_unused" in row["reason_codes"] for row in rows] == [True, True, False]
    assert "several_subdivisions" in rows[1]["reason_codes"] and "several_subdivisions" not in rows[2]["reason_codes"]


def test_the_http_service_refuses_an_unknown_subdivision(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    key = "nanp-states-test-key-0123"
    headers = {"Authorization": f"Bearer {key}"}
    body = {"number": "+1 212 555 0123", "at": "2026-11-24T20:00:00Z", "subdivision": "US-ZZ"}
    with TestClient(create_app(Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": key})))) as client:
        single = client.post("/v1/check", json=body, headers=headers)
        batch = client.post("/v1/check/batch", json=[body, {**body, "subdivision": "US-NY"}], headers=headers)
    # an input error of the question (InvalidInput): 400 with its field, as every bad hint
    assert single.status_code == 400 and "unknown subdivision 'US-ZZ'" in single.text
    results = batch.json()["results"]
    assert not results[0]["ok"] and results[0]["error"]["status"] == 400 and results[1]["ok"]


# ---------------------------------------------------------------- the invariant


def _nanp_numbers() -> st.SearchStrategy[str]:
    """Area codes of the table, and the non-geographic ones (toll-free, 5XX, 600, 622, 900)."""
    area_codes = sorted(nanp_area_codes()) + ["800", "833", "844", "855", "866", "877", "888",
                                                "500", "521", "533", "544", "566", "577", "588", "600", "622", "900"]
    return st.builds(lambda area, exchange, line: f"+1{area}{exchange}{line:04d}",
                     st.sampled_from(area_codes), st.integers(200, 999).map(str), st.integers(0, 9999))


@budget(300)
@given(number=_nanp_numbers(), zone_index=st.none() | st.integers(0, 40))
def test_every_us_or_canadian_number_keeps_its_state_or_every_state_its_zones_allow(
        number: str, zone_index: int | None) -> None:
    if not phonenumbers.is_valid_number(phonenumbers.parse(number)):
        return
    base = resolve(number)
    if base.region not in ("US", "CA"):  # +1 of another country (Jamaica, Puerto Rico...)
        return
    row = nanp_area_codes().get(number[2:5])
    every = country_states(base.region)
    if row is not None:  # the area code tells: its subdivision(s)
        assert base.places == (base.region, *row[1])
    else:  # it does not: every one, never the country alone
        assert base.places == (base.region, *every) and base.subdivision is None
    assert len(base.places) >= 2
    if zone_index is None:
        return
    zones = sorted(base.zones) + sorted(region_zones()[base.region])
    zone = zones[zone_index % len(zones)]
    hinted = resolve(number, zone=zone)
    if row is not None:
        assert set(base.places) <= set(hinted.places)  # a number that tells its state keeps it
        return
    states = set(hinted.places[1:])
    assert states and states <= set(every)
    if zone not in base.zones:  # not one of the number's zones: all are considered
        assert states == set(every)
    for state in every:  # a state is dropped only when none of its zones has the hint's clock
        if state not in states:
            assert not any(_same_clock(own, zone) for own in subdivision_zones()[state]), (number, zone, state)
    assert (hinted.subdivision is not None) == (len(states) == 1)
    assert ("several_subdivisions" in codes(hinted.notes)) == (len(states) > 1)


def _same_clock(first: str, second: str) -> bool:
    from callwindow.clock import offset_at

    instants = (1_768_435_200, 1_784_073_600)  # 2026-01-15 and 2026-07-15, 00:00 UTC
    return all(offset_at(instant, first) == offset_at(instant, second) for instant in instants)
