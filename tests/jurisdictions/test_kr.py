"""South Korea: ICN Act art. 50 (advertising to phones: consent; 21:00-08:00 separate consent)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Art. 50(3): no advertising calls or texts 21:00-08:00 (separate consent, which --consent is
# not). Art. 50(2): advertising texts need prior consent (block); live telemarketing calls are
# exempt from it (Door-to-Door Sales Act), so calls are allowed 08:00-21:00 without consent.
SEOUL = "+82 2 1234 5678"
KR = [
    Example(SEOUL, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("closed_hours",)),
    Example(SEOUL, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(SEOUL, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(SEOUL, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("closed_hours",)),
    Example(SEOUL, "2026-11-29 12:00", "call", "2026-11-29 12:00"),  # Sunday: no day rule
    Example(SEOUL, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("closed_hours",), consent=True),
    Example(SEOUL, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("closed_hours",), contact="business"),
    # texts: consent first, then the night rule
    Example(SEOUL, "2026-11-24 12:00", "block", None, ("consent_required",), channel="sms"),
    Example(SEOUL, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(SEOUL, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("closed_hours",), channel="sms", consent=True),
    Example(SEOUL, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="collection"),
    Example(SEOUL, "2000-12-31 22:00", "call", "2000-12-31 22:00"),  # before the Act (assumed start)
]

globals().update(suite("KR", KR, golden_numbers=[SEOUL]))
