"""Rule files that loaded and then never applied (the review audit of 2026-12-01), refused at load
time with errors that name the file, the rule and the field: place lists that are strings or
unknown codes, Easter offsets of centuries, another kind of file's header table, ids and titles
of any length, settings of the wrong type. And the invariant behind them, as a property: a
file the loader accepts places each rule somewhere real, and the rule then applies there."""

from __future__ import annotations

import json
from pathlib import Path

import phonenumbers
import pytest
from budget import budget
from hypothesis import HealthCheck, event, given
from hypothesis import strategies as st

from callwindow import Policy, RuleDataError, RuleKind
from callwindow.numbers import normalise_region, normalise_subdivision, resolve
from callwindow.rules import MAX_ID_CHARS, MAX_TITLE_CHARS, load_jurisdiction, load_profile

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
ACME = (EXAMPLES / "acme-hours.toml").read_text(encoding="utf-8")  # the docs' company file (docs/cli.md)
NEW_YORK = "+12125550123"
LATE = "2026-11-24T23:00:00Z"  # Tue 18:00 in New York: after ACME's 09:00-18:00


def _acme(tmp_path: Path, extra: str, name: str = "acme-us.toml") -> Path:
    """The ACME example with `extra` lines in its rule (after channels)."""
    assert 'channels = ["call"]\n' in ACME
    path = tmp_path / name
    path.write_text(ACME.replace('channels = ["call"]\n', f'channels = ["call"]\n{extra}\n'), encoding="utf-8")
    return path


def _refused(path: Path, kind: RuleKind | None = RuleKind.COMPANY) -> RuleDataError:
    with pytest.raises(RuleDataError) as caught:
        if kind is None:
            load_jurisdiction(path)
        else:
            load_profile(path, kind)
    assert str(path) in str(caught.value)
    return caught.value


# ---------------------------------------------------------------- countries (HIGH)


def test_countries_as_a_list_applies_and_as_a_string_is_refused(tmp_path: Path) -> None:
    """`countries = "US"` was read as {"U", "S"}: the rule loaded and never applied (YES where
    the same rule with ["US"] says NOT NOW)."""
    listed = Policy.default(company_rules=[_acme(tmp_path, 'countries = ["US"]')]).check(NEW_YORK, LATE)
    assert not listed.allowed and "acme.hours" in [reason.rule for reason in listed.reasons]
    error = _refused(_acme(tmp_path, 'countries = "US"'))
    assert (error.rule, error.field) == ("acme.hours", "countries")
    assert str(error).endswith("""field 'countries': expected a list of ISO 3166-1 country codes like ["US", "FR"], """
                               "got 'US'")


@pytest.mark.parametrize(
    "value, words",
    [
        ('["usa"]', "unknown country 'usa' (did you mean 'US'?)"),  # the name table reads it as US in hints
        ('["us"]', "unknown country 'us' (did you mean 'US'?)"),
        ('["Germany"]', "(did you mean 'DE'?)"),
        ('["XX", 1]', "unknown country 'XX'"),
        ('["XX"]', "unknown country 'XX'"),
        ('["US", 1]', "1 is not a code"),
        ('["US-FL"]', "'US-FL' is not a country"),  # company rules are matched on the country only
        ('["EU"]', "unknown country 'EU'"),
        ('[" US"]', "(did you mean 'US'?)"),
        ("[]", "applies the rule nowhere"),
        ('{US = true}', "expected a list"),
    ],
)
def test_countries_must_be_known_country_codes(tmp_path: Path, value: str, words: str) -> None:
    error = _refused(_acme(tmp_path, f"countries = {value}"))
    assert (error.rule, error.field) == ("acme.hours", "countries") and words in str(error), str(error)


@pytest.mark.parametrize(
    "extra, words",
    [
        ('except_countries = "FR"', "expected a list"),
        ('except_countries = ["France"]', "(did you mean 'FR'?)"),
        ('except_countries = ["XX"]', "unknown country 'XX'"),
        ('countries = ["US", "FR"]\nexcept_countries = ["FR"]', "FR also in countries: the rule never applies there"),
    ],
)
def test_except_countries_must_be_known_and_leave_some_country(tmp_path: Path, extra: str, words: str) -> None:
    error = _refused(_acme(tmp_path, extra))
    assert (error.rule, error.field) == ("acme.hours", "except_countries") and words in str(error), str(error)


def test_known_codes_load_as_written(tmp_path: Path) -> None:
    rule = load_profile(_acme(tmp_path, 'countries = ["US", "PR", "GB"]\nexcept_countries = ["CA"]'),
                        RuleKind.COMPANY).rules[0]
    assert rule.countries == {"US", "PR", "GB"} and rule.except_countries == {"CA"}
    assert load_profile(_acme(tmp_path, "except_countries = []"), RuleKind.COMPANY).rules[0].except_countries == set()


# ---------------------------------------------------------------- applies_to

LAW = """
[[rule]]
id = "XX.rule"
title = "A rule"
source = "https://example.org/law"
source_kind = "statute"
as_of = 2026-11-24
verified_on = 2026-11-24
effective_from = 2020-01-01
confidence = "high"
[rule.closed]
every_day = ["00:00-24:00"]
"""


def _law(tmp_path: Path, applies_to: str, header_extra: str = "", body: str = LAW) -> Path:
    path = tmp_path / "XX.toml"
    path.write_text(f'[jurisdiction]\nid = "XX"\nname = "Test"\napplies_to = {applies_to}\n{header_extra}{body}',
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "applies_to, words",
    [
        ('"US"', "expected a list of ISO 3166-1 or 3166-2 codes"),
        ('["XX"]', "unknown country 'XX'"),
        ('["US-XX"]', "unknown subdivision 'US-XX'"),
        ('["US-FLA"]', "unknown subdivision 'US-FLA'"),
        ('["Florida"]', "(did you mean 'US-FL'?)"),
        ('["us-fl"]', "(did you mean 'US-FL'?)"),
        ('["usa"]', "(did you mean 'US'?)"),
        ('["US", 1]', "1 is not a code"),
        ("[]", "applies the file nowhere"),
    ],
)
def test_applies_to_must_name_known_places(tmp_path: Path, applies_to: str, words: str) -> None:
    error = _refused(_law(tmp_path, applies_to), None)
    assert error.field == "jurisdiction.applies_to" and words in str(error), str(error)


def test_applies_to_takes_subdivisions_of_every_place_table(tmp_path: Path) -> None:
    """US-FL (area codes), RU-MOW (the Russian postcode table), BR-SC (the holiday calendars
    only: its name is shared, so the region-name table leaves it out), PR (a region)."""
    places = ("US-FL", "RU-MOW", "BR-SC", "AU-WA", "CA-ON", "PR", "GU")
    loaded = load_jurisdiction(_law(tmp_path, json.dumps(list(places))))
    assert loaded.applies_to == places


def test_a_law_file_still_refuses_countries_filters(tmp_path: Path) -> None:
    law = LAW.replace('title = "A rule"', 'title = "A rule"\nexcept_countries = ["FR"]')
    error = _refused(_law(tmp_path, '["US"]', body=law), None)
    assert error.field == "countries" and "placed by [jurisdiction] applies_to" in str(error)


# ---------------------------------------------------------------- another kind of file's header


@pytest.mark.parametrize(
    "kind, header, table, words",
    [
        (RuleKind.COMPANY, "company", '[jurisdiction]\nid = "US"\nname = "x"\napplies_to = ["US"]\n',
         "a company file cannot have a [jurisdiction] table"),
        (RuleKind.COMPANY, "company", "[profile]\ncall_duration_minutes = 60\n",
         "a company file cannot have a [profile] table"),
        (RuleKind.COURTESY, "profile", '[company]\nid = "acme"\n', "a courtesy profile cannot have a [company] table"),
        (RuleKind.COURTESY, "profile", '[jurisdiction]\nid = "US"\n', "cannot have a [jurisdiction] table"),
    ],
)
def test_a_file_has_its_own_header_only(tmp_path: Path, kind: RuleKind, header: str, table: str, words: str) -> None:
    """A company file's [jurisdiction] table was accepted and read by no one (the file's rules
    stayed company rules, placed nowhere new); a [profile] table in it set nothing."""
    path = tmp_path / "file.toml"
    path.write_text(f'[{header}]\nid = "own"\n\n{table}\n' + ACME.split("\n\n", 1)[1], encoding="utf-8")
    error = _refused(path, kind)
    assert error.field == table[1:table.index("]")] and words in str(error), str(error)


def test_a_jurisdiction_file_has_no_company_or_profile_table(tmp_path: Path) -> None:
    for table in ("company", "profile"):
        error = _refused(_law(tmp_path, '["US"]', header_extra=f'[{table}]\nid = "x"\n'), None)
        assert error.field == table and f"a jurisdiction file cannot have a [{table}] table" in str(error)


# ---------------------------------------------------------------- ids, titles, names


@pytest.mark.parametrize(
    "old, new, field, words",
    [
        ('id = "acme.hours"', 'id = "' + "a" * (MAX_ID_CHARS + 1) + '"', "id", "is 201 characters long: at most 200"),
        ('id = "acme.hours"', 'id = "' + "a" * 1_000_000 + '"', "id", "is 1,000,000 characters long"),
        ('id = "acme.hours"', "id = 5", "id", "expected a non-empty string, got 5"),
        ('id = "acme.hours"', 'id = ""', "id", "expected a non-empty string"),
        ('id = "acme.hours"', 'id = "acme\\nhours"', "id", "must be one line"),
        ('title = "ACME calls customers 09:00-18:00 on weekdays"', 'title = "' + "t" * (MAX_TITLE_CHARS + 1) + '"',
         "title", "is 501 characters long: at most 500"),
        ('title = "ACME calls customers 09:00-18:00 on weekdays"', 'title = "  "', "title",
         "expected a non-empty string"),
        ('id = "acme"', 'id = "' + "c" * 201 + '"', "company.id", "at most 200"),
        ('name = "ACME calling hours"', 'name = ["ACME"]', "company.name", "expected a non-empty string"),
    ],
)
def test_ids_titles_and_names_are_bounded_one_line_strings(tmp_path: Path, old: str, new: str, field: str,
                                                           words: str) -> None:
    assert ACME.count(old) == 1
    path = tmp_path / "acme.toml"
    path.write_text(ACME.replace(old, new), encoding="utf-8")
    error = _refused(path)
    assert error.field == field and words in str(error), str(error)
    assert len(str(error)) < 400  # a 1 MB id is not quoted whole


def test_the_longest_id_and_title_allowed_load(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    longest = ACME.replace('id = "acme.hours"', 'id = "' + "a" * MAX_ID_CHARS + '"').replace(
        'title = "ACME calls customers 09:00-18:00 on weekdays"', 'title = "' + "t" * MAX_TITLE_CHARS + '"')
    path.write_text(longest, encoding="utf-8")
    rule = load_profile(path, RuleKind.COMPANY).rules[0]
    assert len(rule.id) == MAX_ID_CHARS and len(rule.title) == MAX_TITLE_CHARS


def test_cap_and_relationship_ids_are_bounded(tmp_path: Path) -> None:
    us = (Path(__file__).resolve().parent.parent / "callwindow" / "data" / "jurisdictions" / "US.toml").read_text(
        encoding="utf-8")
    for old in ('id = "US.tcpa.ebr-purchase"\n', 'id = "US.regf.7-in-7"\n'):
        assert us.count(old) == 1, old
        path = tmp_path / "US.toml"
        path.write_text(us.replace(old, 'id = "' + "x" * 300 + '"\n'), encoding="utf-8")
        error = _refused(path, None)
        assert error.field == "id" and "is 300 characters long" in str(error)


# ---------------------------------------------------------------- no_call_days


@pytest.mark.parametrize(
    "entry, field, words",
    [
        ('{day = "easter+100000", name = "x"}', "no_call_days", "an Easter offset is at most 366 days either side"),
        ('{day = "easter-367", name = "x"}', "no_call_days", "at most 366 days"),
        ('{day = "1066-10-14", name = "x"}', "no_call_days", "out of range 1900-2199"),
        ("{day = 704, name = \"x\"}", "no_call_days", 'expected the day as a string like "07-04", got 704'),
        ('{day = "07-04", name = 4}', "no_call_days.name", "expected a non-empty string"),
        ('{day = "07-04", name = "' + "n" * 501 + '"}', "no_call_days.name", "at most 500"),
    ],
)
def test_no_call_days_are_bounded(tmp_path: Path, entry: str, field: str, words: str) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(ACME.split("[rule.allowed]")[0] + f"no_call_days = [{entry}]\n", encoding="utf-8")
    error = _refused(path)
    assert (error.rule, error.field) == ("acme.hours", field) and words in str(error), str(error)


def test_a_fifth_weekday_closes_the_years_that_have_it_and_never_raises(tmp_path: Path) -> None:
    """"5th sat may" loaded (2026 has one) and every check in May 2028 raised ValueError."""
    path = tmp_path / "acme.toml"
    path.write_text(ACME.split("[rule.allowed]")[0] + 'no_call_days = [{day = "5th sat may", name = "Fifth"}]\n',
                    encoding="utf-8")
    policy = Policy.legal_minimum(company_rules=[path])
    assert not policy.check(NEW_YORK, "2026-05-30T15:00:00Z").allowed  # Saturday 30 May 2026, 11:00
    assert policy.check(NEW_YORK, "2028-05-27T15:00:00Z").allowed  # May 2028 has four Saturdays


# ---------------------------------------------------------------- header settings


@pytest.mark.parametrize(
    "kind, setting, field, words",
    [
        (RuleKind.COMPANY, "call_duration_minutes = true", "company.call_duration_minutes", "between 0 and 120"),
        (RuleKind.COMPANY, "call_duration_minutes = nan", "company.call_duration_minutes", "between 0 and 120"),
        (RuleKind.COMPANY, "text_instead = false", "company.text_instead", "a company file cannot change it"),
        (RuleKind.COURTESY, 'text_instead = "false"', "profile.text_instead", "expected true or false"),
        (RuleKind.COURTESY, "text_instead_after_hours = nan", "profile.text_instead_after_hours", "non-negative"),
        (RuleKind.COURTESY, "text_instead_after_hours = inf", "profile.text_instead_after_hours", "non-negative"),
        (RuleKind.COURTESY, "text_instead_after_hours = true", "profile.text_instead_after_hours", "non-negative"),
    ],
)
def test_header_settings_have_their_types(tmp_path: Path, kind: RuleKind, setting: str, field: str,
                                          words: str) -> None:
    header = "company" if kind is RuleKind.COMPANY else "profile"
    path = tmp_path / "file.toml"
    path.write_text(f'[{header}]\nid = "own"\n{setting}\n\n' + ACME.split("\n\n", 1)[1], encoding="utf-8")
    error = _refused(path, kind)
    assert error.field == field and words in str(error), str(error)


def test_a_company_call_duration_counts_as_the_docs_say(tmp_path: Path) -> None:
    """docs/rule-data.md: the longest expected call of the profiles in force (10:00 in New York,
    courtesy lunch from 12:00: until 11:57 with the courtesy profile's 3 minutes, 11:00 with 60)."""
    path = tmp_path / "acme.toml"
    path.write_text(ACME.replace('name = "ACME calling hours"', 'name = "ACME calling hours"\n'
                                 "call_duration_minutes = 60"), encoding="utf-8")
    at = "2026-11-24T15:00:00Z"
    plain = Policy.default(company_rules=[EXAMPLES / "acme-hours.toml"]).check(NEW_YORK, at)
    longer = Policy.default(company_rules=[path]).check(NEW_YORK, at)
    assert plain.window_closes_at is not None and plain.window_closes_at.isoformat() == "2026-11-24T16:57:00+00:00"
    assert longer.window_closes_at is not None and longer.window_closes_at.isoformat() == "2026-11-24T16:00:00+00:00"


# ---------------------------------------------------------------- the property


def _example_numbers() -> dict[str, str]:
    """Region -> an example number that callwindow places in it (243 of the 245 regions: EH's and
    MF's example numbers are placed in MA and BL)."""
    found = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        example = phonenumbers.example_number(region)
        if example is None:
            continue
        number = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
        if region in {place.split("-")[0] for place in resolve(number).places}:
            found[region] = number
    return found


EXAMPLE_NUMBERS = _example_numbers()
REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
# Codes as people write them wrong: names, lower case, subdivisions, the EU, non-codes.
NEAR_MISSES = ["usa", "us", "Germany", "UK", "XX", "ZZ", "EU", "001", "", " FR", "US-FL", "CA-ON", "US-XX",
               "Florida", "us-fl", "RU-MOW", "BR-SC", "AU-WA", "AU-XYZ"]
CODE = st.one_of(st.sampled_from(REGIONS), st.sampled_from(NEAR_MISSES), st.text(max_size=4),
                 st.integers(-5, 5), st.booleans())
SUBDIVISIONS = ["US-FL", "US-NY", "CA-ON", "RU-MOW", "BR-SC", "AU-WA", "DE-BY"]
# Half the lists are of real codes, so that both outcomes are common (about half accepted).
PLACES = st.one_of(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=4),
                   st.lists(CODE, max_size=4), st.sampled_from(REGIONS), st.text(max_size=3))
LAW_PLACES = st.one_of(st.lists(st.sampled_from(REGIONS + SUBDIVISIONS), min_size=1, max_size=4), PLACES)
COMPANY_RULE = """[company]
id = "prop"

[[rule]]
id = "prop.closed"
title = "Closed"
source = "https://example.com/p"
as_of = 2026-01-01
effective_from = 2000-01-01
confidence = "high"
{lines}
[rule.closed]
every_day = ["00:00-24:00"]
"""
AT = "2026-06-10T12:00:00Z"


def _toml(value: object) -> str:
    """A TOML value: JSON's arrays, strings (escapes and \\uXXXX), integers and booleans are TOML's."""
    return json.dumps(value)


def _applies(policy: Policy, rule_id: str, region: str) -> bool:
    return rule_id in [reason.rule for reason in policy.check(EXAMPLE_NUMBERS[region], AT).reasons]


@given(countries=st.one_of(st.none(), PLACES), excepted=st.one_of(st.none(), st.just([]), PLACES))
@budget(300, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_an_accepted_company_rule_applies_in_a_real_country(tmp_path: Path, countries: object,
                                                            excepted: object) -> None:
    lines = "".join(f"{key} = {_toml(value)}\n" for key, value in (("countries", countries),
                                                                   ("except_countries", excepted)) if value is not None)
    path = tmp_path / "prop.toml"
    path.write_text(COMPANY_RULE.format(lines=lines), encoding="utf-8")
    try:
        rule = load_profile(path, RuleKind.COMPANY).rules[0]
    except RuleDataError as error:
        event("refused")
        assert error.file == str(path) and error.field in ("countries", "except_countries", None), str(error)
        return
    event("accepted")
    every = set(rule.countries or ()) | set(rule.except_countries)
    assert all(normalise_region(code) == code for code in every)  # each a code, as numbers writes it
    where = sorted(rule.countries - rule.except_countries) if rule.countries is not None else sorted(
        set(EXAMPLE_NUMBERS) - rule.except_countries)
    assert where, "an accepted rule applies in some country"
    policy = Policy(company=[load_profile(path, RuleKind.COMPANY)], jurisdictions=())
    testable = [region for region in where if region in EXAMPLE_NUMBERS]
    if testable:
        assert _applies(policy, rule.id, testable[0])
    for region in sorted(rule.except_countries & set(EXAMPLE_NUMBERS))[:1]:
        assert not _applies(policy, rule.id, region)


@given(applies_to=LAW_PLACES)
@budget(300, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_an_accepted_jurisdiction_places_its_laws_in_real_places(tmp_path: Path, applies_to: object) -> None:
    try:
        jurisdiction = load_jurisdiction(_law(tmp_path, _toml(applies_to)))
    except RuleDataError as error:
        event("refused")
        assert error.file.endswith("XX.toml") and error.field in ("jurisdiction.applies_to", None), str(error)
        return
    event("accepted")
    assert jurisdiction.applies_to
    for place in jurisdiction.applies_to:
        if "-" in place:
            assert normalise_subdivision(place, None) == place
        else:
            assert normalise_region(place) == place
    countries = [place for place in jurisdiction.applies_to if place in EXAMPLE_NUMBERS]
    if countries:
        policy = Policy(jurisdictions=[jurisdiction])
        assert _applies(policy, "XX.rule", countries[0])

