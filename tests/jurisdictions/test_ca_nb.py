"""New Brunswick: collection rules (Mon-Sat 07:00-21:00, Sun 13:00-17:00 since 2009-10-20)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# From 2009-10-20: collection calls Monday-Saturday 07:00-21:00, Sunday 13:00-17:00, never on a
# holiday; before: 09:00-21:00, no Sundays.
MONCTON = "+1 506 555 0123"  # America/Moncton
C = "collection"
CA_NB = [
    Example(MONCTON, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",), purpose=C),
    Example(MONCTON, "2026-11-24 07:00", "call", "2026-11-24 07:00", purpose=C),
    Example(MONCTON, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(MONCTON, "2026-11-24 21:00", "defer", "2026-11-25 07:00", ("outside_hours",), purpose=C),
    Example(MONCTON, "2026-11-28 21:00", "defer", "2026-11-29 13:00", ("outside_hours",), purpose=C),  # -> Sunday
    Example(MONCTON, "2026-11-29 12:59", "defer", "2026-11-29 13:00", ("outside_hours",), purpose=C),
    Example(MONCTON, "2026-11-29 16:59", "call", "2026-11-29 16:59", purpose=C),
    Example(MONCTON, "2026-11-29 17:00", "defer", "2026-11-30 07:00", ("outside_hours",), purpose=C),
    Example(MONCTON, "2026-12-25 12:00", "defer", "2026-12-26 07:00", ("public_holiday",), purpose=C),  # Christmas
    # before the 2009 change: 09:00-21:00, no Sundays (Monday 2009-10-19 is the last day)
    Example(MONCTON, "2009-10-19 08:00", "defer", "2009-10-19 09:00", ("outside_hours",), purpose=C),
    Example(MONCTON, "2009-10-20 08:00", "call", "2009-10-20 08:00", purpose=C),
    Example(MONCTON, "2009-10-18 14:00", "defer", "2009-10-19 09:00", ("closed_day",), purpose=C),  # a Sunday
    Example(MONCTON, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", purpose=C),  # calls only
    Example(MONCTON, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
]

globals().update(suite("CA-NB", CA_NB, golden_numbers=[MONCTON], golden_dates=[date(2026, 12, 25)]))
