"""The per-jurisdiction suite of tests/jurisdiction_base.py, with the rule-data 2 checks.

`jurisdiction_base.suite` was written when every rule of a jurisdiction file was a law. Files
now also hold industry codes and operator practice (`kind = "practice"`) and say how strong
each source is (`source_kind`, `verified_on`). This module keeps the base's example test and
replaces two of its tests:

- test_file_is_complete: the base's checks, accepting `law` and `practice`, plus source
  strength on every rule and cap (and an industry-code source only on a practice rule);
- test_golden_snapshot: the same grid, naming the practice rules behind a state as well as
  the laws (the base names laws only, so a practice-only refusal would show no rule).

When jurisdiction_base.py learns both, the modules can import its `suite` again unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import jurisdiction_base
import pytest
from examples import Example

from callwindow.clock import get_zone as tz_zone  # the engine's pinned tz database, not the host's
from callwindow.rules import SOURCE_KINDS

RULE_KINDS = ("law", "practice")


def check_file(jurisdiction_id: str) -> None:
    """What every jurisdiction file must satisfy."""
    item = jurisdiction_base.jurisdiction(jurisdiction_id)
    assert Path(item.file).name == f"{jurisdiction_id}.toml"
    assert item.applies_to and (item.rules or item.caps)
    for rule in item.rules:
        assert rule.kind.value in RULE_KINDS, rule.id
        assert rule.id.startswith(jurisdiction_id + "."), f"rule ids start with the jurisdiction id: {rule.id}"
        assert rule.source.startswith(("https://", "http://")), rule.id
        assert rule.effective_from <= rule.as_of, rule.id
        assert rule.confidence in ("high", "medium", "low")
        assert rule.source_kind in SOURCE_KINDS, rule.id
        assert rule.verified_on is not None and rule.verified_on >= rule.effective_from, rule.id
        if rule.source_kind == "industry_code":
            assert rule.kind.value == "practice", rule.id
        if rule.effect == "note":
            assert rule.message
        elif rule.no_call_days:
            assert all(name for _spec, name in rule.no_call_days)
        elif rule.listed_days:
            assert all(name and windows for _spec, name, windows in rule.listed_days)
        elif not rule.closed_mode and rule.effect == "restrict" and rule.when is None:
            assert any(windows for _selector, windows in rule.days), f"{rule.id} never allows anything"
    for cap in item.caps:
        assert cap.id.startswith(jurisdiction_id + "."), cap.id
        assert cap.source.startswith(("https://", "http://")), cap.id
        assert cap.source_kind in SOURCE_KINDS and cap.verified_on is not None, cap.id


def golden_grid(policy: Any, numbers: Iterable[str], extra_dates: Iterable[date]) -> dict[str, Any]:
    """jurisdiction_base.golden_grid, naming law and practice rules."""
    snapshot: dict[str, Any] = {}
    days = [jurisdiction_base.GOLDEN_WEEK + timedelta(days=offset) for offset in range(7)] + list(extra_dates)
    for number in numbers:
        zone = policy.check(number, "2026-01-01T00:00:00Z").zones[0]
        tz = tz_zone(zone)
        per_number: dict[str, list[str]] = {}
        for purpose in jurisdiction_base.PURPOSES:
            for channel in jurisdiction_base.CHANNELS:
                changes: list[str] = []
                previous = None
                for day in days:
                    for hour in range(24):
                        at = datetime(day.year, day.month, day.day, hour, tzinfo=tz)
                        decision = policy.check(number, at, purpose=purpose, channel=channel)
                        rules = sorted({r.rule for r in decision.reasons if r.kind.value in RULE_KINDS})
                        state = f"{decision.action.value} {' '.join(rules)}".strip()
                        if state != previous:
                            changes.append(f"{day.isoformat()} {hour:02d}:00 {state}")
                            previous = state
                per_number[f"{purpose}/{channel}"] = changes
        snapshot[f"{number} ({zone})"] = per_number
    return snapshot


def suite(
    jurisdiction_id: str,
    examples: list[Example],
    *,
    golden_numbers: list[str],
    golden_dates: Iterable[date] = (),
) -> dict[str, Callable[..., None]]:
    """The test functions of one jurisdiction module."""
    extra = tuple(golden_dates)
    tests = jurisdiction_base.suite(jurisdiction_id, examples, golden_numbers=golden_numbers, golden_dates=extra)

    def test_file_is_complete() -> None:
        check_file(jurisdiction_id)

    def test_golden_snapshot(legal: Any, update_golden: bool) -> None:
        path = jurisdiction_base.GOLDEN_DIR / f"{jurisdiction_id}.json"
        current = golden_grid(legal, golden_numbers, extra)
        if update_golden or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            if not update_golden:
                pytest.fail(f"golden snapshot {path.name} was missing and has been written: review and commit it")
        assert current == json.loads(path.read_text(encoding="utf-8")), (
            f"decisions changed for {jurisdiction_id}: run pytest --update-golden and review the diff"
        )

    tests["test_file_is_complete"] = test_file_is_complete
    tests["test_golden_snapshot"] = test_golden_snapshot
    return tests
