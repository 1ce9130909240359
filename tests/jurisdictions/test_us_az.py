"""Arizona: A.R.S. 13-2919 (automated telephone solicitation) - a note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No state hours: sales calls and texts carry the automated-solicitation note; the federal
# windows decide the hours (Arizona has no DST: America/Phoenix).
PHOENIX = "+1 602 555 0123"
US_AZ = [
    Example(PHOENIX, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(PHOENIX, "2026-11-24 12:00", "sms", "2026-11-24 12:00", ("advisory",), channel="sms"),
    Example(PHOENIX, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours", "advisory")),  # federal
    Example(PHOENIX, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="service"),
]

globals().update(suite("US-AZ", US_AZ, golden_numbers=[PHOENIX]))
