"""Washington: RCW 19.158.040 (commercial telephone solicitation), RCW 19.16.250 (collection agencies)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# RCW 19.158.040(2): sales calls to consumers every day 08:00-20:00 local time (B2B excluded by
# RCW 80.36.390; texts not addressed). RCW 19.16.250: collection communications 08:00-21:00
# (DFI 07:30 vs Attorney General 08:00: the stricter 08:00). Federal: TCPA/TSR 08:00-21:00 for
# sales, FDCPA / Reg F 08:00-21:00 for collection from 2021-11-30.
SEATTLE = "+1 206 555 0123"  # America/Los_Angeles
WA = [
    Example(SEATTLE, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(SEATTLE, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(SEATTLE, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(SEATTLE, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(SEATTLE, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday: no day restriction
    # business contacts: only the federal 21:00 end
    Example(SEATTLE, "2026-11-24 20:30", "call", "2026-11-24 20:30", contact="business"),
    Example(SEATTLE, "2026-11-24 21:00", "defer", "2026-11-25 08:00", contact="business"),
    # texts: not addressed by RCW 19.158; the TCPA window applies
    Example(SEATTLE, "2026-11-24 20:30", "sms", "2026-11-24 20:30", channel="sms"),
    Example(SEATTLE, "2026-11-24 21:00", "defer", "2026-11-25 08:00", channel="sms"),
    # collection: 08:00-21:00 (07:45 would be allowed under the DFI's 07:30)
    Example(SEATTLE, "2026-11-24 07:45", "defer", "2026-11-24 08:00", ("outside_hours",), purpose="collection"),
    Example(SEATTLE, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose="collection"),
    Example(SEATTLE, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose="collection"),
    Example(SEATTLE, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose="collection"),
    Example(SEATTLE, "2026-11-24 21:00", "defer", "2026-11-25 08:00",
            ("outside_hours",), channel="sms", purpose="collection"),
    # before Regulation F (2021-11-30) the state rule alone closes these hours
    Example(SEATTLE, "2021-01-05 07:45", "defer", "2021-01-05 08:00", ("outside_hours",), purpose="collection"),
    Example(SEATTLE, "2021-01-05 21:00", "defer", "2021-01-06 08:00", ("outside_hours",), purpose="collection"),
    Example(SEATTLE, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose="service"),
]

globals().update(suite("US-WA", WA, golden_numbers=[SEATTLE], golden_dates=[date(2021, 1, 5)]))
