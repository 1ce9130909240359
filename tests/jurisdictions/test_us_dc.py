"""District of Columbia: D.C. Code 22-3226.08 (solicitation 08:00-21:00); 34-1701 (no prerecorded solicitation)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Sales calls to consumers 08:00-21:00 every day, the contact's local time; the federal
# TCPA/TSR windows are the same (they also cover business contacts; collection has the FDCPA's).
WASHINGTON = "+1 202 555 0123"
US_DC = [
    Example(WASHINGTON, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(WASHINGTON, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(WASHINGTON, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(WASHINGTON, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(WASHINGTON, "2026-11-29 21:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # every day
    Example(WASHINGTON, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),  # sales only
    # 34-1701: no prerecorded solicitation at all - consent does not lift it, a call about goods already
    # ordered within the relationship (contract) does
    Example(WASHINGTON, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded",
            consent=True),
    Example(WASHINGTON, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True,
            contract=True),
    Example(WASHINGTON, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="service", call_type="prerecorded",
            consent=True),
    Example(WASHINGTON, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="automated"),
]

globals().update(suite("US-DC", US_DC, golden_numbers=[WASHINGTON]))
