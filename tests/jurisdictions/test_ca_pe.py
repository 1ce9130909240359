"""Prince Edward Island: Collection Agencies Act Regulations (no contact 21:00-08:00 or on Sundays)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Collection contact Monday-Saturday 08:00-21:00, never on Sunday (holidays not named). A 902
# number is Nova Scotia's or PEI's: both provinces' (equal) windows apply.
CHARLOTTETOWN = "+1 902 555 0123"
C = "collection"
CA_PE = [
    Example(CHARLOTTETOWN, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(CHARLOTTETOWN, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(CHARLOTTETOWN, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(CHARLOTTETOWN, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(CHARLOTTETOWN, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C),  # Sunday
    Example(CHARLOTTETOWN, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",),
            channel="sms", purpose=C),
    Example(CHARLOTTETOWN, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
]

globals().update(suite("CA-PE", CA_PE, golden_numbers=[CHARLOTTETOWN]))
