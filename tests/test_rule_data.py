"""Data is code: every shipped file loads, every rule is sourced and dated, and
malformed files fail with errors that name the file, the rule and the field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from callwindow import RuleDataError, RuleKind, load_all
from callwindow.calendars import day_info
from callwindow.model import ReasonCode
from callwindow.resources import DATA_DIR
from callwindow.rules import SOURCE_KINDS, load_jurisdiction, load_profile

JURISDICTIONS, COURTESY = load_all()
ALL_RULES = [rule for jurisdiction in JURISDICTIONS for rule in jurisdiction.rules] + list(COURTESY.rules)


def test_every_data_file_is_loaded() -> None:
    files = sorted(path.name for path in (DATA_DIR / "jurisdictions").glob("*.toml"))
    assert [Path(j.file).name for j in JURISDICTIONS] == files
    assert files, "no jurisdiction files shipped"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.id for rule in ALL_RULES])
def test_rule_is_sourced_dated_and_opens_some_time(rule) -> None:
    assert rule.source.startswith(("https://", "http://", "seed:S"))
    assert rule.as_of.year >= 2024
    assert rule.effective_from <= rule.as_of
    assert rule.confidence in ("high", "medium", "low")
    assert rule.title
    windows = [windows for _selector, windows in rule.days]
    if rule.effect == "note":
        assert rule.message and not rule.days
    elif rule.no_call_days:
        assert all(name for _spec, name in rule.no_call_days)
    elif rule.listed_days:
        assert all(name and windows for _spec, name, windows in rule.listed_days)
    elif rule.closed_mode:
        assert any(windows), "a closed-mode rule must close something"
    elif rule.effect == "restrict" and rule.when is None:
        assert any(windows), "an allowed-mode rule must allow something on some day"


# Rules, caps and the do-not-call relationship windows: all law data, each with its source's strength.
LAW_DATA = [item for jurisdiction in JURISDICTIONS
            for item in (*jurisdiction.rules, *jurisdiction.caps, *jurisdiction.relationships)]


@pytest.mark.parametrize("item", LAW_DATA, ids=[item.id for item in LAW_DATA])
def test_every_law_rule_and_cap_says_how_strong_its_source_is(item) -> None:
    assert item.source_kind in SOURCE_KINDS, f"{item.id}: source_kind missing or unknown"
    assert item.verified_on is not None, f"{item.id}: verified_on missing"
    assert item.effective_from <= item.verified_on <= date(2026, 12, 31), item.id
    if item.source_kind == "industry_code":
        assert item.kind is RuleKind.PRACTICE, f"{item.id}: an industry code is practice, not law"


SECONDARY = [item for item in LAW_DATA if item.source_kind == "secondary"]


@pytest.mark.parametrize("item", SECONDARY, ids=[item.id for item in SECONDARY])
def test_a_secondary_source_says_what_a_primary_source_would_be(item) -> None:
    """Issue 14: where only someone's account of the law was found, the notes say where the
    law itself is, so a reviewer knows what to read."""
    assert "A primary source would be " in item.notes, item.id


def test_law_files_hold_laws_or_practice_and_courtesy_holds_courtesy() -> None:
    kinds = {rule.kind for j in JURISDICTIONS for rule in j.rules}
    assert kinds == {RuleKind.LAW, RuleKind.PRACTICE}
    assert all(rule.kind is RuleKind.COURTESY for rule in COURTESY.rules)
    assert COURTESY.call_duration_minutes == 3  # S9


def test_industry_codes_and_operator_practice_are_not_labelled_law() -> None:
    """Issue 14 item 5: codes of conduct and carrier rules are shown as what they are."""
    practice = {rule.id for j in JURISDICTIONS for rule in j.rules if rule.kind is RuleKind.PRACTICE}
    for known in ("IT.codice-condotta-telemarketing.hours", "NL.code-telemarketing.hours",
                  "ES.operators-code-2022.lunch-gap", "FR.operator-practice.marketing-sms",
                  "BR.carrier.marketing-sms-hours", "PL.kpf-zasady.collection-hours"):
        assert known in practice


GOOD_RULE = """
[[rule]]
id = "x.rule"
title = "A rule"
source = "https://example.org/law"
source_kind = "statute"
as_of = 2026-11-24
verified_on = 2026-11-24
effective_from = 2020-01-01
confidence = "high"
[rule.allowed]
every_day = ["08:00-21:00"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "XX.toml"
    path.write_text('[jurisdiction]\nid = "XX"\nname = "Test"\napplies_to = ["FR"]\n' + text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    assert load_jurisdiction(_write(tmp_path, GOOD_RULE)).rules[0].id == "x.rule"


@pytest.mark.parametrize(
    "change, field, words",
    [
        (('confidence = "high"', 'confidence = "sure"'), "confidence", "expected one of"),
        (('every_day = ["08:00-21:00"]', 'every_day = ["08:00-25:00"]'), "allowed.every_day", "out of range"),
        (('every_day = ["08:00-21:00"]', 'every_day = ["21:00-08:00"]'), "allowed.every_day", "reversed"),
        (('every_day = ["08:00-21:00"]', 'every_day = ["8h-21h"]'), "allowed.every_day", "malformed"),
        (('every_day = ["08:00-21:00"]', 'everyday = ["08:00-21:00"]'), "allowed.everyday", "did you mean 'every_day'"),
        (('every_day = ["08:00-21:00"]', 'mon-fri = ["08:00-21:00"]'), "allowed", "sat, sun have no windows"),
        (('title = "A rule"', 'titel = "A rule"'), "titel", "did you mean 'title'"),
        (('source = "https://example.org/law"', 'source = "a blog"'), "source", "expected a URL"),
        (("effective_from = 2020-01-01", "effective_from = 2020-13-01"), None, "not valid TOML"),
        (("effective_from = 2020-01-01", 'effective_from = "soon"'), "effective_from", "expected a date"),
        (('confidence = "high"', 'confidence = "high"\npurposes = ["spam"]'), "purposes", "expected values among"),
        (('source_kind = "statute"\n', ""), "source_kind", "is required in jurisdiction files"),
        (("verified_on = 2026-11-24\n", ""), "verified_on", "is required in jurisdiction files"),
        (('source_kind = "statute"', 'source_kind = "statue"'), "source_kind", "did you mean 'statute'"),
        (("verified_on = 2026-11-24", 'verified_on = "recently"'), "verified_on", "expected a date"),
        (('source_kind = "statute"', 'source_kind = "industry_code"'), "kind", 'is kind = "practice"'),
        (('title = "A rule"', 'title = "A rule"\nkind = "courtesy"'), "kind", "laws and practice only"),
        (('every_day = ["08:00-21:00"]', 'every_day = ["08:00-21:00"]\n[[rule.listed_days]]'), "allowed",
         "exactly one of"),
    ],
)
def test_bad_rule_names_file_rule_and_field(tmp_path: Path, change, field, words) -> None:
    path = _write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleDataError) as caught:
        load_jurisdiction(path)
    message = str(caught.value)
    assert str(path) in message and words in message
    if field is not None:
        assert "'x.rule'" in message and f"field {field!r}" in message


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="duplicate rule id"):
        load_jurisdiction(_write(tmp_path, GOOD_RULE + GOOD_RULE))


def test_company_file_cannot_declare_laws(tmp_path: Path) -> None:
    path = tmp_path / "company.toml"
    law_rule = GOOD_RULE.replace('title = "A rule"', 'title = "A rule"\nkind = "law"')
    path.write_text('[company]\nid = "acme"\n' + law_rule)
    with pytest.raises(RuleDataError, match="cannot declare laws"):
        load_profile(path, RuleKind.COMPANY)


def test_missing_company_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="cannot read"):
        load_profile(tmp_path / "nope.toml", RuleKind.COMPANY)


def test_law_files_cannot_filter_by_country(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="applies_to"):
        load_jurisdiction(
            _write(tmp_path, GOOD_RULE.replace('title = "A rule"', 'title = "A rule"\ncountries = ["FR"]'))
        )


def test_profiles_cannot_hold_caps_or_contact_rules(tmp_path: Path) -> None:
    path = tmp_path / "company.toml"
    path.write_text('[company]\nid = "acme"\n[[cap]]\nid = "acme.cap"\n', encoding="utf-8")
    with pytest.raises(RuleDataError, match="caps belong to jurisdiction files"):
        load_profile(path, RuleKind.COMPANY)
    contact_rule = GOOD_RULE.replace('title = "A rule"', 'title = "A rule"\nkind = "contact"')
    path.write_text('[company]\nid = "acme"\n' + contact_rule)
    with pytest.raises(RuleDataError, match="expected law, practice, courtesy or company"):
        load_profile(path, RuleKind.COMPANY)


def test_company_file_cannot_declare_practice(tmp_path: Path) -> None:
    path = tmp_path / "company.toml"
    practice_rule = GOOD_RULE.replace('title = "A rule"', 'title = "A rule"\nkind = "practice"')
    path.write_text('[company]\nid = "acme"\n' + practice_rule)
    with pytest.raises(RuleDataError, match="cannot declare industry practice"):
        load_profile(path, RuleKind.COMPANY)


def test_company_rules_need_no_source_strength(tmp_path: Path) -> None:
    """Source strength is required of law data; a company's own rules may leave it out."""
    path = tmp_path / "company.toml"
    path.write_text('[company]\nid = "acme"\n' + GOOD_RULE.replace('source_kind = "statute"\n', "")
                    .replace("verified_on = 2026-11-24\n", ""))
    rule = load_profile(path, RuleKind.COMPANY).rules[0]
    assert rule.source_kind is None and rule.verified_on is None


PARTIAL_DAY = GOOD_RULE.replace('every_day = ["08:00-21:00"]\n', "").replace("[rule.allowed]\n", "") + """
listed_days = [
    {day = "12-24", name = "Christmas Eve", allowed = ["10:00-13:00", "14:00-18:30"]},
    {day = "easter-1", name = "Holy Saturday", allowed = ["00:00-12:00"]},
]
"""


def _info(day: date):  # a plain French working day or weekend: listed days ignore the calendar
    return day_info("FR", None, day)


def test_listed_days_allow_only_their_windows(tmp_path: Path) -> None:
    rule = load_jurisdiction(_write(tmp_path, PARTIAL_DAY)).rules[0]
    closed, code, selector = rule.blocked(_info(date(2026, 12, 24)))
    assert closed == ((0, 36_000), (46_800, 50_400), (66_600, 86_400))
    assert code is ReasonCode.OUTSIDE_HOURS and selector == "Christmas Eve"
    assert rule.allowed_text(selector) == "10:00-13:00, 14:00-18:30"
    assert rule.blocked(_info(date(2026, 4, 4)))[0] == ((43_200, 86_400),)  # Easter 2026 is 5 April
    assert rule.blocked(_info(date(2027, 3, 27)))[0] == ((43_200, 86_400),)  # Easter 2027 is 28 March
    assert rule.blocked(_info(date(2026, 12, 23))) == ((), ReasonCode.OUTSIDE_HOURS, "")  # not listed


def test_listed_days_follow_the_observed_shift(tmp_path: Path) -> None:
    text = PARTIAL_DAY.replace('confidence = "high"', 'confidence = "high"\nobserved = "weekend_to_weekday"')
    rule = load_jurisdiction(_write(tmp_path, text)).rules[0]
    # 24 December 2022 was a Saturday: Friday 23 December is the observed day, with the same hours
    closed, _code, selector = rule.blocked(_info(date(2022, 12, 23)))
    assert selector == "Christmas Eve (observed)" and rule.allowed_text(selector) == "10:00-13:00, 14:00-18:30"
    assert closed[0] == (0, 36_000)


@pytest.mark.parametrize(
    "entry, words",
    [
        ('{day = "12-24", name = "Eve", allowed = []}', "whole days are no_call_days"),
        ('{day = "12-24", name = "Eve"}', "expected {day"),
        ('{day = "24 Dec", name = "Eve", allowed = ["10:00-12:00"]}', "malformed day"),
        ('{day = "12-24", name = "Eve", allowed = ["12:00-10:00"]}', "reversed"),
    ],
)
def test_bad_listed_days_are_refused(tmp_path: Path, entry: str, words: str) -> None:
    text = GOOD_RULE.replace('every_day = ["08:00-21:00"]\n', "").replace("[rule.allowed]\n", "")
    with pytest.raises(RuleDataError, match="listed_days") as caught:
        load_jurisdiction(_write(tmp_path, text + f"listed_days = [{entry}]\n"))
    assert words in str(caught.value)


def test_stale_rules_lists_what_was_verified_too_long_ago(capsys: pytest.CaptureFixture[str]) -> None:
    from callwindow.tools import stale_rules

    by_id = {item.id: item for item in LAW_DATA}
    newest = max(item.verified_on for item in LAW_DATA)
    # no horizon at all: every rule and cap is listed, oldest first
    everything = stale_rules.to_reverify(newest, older_than_days=-1)
    assert {entry.id for entry in everything} == set(by_id)
    assert [entry.verified_on for entry in everything] == sorted(entry.verified_on for entry in everything)
    # on the day of the newest verification, with a 0-day horizon: only that day's are fresh
    cut = stale_rules.to_reverify(newest, older_than_days=0)
    assert {entry.id for entry in cut} == {item.id for item in LAW_DATA if item.verified_on < newest}
    assert stale_rules.to_reverify(newest, older_than_days=36_500) == []
    # --secondary adds every secondary source, however fresh
    secondary = stale_rules.to_reverify(newest, older_than_days=36_500, secondary=True)
    assert {entry.id for entry in secondary} == {item.id for item in LAW_DATA if item.source_kind == "secondary"}
    assert all(entry.why == "secondary source" for entry in secondary)
    # --low adds every entry of low confidence (no longer the Canadian relationship windows: their
    # statute was read on 2026-12-01)
    low = stale_rules.to_reverify(newest, older_than_days=36_500, low=True)
    assert low and {entry.id for entry in low} == {item.id for item in LAW_DATA if item.confidence == "low"}
    assert not {"CA.dncl.ebr-purchase", "CA.dncl.ebr-inquiry"} & {entry.id for entry in low}
    assert all(entry.why == "low confidence" for entry in low)
    # the command: one line per entry and a count; exit 1 when something is listed, 0 when not
    # (all shipped data was verified within 180 days of 2026-12-01)
    assert stale_rules.main(["--older-than", "180d", "--today", "2026-12-01"]) == 0
    assert capsys.readouterr().out == "0 rules to re-verify\n"
    today = (newest.replace(year=newest.year + 1)).isoformat()
    assert stale_rules.main(["--older-than", "26w", "--today", today]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{len(LAW_DATA)} rules to re-verify" and len(lines) == len(LAW_DATA) + 1
    assert "US.fdcpa.collection-hours  [statute]  verified" in "\n".join(lines)


@pytest.mark.parametrize("age", ["180", "0d", "six months", "-5d"])
def test_stale_rules_refuses_a_bad_age(age: str, capsys: pytest.CaptureFixture[str]) -> None:
    from callwindow.tools import stale_rules

    with pytest.raises(SystemExit) as caught:
        stale_rules.main([f"--older-than={age}"])
    assert caught.value.code == 2 and "expected an age like 180d" in capsys.readouterr().err
