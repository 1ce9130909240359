"""India: TRAI commercial communications; RBI recovery-call hours (Aug 2022)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# TRAI: no commercial (promotional) calls or SMS 21:00-09:00.
# RBI (Aug 2022): no recovery calls before 08:00 or after 19:00.
DELHI = "+91 11 2345 6789"
IN = [
    Example(DELHI, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(DELHI, "2026-11-24 09:00", "call", "2026-11-24 09:00"),  # also Guru Nanak's Birthday: no day rule
    Example(DELHI, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(DELHI, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(DELHI, "2026-11-29 09:00", "call", "2026-11-29 09:00"),  # Sunday
    Example(DELHI, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(DELHI, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel="sms"),
    Example(DELHI, "2026-11-24 08:30", "defer", "2026-11-24 09:00", ("outside_hours",), contact="business"),
    Example(DELHI, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose="collection"),
    Example(DELHI, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose="collection"),
    Example(DELHI, "2026-11-24 18:59", "call", "2026-11-24 18:59", purpose="collection"),
    Example(DELHI, "2026-11-24 19:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose="collection"),
    Example(DELHI, "2026-11-24 19:30", "sms", "2026-11-24 19:30", channel="sms", purpose="collection"),
    Example(DELHI, "2022-07-31 20:00", "call", "2022-07-31 20:00", purpose="collection"),  # before the RBI circular
    Example(DELHI, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
]

globals().update(suite("IN", IN, golden_numbers=[DELHI], golden_dates=[date(2026, 1, 26)]))
