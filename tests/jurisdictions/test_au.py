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
    # ACCC/ASIC Debt collection guideline (2021): phone Mon-Fri 07:30-21:00,
    # weekends 09:00-21:00, no national public holiday.
    Example(SYDNEY, "2026-11-24 07:29", "defer", "2026-11-24 07:30", ("outside_hours",), purpose="collection"),
    Example(SYDNEY, "2026-11-24 07:30", "call", "2026-11-24 07:30", purpose="collection"),
    Example(SYDNEY, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose="collection"),
    Example(SYDNEY, "2026-11-24 21:00", "defer", "2026-11-25 07:30", ("outside_hours",), purpose="collection"),
    Example(SYDNEY, "2026-11-27 21:00", "defer", "2026-11-28 09:00", ("outside_hours",), purpose="collection"),
    Example(SYDNEY, "2026-11-28 08:59", "defer", "2026-11-28 09:00", ("outside_hours",), purpose="collection"),
    Example(SYDNEY, "2026-11-28 21:00", "defer", "2026-11-29 09:00", ("outside_hours",), purpose="collection"),
    Example(SYDNEY, "2026-11-29 09:00", "call", "2026-11-29 09:00", purpose="collection"),  # Sunday allowed
    Example(SYDNEY, "2026-11-29 20:59", "call", "2026-11-29 20:59", purpose="collection"),
    Example(SYDNEY, "2026-01-26 12:00", "defer", "2026-01-27 07:30", ("public_holiday",), purpose="collection"),
    Example(SYDNEY, "2026-04-03 10:00", "defer", "2026-04-04 09:00",
            ("public_holiday",), purpose="collection"),  # Good Friday
    # Christmas (Fri) and Boxing Day (Sat) closed: next is Sunday 09:00
    Example(SYDNEY, "2026-12-24 21:00", "defer", "2026-12-27 09:00", ("outside_hours",), purpose="collection"),
    Example(SYDNEY, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms", purpose="collection"),  # phone hours
    Example(SYDNEY, "2020-12-31 23:00", "call", "2020-12-31 23:00", purpose="collection"),  # before the 2021 guideline
]

globals().update(suite("AU", AU, golden_numbers=[SYDNEY], golden_dates=[date(2026, 1, 26), date(2026, 4, 5)]))
