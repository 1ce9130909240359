"""Belgium: Code de droit économique VI.111-VI.114 ("Ne m'appelez plus") - a note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No hours found: sales calls (consumers and companies) carry the list note.
BRUSSELS = "+32 2 555 12 12"
BE = [
    Example(BRUSSELS, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(BRUSSELS, "2026-11-24 20:30", "call", "2026-11-24 20:30", ("advisory",), contact="business"),
    Example(BRUSSELS, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),  # calls only
    Example(BRUSSELS, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
]

globals().update(suite("BE", BE, golden_numbers=[BRUSSELS]))
