"""Kentucky: telephone solicitation 10:00-21:00 (vendors; low confidence)."""

from __future__ import annotations

from datetime import datetime

from examples import Example
from jurisdiction_base import suite

from callwindow.clock import get_zone as tz_zone  # the engine's pinned tz database, not the host's

# Kentucky: sales calls (and texts, stricter) 10:00-21:00 every day: vendors'
# 10:00 start taken over the statute's 08:00 for automated calls (stricter).
LOU = "+1 502 555 0123"  # Louisville, America/New_York
BG = "+1 270 555 0123"  # western Kentucky: Central or Eastern time
CENTRAL = {"zone": "America/Chicago"}
US_KY = [
    Example(LOU, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",)),
    Example(LOU, "2026-11-24 10:00", "call", "2026-11-24 10:00"),
    Example(LOU, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(LOU, "2026-11-24 21:00", "defer", "2026-11-25 10:00", ("outside_hours",)),
    Example(LOU, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",), channel="sms"),
    Example(LOU, "2026-11-24 10:00", "sms", "2026-11-24 10:00", channel="sms"),
    Example(LOU, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",), contact="business"),
    Example(LOU, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday
    Example(LOU, "2026-11-24 08:30", "call", "2026-11-24 08:30", purpose="collection"),  # sales only
    Example(BG, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",), hints=CENTRAL),
    Example(BG, "2026-11-24 10:00", "call", "2026-11-24 10:00", hints=CENTRAL),
    Example(BG, "2026-11-24 20:59", "call", "2026-11-24 20:59", hints=CENTRAL),
    Example(BG, "2026-11-24 21:00", "defer", "2026-11-25 10:00", ("outside_hours",), hints=CENTRAL),
]

globals().update(suite("US-KY", US_KY, golden_numbers=[LOU, BG]))


def test_270_without_a_zone_needs_both_zones_open(legal) -> None:
    """Area code 270 spans Central and Eastern time: 10:00-21:00 must hold in both,
    i.e. 10:00-20:00 Central (= 11:00-21:00 Eastern)."""
    chicago = tz_zone("America/Chicago")
    cases = [
        (datetime(2026, 11, 24, 9, 59, tzinfo=chicago), "defer", datetime(2026, 11, 24, 10, 0, tzinfo=chicago)),
        (datetime(2026, 11, 24, 10, 0, tzinfo=chicago), "call", None),
        (datetime(2026, 11, 24, 19, 59, tzinfo=chicago), "call", None),
        (datetime(2026, 11, 24, 20, 0, tzinfo=chicago), "defer", datetime(2026, 11, 25, 10, 0, tzinfo=chicago)),
    ]
    for at, action, next_allowed in cases:
        decision = legal.check(BG, at)
        assert set(decision.zones) == {"America/Chicago", "America/New_York"}
        assert decision.action.value == action, (at, decision.reasons)
        if next_allowed is not None:
            assert decision.next_allowed_at == next_allowed
            assert any(r.rule == "US-KY.solicitation-hours" for r in decision.reasons)
