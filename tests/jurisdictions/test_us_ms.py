"""Mississippi: Miss. Code 77-3-723(1) and 77-3-603 (Monday-Saturday, 'Central Standard Time')."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Mississippi: sales calls and texts Monday-Saturday 08:00-20:00 (77-3-603 says 21:00, 77-3-723
# 20:00: the stricter), never Sunday, no holiday ban since the PSC rule was repealed. The window
# is also read in Central Standard Time literally (UTC-6 all year): in summer (CDT) that moves
# the start to 09:00 local. Federal TCPA/TSR 08:00-21:00 apply too.
JACKSON = "+1 601 555 0123"  # America/Chicago
MS = [
    # winter (CST): 08:00-20:00
    Example(JACKSON, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(JACKSON, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(JACKSON, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(JACKSON, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(JACKSON, "2026-11-28 20:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # Saturday -> Monday
    Example(JACKSON, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",)),  # Sunday
    Example(JACKSON, "2026-11-26 10:00", "call", "2026-11-26 10:00"),  # Thanksgiving: holiday ban repealed
    # summer (CDT): 08:00 CST is 09:00 CDT, so 09:00-20:00 local
    Example(JACKSON, "2026-07-07 08:30", "defer", "2026-07-07 09:00", ("outside_hours",)),
    Example(JACKSON, "2026-07-07 09:00", "call", "2026-07-07 09:00"),
    Example(JACKSON, "2026-07-07 19:59", "call", "2026-07-07 19:59"),
    Example(JACKSON, "2026-07-07 20:00", "defer", "2026-07-08 09:00", ("outside_hours",)),
    Example(JACKSON, "2026-07-11 20:00", "defer", "2026-07-13 09:00", ("outside_hours",)),  # Saturday -> Monday
    # texts are covered (77-3-703)
    Example(JACKSON, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(JACKSON, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",), channel="sms"),
    Example(JACKSON, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",), contact="business"),
    Example(JACKSON, "2026-11-24 20:30", "call", "2026-11-24 20:30", purpose="collection"),
    Example(JACKSON, "2026-11-29 10:00", "call", "2026-11-29 10:00", purpose="service"),
    # DST: spring forward 2026-03-08 (a Sunday: closed), fall back 2026-11-01 (a Sunday)
    Example(JACKSON, "2026-03-07 20:00", "defer", "2026-03-09 09:00", ("outside_hours",)),
    Example(JACKSON, "2026-10-31 20:00", "defer", "2026-11-02 08:00", ("outside_hours",)),
]

globals().update(
    suite("US-MS", MS, golden_numbers=[JACKSON], golden_dates=[date(2026, 7, 7), date(2026, 3, 8), date(2026, 11, 1)])
)
