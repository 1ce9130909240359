"""Maine: automated solicitation calls Mon-Fri 09:00-17:00 (tool description; low confidence)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Maine: automated solicitation calls only Monday-Friday 09:00-17:00, applied
# to all sales calls (stricter); no weekend calls; holidays not mentioned.
# Calls only. The cap (1 automated call per number per 8 h) is data only.
POR = "+1 207 555 0123"  # Portland, America/New_York
US_ME = [
    Example(POR, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(POR, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(POR, "2026-11-24 16:59", "call", "2026-11-24 16:59"),
    Example(POR, "2026-11-24 17:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(POR, "2026-11-27 17:00", "defer", "2026-11-30 09:00", ("outside_hours",)),  # Friday evening -> Monday
    Example(POR, "2026-11-28 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Saturday
    Example(POR, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    Example(POR, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",), contact="business"),
    Example(POR, "2026-11-26 10:00", "call", "2026-11-26 10:00"),  # Thanksgiving: holidays not closed
    Example(POR, "2026-11-28 12:00", "sms", "2026-11-28 12:00", channel="sms"),  # calls only
    Example(POR, "2026-11-24 17:30", "sms", "2026-11-24 17:30", channel="sms"),
    Example(POR, "2026-11-28 12:00", "call", "2026-11-28 12:00", purpose="collection"),  # sales only
]

globals().update(suite("US-ME", US_ME, golden_numbers=[POR]))
