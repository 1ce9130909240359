"""Maine: 10 M.R.S. 1498(3), automated (recorded-message) solicitation calls Mon-Fri 09:00-17:00."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Maine: solicitation calls by a device that plays recorded messages only Monday-Friday
# 09:00-17:00, Maine time (call_type prerecorded; they need consent federally: given below);
# no weekend calls; holidays not mentioned. Calls only. Live calls and autodialled calls
# answered by a person only have the federal 08:00-21:00 (until 2026-12-01 the Maine window was
# applied to them too). The cap (1 call per number per 8 h) is tested with the caps.
POR = "+1 207 555 0123"  # Portland, America/New_York
PRE = {"call_type": "prerecorded", "consent": True}
US_ME = [
    Example(POR, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), **PRE),
    Example(POR, "2026-11-24 09:00", "call", "2026-11-24 09:00", **PRE),
    Example(POR, "2026-11-24 16:59", "call", "2026-11-24 16:59", **PRE),
    Example(POR, "2026-11-24 17:00", "defer", "2026-11-25 09:00", ("outside_hours",), **PRE),
    Example(POR, "2026-11-27 17:00", "defer", "2026-11-30 09:00", ("outside_hours",), **PRE),  # Friday -> Monday
    Example(POR, "2026-11-28 12:00", "defer", "2026-11-30 09:00", ("closed_day",), **PRE),  # Saturday
    Example(POR, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",), **PRE),  # Sunday
    Example(POR, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",), contact="business", **PRE),
    Example(POR, "2026-11-26 10:00", "call", "2026-11-26 10:00", **PRE),  # Thanksgiving: holidays not closed
    # live calls and autodialled calls answered by a person: federal window only
    Example(POR, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(POR, "2026-11-24 17:00", "call", "2026-11-24 17:00"),
    Example(POR, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(POR, "2026-11-24 21:00", "defer", "2026-11-25 08:00"),  # federal
    Example(POR, "2026-11-28 12:00", "call", "2026-11-28 12:00"),  # Saturday
    Example(POR, "2026-11-24 17:00", "call", "2026-11-24 17:00", call_type="automated"),
    Example(POR, "2026-11-28 12:00", "sms", "2026-11-28 12:00", channel="sms", **PRE),  # calls only
    Example(POR, "2026-11-24 17:30", "sms", "2026-11-24 17:30", channel="sms"),
    Example(POR, "2026-11-28 12:00", "call", "2026-11-28 12:00", purpose="collection", **PRE),  # sales only
]

globals().update(suite("US-ME", US_ME, golden_numbers=[POR]))
