"""Example-table machinery shared by the jurisdiction and courtesy tests.

An example gives a number, a *local* wall time in the contact's zone (easier
to check against the rule text than UTC), the request, and the expected
action, next allowed local time and reason codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from callwindow import Decision, Policy
from callwindow.clock import get_zone as tz_zone  # the engine's pinned tz database, not the host's


@dataclass(frozen=True)
class Example:
    number: str
    local: str  # "2026-11-24 09:59" in the contact's (single) zone
    action: str
    next_local: str | None  # expected next_allowed_at, local wall time; None = none
    codes: tuple[str, ...] = ()  # reason codes that must be present
    channel: str = "call"
    purpose: str = "sales"
    contact: str = "consumer"
    hints: dict[str, str] = field(default_factory=dict)
    consent: bool = False
    emergencies: tuple[str, ...] = ()
    call_type: str = "live"
    contract: bool = False  # the call relates to an ongoing contract with the contact

    def id(self) -> str:
        kind = "" if self.call_type == "live" else f"/{self.call_type}"
        return f"{self.number} {self.local} {self.purpose}/{self.channel}/{self.contact}{kind} -> {self.action}"


def utc(text: str) -> datetime:
    """'2026-11-24 15:00' read as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def run(policy: Policy, example: Example) -> Decision:
    zone = policy.check(example.number, "2026-01-01T00:00:00Z", **example.hints).zones[0]
    at = datetime.fromisoformat(example.local).replace(tzinfo=tz_zone(zone))
    decision = policy.check(
        example.number, at, channel=example.channel, purpose=example.purpose, contact=example.contact,
        consent=example.consent, emergencies=example.emergencies, call_type=example.call_type,
        contract=example.contract, **example.hints,
    )
    assert len(decision.zones) == 1, decision.zones
    assert decision.action.value == example.action, _explain(decision)
    if example.next_local is None:
        assert decision.next_allowed_at is None
    else:
        expected = datetime.fromisoformat(example.next_local).replace(tzinfo=tz_zone(zone))
        assert decision.next_allowed_at == expected, _explain(decision)
    codes = {reason.code for reason in decision.reasons}
    assert set(example.codes) <= codes, _explain(decision)
    return decision


def _explain(decision: Decision) -> str:
    return f"{decision.action} next={decision.next_allowed_at} reasons={[(r.code, r.rule) for r in decision.reasons]}"
