"""Philippines: BSP Circular 454 (credit card collection 06:00-22:00)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No collection contact before 06:00 or after 22:00, unless the cardholder gave permission
# (consent); the 60-days-past-due exception is not modelled. Every day; calls and texts.
MANILA = "+63 2 8123 4567"
C = "collection"
PH = [
    Example(MANILA, "2026-11-24 05:59", "defer", "2026-11-24 06:00", ("outside_hours",), purpose=C),
    Example(MANILA, "2026-11-24 06:00", "call", "2026-11-24 06:00", purpose=C),
    Example(MANILA, "2026-11-24 21:59", "call", "2026-11-24 21:59", purpose=C),
    Example(MANILA, "2026-11-24 22:00", "defer", "2026-11-25 06:00", ("outside_hours",), purpose=C),
    Example(MANILA, "2026-11-29 21:59", "call", "2026-11-29 21:59", purpose=C),  # Sunday: every day
    Example(MANILA, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose=C, consent=True),
    Example(MANILA, "2026-11-24 23:00", "defer", "2026-11-25 06:00", ("outside_hours",), channel="sms", purpose=C),
    Example(MANILA, "2026-11-24 23:00", "call", "2026-11-24 23:00"),  # sales: not covered
    Example(MANILA, "2004-09-23 23:00", "call", "2004-09-23 23:00", purpose=C),  # before the circular
]

globals().update(suite("PH", PH, golden_numbers=[MANILA]))
