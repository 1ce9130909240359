"""Illinois: 815 ILCS 413/15(a) 08:00-21:00; prerecorded calls 09:00-21:00 (vendor table)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Illinois: no sales call (texts included, stricter) between 21:00 and 08:00 (815 ILCS 413/15(a)),
# the same as the federal TCPA/TSR window; prerecorded sales calls only 09:00-21:00 (vendor table;
# they need consent federally: given below).
N = "+1 312 555 0123"  # Chicago, America/Chicago
PRE = {"call_type": "prerecorded", "consent": True}
US_IL = [
    Example(N, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(N, "2026-11-24 08:00", "call", "2026-11-24 08:00"),  # the statute's 08:00 start
    Example(N, "2026-11-24 08:59", "call", "2026-11-24 08:59"),  # was deferred (vendor 09:00) until 2026-12-01
    Example(N, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(N, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(N, "2026-11-24 08:59", "call", "2026-11-24 08:59", call_type="automated"),  # a person speaks
    Example(N, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), channel="sms"),
    Example(N, "2026-11-24 08:00", "sms", "2026-11-24 08:00", channel="sms"),
    Example(N, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(N, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(N, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), contact="business"),
    # prerecorded calls: 09:00-21:00
    Example(N, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), **PRE),
    Example(N, "2026-11-24 09:00", "call", "2026-11-24 09:00", **PRE),
    Example(N, "2026-11-24 20:59", "call", "2026-11-24 20:59", **PRE),
    Example(N, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",), **PRE),
    Example(N, "2026-11-24 08:30", "sms", "2026-11-24 08:30", channel="sms", **PRE),  # the 09:00 rule: calls only
    Example(N, "2026-11-29 08:00", "call", "2026-11-29 08:00"),  # Sunday: no day restriction
    Example(N, "2026-11-26 08:00", "call", "2026-11-26 08:00"),  # Thanksgiving: no holiday restriction
    Example(N, "2026-11-24 08:30", "call", "2026-11-24 08:30", purpose="collection", **PRE),  # sales only
]

globals().update(suite("US-IL", US_IL, golden_numbers=[N]))
