"""Australia: Telemarketing and Research Calls Industry Standard 2017."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Australia, Telecommunications (Telemarketing and Research Calls) Industry
# Standard 2017: Mon-Fri 09:00-20:00, Sat 09:00-17:00, no Sunday, no national public holiday.
SYDNEY = "+61 2 9876 5432"
AU = [
    Example(SYDNEY, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(SYDNEY, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(SYDNEY, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(SYDNEY, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(SYDNEY, "2026-11-28 08:59", "defer", "2026-11-28 09:00"),  # Saturday
    Example(SYDNEY, "2026-11-28 16:59", "call", "2026-11-28 16:59"),
    Example(SYDNEY, "2026-11-28 17:00", "defer", "2026-11-30 09:00", ("outside_hours",)),
    Example(SYDNEY, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    Example(SYDNEY, "2026-01-26 12:00", "defer", "2026-01-27 09:00", ("public_holiday",)),  # Australia Day (Mon)
    Example(SYDNEY, "2026-11-24 21:00", "call", "2026-11-24 21:00", purpose="service"),
    # A mobile has 6 candidate zones; the contact's state narrows it.
    Example("+61 412 345 678", "2026-11-24 08:59", "defer", "2026-11-24 09:00", hints={"subdivision": "AU-VIC"}),
    Example("+61 412 345 678", "2026-11-24 09:00", "call", "2026-11-24 09:00", hints={"subdivision": "AU-VIC"}),
]

globals().update(suite("AU", AU, golden_numbers=[SYDNEY], golden_dates=[date(2026, 1, 26), date(2026, 4, 5)]))
