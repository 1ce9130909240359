"""Mexico: Condusef collection rules (2015)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Condusef collection rules (DOF 2014-10-07): 07:00-22:00 in the debtor's time zone, every
# day (the sources give no weekday limit; law audit D6).
MEXICO_CITY = "+52 55 1234 5678"
C = "collection"
MX = [
    Example(MEXICO_CITY, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",), purpose=C),
    Example(MEXICO_CITY, "2026-11-24 07:00", "call", "2026-11-24 07:00", purpose=C),
    Example(MEXICO_CITY, "2026-11-24 21:59", "call", "2026-11-24 21:59", purpose=C),
    Example(MEXICO_CITY, "2026-11-24 22:00", "defer", "2026-11-25 07:00", ("outside_hours",), purpose=C),
    Example(MEXICO_CITY, "2026-11-27 22:00", "defer", "2026-11-28 07:00", ("outside_hours",), purpose=C),  # Friday
    Example(MEXICO_CITY, "2026-11-28 06:59", "defer", "2026-11-28 07:00", ("outside_hours",), purpose=C),  # Saturday
    Example(MEXICO_CITY, "2026-11-28 12:00", "call", "2026-11-28 12:00", purpose=C),
    Example(MEXICO_CITY, "2026-11-29 21:59", "call", "2026-11-29 21:59", purpose=C),  # Sunday
    Example(MEXICO_CITY, "2026-11-29 22:00", "defer", "2026-11-30 07:00", ("outside_hours",), purpose=C),
    Example(MEXICO_CITY, "2026-11-16 12:00", "call", "2026-11-16 12:00", purpose=C),  # Revolution Day: no day limit
    Example(MEXICO_CITY, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms", purpose=C),  # calls only
    Example(MEXICO_CITY, "2026-11-24 23:00", "call", "2026-11-24 23:00"),  # sales: registries only
    Example(MEXICO_CITY, "2014-10-07 23:00", "call", "2014-10-07 23:00", purpose=C),  # the day of publication
    Example(MEXICO_CITY, "2014-10-08 23:00", "defer", "2014-10-09 07:00", ("outside_hours",), purpose=C),
]

globals().update(suite("MX", MX, golden_numbers=[MEXICO_CITY], golden_dates=[date(2026, 11, 16)]))
