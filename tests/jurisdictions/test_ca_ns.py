"""Nova Scotia: Collection and Debt Management Agencies Act (no Sundays, 08:00-21:00, 3 in 7 days)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Collection contact Monday-Saturday 08:00-21:00, never on Sundays (holidays not named); calls
# and texts. At most 3 contacts in 7 days (a cap, checked on a history).
HALIFAX = "+1 902 555 0123"  # America/Halifax
C = "collection"
CA_NS = [
    Example(HALIFAX, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(HALIFAX, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(HALIFAX, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(HALIFAX, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(HALIFAX, "2026-11-28 21:00", "defer", "2026-11-30 08:00", ("outside_hours",), purpose=C),  # Sat -> Mon
    Example(HALIFAX, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C),  # Sunday
    Example(HALIFAX, "2026-12-25 12:00", "call", "2026-12-25 12:00", purpose=C),  # holidays not named
    Example(HALIFAX, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms", purpose=C),
    Example(HALIFAX, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
]

globals().update(suite("CA-NS", CA_NS, golden_numbers=[HALIFAX]))
