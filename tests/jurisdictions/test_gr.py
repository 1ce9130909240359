"""Greece: Law 3471/2006 art. 11 ("Μητρώο 11") - a note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No hours found: sales calls carry the register note from 2006.
ATHENS = "+30 21 1234 5678"
GR = [
    Example(ATHENS, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(ATHENS, "2026-11-29 22:00", "call", "2026-11-29 22:00", ("advisory",), contact="business"),
    Example(ATHENS, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(ATHENS, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
]

globals().update(suite("GR", GR, golden_numbers=[ATHENS]))
