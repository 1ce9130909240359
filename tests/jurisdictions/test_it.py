"""Italy: Codice di condotta telemarketing (Garante 2024); collection note."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Code of conduct (from 2024-09-28): calls Mon-Fri 09:00-20:00, Saturday 10:00-19:00,
# never Sunday or festivi; pre-holiday days (the eves of the fixed-date holidays) 10:00-19:00.
# Calls only. Collection: no hours, a note.
ROME = "+39 06 1234 5678"
IT = [
    Example(ROME, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(ROME, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(ROME, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(ROME, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(ROME, "2026-11-27 20:00", "defer", "2026-11-28 10:00"),  # Friday -> Saturday 10:00
    Example(ROME, "2026-11-28 09:59", "defer", "2026-11-28 10:00", ("outside_hours",)),  # Saturday
    Example(ROME, "2026-11-28 10:00", "call", "2026-11-28 10:00"),
    Example(ROME, "2026-11-28 18:59", "call", "2026-11-28 18:59"),
    Example(ROME, "2026-11-28 19:00", "defer", "2026-11-30 09:00", ("outside_hours",)),
    Example(ROME, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    Example(ROME, "2026-12-08 12:00", "defer", "2026-12-09 09:00", ("public_holiday",)),  # Immacolata (Tue)
    # pre-holiday days: 10:00-19:00 (Monday 7 Dec, Thursday 24 Dec, Thursday 31 Dec 2026)
    Example(ROME, "2026-12-07 09:00", "defer", "2026-12-07 10:00", ("outside_hours",)),  # eve of 8 Dec
    Example(ROME, "2026-12-07 09:59", "defer", "2026-12-07 10:00", ("outside_hours",)),
    Example(ROME, "2026-12-07 10:00", "call", "2026-12-07 10:00"),
    Example(ROME, "2026-12-07 18:59", "call", "2026-12-07 18:59"),
    Example(ROME, "2026-12-07 19:00", "defer", "2026-12-09 09:00", ("outside_hours",)),  # then Immacolata
    Example(ROME, "2026-12-24 12:00", "call", "2026-12-24 12:00"),
    Example(ROME, "2026-12-24 19:00", "defer", "2026-12-28 09:00", ("outside_hours",)),  # -> 25, 26 (Sat), Sun
    Example(ROME, "2026-12-31 19:00", "defer", "2027-01-02 10:00", ("outside_hours",)),  # -> 1 Jan, then Sat
    Example(ROME, "2026-05-30 19:00", "defer", "2026-06-01 10:00"),  # Sat -> Sun -> eve of Republic Day 10:00
    Example(ROME, "2026-06-01 19:00", "defer", "2026-06-03 09:00", ("outside_hours",)),  # Republic Day 2 Jun
    # every contact kind; calls only; sales only
    Example(ROME, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), contact="business"),
    # SMS out of the code's scope
    Example(ROME, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", consent=True),
    Example(ROME, "2026-11-29 23:00", "call", "2026-11-29 23:00", ("no_fixed_hours",), purpose="collection"),
    Example(ROME, "2026-11-29 23:00", "sms", "2026-11-29 23:00",
            ("no_fixed_hours",), channel="sms", purpose="collection"),
    Example(ROME, "2026-11-29 23:00", "call", "2026-11-29 23:00", purpose="service"),
    # from 2024-09-28 (stricter of the reported 09-28 / 10-01)
    Example(ROME, "2024-09-27 21:00", "call", "2024-09-27 21:00"),
    Example(ROME, "2024-09-28 09:00", "defer", "2024-09-28 10:00", ("outside_hours",)),  # Saturday
]

globals().update(
    suite("IT", IT, golden_numbers=[ROME], golden_dates=[date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 24)])
)
