"""Denmark: forbrugeraftaleloven § 4 (no telephone approach to a consumer without a prior request)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# § 4(1): a sales call to a consumer needs the consumer's prior request (consent): without it
# never (block); with it no hours were found. Businesses, texts and other purposes: not covered.
COPENHAGEN = "+45 32 12 34 56"
DK = [
    Example(COPENHAGEN, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(COPENHAGEN, "2026-11-29 03:00", "block", None, ("consent_required",)),
    Example(COPENHAGEN, "2026-11-24 12:00", "call", "2026-11-24 12:00", consent=True),
    Example(COPENHAGEN, "2026-11-29 03:00", "call", "2026-11-29 03:00", consent=True),  # no hours found
    Example(COPENHAGEN, "2026-11-24 12:00", "call", "2026-11-24 12:00", contact="business"),
    Example(COPENHAGEN, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(COPENHAGEN, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
    Example(COPENHAGEN, "1977-12-31 12:00", "call", "1977-12-31 12:00"),  # before the 1978 act (assumed start)
]

globals().update(suite("DK", DK, golden_numbers=[COPENHAGEN]))
