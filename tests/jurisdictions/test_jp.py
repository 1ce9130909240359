"""Japan: Money Lending Business Act art. 21(1)(i) collection hours; Act on Specified Commercial
Transactions art. 17 (no re-solicitation of a person who refused, kept per person)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from examples import Example
from jurisdiction_base import suite

from callwindow import Attempt, History, Policy

# Money Lending Business Act art. 21(1)(i): no collection calls 21:00-08:00
# without justifiable grounds (the debtor's voluntary consent is one).
TOKYO = "+81 3 1234 5678"
C = "collection"
JP = [
    Example(TOKYO, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(TOKYO, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(TOKYO, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(TOKYO, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(TOKYO, "2026-11-29 08:00", "call", "2026-11-29 08:00", purpose=C),  # Sunday: no day rule
    Example(TOKYO, "2026-11-03 07:00", "defer", "2026-11-03 08:00", ("outside_hours",), purpose=C),  # Culture Day
    Example(TOKYO, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose=C, consent=True),  # voluntary consent
    Example(TOKYO, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C, contact="business"),
    Example(TOKYO, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", purpose=C),  # calls only
    Example(TOKYO, "2026-11-24 22:00", "call", "2026-11-24 22:00"),  # sales: no fixed hours
]

globals().update(suite("JP", JP, golden_numbers=[TOKYO], golden_dates=[date(2026, 11, 3)]))


# Art. 17 protects "the person" who refused: with a contact id, a refusal recorded on one of
# their numbers blocks sales calls to their other numbers too; without one, per number.
TOKYO_MOBILE = "+81 90 1234 5678"
REFUSED_AT = datetime(2026, 11, 23, 1, tzinfo=UTC)  # Monday 10:00 in Tokyo
ASKED_AT = datetime(2026, 11, 24, 1, tzinfo=UTC)  # Tuesday 10:00 in Tokyo
REFUSAL = History((Attempt.create(TOKYO, REFUSED_AT, outcome="refused", contact_id="p-1"),))
LAW = Policy.legal_minimum()


def _codes(number: str, contact_id: str | None, purpose: str = "sales") -> set[str]:
    decision = LAW.check(number, ASKED_AT, history=REFUSAL, contact_id=contact_id, purpose=purpose)
    return {reason.code for reason in decision.reasons} if not decision.allowed else set()


def test_a_refusal_blocks_resolicitation_on_all_the_persons_numbers() -> None:
    assert "frequency_cap" in _codes(TOKYO, None)  # the number the refusal was recorded on
    assert "frequency_cap" in _codes(TOKYO_MOBILE, "p-1")  # the same person's other number
    assert _codes(TOKYO_MOBILE, None) == set()  # no contact id: that number has no refusal
    assert _codes(TOKYO_MOBILE, "p-2") == set()  # another person
    assert _codes(TOKYO_MOBILE, "p-1", purpose="collection") == set()  # solicitation (sales) only
