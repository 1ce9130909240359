"""Austria: Telekommunikationsgesetz (§ 107 TKG 2003 / § 174 TKG 2021): advertising calls need consent."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Advertising calls need the called person's prior consent, consumers and businesses alike:
# without it never (block). Texts and other purposes: not covered here.
VIENNA = "+43 1 234 5678"
AT = [
    Example(VIENNA, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(VIENNA, "2026-11-24 12:00", "block", None, ("consent_required",), contact="business"),
    Example(VIENNA, "2026-11-29 03:00", "call", "2026-11-29 03:00", consent=True),  # no hours found
    Example(VIENNA, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(VIENNA, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="service"),
    Example(VIENNA, "2002-12-31 12:00", "call", "2002-12-31 12:00"),  # before TKG 2003 (assumed start)
]

globals().update(suite("AT", AT, golden_numbers=[VIENNA]))
