"""Nebraska: prerecorded sales messages on Sundays and holidays 13:00-21:00 (low confidence)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Nebraska: on Sundays and Nebraska holidays, prerecorded messages only 13:00-21:00; Monday-Saturday
# only the federal 08:00-21:00. Prerecorded calls only (they need consent federally: given below);
# a live call on Sunday morning is not restricted.
OMA = "+1 402 555 0123"  # Omaha, America/Chicago
PRE = {"call_type": "prerecorded", "consent": True}
US_NE = [
    Example(OMA, "2026-11-29 12:59", "call", "2026-11-29 12:59"),  # a live call: not restricted
    Example(OMA, "2026-11-29 12:59", "call", "2026-11-29 12:59", call_type="automated"),
    Example(OMA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", **PRE),  # federal
    Example(OMA, "2026-11-24 08:00", "call", "2026-11-24 08:00", **PRE),
    Example(OMA, "2026-11-28 08:00", "call", "2026-11-28 08:00", **PRE),  # Saturday: not restricted
    Example(OMA, "2026-11-28 21:00", "defer", "2026-11-29 13:00", **PRE),  # Saturday evening -> Sunday 13:00
    Example(OMA, "2026-11-29 12:59", "defer", "2026-11-29 13:00", ("outside_hours",), **PRE),  # Sunday
    Example(OMA, "2026-11-29 13:00", "call", "2026-11-29 13:00", **PRE),
    Example(OMA, "2026-11-29 20:59", "call", "2026-11-29 20:59", **PRE),
    Example(OMA, "2026-11-29 21:00", "defer", "2026-11-30 08:00", ("outside_hours",), **PRE),
    Example(OMA, "2026-11-29 12:59", "defer", "2026-11-29 13:00", ("outside_hours",), contact="business", **PRE),
    Example(OMA, "2026-11-25 21:00", "defer", "2026-11-26 13:00", **PRE),  # eve of Thanksgiving
    Example(OMA, "2026-11-26 12:59", "defer", "2026-11-26 13:00", ("outside_hours",), **PRE),  # Thanksgiving
    Example(OMA, "2026-11-26 13:00", "call", "2026-11-26 13:00", **PRE),
    Example(OMA, "2026-11-27 08:00", "call", "2026-11-27 08:00", **PRE),  # day after Thanksgiving: not a NE holiday
    Example(OMA, "2026-04-24 12:59", "defer", "2026-04-24 13:00", ("outside_hours",), **PRE),  # Arbor Day (Friday)
    Example(OMA, "2026-11-29 10:00", "sms", "2026-11-29 10:00", channel="sms", **PRE),  # calls only
    Example(OMA, "2026-11-29 10:00", "call", "2026-11-29 10:00", purpose="collection", **PRE),  # sales only
]

globals().update(suite("US-NE", US_NE, golden_numbers=[OMA], golden_dates=[date(2026, 4, 24)]))
