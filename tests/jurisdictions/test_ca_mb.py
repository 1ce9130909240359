"""Manitoba: Consumer Protection Act (collection agents 07:00-21:00, no Sundays or holidays)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection calls Monday-Saturday 07:00-21:00, never on Sundays or statutory holidays.
WINNIPEG = "+1 204 555 0123"  # America/Winnipeg
C = "collection"
CA_MB = [
    Example(WINNIPEG, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",), purpose=C),
    Example(WINNIPEG, "2026-11-24 07:00", "call", "2026-11-24 07:00", purpose=C),
    Example(WINNIPEG, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(WINNIPEG, "2026-11-24 21:00", "defer", "2026-11-25 07:00", ("outside_hours",), purpose=C),
    Example(WINNIPEG, "2026-11-28 21:00", "defer", "2026-11-30 07:00", ("outside_hours",), purpose=C),  # Sat -> Mon
    Example(WINNIPEG, "2026-11-29 12:00", "defer", "2026-11-30 07:00", ("closed_day",), purpose=C),  # Sunday
    Example(WINNIPEG, "2026-12-25 12:00", "defer", "2026-12-26 07:00", ("public_holiday",), purpose=C),  # Christmas
    Example(WINNIPEG, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", purpose=C),  # calls only
    Example(WINNIPEG, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
]

globals().update(suite("CA-MB", CA_MB, golden_numbers=[WINNIPEG], golden_dates=[date(2026, 12, 25)]))
