"""Sweden: NIX-Telefon (industry self-regulation) - a practice note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No statutory hours: sales calls carry the NIX register note (practice, not law).
STOCKHOLM = "+46 8 123 456 78"
SE = [
    Example(STOCKHOLM, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(STOCKHOLM, "2026-11-29 21:00", "call", "2026-11-29 21:00", ("advisory",), contact="business"),
    Example(STOCKHOLM, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(STOCKHOLM, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
]

globals().update(suite("SE", SE, golden_numbers=[STOCKHOLM]))
