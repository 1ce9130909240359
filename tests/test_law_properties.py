"""Cross-jurisdiction properties of the law data (each jurisdiction's own
example table lives in tests/jurisdictions/)."""

from __future__ import annotations

NY = "+1 212 555 0123"
PARIS = "+33 1 23 45 67 89"


def test_every_law_reason_cites_its_rule_and_source(legal) -> None:
    decision = legal.check(PARIS, "2026-11-28T10:00:00Z")
    law = [reason for reason in decision.reasons if reason.kind.value == "law"]
    assert law and all(reason.rule.startswith("FR.") and reason.source.startswith("https://") for reason in law)


def test_courtesy_never_relaxes_a_law(courtesy, legal) -> None:
    # 21:30 in New York: courtesy alone (07:00-22:00) would allow a sales call; the TCPA does not.
    decision = courtesy.check(NY, "2026-11-25T02:30:00Z")
    assert not decision.allowed
    assert "outside_hours" in {reason.code for reason in decision.reasons}
    assert decision.next_allowed_at == legal.check(NY, "2026-11-25T02:30:00Z").next_allowed_at
