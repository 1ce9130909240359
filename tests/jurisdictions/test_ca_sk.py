"""Saskatchewan: The Collection Agents Act (collection calls 08:00-21:00, no Sundays or holidays)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection calls Monday-Saturday 08:00-21:00, never on Sundays or the Act's holidays
# (the calendar's, plus Boxing Day and the Monday after a fixed holiday on a Sunday).
REGINA = "+1 306 555 0123"  # America/Regina, no DST
C = "collection"
CA_SK = [
    Example(REGINA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(REGINA, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(REGINA, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(REGINA, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(REGINA, "2026-11-28 21:00", "defer", "2026-11-30 08:00", ("outside_hours",), purpose=C),  # Sat -> Mon
    Example(REGINA, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C),  # Sunday
    Example(REGINA, "2026-11-11 12:00", "defer", "2026-11-12 08:00", ("public_holiday",), purpose=C),  # Remembrance
    # Boxing Day (Sat 26 Dec 2026), then Sunday: Monday 28
    Example(REGINA, "2026-12-26 12:00", "defer", "2026-12-28 08:00", ("statutory_no_call_day",), purpose=C),
    # Christmas 2022 was a Sunday: Monday 26 (observed, and Boxing Day) closed
    Example(REGINA, "2022-12-26 12:00", "defer", "2022-12-27 08:00", ("statutory_no_call_day",), purpose=C),
    # New Year's Day 2023 was a Sunday: Monday 2 January closed
    Example(REGINA, "2023-01-02 12:00", "defer", "2023-01-03 08:00", ("statutory_no_call_day",), purpose=C),
    Example(REGINA, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", purpose=C),  # calls only
    Example(REGINA, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
]

globals().update(suite("CA-SK", CA_SK, golden_numbers=[REGINA], golden_dates=[date(2026, 12, 26), date(2026, 11, 11)]))
