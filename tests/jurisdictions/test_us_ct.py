"""Connecticut: Conn. Gen. Stat. 42-288a as amended by Public Act 23-98 (from 2023-10-01)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Connecticut, from 2023-10-01: telephonic sales calls and texts need the
# consumer's prior express written consent (without it: block), and even with
# it only 09:00-20:00 every day (stricter of the vendors' 09-20 and 09-21).
CT = "+1 203 555 0123"  # New Haven, America/New_York
US_CT = [
    Example(CT, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(CT, "2026-11-24 12:00", "block", None, ("consent_required",), channel="sms"),
    Example(CT, "2026-11-24 12:00", "block", None, ("consent_required",), contact="business"),
    Example(CT, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), consent=True),
    Example(CT, "2026-11-24 09:00", "call", "2026-11-24 09:00", consent=True),
    Example(CT, "2026-11-24 19:59", "call", "2026-11-24 19:59", consent=True),
    Example(CT, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), consent=True),
    Example(CT, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), channel="sms", consent=True),
    Example(CT, "2026-11-24 19:59", "sms", "2026-11-24 19:59", channel="sms", consent=True),
    Example(CT, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel="sms", consent=True),
    Example(CT, "2026-11-29 09:00", "call", "2026-11-29 09:00", consent=True),  # Sunday: no day restriction
    Example(CT, "2026-11-24 08:30", "call", "2026-11-24 08:30", purpose="collection"),  # sales only
    # Before PA 23-98 took effect: only the federal window.
    Example(CT, "2023-09-30 12:00", "call", "2023-09-30 12:00"),
    Example(CT, "2023-09-30 20:30", "call", "2023-09-30 20:30", consent=True),
    Example(CT, "2023-10-01 12:00", "block", None, ("consent_required",)),
    Example(CT, "2023-10-01 20:30", "defer", "2023-10-02 09:00", ("outside_hours",), consent=True),
]

globals().update(suite("US-CT", US_CT, golden_numbers=[CT], golden_dates=[date(2023, 9, 30), date(2023, 10, 1)]))
