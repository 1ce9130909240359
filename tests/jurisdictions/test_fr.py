"""France: Code de la consommation D.223-9 (décret 2022-1313)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# France, Code de la consommation D.223-9 (décret 2022-1313, from 2023-03-01):
# prospecting calls Mon-Fri 10:00-13:00 and 14:00-20:00, no weekend, no public holiday.
PARIS = "+33 1 23 45 67 89"
FR = [
    Example(PARIS, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",)),
    Example(PARIS, "2026-11-24 10:00", "call", "2026-11-24 10:00"),
    Example(PARIS, "2026-11-24 12:59", "call", "2026-11-24 12:59"),
    Example(PARIS, "2026-11-24 13:00", "defer", "2026-11-24 14:00", ("outside_hours",)),
    Example(PARIS, "2026-11-24 14:00", "call", "2026-11-24 14:00"),
    Example(PARIS, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(PARIS, "2026-11-24 20:00", "defer", "2026-11-25 10:00", ("outside_hours",)),
    Example(PARIS, "2026-11-27 20:00", "defer", "2026-11-30 10:00"),  # Friday evening -> Monday
    Example(PARIS, "2026-11-28 11:00", "defer", "2026-11-30 10:00", ("closed_day",)),  # Saturday
    Example(PARIS, "2026-11-29 11:00", "defer", "2026-11-30 10:00", ("closed_day",)),  # Sunday
    Example(PARIS, "2026-11-11 11:00", "defer", "2026-11-12 10:00", ("public_holiday",)),  # Armistice (Wed)
    Example(PARIS, "2026-11-24 21:00", "sms", "2026-11-24 21:00", channel="sms"),  # the decree covers calls only
    Example(PARIS, "2026-11-24 09:00", "call", "2026-11-24 09:00", contact="business"),  # consumers only
    Example(PARIS, "2023-02-28 09:00", "call", "2023-02-28 09:00"),  # before the decree took effect
    Example(PARIS, "2026-03-29 09:59", "defer", "2026-03-30 10:00"),  # Sunday of the DST change
]

globals().update(suite("FR", FR, golden_numbers=[PARIS], golden_dates=[date(2026, 11, 11), date(2026, 3, 29)]))
