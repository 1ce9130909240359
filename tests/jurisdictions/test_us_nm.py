"""New Mexico: NMSA 1978 57-12-22(B)(5), telephone solicitations received 09:00-21:00."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# New Mexico: sales calls (and texts, stricter) 09:00-21:00 every day, 57-12-22(B)(5)
# (read in its 2006 compilation). Federal TCPA/TSR 08:00-21:00 too.
N = "+1 505 555 0123"  # Albuquerque, America/Denver
US_NM = [
    Example(N, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(N, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(N, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(N, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(N, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), channel="sms"),
    Example(N, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(N, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel="sms"),
    Example(N, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",), contact="business"),
    Example(N, "2026-11-29 09:00", "call", "2026-11-29 09:00"),  # Sunday: no day restriction
    Example(N, "2026-11-26 09:00", "call", "2026-11-26 09:00"),  # Thanksgiving: no holiday restriction
    Example(N, "2026-11-24 08:30", "call", "2026-11-24 08:30", purpose="collection"),  # sales only
]

globals().update(suite("US-NM", US_NM, golden_numbers=[N]))
