"""Canada (federal): CRTC Unsolicited Telecommunications Rules (Telemarketing Rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from examples import Example
from jurisdiction_base import suite

from callwindow.history import History, Relationship, Suppression, SuppressionList
from callwindow.kernel.contact_history import add_months

# CRTC Telemarketing Rules: telemarketing calls Mon-Fri 09:00-21:30, Sat-Sun 10:00-18:00,
# time of the person called; no federal holiday rule; calls only; debt collection is
# not telemarketing. Halifax (902: CA-NS, CA-PE): no provincial rule in the data, only the federal one.
HALIFAX = "+1 902 555 0123"
CA = [
    Example(HALIFAX, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(HALIFAX, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(HALIFAX, "2026-11-24 21:29", "call", "2026-11-24 21:29"),
    Example(HALIFAX, "2026-11-24 21:30", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(HALIFAX, "2026-11-27 21:30", "defer", "2026-11-28 10:00"),  # Friday night -> Saturday 10:00
    Example(HALIFAX, "2026-11-28 09:59", "defer", "2026-11-28 10:00", ("outside_hours",)),  # Saturday
    Example(HALIFAX, "2026-11-28 10:00", "call", "2026-11-28 10:00"),
    Example(HALIFAX, "2026-11-28 17:59", "call", "2026-11-28 17:59"),
    Example(HALIFAX, "2026-11-28 18:00", "defer", "2026-11-29 10:00", ("outside_hours",)),
    Example(HALIFAX, "2026-11-29 18:00", "defer", "2026-11-30 09:00", ("outside_hours",)),  # Sunday -> Monday
    Example(HALIFAX, "2026-12-25 10:00", "call", "2026-12-25 10:00"),  # Christmas (Friday): no federal holiday rule
    Example(HALIFAX, "2026-11-24 08:59", "defer", "2026-11-24 09:00",
            ("outside_hours",), contact="business"),  # no B2B exemption
    Example(HALIFAX, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms"),  # texts: CASL, no hours
    # collection is not telemarketing (CRTC); Nova Scotia's own collection hours apply (CA-NS)
    Example(HALIFAX, "2026-11-24 23:00", "defer", "2026-11-25 08:00", purpose="collection"),
    Example(HALIFAX, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose="service"),
    Example(HALIFAX, "2008-09-29 22:00", "call", "2008-09-29 22:00"),  # before the assumed start
    Example(HALIFAX, "2008-09-30 22:00", "defer", "2008-10-01 09:00"),
    Example(HALIFAX, "2026-03-08 01:30", "defer", "2026-03-08 10:00"),  # Sunday of the DST change
    # CRTC ADAD Rules: no ADAD solicitation without express consent
    Example(HALIFAX, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(HALIFAX, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True),
    Example(HALIFAX, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="automated"),
]

globals().update(suite("CA", CA, golden_numbers=[HALIFAX], golden_dates=[date(2026, 12, 25), date(2026, 3, 8)]))


# Telecommunications Act s. 41.7(1)(b) and (2): the National DNCL does not bind a call within 18
# months after a purchase or 6 months after an inquiry (read in the Act's text: high confidence).
HALIFAX_E164 = "+19025550123"  # history records hold numbers in E.164


@pytest.mark.parametrize(("kind", "start", "months"), [
    ("purchase", datetime(2025, 5, 24, 15, tzinfo=UTC), 18),  # ends Tue 2026-11-24 11:00 in Halifax
    ("inquiry", datetime(2026, 5, 24, 15, tzinfo=UTC), 6),
])
def test_an_existing_business_relationship_lifts_the_dncl_for_its_window(
        legal: Any, kind: str, start: datetime, months: int) -> None:
    end = add_months(start, months)
    for at, lifted in ((end - timedelta(minutes=1), True), (end + timedelta(minutes=1), False)):
        found = SuppressionList("ca-dncl", "CA", at.date() - timedelta(days=3), 31, lifted_by_relationship=True)
        history = History(suppressions=(Suppression(HALIFAX_E164, found),), lists=(found,),
                          relationships=(Relationship.create(HALIFAX_E164, start, kind=kind),))
        decision = legal.check(HALIFAX_E164, at, history=history)
        codes = {reason.code.value for reason in decision.reasons}
        if lifted:
            reason = next(r for r in decision.reasons if r.code.value == "business_relationship")
            assert decision.allowed and reason.rule == f"CA.dncl.ebr-{kind}"
            assert reason.confidence == "high" and reason.source_kind == "statute"
            assert f"{months} months" in reason.message
        else:
            assert decision.action.value == "block" and "suppressed" in codes, at
