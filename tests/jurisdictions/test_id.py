"""Indonesia: POJK 22/2023 art. 62 (collection Monday-Saturday 08:00-20:00)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection Monday-Saturday 08:00-20:00 local time, not on Sundays or national holidays,
# unless agreed with the consumer (consent lifts it). Calls and texts.
JAKARTA = "+62 21 1234 5678"
C = "collection"
ID = [
    Example(JAKARTA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(JAKARTA, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(JAKARTA, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C),
    Example(JAKARTA, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(JAKARTA, "2026-11-28 20:00", "defer", "2026-11-30 08:00", ("outside_hours",), purpose=C),  # Sat -> Mon
    Example(JAKARTA, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C),  # Sunday
    Example(JAKARTA, "2026-11-29 12:00", "call", "2026-11-29 12:00", purpose=C, consent=True),  # agreed
    Example(JAKARTA, "2026-12-25 12:00", "defer", "2026-12-26 08:00", ("public_holiday",), purpose=C),  # Christmas
    Example(JAKARTA, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms", purpose=C),
    Example(JAKARTA, "2026-11-24 21:00", "call", "2026-11-24 21:00"),  # sales: not covered
    Example(JAKARTA, "2022-12-31 21:00", "call", "2022-12-31 21:00", purpose=C),  # before POJK 22/2023
]

globals().update(suite("ID", ID, golden_numbers=[JAKARTA], golden_dates=[date(2026, 12, 25)]))
