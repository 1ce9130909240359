"""Turkey: Law 6563 and the regulation on commercial electronic messages (consent, İYS)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Commercial calls and texts to consumers need prior consent: without it never (block).
# Business contacts (merchants may be messaged until they refuse) and other purposes: not covered.
ISTANBUL = "+90 212 345 67 89"
TR = [
    Example(ISTANBUL, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(ISTANBUL, "2026-11-24 12:00", "block", None, ("consent_required",), channel="sms"),
    Example(ISTANBUL, "2026-11-24 12:00", "call", "2026-11-24 12:00", consent=True),
    Example(ISTANBUL, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(ISTANBUL, "2026-11-24 12:00", "call", "2026-11-24 12:00", contact="business"),
    Example(ISTANBUL, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
    Example(ISTANBUL, "2015-04-30 12:00", "call", "2015-04-30 12:00"),  # before Law 6563
    Example(ISTANBUL, "2015-05-01 12:00", "block", None, ("consent_required",)),
]

globals().update(suite("TR", TR, golden_numbers=[ISTANBUL]))
