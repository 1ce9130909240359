"""State laws bind by the number: Brazilian DDDs and Australian area codes place a number in its
state(s) (data/state_area_codes.csv), and a number whose state is unknown keeps every state of
its country, so that BR-SP, BR-AL and AU-WA apply without a hint (the audit of 2026-12-01)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import phonenumbers
import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import Policy, resolve
from callwindow.batch import decide_batch, ingest
from callwindow.numbers import country_states, state_area_codes
from callwindow.resources import data_path
from callwindow.tools import make_state_area_table as tool

SAO_PAULO = "+55 11 91234 5678"
PERTH = "+61 8 9234 5678"
BR_STATES = ("AC AL AM AP BA CE DF ES GO MA MG MS MT PA PB PE PI PR RJ RN RO RR RS SC SE SP TO").split()
AU_STATES = ("AU-ACT", "AU-NSW", "AU-NT", "AU-QLD", "AU-SA", "AU-TAS", "AU-VIC", "AU-WA")


@pytest.fixture(scope="module")
def legal() -> Policy:
    return Policy.legal_minimum()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def law_rules(decision: object) -> set[str]:
    return {reason.rule for reason in decision.reasons if reason.kind.value == "law"}  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the audit's reproductions


def test_the_audits_sao_paulo_collection_call_is_refused_without_a_hint() -> None:
    # 23:30 UTC = 20:30 in São Paulo: the state law ends collection calls at 20:00
    decision = Policy.default().check(SAO_PAULO, at("2026-11-24T23:30:00"), purpose="collection")
    assert decision.subdivision == "BR-SP" and decision.places == ("BR", "BR-SP")
    assert not decision.allowed and "BR-SP.lei-15426.collection-hours" in law_rules(decision)
    assert decision.next_allowed_at == at("2026-11-25T11:00:00")


@pytest.mark.parametrize("moment, allowed", [
    ("2026-11-24T22:59:00", True), ("2026-11-24T22:59:59", True),  # 19:59 in São Paulo
    ("2026-11-24T23:00:00", False), ("2026-11-24T23:01:00", False),  # 20:00, 20:01
    ("2026-11-24T10:59:00", False), ("2026-11-24T11:00:00", True),  # 07:59, 08:00
])
def test_a_minute_either_side_of_sao_paulos_collection_hours(legal: Policy, moment: str, allowed: bool) -> None:
    decision = legal.check(SAO_PAULO, at(moment), purpose="collection")
    assert decision.allowed is allowed
    assert allowed or "BR-SP.lei-15426.collection-hours" in law_rules(decision)


def test_the_audits_perth_landline_on_wa_day(legal: Policy) -> None:
    # 2026-06-01 02:00 UTC = 10:00 in Perth, WA Day (a Western Australian holiday)
    decision = legal.check(PERTH, at("2026-06-01T02:00:00"), purpose="sales")
    assert decision.action.value == "defer" and "public_holiday" in {r.code for r in decision.reasons}
    assert "AU-WA.consumer-law.telemarketing-hours" in law_rules(decision)
    assert decision.places == ("AU", "AU-NSW", "AU-NT", "AU-SA", "AU-WA") and decision.subdivision is None
    # an address in South Australia places it there: WA's holiday does not apply
    in_sa = legal.check(PERTH, at("2026-06-01T02:00:00"), purpose="sales", subdivision="AU-SA")
    assert in_sa.allowed and in_sa.places == ("AU", "AU-SA")
    in_wa = legal.check(PERTH, at("2026-06-01T02:00:00"), purpose="sales", postal_code="6000")
    assert not in_wa.allowed and in_wa.places == ("AU", "AU-WA") and in_wa.zones == ("Australia/Perth",)


def test_an_australian_mobile_keeps_every_states_laws_until_an_address_places_it(legal: Policy) -> None:
    mobile = "+61 412 345 678"
    assert resolve(mobile).places == ("AU", *AU_STATES)
    decision = legal.check(mobile, at("2026-06-01T02:00:00"), purpose="sales")
    assert not decision.allowed and "AU-WA.consumer-law.telemarketing-hours" in law_rules(decision)
    placed = resolve(mobile, postal_code="2000", region="AU")
    assert placed.places == ("AU", "AU-NSW") and placed.subdivision == "AU-NSW"
    sydney = legal.check(mobile, at("2026-06-01T02:00:00"), purpose="sales", postal_code="2000", region="AU")
    assert sydney.allowed  # 12:00 in Sydney, no NSW holiday


ROWS = [
    (SAO_PAULO, "2026-11-24T23:30:00", "collection", None),
    (SAO_PAULO, "2026-11-24T22:59:00", "collection", None),
    ("+55 82 91234 5678", "2026-11-24T23:00:00", "collection", None),  # Maceió, 20:00
    ("+55 21 91234 5678", "2026-11-24T23:30:00", "collection", None),  # Rio: no state law
    ("+55 61 3234 5678", "2026-11-24T23:30:00", "collection", None),
    ("+55 61 3234 5678", "2026-11-24T23:30:00", "collection", "BR-GO"),
    (PERTH, "2026-06-01T02:00:00", "sales", None),
    (PERTH, "2026-06-01T02:00:00", "sales", "AU-SA"),
    ("+61 412 345 678", "2026-06-01T02:00:00", "sales", None),
    ("+61 412 345 678", "2026-06-01T02:00:00", "sales", "AU-VIC"),
]


def test_the_batch_path_agrees_with_the_single_check(legal: Policy) -> None:
    numbers = [row[0] for row in ROWS]
    subdivisions = [row[3] for row in ROWS]
    moments = [at(row[1]) for row in ROWS]
    import numpy as np

    decisions = decide_batch(
        ingest(numbers, subdivision=subdivisions),
        np.array([np.datetime64(moment.replace(tzinfo=None), "us") for moment in moments]),
        policy=Policy.legal_minimum(), purpose=[row[2] for row in ROWS])
    for index, (number, _moment, purpose, subdivision) in enumerate(ROWS):
        single = legal.check(number, moments[index], purpose=purpose, subdivision=subdivision)
        row = decisions.row(index)
        assert (row["action"], row["next_allowed_at"], row["subdivision"], frozenset(row["reasons"])) == (
            single.action.value, single.next_allowed_at, single.subdivision,
            frozenset(reason.code for reason in single.reasons)), number
    assert decisions.row(0)["action"] != "call" and decisions.row(6)["action"] == "defer"


# ---------------------------------------------------------------- the table


def test_a_ddd_spanning_two_states_keeps_both_and_a_hint_names_one() -> None:
    brasilia = resolve("+55 61 3234 5678")
    assert brasilia.subdivision is None and brasilia.places == ("BR", "BR-DF", "BR-GO")
    assert resolve("+55 61 99123 4567").places == ("BR", "BR-DF", "BR-GO")  # a mobile keeps its DDD
    assert resolve("+55 61 3234 5678", subdivision="BR-GO").places == ("BR", "BR-GO")
    elsewhere = resolve("+55 61 3234 5678", subdivision="BR-SP")  # not one of the DDD's states: all apply
    assert set(elsewhere.places) == {"BR", "BR-DF", "BR-GO", "BR-SP"}
    assert resolve("+55 42 3234 5678").places == ("BR", "BR-PR", "BR-SC")  # Porto União (SC) is on 42


def test_every_ddd_is_in_the_table_with_known_states() -> None:
    ddds = state_area_codes()["BR"]
    assert len(ddds) == 67 and all(len(ddd) == 2 and ddd.isdigit() for ddd in ddds)
    assert set(country_states("BR")) == {f"BR-{uf}" for uf in BR_STATES}
    assert set(country_states("AU")) == set(AU_STATES)
    for ddd in ("11", "12", "13", "14", "15", "16", "17", "18", "19"):
        assert ddds[ddd] == ("BR-SP",)
    assert ddds["82"] == ("BR-AL",) and ddds["61"] == ("BR-DF", "BR-GO")
    for ddd in ddds:  # every DDD in the table is one phonenumbers reads, for landlines and mobiles
        for national in (f"{ddd}32345678", f"{ddd}991234567"):
            assert phonenumbers.is_possible_number(phonenumbers.parse(f"+55{national}")), national


def test_the_table_holds_every_state_phonenumbers_geodata_names() -> None:
    # The table joins phonenumbers' geodata with Anatel's list (tools/make_state_area_table); this
    # recomputes the geodata half, so a phonenumbers upgrade naming a new state under a DDD fails here.
    shipped = state_area_codes()["BR"]
    for ddd, states in tool.geodata_states().items():
        assert {f"BR-{uf}" for uf in states} <= set(shipped[ddd]), ddd
    from phonenumbers.geodata import GEOCODE_DATA

    assert all(prefix in GEOCODE_DATA for prefix in tool.GEODATA_ERRORS)  # the reviewed errors still exist


def test_the_table_header_names_its_sources() -> None:
    with data_path("state_area_codes.csv").open(encoding="utf-8") as handle:
        header = [line for line in handle if line.startswith("#")]
        handle.seek(0)
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    text = "".join(header)
    assert f"phonenumbers {phonenumbers.__version__}" in text and tool.ANATEL_SHA256 in text
    assert {(row["region"], row["prefix"]) for row in rows if row["region"] == "AU"} == {
        ("AU", digit) for digit in tool.AU_AREA_STATES}


@pytest.mark.parametrize("number, states", [
    ("+61 2 6234 5678", ("AU-ACT", "AU-NSW", "AU-VIC")), ("+61 3 6234 5678", ("AU-NSW", "AU-TAS", "AU-VIC")),
    ("+61 7 5536 1234", ("AU-NSW", "AU-QLD")), ("+61 8 8087 1234", ("AU-NSW", "AU-NT", "AU-SA", "AU-WA")),
    ("+61 1800 123 456", AU_STATES), ("+55 800 123 4567", tuple(f"BR-{uf}" for uf in sorted(BR_STATES))),
])
def test_australian_area_codes_and_numbers_of_no_state(number: str, states: tuple[str, ...]) -> None:
    subscriber = resolve(number)
    assert subscriber.places == (subscriber.region, *states) and subscriber.subdivision is None


@budget(200)
@given(ddd=st.sampled_from(sorted(state_area_codes()["BR"])), rest=st.integers(0, 9_999_999),
       mobile=st.booleans())
def test_every_valid_brazilian_number_is_placed_by_its_ddd(ddd: str, rest: int, mobile: bool) -> None:
    national = f"{ddd}9{rest // 10:07d}{rest % 10}" if mobile else f"{ddd}3{rest:07d}"
    parsed = phonenumbers.parse(f"+55{national}")
    if not phonenumbers.is_valid_number(parsed):
        return
    subscriber = resolve(f"+55{national}")
    states = state_area_codes()["BR"][ddd]
    assert subscriber.places == ("BR", *states)
    assert subscriber.subdivision == (states[0] if len(states) == 1 else None)


@budget(200)
@given(number=st.sampled_from(["+61 412 345 678", PERTH, "+61 2 9876 5432", "+55 800 123 4567",
                               "+55 61 3234 5678"]),
       state=st.sampled_from([*AU_STATES, "BR-GO", "BR-DF", "BR-SP"]))
def test_a_hint_never_drops_the_hinted_state_nor_leaves_unknown_ones(number: str, state: str) -> None:
    if state[:2] != resolve(number).region:
        return
    base = resolve(number)
    hinted = resolve(number, subdivision=state)
    assert state in hinted.places
    if state in base.places:  # one of the number's states: the contact is there, or (other
        # clocks than the number's: an 08 landline, a New South Wales address) both apply
        assert set(hinted.places) <= set(base.places)
        assert hinted.places == (base.region, state) or set(hinted.places) == set(base.places)
        assert hinted.places != (base.region, state) or hinted.subdivision == state
    else:  # elsewhere: both the number's and the address's laws apply
        assert set(base.places) | {state} == set(hinted.places)
