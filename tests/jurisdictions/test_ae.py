"""United Arab Emirates: Cabinet Resolution 56/2024 (telemarketing)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Cabinet Resolution 56/2024 (in force August 2024): telemarketing calls and
# marketing messages every day 09:00-18:00. Caps (after no answer; after a
# refusal) are data only.
ABU_DHABI = "+971 2 234 5678"
AE = [
    Example(ABU_DHABI, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(ABU_DHABI, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(ABU_DHABI, "2026-11-24 17:59", "call", "2026-11-24 17:59"),
    Example(ABU_DHABI, "2026-11-24 18:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(ABU_DHABI, "2026-11-28 09:00", "call", "2026-11-28 09:00"),  # Saturday
    Example(ABU_DHABI, "2026-11-29 17:59", "call", "2026-11-29 17:59"),  # Sunday
    Example(ABU_DHABI, "2026-12-02 10:00", "call", "2026-12-02 10:00"),  # National Day: every day
    Example(ABU_DHABI, "2026-11-24 17:59", "sms", "2026-11-24 17:59", channel="sms"),
    Example(ABU_DHABI, "2026-11-24 18:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel="sms"),
    Example(ABU_DHABI, "2026-11-24 18:00", "defer", "2026-11-25 09:00", ("outside_hours",), contact="business"),
    Example(ABU_DHABI, "2026-11-24 18:00", "defer", "2026-11-25 09:00", ("outside_hours",), consent=True),
    Example(ABU_DHABI, "2026-11-24 20:00", "call", "2026-11-24 20:00", purpose="collection"),
    Example(ABU_DHABI, "2024-07-31 20:00", "call", "2024-07-31 20:00"),  # before the resolution
    Example(ABU_DHABI, "2024-08-01 08:59", "defer", "2024-08-01 09:00", ("outside_hours",)),
]

globals().update(suite("AE", AE, golden_numbers=[ABU_DHABI], golden_dates=[date(2026, 12, 2)]))
