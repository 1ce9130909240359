"""Nigeria: NCC Do-Not-Disturb direction (2442) - a note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No hours found: promotional calls and texts carry the DND note from 2016-07-01.
LAGOS = "+234 2033 12 3456"  # phonenumbers example fixed line
NG = [
    Example(LAGOS, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(LAGOS, "2026-11-24 12:00", "sms", "2026-11-24 12:00", ("advisory",), channel="sms"),
    Example(LAGOS, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
]

globals().update(suite("NG", NG, golden_numbers=[LAGOS]))
