"""European Union: ePrivacy Directive 2002/58/EC art. 13(1) (automatic calling machines and
marketing texts need prior consent), one file for every member state (covers_country = false)."""

from __future__ import annotations

from datetime import UTC, datetime

from examples import Example
from jurisdiction_base import suite

from callwindow import Policy

BUDAPEST = "+36 1 234 5678"  # Hungary: no file of its own, so the directive is its only law here
LISBON = "+351 21 123 4567"
PARIS = "+33 1 23 45 67 89"
EU = [
    # art. 13(1): automatic calling machines (prerecorded, AI voices) only with prior consent
    Example(BUDAPEST, "2026-11-24 11:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(BUDAPEST, "2026-11-24 11:00", "call", "2026-11-24 11:00", call_type="prerecorded", consent=True),
    Example(LISBON, "2026-11-24 11:00", "block", None, ("consent_required",), call_type="prerecorded"),
    # a live call, or one an autodialer places for a person to take (art. 13(3): national law)
    Example(BUDAPEST, "2026-11-24 11:00", "call", "2026-11-24 11:00"),
    Example(BUDAPEST, "2026-11-24 11:00", "call", "2026-11-24 11:00", call_type="automated"),
    # not direct marketing, or not a natural person (art. 13(5))
    Example(BUDAPEST, "2026-11-24 11:00", "call", "2026-11-24 11:00", purpose="service", call_type="prerecorded"),
    Example(BUDAPEST, "2026-11-24 11:00", "call", "2026-11-24 11:00", contact="business", call_type="prerecorded"),
    # art. 13(1) with 2(h): a marketing text is electronic mail: prior consent
    Example(BUDAPEST, "2026-11-24 11:00", "block", None, ("consent_required",), channel="sms"),
    Example(BUDAPEST, "2026-11-24 11:00", "sms", "2026-11-24 11:00", channel="sms", consent=True),
    Example(LISBON, "2026-11-24 11:00", "block", None, ("consent_required",), channel="sms"),
    Example(PARIS, "2026-11-24 11:00", "block", None, ("consent_required",), channel="sms"),
    Example(BUDAPEST, "2026-11-24 11:00", "sms", "2026-11-24 11:00", channel="sms", purpose="service"),
]

globals().update(suite("EU", EU, golden_numbers=[BUDAPEST, LISBON, PARIS]))


def test_a_shared_law_is_not_a_country_file() -> None:
    # Hungary has no file of its own: the directive applies, and the answer still says that
    # Hungary's own calling law is not encoded (covers_country = false).
    decision = Policy.default().check(BUDAPEST, datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    codes = {reason.code.value for reason in decision.reasons}
    assert "no_rule_data" in codes
    french = Policy.default().check(PARIS, datetime(2026, 11, 24, 10, 0, tzinfo=UTC), consent=True)
    assert "no_rule_data" not in {reason.code.value for reason in french.reasons}  # FR.toml is France's own
