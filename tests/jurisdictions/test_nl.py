"""Netherlands: Code Telemarketing (Reclamecode) art. 9; opt-in note."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Code Telemarketing: workdays 09:00-22:00, Saturday 10:00-16:00, no Sunday, no public
# holiday (stricter reading of 'workdays'); 5 Dec, 24 Dec, 4 May only until 18:30 (a
# listed partial day). Consumers get an opt-in advisory note.
AMSTERDAM = "+31 20 123 4567"
NL = [
    Example(AMSTERDAM, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours", "advisory")),
    Example(AMSTERDAM, "2026-11-24 09:00", "call", "2026-11-24 09:00", ("advisory",)),
    Example(AMSTERDAM, "2026-11-24 21:59", "call", "2026-11-24 21:59"),
    Example(AMSTERDAM, "2026-11-24 22:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(AMSTERDAM, "2026-11-27 22:00", "defer", "2026-11-28 10:00"),  # Friday -> Saturday 10:00
    Example(AMSTERDAM, "2026-11-28 09:59", "defer", "2026-11-28 10:00", ("outside_hours",)),  # Saturday
    Example(AMSTERDAM, "2026-11-28 10:00", "call", "2026-11-28 10:00"),
    Example(AMSTERDAM, "2026-11-28 15:59", "call", "2026-11-28 15:59"),
    Example(AMSTERDAM, "2026-11-28 16:00", "defer", "2026-11-30 09:00", ("outside_hours",)),
    Example(AMSTERDAM, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    Example(AMSTERDAM, "2026-04-27 12:00", "defer", "2026-04-28 09:00", ("public_holiday",)),  # King's Day (Mon)
    # the short days: until 18:30 (Thursday 24 Dec 2026, Monday 4 May 2026)
    Example(AMSTERDAM, "2026-12-24 08:59", "defer", "2026-12-24 09:00", ("outside_hours",)),
    Example(AMSTERDAM, "2026-12-24 09:00", "call", "2026-12-24 09:00"),
    Example(AMSTERDAM, "2026-12-24 18:29", "call", "2026-12-24 18:29"),
    Example(AMSTERDAM, "2026-12-24 18:30", "defer", "2026-12-28 09:00", ("outside_hours",)),  # -> 25, 26, Sun
    Example(AMSTERDAM, "2026-12-23 18:30", "call", "2026-12-23 18:30"),  # the day before: until 22:00
    Example(AMSTERDAM, "2026-05-04 18:29", "call", "2026-05-04 18:29"),  # Remembrance of the Dead (Mon)
    Example(AMSTERDAM, "2026-05-04 18:30", "defer", "2026-05-05 09:00",
            ("outside_hours",)),  # Liberation Day is a public holiday only every 5 years (2025, 2030)
    # 5 Dec 2026 is a Saturday: Saturday hours, already before 18:30
    Example(AMSTERDAM, "2026-12-04 22:00", "defer", "2026-12-05 10:00"),
    Example(AMSTERDAM, "2026-12-05 15:59", "call", "2026-12-05 15:59"),
    Example(AMSTERDAM, "2026-12-05 16:00", "defer", "2026-12-07 09:00", ("outside_hours",)),
    # every contact kind (the note is for consumers); calls only; sales only
    Example(AMSTERDAM, "2026-11-24 22:00", "defer", "2026-11-25 09:00", ("outside_hours",), contact="business"),
    Example(AMSTERDAM, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms", consent=True),
    Example(AMSTERDAM, "2026-11-29 23:00", "call", "2026-11-29 23:00", purpose="collection"),
    Example(AMSTERDAM, "2011-12-31 12:00", "call", "2011-12-31 12:00"),  # before CTM 2012 (assumed start)
]

globals().update(
    suite("NL", NL, golden_numbers=[AMSTERDAM], golden_dates=[date(2026, 12, 5), date(2026, 12, 24), date(2026, 4, 27)])
)
