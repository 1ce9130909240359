"""North Dakota: N.D. Cent. Code 51-28 (telemarketing 08:00-21:00, calls and texts)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Sales calls to consumers 08:00-21:00 every day, the contact's local time; the federal
# TCPA/TSR windows are the same (they also cover business contacts; collection has the FDCPA's).
FARGO = "+1 701 555 0123"
Z = {'zone': 'America/Chicago'}
US_ND = [
    Example(FARGO, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), hints=Z),
    Example(FARGO, "2026-11-24 08:00", "call", "2026-11-24 08:00", hints=Z),
    Example(FARGO, "2026-11-24 20:59", "call", "2026-11-24 20:59", hints=Z),
    Example(FARGO, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), hints=Z),
    Example(FARGO, "2026-11-29 21:00", "defer", "2026-11-30 08:00", ("outside_hours",), hints=Z),  # every day
    Example(FARGO, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service", hints=Z),  # sales only
    Example(FARGO, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms", hints=Z),
]

globals().update(suite("US-ND", US_ND, golden_numbers=[FARGO]))
