"""Portugal: Decreto-Lei 134/2009 art. 7.º-1 (calls to consumers 09:00-22:00, rest periods)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# DL 134/2009: calls to consumers never before 09:00 or after 22:00 (every purpose but
# personal calls); 'rest periods in use' read as no Saturdays, Sundays or holidays (stricter).
LISBON = "+351 21 123 4567"
PT = [
    Example(LISBON, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(LISBON, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(LISBON, "2026-11-24 21:59", "call", "2026-11-24 21:59"),
    Example(LISBON, "2026-11-24 22:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(LISBON, "2026-11-27 22:00", "defer", "2026-11-30 09:00", ("outside_hours",)),  # Friday -> Monday
    Example(LISBON, "2026-11-28 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Saturday
    Example(LISBON, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    Example(LISBON, "2026-12-08 12:00", "defer", "2026-12-09 09:00", ("public_holiday",)),  # Immaculate Conception
    # every purpose of a professional: collection and service calls too
    Example(LISBON, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), purpose="collection"),
    Example(LISBON, "2026-11-24 22:00", "defer", "2026-11-25 09:00", ("outside_hours",), purpose="service"),
    Example(LISBON, "2026-11-28 12:00", "call", "2026-11-28 12:00", purpose="personal"),
    Example(LISBON, "2026-11-24 08:00", "call", "2026-11-24 08:00", contact="business"),  # consumers only
    Example(LISBON, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms", consent=True),  # calls only
    Example(LISBON, "2009-06-01 23:00", "call", "2009-06-01 23:00"),  # before the decree-law
]

globals().update(suite("PT", PT, golden_numbers=[LISBON], golden_dates=[date(2026, 12, 8)]))
