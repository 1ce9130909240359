"""Wyoming: telephonic sales calls 08:00-20:00 (tool description; low confidence)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Wyoming: sales calls (and texts, stricter) 08:00-20:00 every day: the 20:00 end
# is from a tool description only, the 08:00 start from the TCPA. Federal
# TCPA/TSR 08:00-21:00 too.
N = "+1 307 555 0123"  # Cheyenne, America/Denver
US_WY = [
    Example(N, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(N, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(N, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(N, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(N, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), channel="sms"),
    Example(N, "2026-11-24 19:59", "sms", "2026-11-24 19:59", channel="sms"),
    Example(N, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(N, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), contact="business"),
    Example(N, "2026-11-29 08:00", "call", "2026-11-29 08:00"),  # Sunday: no day restriction
    Example(N, "2026-11-26 08:00", "call", "2026-11-26 08:00"),  # Thanksgiving: no holiday restriction
    Example(N, "2026-11-24 20:30", "call", "2026-11-24 20:30", purpose="collection"),  # sales only
]

globals().update(suite("US-WY", US_WY, golden_numbers=[N]))
