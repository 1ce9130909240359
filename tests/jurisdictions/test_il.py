"""Israel: Consumer Protection Law amendment 61 ("Do not call me" registry) - a note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No hours: a sales call to a consumer carries the registry note from 2023-01-01.
TEL_AVIV = "+972 3 123 4567"
IL = [
    Example(TEL_AVIV, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(TEL_AVIV, "2026-11-27 22:00", "call", "2026-11-27 22:00", ("advisory",)),  # Friday night: no hours
    Example(TEL_AVIV, "2026-11-24 12:00", "call", "2026-11-24 12:00", contact="business"),
    Example(TEL_AVIV, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms"),
    Example(TEL_AVIV, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
]

globals().update(suite("IL", IL, golden_numbers=[TEL_AVIV]))
