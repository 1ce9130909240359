"""Maryland: Stop the Spam Calls Act of 2023, Com. Law 14-4502 (from 2024-01-01)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Maryland 14-4502: sales calls and texts every day 08:00-20:00 in the called party's time
# zone, from 2024-01-01. Federal TCPA/TSR 08:00-21:00 apply too.
BALTIMORE = "+1 410 555 0123"  # America/New_York
MD = [
    Example(BALTIMORE, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(BALTIMORE, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(BALTIMORE, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(BALTIMORE, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(BALTIMORE, "2026-11-28 20:00", "defer", "2026-11-29 08:00", ("outside_hours",)),  # Saturday -> Sunday
    Example(BALTIMORE, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday: no day restriction
    Example(BALTIMORE, "2026-11-24 19:59", "sms", "2026-11-24 19:59", channel="sms"),
    Example(BALTIMORE, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(BALTIMORE, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), contact="business"),
    Example(BALTIMORE, "2026-11-24 20:30", "call", "2026-11-24 20:30", purpose="collection"),
    Example(BALTIMORE, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
    # in force from 2024-01-01
    Example(BALTIMORE, "2023-12-31 20:30", "call", "2023-12-31 20:30"),
    Example(BALTIMORE, "2024-01-01 20:00", "defer", "2024-01-02 08:00", ("outside_hours",)),
]

globals().update(suite("US-MD", MD, golden_numbers=[BALTIMORE], golden_dates=[date(2024, 1, 1)]))
