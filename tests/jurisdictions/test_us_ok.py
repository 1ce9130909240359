"""Oklahoma: Telephone Solicitation Act of 2022, 15 O.S. 775C.4 (from 2022-11-01)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Oklahoma 775C.4: sales calls and texts every day 08:00-20:00 local time, from 2022-11-01.
# Federal TCPA/TSR 08:00-21:00 apply too.
OKC = "+1 405 555 0123"  # America/Chicago
OK = [
    Example(OKC, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(OKC, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(OKC, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(OKC, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(OKC, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday: no day restriction
    Example(OKC, "2026-11-24 19:59", "sms", "2026-11-24 19:59", channel="sms"),
    Example(OKC, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(OKC, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), contact="business"),
    Example(OKC, "2026-11-24 20:30", "call", "2026-11-24 20:30", purpose="collection"),
    Example(OKC, "2026-11-24 20:30", "sms", "2026-11-24 20:30", channel="sms", purpose="service"),
    # in force from 2022-11-01
    Example(OKC, "2022-10-31 20:30", "call", "2022-10-31 20:30"),
    Example(OKC, "2022-11-01 20:30", "defer", "2022-11-02 08:00", ("outside_hours",)),
    # DST: fall back 2026-11-01
    Example(OKC, "2026-11-01 20:00", "defer", "2026-11-02 08:00", ("outside_hours",)),
]

globals().update(suite("US-OK", OK, golden_numbers=[OKC], golden_dates=[date(2022, 11, 1), date(2026, 11, 1)]))
