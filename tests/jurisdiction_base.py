"""The shared base of the per-jurisdiction test modules (tests/jurisdictions/).

A module declares its jurisdiction id, a table of example decisions taken from
the rule text (a minute either side of each window edge, each restricted day
type) and the numbers for its golden snapshot, then calls `suite(...)`:

    globals().update(suite("US-FL", EXAMPLES, golden_numbers=["+1 305 555 0123"]))

Examples run with the legal-minimum policy (laws only, no call-duration
margin), so a table shows exactly what the law says.

Files hold laws and also industry codes and operator practice (`kind = "practice"`), and say
how strong each source is (`source_kind`, `verified_on`): `check_file` asks for both.

Golden snapshots: for each golden number, every hour of the week of
2026-11-23 (Monday) and of the extra dates given, for each purpose and channel,
the actions and the law and practice rules behind them (a practice-only refusal names its
rule too), kept as the list of changes only.
Regenerate with `pytest tests/jurisdictions --update-golden` and review the diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from examples import Example, run

from callwindow import load_all
from callwindow.clock import get_zone as tz_zone  # the engine's pinned tz database, not the host's
from callwindow.rules import SOURCE_KINDS

GOLDEN_DIR = Path(__file__).parent / "golden"
GOLDEN_WEEK = date(2026, 11, 23)
PURPOSES = ("sales", "collection", "service")
CHANNELS = ("call", "sms")
RULE_KINDS = ("law", "practice")


def jurisdiction(jurisdiction_id: str) -> Any:
    jurisdictions, _ = load_all()
    found = [item for item in jurisdictions if item.id == jurisdiction_id]
    assert len(found) == 1, f"no data file declares jurisdiction {jurisdiction_id!r}"
    return found[0]


def check_file(jurisdiction_id: str) -> None:
    """What every jurisdiction file must satisfy."""
    item = jurisdiction(jurisdiction_id)
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
    snapshot: dict[str, Any] = {}
    days = [GOLDEN_WEEK + timedelta(days=offset) for offset in range(7)] + list(extra_dates)
    for number in numbers:
        zone = policy.check(number, "2026-01-01T00:00:00Z").zones[0]
        tz = tz_zone(zone)
        per_number: dict[str, list[str]] = {}
        for purpose in PURPOSES:
            for channel in CHANNELS:
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

    def test_file_is_complete() -> None:
        check_file(jurisdiction_id)

    @pytest.mark.parametrize("example", examples, ids=[example.id() for example in examples])
    def test_example(legal: Any, example: Example) -> None:
        decision = run(legal, example)
        if example.codes:
            cited = {r.rule for r in decision.reasons if r.kind.value == "law"}
            assert any(rule.startswith(jurisdiction_id + ".") for rule in cited) or not cited

    def test_golden_snapshot(legal: Any, update_golden: bool) -> None:
        path = GOLDEN_DIR / f"{jurisdiction_id}.json"
        current = golden_grid(legal, golden_numbers, extra)
        if update_golden or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            if not update_golden:
                pytest.fail(f"golden snapshot {path.name} was missing and has been written: review and commit it")
        assert current == json.loads(path.read_text(encoding="utf-8")), (
            f"decisions changed for {jurisdiction_id}: run pytest --update-golden and review the diff"
        )

    return {
        "test_file_is_complete": test_file_is_complete,
        "test_example": test_example,
        "test_golden_snapshot": test_golden_snapshot,
    }
