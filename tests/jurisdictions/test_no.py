"""Norway: markedsføringsloven § 14 (telephone marketing to consumers, weekdays 09:00-21:00)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# § 14: sales calls to consumers on working days 09:00-21:00 only; never on Saturdays,
# Sundays, public holidays or days equal to them. Calls only, consumers only.
OSLO = "+47 22 12 34 56"
NO = [
    Example(OSLO, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(OSLO, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(OSLO, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(OSLO, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(OSLO, "2026-11-27 21:00", "defer", "2026-11-30 09:00", ("outside_hours",)),  # Friday -> Monday
    Example(OSLO, "2026-11-28 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Saturday
    Example(OSLO, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    # Christmas Day (Fri), Second Day of Christmas (Sat), Sunday: Monday 28 December
    Example(OSLO, "2026-12-25 12:00", "defer", "2026-12-28 09:00", ("public_holiday",)),
    Example(OSLO, "2026-05-01 12:00", "defer", "2026-05-04 09:00", ("public_holiday",)),  # Labour Day (Fri)
    Example(OSLO, "2026-11-28 12:00", "call", "2026-11-28 12:00", contact="business"),  # consumers only
    Example(OSLO, "2026-11-28 12:00", "sms", "2026-11-28 12:00", channel="sms"),  # calls only
    Example(OSLO, "2026-11-28 12:00", "call", "2026-11-28 12:00", purpose="collection"),
    Example(OSLO, "2016-12-31 12:00", "call", "2016-12-31 12:00"),  # before the 2017 amendment (assumed start)
]

globals().update(suite("NO", NO, golden_numbers=[OSLO], golden_dates=[date(2026, 12, 25), date(2026, 5, 1)]))
