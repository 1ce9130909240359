"""New Zealand: NZ Marketing Association Telemarketing Code (self-regulatory)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# NZ Marketing Association Telemarketing Code: Mon-Sat 08:00-21:00, no Sunday,
# no public holidays; calls with permission are outside the code.
AUCKLAND = "+64 9 379 1234"
NZ = [
    Example(AUCKLAND, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(AUCKLAND, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(AUCKLAND, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(AUCKLAND, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(AUCKLAND, "2026-11-28 20:59", "call", "2026-11-28 20:59"),  # Saturday
    Example(AUCKLAND, "2026-11-28 21:00", "defer", "2026-11-30 08:00", ("outside_hours",)),
    Example(AUCKLAND, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",)),  # Sunday
    Example(AUCKLAND, "2026-10-26 12:00", "defer", "2026-10-27 08:00", ("public_holiday",)),  # Labour Day (Mon)
    # Christmas (Fri), Boxing Day (Sat), Sunday, Boxing Day observed (Mon 28th)
    Example(AUCKLAND, "2026-12-24 21:00", "defer", "2026-12-29 08:00", ("outside_hours",)),
    Example(AUCKLAND, "2026-11-29 12:00", "call", "2026-11-29 12:00", consent=True),  # with permission
    Example(AUCKLAND, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms"),  # calls only
    Example(AUCKLAND, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose="collection"),
]

globals().update(suite("NZ", NZ, golden_numbers=[AUCKLAND], golden_dates=[date(2026, 10, 26), date(2026, 12, 28)]))
