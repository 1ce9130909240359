"""Switzerland: UWG art. 3(1)(u) (the directory asterisk) - a note, no hours."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Telemarketing is allowed in principle; calling an asterisk-marked number is unfair. The
# engine cannot read the directory: every sales call carries the advisory note, nothing closes.
ZURICH = "+41 44 123 45 67"
CH = [
    Example(ZURICH, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(ZURICH, "2026-11-29 12:00", "call", "2026-11-29 12:00", ("advisory",), contact="business"),
    Example(ZURICH, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms"),
    Example(ZURICH, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
    Example(ZURICH, "2012-03-31 12:00", "call", "2012-03-31 12:00"),  # before the UWG revision
]

globals().update(suite("CH", CH, golden_numbers=[ZURICH]))
