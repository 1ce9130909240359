"""Resolution: formats, zones narrowed to the number's own region, hints, bad input."""

from __future__ import annotations

import pytest

from callwindow import InvalidNumber, InvalidRegion, InvalidZone, resolve
from callwindow.numbers import region_zones


@pytest.mark.parametrize(
    "text, default_region",
    [
        ("+33 1 23 45 67 89", None),
        ("+33123456789", None),
        ("0033 1 23 45 67 89", None),
        ("01 23 45 67 89", "FR"),
        ("01-23-45-67-89", "FR"),
        ("(01) 23 45 67 89", "fr"),
        ("+33 1 23 45 67 89 ext. 12", None),
        ("+33 (0)1 23 45 67 89", None),
    ],
)
def test_formats_resolve_to_the_same_number(text: str, default_region: str | None) -> None:
    subscriber = resolve(text, default_region=default_region)
    assert subscriber.number == "+33123456789"
    assert subscriber.region == "FR" and subscriber.zones == ("Europe/Paris",)


@pytest.mark.parametrize(
    "number, region, most_zones",
    [
        ("+1 876 555 1234", "JM", 1),  # phonenumbers alone: 42 zones for +1 mobiles
        ("+7 701 123 4567", "KZ", 2),  # 16 zones for +7 mobiles
        ("+61 412 345 678", "AU", 6),
    ],
)
def test_mobile_zones_are_narrowed_to_the_region(number: str, region: str, most_zones: int) -> None:
    subscriber = resolve(number)
    assert subscriber.region == region
    assert 1 <= len(subscriber.zones) <= most_zones
    assert set(subscriber.zones) <= set(region_zones()[region])


def test_metazone_stand_in_is_replaced_by_the_regions_own_zone() -> None:
    # phonenumbers names Europe/Bucharest for Kaliningrad (+2 all year, Bucharest +3 in summer).
    assert resolve("+7 4012 34 56 78").zones == ("Europe/Kaliningrad",)


@pytest.mark.parametrize(
    "number, subdivision, zones",
    [
        ("+1 212 555 0123", "US-NY", ("America/New_York",)),
        ("+1 305 555 0123", "US-FL", ("America/New_York",)),
        ("+1 415 555 0123", "US-CA", ("America/Los_Angeles",)),
        ("+1 416 555 0123", "CA-ON", ("America/Toronto",)),
        ("+1 808 555 0123", "US-HI", ("Pacific/Honolulu",)),
    ],
)
def test_nanp_area_code_gives_state_or_province(number: str, subdivision: str, zones: tuple[str, ...]) -> None:
    subscriber = resolve(number)
    assert subscriber.subdivision == subdivision
    assert subscriber.zones == zones
    assert subdivision in subscriber.places


def test_zone_hint_narrows_within_the_candidates() -> None:
    assert resolve("+61 412 345 678", zone="Australia/Perth").zones == ("Australia/Perth",)


def test_subdivision_hint_places_a_mobile() -> None:
    subscriber = resolve("+61 412 345 678", subdivision="AU-VIC")
    assert subscriber.zones == ("Australia/Melbourne",)
    assert subscriber.subdivision == "AU-VIC"


def test_conflicting_address_keeps_both_states_and_zones() -> None:
    # A Florida resident with a New York area code: both states' rules apply (FL, OK, CT
    # presume the area code; a resident elsewhere is still protected).
    subscriber = resolve("+1 212 555 0123", subdivision="US-CA")
    assert {"US-NY", "US-CA"} <= set(subscriber.places)
    assert {"America/New_York", "America/Los_Angeles"} <= set(subscriber.zones)
    assert any(note.code == "hint_conflict" for note in subscriber.notes)


def test_non_geographic_numbers_have_no_zone() -> None:
    subscriber = resolve("+800 1234 5678")
    assert subscriber.region is None and subscriber.zones == ()


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("call me maybe", "no digits"),
        ("+33 1", "too short"),
        ("+33 1 23 45 67 89 01 23 45", "too long"),
        ("12345", "country code"),
        ("+999 123 456 789", "country code"),
        ("1" * 80, "too long"),
    ],
)
def test_bad_numbers_get_clear_errors(text: str, words: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        resolve(text)
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_bad_hints_get_clear_errors() -> None:
    with pytest.raises(InvalidZone, match="Mars/Olympus"):
        resolve("+1 212 555 0123", zone="Mars/Olympus")
    with pytest.raises(InvalidZone):
        resolve("+1 212 555 0123", zone="../../etc/passwd")
    with pytest.raises(InvalidRegion, match="XX"):
        resolve("+1 212 555 0123", region="XX")
    with pytest.raises(InvalidRegion, match="not in region"):
        resolve("+1 212 555 0123", region="US", subdivision="CA-ON")
    assert resolve("01 23 45 67 89", default_region=" fr ").region == "FR"  # normalised


def test_postal_code_gives_state_and_zone() -> None:
    same = resolve("+1 212 555 0123", postal_code="10001")
    assert (same.subdivision, same.zones, same.notes) == ("US-NY", ("America/New_York",), ())
    # A New York number, an address in Miami: both states' laws apply, say so.
    moved = resolve("+1 212 555 0123", postal_code="33101-1234")
    assert {"US-NY", "US-FL"} <= set(moved.places)
    assert any(note.code == "hint_conflict" and "US-FL" in note.message for note in moved.notes)
    # A Los Angeles area code, an address in Denver: both zones, fail closed.
    assert set(resolve("+1 213 555 0123", postal_code="80202").zones) == {"America/Los_Angeles", "America/Denver"}


@pytest.mark.parametrize(
    "number, postal_code, words",
    [
        ("+1 212 555 0123", "1234", "malformed postal code"),
        ("+1 212 555 0123", "ABCDE", "malformed postal code"),
        ("+1 212 555 0123", "99999", "unknown US postal code"),
        ("+33 1 23 45 67 89", "75001", "postal codes are known for AU, BR, CA, MX, RU, US"),
    ],
)
def test_bad_postal_codes(number: str, postal_code: str, words: str) -> None:
    with pytest.raises(InvalidRegion, match=words):
        resolve(number, postal_code=postal_code)


@pytest.mark.parametrize("written, code", [
    ("Germany", "DE"), ("germany", "DE"), ("USA", "US"), ("U.S.A.", "US"), ("United States", "US"),
    ("United States of America", "US"), ("UK", "GB"), ("United Kingdom", "GB"), ("Deutschland", "DE"),
    ("España", "ES"), ("FRA", "FR"), ("fr", "FR"), (" de ", "DE"),
])
def test_country_names_as_crm_exports_write_them(written: str, code: str) -> None:
    """Issue 15: a region hint written as a name or an alpha-3 code is read as its ISO code."""
    from callwindow.numbers import normalise_region

    assert normalise_region(written) == code


@pytest.mark.parametrize("written, region, code", [
    ("Florida", "US", "US-FL"), ("florida", None, "US-FL"), ("New York", "US", "US-NY"), ("FL", "US", "US-FL"),
    ("US-FL", None, "US-FL"), ("Bayern", "DE", "DE-BY"), ("Colombie-Britannique", "CA", "CA-BC"),
])
def test_subdivision_names_as_crm_exports_write_them(written: str, region: str | None, code: str) -> None:
    from callwindow.numbers import normalise_subdivision

    assert normalise_subdivision(written, region) == code


def test_names_that_are_not_places_are_still_refused() -> None:
    from callwindow.errors import InvalidRegion
    from callwindow.numbers import normalise_region, normalise_subdivision

    with pytest.raises(InvalidRegion, match="unknown region"):
        normalise_region("Atlantis")
    with pytest.raises(InvalidRegion):
        normalise_subdivision("Bayern", "US")  # a German state given for the US: not read as US-BY
    # through every surface's question: the names resolve like the codes
    from callwindow.request import Question

    named = Question.of("+1 305 555 0123", "2026-11-24T15:00:00Z", region="USA", subdivision="Florida")
    coded = Question.of("+1 305 555 0123", "2026-11-24T15:00:00Z", region="US", subdivision="US-FL")
    assert named.subscriber == coded.subscriber


def test_russian_mobiles_get_their_range_regions_zone() -> None:
    """Issue 15: +7 9xx ranges are assigned per region (Rossvyaz; portability stays in the
    region): a Sverdlovsk mobile is in Yekaterinburg time, a Moscow one in Moscow time, instead
    of Russia's eleven zones (whose 07:00-22:00 windows never overlap: never callable)."""
    assert resolve("+7 912 345 67 89").zones == ("Asia/Yekaterinburg",)
    assert resolve("+7 916 123 45 67").zones == ("Europe/Moscow",)
    assert resolve("+7 495 123 45 67").zones == ("Europe/Moscow",)  # landlines: phonenumbers' own data
    from callwindow import check

    decision = check("+7 912 345 67 89", "2026-11-24T06:00:00Z", purpose="collection")  # 11:00 in Yekaterinburg
    assert decision.allowed and decision.zones == ("Asia/Yekaterinburg",)


def test_an_unplaced_russian_range_keeps_every_zone() -> None:
    from callwindow.numbers import registry_zones

    every = resolve("+7 495 123 45 67").zones + ("Asia/Yekaterinburg",)
    assert registry_zones("+79000000000", "KZ", every) == every  # not Russia: unchanged
    assert registry_zones("+74951234567", "RU", every) == every  # not a mobile range: unchanged
    assert registry_zones("+79351234567", "RU", every) == every  # DEF 935: no range allocated, every zone
    assert registry_zones("+7912345678", "RU", every) == every  # not a whole number: unchanged
    # never a zone outside Russia: the table's zones are all Russian zones of zone.tab
    from callwindow.numbers import region_zones, ru_mobile_ranges

    assert {zone for zones in ru_mobile_ranges()[2] for zone in zones} <= set(region_zones()["RU"])


def test_a_stand_in_beside_the_regions_own_zones_still_counts() -> None:
    # An unallocated Russian mobile: phonenumbers lists every Russian zone by name and
    # Europe/Bucharest as the stand-in for Kaliningrad (+2); dropping it because other names are
    # Russian would leave Kaliningrad out (fail open for a contact there).
    zones = resolve("+7 935 123 4567").zones
    assert "Europe/Kaliningrad" in zones and "Europe/Moscow" in zones
    # Russia's zones in a Kazakh mobile's list are not stand-ins: Kazakhstan's own names cover
    # their offsets, nothing Russian is added.
    assert set(resolve("+7 701 123 4567").zones) <= set(region_zones()["KZ"])


@pytest.mark.parametrize(("number", "hint", "zone"), [
    ("+1 514 555 0123", "America/Montreal", "America/Toronto"),  # a tzdata link (backward)
    ("+1 212 555 0123", "US/Eastern", "America/New_York"),
])
def test_a_zone_hint_by_another_name_narrows(number: str, hint: str, zone: str) -> None:
    subscriber = resolve(number, zone=hint)
    assert subscriber.zones == (zone,) and not subscriber.notes


def test_same_zone_is_the_same_clock() -> None:
    from callwindow.clock import same_zone

    assert same_zone("America/Montreal", "America/Toronto") and same_zone("Europe/Paris", "Europe/Paris")
    assert not same_zone("America/Chicago", "America/New_York")
    assert not same_zone("Nowhere/Else", "Nowhere/Else2") and not same_zone("../x", "../x2")


def test_another_countrys_address_adds_its_zones_not_the_whole_country() -> None:
    # A New York number, a Vancouver postcode: both countries' rules, New York's and the
    # address's zones - not all 23 Canadian zones (St. John's, Halifax... are not where it is).
    subscriber = resolve("+1 212 555 0123", region="CA", postal_code="V6B 1A1")
    assert {"America/New_York", "America/Vancouver"} <= set(subscriber.zones)
    assert "America/St_Johns" not in subscriber.zones and "America/Halifax" not in subscriber.zones
    assert {"US-NY", "CA", "CA-BC"} <= set(subscriber.places)
    assert [note.code.value for note in subscriber.notes] == ["hint_conflict", "hint_conflict"]
    # a country alone still widens to all of its zones (fail closed)
    assert set(region_zones()["CA"]) <= set(resolve("+1 212 555 0123", region="CA").zones)


@pytest.mark.parametrize("hint", ["US-١٢", "US-F\u0301L", "US-FL!", "US-FLOR"])
def test_a_subdivision_hint_is_an_ascii_iso_code_or_a_name(hint: str) -> None:
    """ISO 3166-2 codes are ASCII letters and digits: a hint of other digits or marks is refused
    in one line, never kept as a place of its own (the review audit: 'US-١٢' was accepted)."""
    with pytest.raises(InvalidRegion, match="subdivision"):
        resolve("+1 212 555 0123", subdivision=hint)
