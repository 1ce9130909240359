"""Singapore: PDPA Part 9 (Do Not Call): no calling hours, an advisory."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# PDPA Part 9: no calling hours; check the DNC registry before marketing calls
# and texts unless clear and unambiguous consent. A note: no time is closed.
SINGAPORE = "+65 6123 4567"
SG = [
    Example(SINGAPORE, "2026-11-24 03:00", "call", "2026-11-24 03:00", ("advisory",)),
    Example(SINGAPORE, "2026-11-29 23:00", "call", "2026-11-29 23:00", ("advisory",)),  # Sunday
    Example(SINGAPORE, "2026-11-24 23:00", "sms", "2026-11-24 23:00", ("advisory",), channel="sms"),
    Example(SINGAPORE, "2026-11-24 03:00", "call", "2026-11-24 03:00", purpose="collection"),
    Example(SINGAPORE, "2026-11-24 03:00", "call", "2026-11-24 03:00", contact="business"),
]

globals().update(suite("SG", SG, golden_numbers=[SINGAPORE], golden_dates=[date(2026, 8, 9)]))
