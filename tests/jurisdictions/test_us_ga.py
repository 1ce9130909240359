"""Georgia: O.C.G.A. 46-5-187(3) (outbound telemarketing to a residence 08:00-21:00)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Sales calls to consumers 08:00-21:00 every day, the contact's local time; the federal
# TCPA/TSR windows are the same (they also cover business contacts; collection has the FDCPA's).
ATLANTA = "+1 404 555 0123"
US_GA = [
    Example(ATLANTA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(ATLANTA, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(ATLANTA, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(ATLANTA, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(ATLANTA, "2026-11-29 21:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # every day
    Example(ATLANTA, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),  # sales only
]

globals().update(suite("US-GA", US_GA, golden_numbers=[ATLANTA]))
