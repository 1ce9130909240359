"""Data is code: every shipped file loads, every rule is sourced and dated, and
malformed files fail with errors that name the file, the rule and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from callwindow import RuleDataError, RuleKind, load_all
from callwindow.resources import DATA_DIR
from callwindow.rules import load_jurisdiction, load_profile

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
    elif rule.closed_mode:
        assert any(windows), "a closed-mode rule must close something"
    elif rule.effect == "restrict" and rule.when is None:
        assert any(windows), "an allowed-mode rule must allow something on some day"


def test_law_files_hold_laws_and_courtesy_holds_courtesy() -> None:
    assert all(rule.kind is RuleKind.LAW for j in JURISDICTIONS for rule in j.rules)
    assert all(rule.kind is RuleKind.COURTESY for rule in COURTESY.rules)
    assert COURTESY.call_duration_minutes == 3  # S9


GOOD_RULE = """
[[rule]]
id = "x.rule"
title = "A rule"
source = "https://example.org/law"
as_of = 2026-11-24
effective_from = 2020-01-01
confidence = "high"
[rule.allowed]
every_day = ["08:00-21:00"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "XX.toml"
    path.write_text('[jurisdiction]\nid = "XX"\nname = "Test"\napplies_to = ["XX"]\n' + text, encoding="utf-8")
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
    with pytest.raises(RuleDataError, match="expected law, courtesy or company"):
        load_profile(path, RuleKind.COMPANY)
