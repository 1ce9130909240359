"""Montana: MCA 30-14-1412 (telemarketing to a residence 08:00-21:00)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Sales calls to consumers 08:00-21:00 every day, the contact's local time; the federal
# TCPA/TSR windows are the same (they also cover business contacts; collection has the FDCPA's).
HELENA = "+1 406 555 0123"
US_MT = [
    Example(HELENA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(HELENA, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(HELENA, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(HELENA, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(HELENA, "2026-11-29 21:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # every day
    Example(HELENA, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),  # sales only
]

globals().update(suite("US-MT", US_MT, golden_numbers=[HELENA]))
