"""Finland: Consumer Protection Act ch. 6 (telephone sales, written confirmation) - a note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No fixed hours: sales calls to consumers carry the written-confirmation note from 2023-01-01.
HELSINKI = "+358 9 1234 5678"
FI = [
    Example(HELSINKI, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(HELSINKI, "2026-11-29 21:00", "call", "2026-11-29 21:00", ("advisory",)),
    Example(HELSINKI, "2026-11-24 12:00", "call", "2026-11-24 12:00", contact="business"),
    Example(HELSINKI, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
]

globals().update(suite("FI", FI, golden_numbers=[HELSINKI]))
