"""Thailand: Debt Collection Act 2015 with the 2019 notification."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection contact on working days 09:00-20:00 and on rest days (weekends, holidays)
# 09:00-18:00, the stricter 09:00 start taken; calls and texts. At most once a day (a cap).
BANGKOK = "+66 2 123 4567"
C = "collection"
TH = [
    Example(BANGKOK, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), purpose=C),
    Example(BANGKOK, "2026-11-24 09:00", "call", "2026-11-24 09:00", purpose=C),
    Example(BANGKOK, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C),
    Example(BANGKOK, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), purpose=C),
    Example(BANGKOK, "2026-11-27 20:00", "defer", "2026-11-28 09:00", ("outside_hours",), purpose=C),  # -> Sat
    Example(BANGKOK, "2026-11-28 08:59", "defer", "2026-11-28 09:00", ("outside_hours",), purpose=C),
    Example(BANGKOK, "2026-11-28 17:59", "call", "2026-11-28 17:59", purpose=C),
    Example(BANGKOK, "2026-11-28 18:00", "defer", "2026-11-29 09:00", ("outside_hours",), purpose=C),
    Example(BANGKOK, "2026-11-29 18:00", "defer", "2026-11-30 09:00", ("outside_hours",), purpose=C),  # Sun -> Mon
    Example(BANGKOK, "2026-12-10 17:59", "call", "2026-12-10 17:59", purpose=C),  # Constitution Day (Thu)
    Example(BANGKOK, "2026-12-10 18:00", "defer", "2026-12-11 09:00", ("outside_hours",), purpose=C),
    Example(BANGKOK, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel="sms", purpose=C),
    Example(BANGKOK, "2026-11-24 21:00", "call", "2026-11-24 21:00"),  # sales: not covered
    Example(BANGKOK, "2019-11-20 21:00", "call", "2019-11-20 21:00", purpose=C),  # before the notification
]

globals().update(suite("TH", TH, golden_numbers=[BANGKOK], golden_dates=[date(2026, 12, 10)]))
